"""``python -m patrolday`` runs the same command as the ``patrolday`` script."""

from patrolday.cli import main

raise SystemExit(main())
