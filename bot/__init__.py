"""ngobot: configuration, composition root, domain services and scheduling."""
