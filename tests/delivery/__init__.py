"""The outbox sender: pacing, transport, recording, progress, crash safety."""
