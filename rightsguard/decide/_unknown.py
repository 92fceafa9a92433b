"""What pricing unknown vouchers by their expectation changes in the open disputes' advice.

Each open dispute with a required voucher nobody recorded is decided twice:
as the run decides it (the voucher counts as the chance that the shop holds
it) and as if the voucher were missing. The run tells how many get other
advice and how much expected cost that saves, so that the difference the
unknown vouchers make is a number, not a footnote.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from rightsguard._counts import add_counts
from rightsguard._vocabulary import say, text, translate
from rightsguard.decide._options import OPTIONS
from rightsguard.decide._policy import Policy
from rightsguard.decide._ruling import RulingChance


@dataclass
class UnknownEffect:
    """Open disputes with unrecorded vouchers, and what pricing them as unknown changed.

    Attributes
    ----------
    n_open_unknown
        Open disputes with at least one required voucher nobody recorded.
    changes
        ``(as if missing, as decided)`` option pairs that differ, with their count.
    saved
        Expected cost (CNY) of the advice as if missing, less that of the advice given.
    """

    n_open_unknown: int = 0
    changes: dict[tuple[str, str], int] = field(default_factory=dict)
    saved: float = 0.0

    def add(self, decided: pl.DataFrame, ruling: RulingChance, policy: Policy) -> UnknownEffect:
        """Count one batch of decided disputes; returns itself."""
        unknown = decided.filter(
            (pl.col("resolution") == "open") & (pl.col("unknown_vouchers").list.len() > 0)
        )
        if not unknown.height:
            return self
        as_missing = unknown.with_columns(
            pl.Series("p_win_ruling", ruling.probability(unknown["evidence_completeness"].to_numpy()))
        )
        missing_option = as_missing.select(policy.option()).to_series()
        cost = unknown.select(**policy.costs())
        missing_cost = cost.select(
            pl.coalesce(pl.when(pl.lit(missing_option) == o).then(pl.col(o)) for o in OPTIONS)
        ).to_series()
        self.n_open_unknown += unknown.height
        self.saved += float((missing_cost - unknown["expected_cost"]).sum())
        pairs = pl.DataFrame(
            {"missing": missing_option.cast(pl.String), "decided": unknown["recommendation"].cast(pl.String)}
        )
        changed = pairs.filter(pl.col("missing") != pl.col("decided")).group_by("missing", "decided").len()
        add_counts(self.changes, (((missing, option), n) for missing, option, n in changed.rows()))
        return self

    def merge(self, other: UnknownEffect) -> UnknownEffect:
        """Add the counts of ``other``, of other batches; returns itself."""
        self.n_open_unknown += other.n_open_unknown
        self.saved += other.saved
        add_counts(self.changes, other.changes)
        return self

    def describe(self, lang: str) -> str | None:
        """One sentence in ``lang``; None when no open dispute has an unrecorded voucher."""
        if not self.n_open_unknown:
            return None
        if not self.changes:  # a saving with no advice changed would compare two estimates of one cost
            return say("note_unknown_priced_same", lang, count=self.n_open_unknown)
        names = pl.DataFrame({"o": list(OPTIONS)}).select(translate(pl.col("o"), lang)).to_series().to_list()
        name = dict(zip(OPTIONS, names))
        changed = text("voucher_separator", lang).join(
            say("unknown_change", lang, count=count, missing=name[missing], decided=name[decided])
            for (missing, decided), count in sorted(self.changes.items(), key=lambda kv: (-kv[1], kv[0]))
        )
        return say(
            "note_unknown_priced",
            lang,
            count=self.n_open_unknown,
            changed=sum(self.changes.values()),
            details=changed,
            saved=self.saved,
        )
