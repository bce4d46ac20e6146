"""Dates ahead: reminders, /upcoming, the weekly digest, .ics files, reminder preferences."""
