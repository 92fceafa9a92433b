"""A summary of scored disputes, computed once and shown as a table or HTML."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

import polars as pl

from rightsguard._schema import scored_disputes
from rightsguard._vocabulary import check_language, text, translate
from rightsguard.decide._options import OPTIONS
from rightsguard.engine._result import ScoringRun
from rightsguard.scoring._quality import Quality, quality_of
from rightsguard.scoring._scored_by import heldout
from rightsguard.scoring._trust import trust_problems


@dataclass(frozen=True)
class ScoreSummary:
    """Headline figures of a :func:`rightsguard.score` result.

    Attributes
    ----------
    figures : polars.DataFrame
        One row per figure: ``figure``, ``value`` (as text), ``number`` (null
        where there is none) and ``kind`` (``count``, ``money``, ``share`` or
        ``score``: how the number reads).
    missing : polars.DataFrame
        Vouchers most often missing or not recorded among open disputes.
    quality : Quality or None
        Held-out model quality, when the scores include out-of-fold ones.
    warnings : list of str
        Reasons to distrust the scores.
    notes : list of str
        Evidence coverage and what to supply for a better decision.
    analyst_notes : list of str
        Those of ``notes`` in an analyst's words (held-out figures, recalibration, the run logged):
        the page and the workbook show them apart from the seller's.
    lang : str
        The language a notebook shows it in (the figures keep their canonical
        names in ``figures``).
    """

    figures: pl.DataFrame
    missing: pl.DataFrame
    quality: Quality | None
    warnings: list[str]
    notes: list[str]
    lang: str = "en"
    analyst_notes: list[str] = field(default_factory=list)

    def seller_notes(self) -> list[str]:
        """The notes in a seller's words: all but :attr:`analyst_notes`."""
        return [n for n in self.notes if n not in self.analyst_notes]

    def _repr_html_(self) -> str:
        shown = self.figures.select(
            translate(pl.col("figure"), self.lang),
            pl.col("value").replace("n/a", text("not_available", self.lang)),
        )
        rows = "".join(
            f"<tr><th style='text-align:left'>{escape(f)}</th><td>{escape(v)}</td></tr>"
            for f, v in shown.iter_rows()
        )
        items = "".join(f"<li>{escape(w)}</li>" for w in [*self.warnings, *self.notes])
        return f"<table>{rows}</table>" + (f"<ul>{items}</ul>" if items else "")


def summarise(result: pl.DataFrame | ScoringRun, lang: str | None = None) -> ScoreSummary:
    """Summarise scores: counts, shares, options, evidence gaps, model quality and warnings.

    Pass the :class:`ScoringRun` (what :func:`rightsguard.score` returns) to include what only the
    run knows: a supplied model's quality on later disputes, drift, and the
    evidence inventory's coverage.

    Parameters
    ----------
    lang
        The language a notebook shows the summary in; by default the run's
        (English for a frame).
    """
    run = result if isinstance(result, ScoringRun) else None
    lang = lang or (run.lang if run is not None else "en")
    check_language(lang)
    scored = scored_disputes(result, "summarise")
    resolution = pl.col("resolution").cast(pl.String)
    counts = scored.select(
        pl.len().alias("disputes"),
        (resolution == "open").sum().alias("open"),
        (resolution == "negotiated").sum().alias("negotiated"),
        (resolution == "escalated").sum().alias("escalated"),
        *((pl.col("recommendation") == o).filter(resolution == "open").sum().alias(o) for o in OPTIONS),
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
        quality = quality_of(scored) if has_heldout and counts["negotiated"] and counts["escalated"] else None
    numbers: list[tuple[str, float | None, str]] = [
        ("disputes", counts["disputes"], "count"),
        ("still open", counts["open"], "count"),
        ("negotiated share of closed disputes", counts["negotiated"] / closed if closed else None, "share"),
        ("amount asked in open disputes", counts["open_amount"], "money"),
        ("open disputes to refund now", counts["refund_now"], "count"),
        ("open disputes to negotiate", counts["negotiate"], "count"),
        ("open disputes to escalate", counts["escalate"], "count"),
        ("expected cost of the open disputes", counts["open_cost"], "money"),
        ("mean evidence completeness", counts["completeness"], "share"),
        ("disputes with unrecorded evidence", counts["unknown_share"], "share"),
    ]
    if quality is not None:
        numbers += [
            ("held-out ROC AUC", quality.roc_auc, "score"),
            ("held-out Brier score", quality.brier, "score"),
            ("held-out calibration error", quality.calibration_error, "score"),
        ]
    figures = [
        (name, _as_text(number, kind), None if number is None else float(number), kind)
        for name, number, kind in numbers
    ]
    open_ = scored.filter(resolution == "open")
    missing = (
        pl.concat(
            [
                open_.select(pl.col(c).explode().alias("voucher"))
                .drop_nulls()
                .with_columns(pl.lit(status).alias("status"))
                for c, status in (("missing_vouchers", "missing"), ("unknown_vouchers", "not recorded"))
            ]
        )
        .group_by("voucher", "status")
        .len("open_disputes")
        .sort("open_disputes", "voucher", descending=[True, False])
    )
    problems = run.warnings if run else trust_problems(scored, quality, None, lang)
    table = pl.DataFrame(
        figures,
        orient="row",
        schema={"figure": pl.String, "value": pl.String, "number": pl.Float64, "kind": pl.String},
    )
    return ScoreSummary(
        table, missing, quality, problems, run.notes if run else [], lang, run.analyst_notes if run else []
    )


FORMATS = {"count": "{:,.0f}", "money": "¥{:,.0f}", "share": "{:.1%}", "score": "{:.3f}"}
"""How each kind of figure reads as text (the workbook gives each a number format)."""


def _as_text(number: float | None, kind: str) -> str:
    return "n/a" if number is None else FORMATS[kind].format(number)
