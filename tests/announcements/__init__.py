"""Announcements: /announce, scheduling, staff's list, the CLI."""
