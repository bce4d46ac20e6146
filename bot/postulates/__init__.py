"""Postulates: consultation rounds, submission, browsing, staff review, answers, the report."""
