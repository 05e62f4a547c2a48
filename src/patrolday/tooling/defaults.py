"""Default limits of the checker, in a module of their own so ``patrolday --help`` can show
them without importing the engine and the explorer."""

DEFAULT_MAX_STATES = 200_000
DEFAULT_RUNS = 1_000
DEFAULT_MAX_MEMORY_MB = 1_024  # what the exhaustive search may add to the process before it stops
