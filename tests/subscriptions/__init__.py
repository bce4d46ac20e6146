"""Subscriptions: /topics, what a chat receives, the topic catalogue."""
