"""NGOs: registration, membership and invites, verification by staff, the directory."""
