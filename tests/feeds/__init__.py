"""Feeds: fetching, parsing, deadlines, ingestion, held items and /feeds."""
