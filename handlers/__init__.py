"""Telegram adapters: read plain values from updates, call a service, render the reply."""
