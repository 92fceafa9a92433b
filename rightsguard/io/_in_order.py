"""Batches worked on a few at a time in threads, their results handed on in order."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

BATCHES_IN_FLIGHT = 3
"""Batches worked on at once, in threads: while one waits on polars, others run numpy."""


def in_order(work: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
    """``work`` on each item, :data:`BATCHES_IN_FLIGHT` at a time in threads, results in order.

    polars and numpy release the interpreter while they compute, so batches
    in threads use the cores that one batch at a time leaves idle. At most
    :data:`BATCHES_IN_FLIGHT` items are taken ahead of the result handed on.
    """
    with ThreadPoolExecutor(BATCHES_IN_FLIGHT) as pool:
        pending: deque[Future[R]] = deque()
        for item in items:
            pending.append(pool.submit(work, item))
            if len(pending) == BATCHES_IN_FLIGHT:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
