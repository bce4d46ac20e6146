"""ngobot's test suite: storage and services, handlers via the emulator, and end to end."""
