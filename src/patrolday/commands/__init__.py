"""One module per ``patrolday`` sub-command, each with ``register(subparsers)`` and ``run(args)``.

Keeping commands apart keeps start-up cheap (a command imports what it needs only when it
runs) and lets each feature own its file. :data:`COMMANDS` lists them in help order.
"""

COMMANDS = ["play", "check", "test", "graph", "new", "translate", "sessions", "debrief", "report", "serve"]
