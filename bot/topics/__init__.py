"""Admins' topic catalogue conversations: /newtopic and /managetopics."""
