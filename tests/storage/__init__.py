"""Storage: connecting, migrations, the schema, backups."""
