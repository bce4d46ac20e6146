"""The first conversation after /start: language, organisation, topics."""
