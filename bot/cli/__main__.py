"""``python -m bot.cli``: the ``llama4-bot`` command line."""

from bot.cli import main

raise SystemExit(main())
