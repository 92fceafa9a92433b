"""How many threads numerical libraries may use."""

from __future__ import annotations

import os

THREADS_ENV = "OMP_NUM_THREADS"


def thread_budget() -> int:
    """Threads numerical libraries may use: ``OMP_NUM_THREADS`` when set, else one.

    OpenMP and BLAS take every core they see and spin while they wait; on a
    shared two-core machine with another busy process that turns a boosting
    fit of seconds into minutes. One thread is the safe default; set
    ``OMP_NUM_THREADS`` to use more on a machine of your own.
    """
    try:
        return max(1, int(os.environ.get(THREADS_ENV, "1")))
    except ValueError:
        return 1
