"""What an evidence inventory told about a set of disputes, and when it told too little."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl

from rightsguard._errors import UnreadableFileError
from rightsguard._vocabulary import say, text

DECISION_WINDOW_HOURS = 48
"""A past dispute's decision moment is its opening plus this: the time a seller has to respond to
a refund request. Evidence dated later does not count for it."""


@dataclass(frozen=True)
class EvidenceCoverage:
    """What an inventory told about a set of disputes.

    Attributes
    ----------
    n_disputes, n_covered : int
        Disputes, and those the inventory names (by dispute or order id).
    unmatched_keys : list of str
        Inventory keys that match no dispute.
    unrecognised : polars.DataFrame
        Files and kinds that matched no voucher.
    rejected : polars.DataFrame
        Ledger rows that could not be read.
    """

    n_disputes: int
    n_covered: int
    unmatched_keys: list[str]
    unrecognised: pl.DataFrame
    rejected: pl.DataFrame
    sources: tuple[str, ...] = ()
    """The ledgers and folders the inventory was read from."""
    example_id: str | None = None
    """An order (or refund) id of these disputes, to show what keys should look like."""
    n_late: int = 0
    """Vouchers dated after their past dispute's decision moment, not counted for it."""
    n_undated: int = 0
    """Vouchers with no date (folder files), counted from their dispute's opening."""
    n_absent: int = 0
    """Disputes no key names that opened within a dated ledger's days: counted as holding
    nothing (the ``ledger_period`` rule of absence)."""
    ledger_periods: tuple[tuple[str, date, date], ...] = ()
    """Per dated ledger under that rule: its source and the first and last day it covers."""

    def merge(self, other: EvidenceCoverage) -> EvidenceCoverage:
        """The coverage of two batches of the same file by the same inventory: a key matches
        no dispute when it matches none in either."""
        unmatched = sorted(set(self.unmatched_keys) & set(other.unmatched_keys))
        return EvidenceCoverage(
            self.n_disputes + other.n_disputes,
            self.n_covered + other.n_covered,
            unmatched,
            self.unrecognised,
            self.rejected,
            self.sources,
            self.example_id or other.example_id,
            self.n_late + other.n_late,
            self.n_undated,
            self.n_absent + other.n_absent,
            self.ledger_periods,
        )

    @property
    def share(self) -> float:
        """The share of the disputes whose vouchers the inventory tells, named by key or absent
        from a ledger's days (0 when there are none)."""
        return (self.n_covered + self.n_absent) / self.n_disputes if self.n_disputes else 0.0

    def refuse_if_empty(self, lang: str = "en") -> None:
        """Refuse evidence that covers none of the disputes: it was surely given by mistake
        (the folder above the evidence folder, a ledger of another shop).

        Raises
        ------
        UnreadableFileError
            Naming the sources, the keys they hold, an id they should match and, when one is
            found, the folder probably meant.
        """
        if not self.n_disputes or self.n_covered:
            return
        meant = [str(p) for p in _evidence_like_folders(self.sources)]
        raise UnreadableFileError(
            say(
                "evidence_covers_nothing",
                lang,
                sources=", ".join(self.sources),
                disputes=self.n_disputes,
                shown=_first_few(self.unmatched_keys) or "-",
                example=self.example_id or "-",
                meant=say("evidence_meant", lang, path=meant[0]) if meant else "",
            )
        )

    def low_coverage(self, lang: str = "en") -> str | None:
        """A sentence when the inventory covers less than :data:`LOW_COVERAGE` of the disputes."""
        if not self.n_disputes or self.share >= LOW_COVERAGE:
            return None
        return say(
            "evidence_low_coverage",
            lang,
            covered=self.n_covered + self.n_absent,
            disputes=self.n_disputes,
            share=self.share,
        )

    def describe(self, lang: str = "en") -> list[str]:
        """Plain sentences for a summary or a report, in ``lang``."""
        lines = [say("coverage_covered", lang, covered=self.n_covered, disputes=self.n_disputes)]
        if self.ledger_periods:
            lines.append(
                say(
                    "coverage_absent",
                    lang,
                    count=self.n_absent,
                    periods=", ".join(f"{Path(s).name} {a}–{b}" for s, a, b in self.ledger_periods),
                )
            )
        if self.n_late:
            lines.append(say("coverage_late", lang, count=self.n_late, hours=DECISION_WINDOW_HOURS))
        if self.n_undated:
            lines.append(say("coverage_undated", lang, count=self.n_undated))
        if self.unmatched_keys:
            lines.append(
                say(
                    "coverage_unmatched",
                    lang,
                    count=len(self.unmatched_keys),
                    shown=_first_few(self.unmatched_keys),
                )
            )
        if self.unrecognised.height:
            named = self.unrecognised.select(pl.format("{}/{}", "key", "name")).to_series()
            lines.append(
                say(
                    "coverage_unrecognised",
                    lang,
                    count=self.unrecognised.height,
                    shown=_first_few(named.to_list()),
                )
            )
        if self.rejected.height:
            lines.append(
                say(
                    "coverage_rejected",
                    lang,
                    count=self.rejected.height,
                    problem=_in_language(self.rejected["problem"][0], lang),
                )
            )
        return lines


LOW_COVERAGE = 0.2
"""Below this share of disputes covered, the run warns that most vouchers stay unknown."""

_EVIDENCE_WORDS = ("evidence", "凭证", "证据", "voucher")


def _evidence_like_folders(sources: tuple[str, ...]) -> list[Path]:
    """Sub-folders of the given folders whose names speak of evidence: the folder probably meant."""
    found = []
    for source in sources:
        folder = Path(source)
        if folder.is_dir():
            found += sorted(
                child
                for child in folder.iterdir()
                if child.is_dir() and any(w in child.name.lower() for w in _EVIDENCE_WORDS)
            )
    return found


EVIDENCE_PROBLEMS = (
    "evidence_link_out",
    "evidence_link_loops",
    "evidence_link_folder",
    "evidence_broken_link",
    "evidence_unreadable",
    "evidence_no_key",
)
"""The phrases an evidence source's unread rows and files are named with, kept in English in the
data (``problem``) and said in the reader's language."""


def _in_language(problem: str, lang: str) -> str:
    """A problem of an evidence source with its phrase in ``lang`` (names and paths as they are)."""
    for key in EVIDENCE_PROBLEMS:
        problem = problem.replace(text(key, "en"), text(key, lang))
    return problem


def _first_few(names: list[str], shown: int = 5) -> str:
    return ", ".join(names[:shown]) + (" …" if len(names) > shown else "")
