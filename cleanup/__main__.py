"""``python -m cleanup``: the same command line as the ``cleanup`` script."""

from cleanup.cli import main

raise SystemExit(main())
