"""A summary of scored disputes, computed once and shown as a table or HTML."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import polars as pl

from rightsguard._schema import scored_disputes
from rightsguard.decide._policy import OPTIONS
from rightsguard.decide._result import ScoringRun
from rightsguard.scoring._quality import Quality, quality_of
from rightsguard.scoring._scored_by import heldout
from rightsguard.scoring._trust import trust_problems


@dataclass(frozen=True)
class ScoreSummary:
    """Headline figures of a :func:`rightsguard.score` result.

    Attributes
    ----------
    figures : polars.DataFrame
        One row per figure: ``figure`` and ``value`` (as text).
    missing : polars.DataFrame
        Vouchers most often missing or not recorded among open disputes.
    quality : Quality or None
        Held-out model quality, when the scores include out-of-fold ones.
    warnings : list of str
        Reasons to distrust the scores.
    notes : list of str
        Evidence coverage and what to supply for a better decision.
    """

    figures: pl.DataFrame
    missing: pl.DataFrame
    quality: Quality | None
    warnings: list[str]
    notes: list[str]

    def _repr_html_(self) -> str:
        rows = "".join(f"<tr><th style='text-align:left'>{escape(f)}</th><td>{escape(v)}</td></tr>"
                       for f, v in self.figures.iter_rows())
        items = "".join(f"<li>{escape(w)}</li>" for w in [*self.warnings, *self.notes])
        return f"<table>{rows}</table>" + (f"<ul>{items}</ul>" if items else "")


def summarise(result: pl.DataFrame | ScoringRun) -> ScoreSummary:
    """Summarise scores: counts, shares, options, evidence gaps, model quality and warnings.

    Pass the :class:`ScoringRun` (what :func:`rightsguard.score` returns) to include what only the
    run knows: a supplied model's quality on later disputes, drift, and the
    evidence inventory's coverage.
    """
    run = result if isinstance(result, ScoringRun) else None
    scored = scored_disputes(result, "summarise")
    resolution = pl.col("resolution").cast(pl.String)
    counts = scored.select(
        pl.len().alias("disputes"),
        (resolution == "open").sum().alias("open"),
        (resolution == "negotiated").sum().alias("negotiated"),
        (resolution == "escalated").sum().alias("escalated"),
        *((pl.col("recommendation") == o).filter(resolution == "open").sum().alias(o)
          for o in OPTIONS),
        pl.col("amount").filter(resolution == "open").sum().alias("open_amount"),
        pl.col("expected_cost").filter(resolution == "open").sum().alias("open_cost"),
        pl.col("evidence_completeness").mean().alias("completeness"),
        (pl.col("unknown_vouchers").list.len() > 0).mean().alias("unknown_share"),
    ).row(0, named=True)
    closed = counts["negotiated"] + counts["escalated"]
    has_heldout = scored.select(heldout().any()).item()
    if run is not None:
        quality = run.quality
    else:
        quality = quality_of(scored) if has_heldout and counts["negotiated"] and counts["escalated"] \
            else None
    figures = [
        ("disputes", f"{counts['disputes']:,}"),
        ("still open", f"{counts['open']:,}"),
        ("negotiated share of closed disputes",
         f"{counts['negotiated'] / closed:.1%}" if closed else "n/a"),
        ("amount asked in open disputes", f"¥{counts['open_amount']:,.0f}"),
        ("open disputes to refund now", f"{counts['refund_now']:,}"),
        ("open disputes to negotiate", f"{counts['negotiate']:,}"),
        ("open disputes to escalate", f"{counts['escalate']:,}"),
        ("expected cost of the open disputes", f"¥{counts['open_cost']:,.0f}"),
        ("mean evidence completeness", f"{counts['completeness']:.0%}"),
        ("disputes with unrecorded evidence", f"{counts['unknown_share']:.0%}"),
    ]
    if quality is not None:
        figures += [
            ("held-out ROC AUC", f"{quality.roc_auc:.3f}"),
            ("held-out Brier score", f"{quality.brier:.3f}"),
            ("held-out calibration error", f"{quality.calibration_error:.3f}"),
        ]
    open_ = scored.filter(resolution == "open")
    missing = (
        pl.concat([
            open_.select(pl.col(c).explode().alias("voucher")).drop_nulls()
            .with_columns(pl.lit(status).alias("status"))
            for c, status in (("missing_vouchers", "missing"), ("unknown_vouchers", "not recorded"))
        ])
        .group_by("voucher", "status").len("open_disputes")
        .sort("open_disputes", "voucher", descending=[True, False])
    )
    problems = run.warnings if run else trust_problems(scored, quality, None)
    return ScoreSummary(pl.DataFrame(figures, schema=["figure", "value"], orient="row"), missing,
                        quality, problems, run.notes if run else [])

