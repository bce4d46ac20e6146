"""`ngobot demo`: the real bot against the local Bot API, with a web chat to try it in."""
