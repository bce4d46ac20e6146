"""The `ngobot` command line, one module per command group."""
