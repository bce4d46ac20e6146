"""`python -m bot`: the same command line as `ngobot` (runs the bot by default)."""

from bot.cli.main import main

raise SystemExit(main())
