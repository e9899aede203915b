"""How a server process allocates memory: one heap for all its threads."""

from __future__ import annotations

import ctypes
import os

__all__ = ["one_heap"]

#: glibc's ``mallopt`` parameter: how many arenas (heaps) threads may use.
M_ARENA_MAX = -8


def one_heap() -> bool:
    """Have every thread of this process allocate from one heap, as
    ``MALLOC_ARENA_MAX=1`` does, unless the environment says otherwise
    (``MALLOC_ARENA_MAX``, or glibc's ``arena_max`` tunable); whether it did.
    Called before any thread starts (app.py, first); gunicorn's workers,
    forked after, inherit it.

    glibc gives threads heaps of their own, and each keeps the pages of the
    largest answer it made: a server answering whole-span windows of a
    million relations from several threads grew by hundreds of megabytes
    (docs/performance.md, "A million relations"). Other C libraries are left alone.
    """
    tunables = os.environ.get("GLIBC_TUNABLES", "")
    if "MALLOC_ARENA_MAX" in os.environ or "arena_max" in tunables:
        return False
    try:
        if not os.confstr("CS_GNU_LIBC_VERSION"):
            return False
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError, ValueError):
        return False
    return mallopt(M_ARENA_MAX, 1) == 1
