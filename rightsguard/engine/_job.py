"""What a stream is asked and what it adds up, handed to both of its passes, and the batches worked
on a few at a time in threads.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from rightsguard.engine._options import RunOptions
from rightsguard.io._coverage import EvidenceCoverage
from rightsguard.io._evidence import EvidenceInventory
from rightsguard.scoring._scorer import LinearScorer, Progress

if TYPE_CHECKING:
    from rightsguard.scoring._model import NegotiationModel

T = TypeVar("T")


R = TypeVar("R")


@dataclass
class Counts:
    """What the passes read and wrote, added up batch by batch."""

    rows_in: int = 0
    accepted: int = 0
    rejected: int = 0
    blank_lines: int = 0
    problems: list[str] = field(default_factory=list)
    """Validation problems, aggregated per batch and rule."""
    written: int = 0
    batches: int = 0
    coverage: EvidenceCoverage | None = None
    as_of: datetime | None = None
    """The file's moment: its newest opening or closing, to which open disputes' ages count."""


@dataclass(frozen=True)
class Job:
    """Everything a stream is asked, handed down whole: the run's options, its model, what it
    reads beside the disputes and where its refused rows go."""

    model: NegotiationModel | LinearScorer
    options: RunOptions
    rejected_output: Path | None
    inventory: EvidenceInventory | None
    report: Progress


BATCHES_IN_FLIGHT = 3
"""Batches worked on at once, in threads: while one waits on polars, others run numpy."""


def in_order(work: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
    """``work`` on each item, :data:`BATCHES_IN_FLIGHT` at a time in threads, results in order.

    polars and numpy release the interpreter while they compute, so batches
    in threads use the cores that one batch at a time leaves idle.
    """
    with ThreadPoolExecutor(BATCHES_IN_FLIGHT) as pool:
        pending: deque[Future[R]] = deque()
        for item in items:
            pending.append(pool.submit(work, item))
            if len(pending) == BATCHES_IN_FLIGHT:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
