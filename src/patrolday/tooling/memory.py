"""How much memory the process holds, for the checker's memory limit (issue 18, item 2)."""

from __future__ import annotations

import os
import sys

MB = 1024 * 1024
MEMORY_CHECK_EVERY = 1024  # new states between two looks at the memory (a look costs ~10 us)


# -- memory --------------------------------------------------------------------------------------


def resident_memory() -> int:
    """Bytes of memory this process holds now (0 where the platform does not say).

    Linux reports the current resident set in /proc; elsewhere the peak from ``resource``
    is the closest figure (it only grows, which errs on the side of stopping early).
    """
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        pass
    try:
        import resource
    except ImportError:  # Windows: no limit on memory, only on states
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak) if sys.platform == "darwin" else int(peak) * 1024


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
