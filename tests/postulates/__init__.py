"""Postulates: rounds, submission, review, answers, notes and the report."""
