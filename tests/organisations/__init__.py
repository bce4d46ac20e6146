"""Organisations: registration, verification and the directory."""
