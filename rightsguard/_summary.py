"""A summary of scored disputes, computed once and shown as a table or HTML."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import polars as pl

from rightsguard._quality import Quality, quality_of


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
    """

    figures: pl.DataFrame
    missing: pl.DataFrame
    quality: Quality | None

    def _repr_html_(self) -> str:
        rows = "".join(f"<tr><th style='text-align:left'>{escape(f)}</th><td>{escape(v)}</td></tr>"
                       for f, v in self.figures.iter_rows())
        return f"<table>{rows}</table>"


def summarise(scored: pl.DataFrame) -> ScoreSummary:
    """Summarise a scored frame: counts, shares, evidence gaps and model quality."""
    resolution = pl.col("resolution").cast(pl.String)
    counts = scored.select(
        pl.len().alias("disputes"),
        (resolution == "open").sum().alias("open"),
        (resolution == "negotiated").sum().alias("negotiated"),
        (resolution == "escalated").sum().alias("escalated"),
        (pl.col("recommendation") == "escalate").filter(resolution == "open").sum()
        .alias("open_to_escalate"),
        pl.col("evidence_completeness").mean().alias("completeness"),
        (pl.col("unknown_vouchers").list.len() > 0).mean().alias("unknown_share"),
    ).row(0, named=True)
    closed = counts["negotiated"] + counts["escalated"]
    has_heldout = scored["scored_by"].str.starts_with("out of fold").any()
    quality = quality_of(scored) if has_heldout and counts["negotiated"] and counts["escalated"] \
        else None
    figures = [
        ("disputes", f"{counts['disputes']:,}"),
        ("still open", f"{counts['open']:,}"),
        ("negotiated share of closed disputes",
         f"{counts['negotiated'] / closed:.1%}" if closed else "n/a"),
        ("open disputes to escalate", f"{counts['open_to_escalate']:,}"),
        ("open disputes to negotiate", f"{counts['open'] - counts['open_to_escalate']:,}"),
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
    return ScoreSummary(pl.DataFrame(figures, schema=["figure", "value"], orient="row"), missing,
                        quality)
