"""Feeds: polling city portals' RSS/Atom and turning new items into announcements."""
