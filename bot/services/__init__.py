"""Domain services: Telegram-free logic the handlers call, testable on a temporary database."""
