"""Reminders, /upcoming, the digest, .ics files and reminder settings."""
