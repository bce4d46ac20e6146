"""Announcements: drafting in /announce, publishing, the recipients' message, staff's list."""
