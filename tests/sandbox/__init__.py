"""The Bot API emulator's own tests."""
