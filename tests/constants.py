"""Values shared by tests: a token only the emulator accepts, the configured admin's id."""

# Syntactically valid, so the bot accepts it; only the local emulator knows it.
TOKEN = "123456789:TESTtokenForTheLocalEmulatorOnly_xyzAB"
ADMIN_ID = 900_001
