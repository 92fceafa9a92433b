"""What a stream is asked and what it adds up, handed to both of its passes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rightsguard.engine._options import RunOptions
from rightsguard.io._coverage import EvidenceCoverage
from rightsguard.io._evidence import EvidenceInventory
from rightsguard.scoring._scorer import LinearScorer, Progress

if TYPE_CHECKING:
    from rightsguard.scoring._model import NegotiationModel


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
