"""When a score cannot be trusted, say so.

Each check returns a plain sentence; :func:`trust_problems` runs them all. They
look at held-out quality (an AUC whose interval includes 0.5, a Brier score no
better than always predicting the negotiated share), the labels (too few of a
kind), drift between the disputes a model learned from and those it scores
(the negotiated share, the mix of reasons) and the vocabulary (many disputes
whose wording fell to reason ``other``, an :class:`UnmappedReasonWarning`).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from rightsguard._counts import add_counts
from rightsguard._vocabulary import VALUES, say
from rightsguard.io._reasons import UnmappedReasonWarning, unmapped_message
from rightsguard.scoring._methods import method_problems
from rightsguard.scoring._quality import Quality, measure
from rightsguard.scoring._scored_by import SUPPLIED_MODEL, heldout

if TYPE_CHECKING:
    from rightsguard.scoring._model import NegotiationModel

FEW_LABELS = 100
"""Fewer labelled disputes of a kind than this makes every estimate shaky."""
BRIER_SKILL_FLOOR = 0.01
"""A Brier score must beat the constant's by at least this share."""
SHARE_DRIFT = 0.10
"""A change of the negotiated share larger than this is drift."""
MIX_DRIFT = 0.25
"""A population stability index of the reason mix above this is drift."""
MIN_FOR_MIX = 200
"""Disputes needed before a change of the reason mix is told from noise."""


class ScoreTrustWarning(UserWarning):
    """The scores are computed, but something says they should not be trusted."""


class InSampleWarning(UserWarning):
    """Some disputes may have been scored by a model that was trained on them."""


@dataclass(frozen=True)
class RunWarning:
    """One warning of a run: its category and its sentence in the run's language."""

    category: type[UserWarning]
    message: str


@dataclass
class TrustTally:
    """What the trust checks read of scored disputes, added up batch by batch.

    Every way of scoring (in memory, file to file, Spark) adds its scored
    disputes here, one batch or many, and asks :meth:`warnings` the same
    questions of the same counts: so a warning cannot exist on one path only.

    Parameters
    ----------
    metadata
        The metadata of the model that scored the disputes (``metadata_``):
        its training period and the reason mix it learned from.
    """

    metadata: dict
    resolutions: dict[str, int] = field(default_factory=dict)
    reasons: dict[str, int] = field(default_factory=dict)
    model_reasons: dict[str, int] = field(default_factory=dict)
    supplied_labelled: int = 0
    supplied_negotiated: int = 0
    in_training_period: int = 0
    unknown_evidence: int = 0
    other_wordings: dict[str | None, int] = field(default_factory=dict)
    heldout_y: list[np.ndarray] = field(default_factory=list)
    heldout_p: list[np.ndarray] = field(default_factory=list)

    def add(self, scored: pl.DataFrame) -> TrustTally:
        """Count one batch of scored disputes (``resolution``, ``reason``, ``scored_by``,
        ``opened_at``, ``p_negotiated``, ``unknown_vouchers``, ``reason_raw``); return the
        tally."""
        resolution = pl.col("resolution")
        labelled = resolution != "open"
        supplied = pl.col("scored_by") == SUPPLIED_MODEL
        start, end = (_moment(self.metadata.get(k)) for k in ("train_from", "train_to"))
        after = labelled if end is None else labelled & (pl.col("opened_at") > end)
        inside = (
            labelled & pl.col("opened_at").is_between(start, end)
            if start is not None and end is not None
            else pl.lit(False)
        )
        _add(self.resolutions, scored["resolution"])
        _add(self.reasons, scored["reason"])
        _add(self.model_reasons, scored.select(pl.col("reason").filter(~heldout())).to_series())
        _add(
            self.other_wordings,
            scored.select(pl.col("reason_raw").filter(pl.col("reason") == "other")).to_series(),
        )
        counts = scored.select(
            (supplied & labelled).sum().alias("labelled"),
            (supplied & (resolution == "negotiated")).sum().alias("negotiated"),
            (supplied & inside).sum().alias("inside"),
            (pl.col("unknown_vouchers").list.len() > 0).sum().alias("unknown"),
        ).row(0, named=True)
        self.supplied_labelled += counts["labelled"]
        self.supplied_negotiated += counts["negotiated"]
        self.in_training_period += counts["inside"]
        self.unknown_evidence += counts["unknown"]
        measured = (
            scored.lazy()
            .filter(heldout() | (supplied & after))
            .select("resolution", "p_negotiated")
            .collect()
        )
        self.heldout_y.append((measured["resolution"] == "negotiated").to_numpy())
        self.heldout_p.append(measured["p_negotiated"].to_numpy())
        return self

    def merge(self, other: TrustTally) -> TrustTally:
        """Add the counts of ``other``, of later batches scored by the same model; returns itself."""
        add_counts(self.resolutions, other.resolutions)
        add_counts(self.reasons, other.reasons)
        add_counts(self.model_reasons, other.model_reasons)
        add_counts(self.other_wordings, other.other_wordings)
        self.supplied_labelled += other.supplied_labelled
        self.supplied_negotiated += other.supplied_negotiated
        self.in_training_period += other.in_training_period
        self.unknown_evidence += other.unknown_evidence
        self.heldout_y += other.heldout_y
        self.heldout_p += other.heldout_p
        return self

    def unknown_evidence_share(self) -> float:
        """The share of disputes with a voucher not known to be held or not (0 when none)."""
        disputes = sum(self.reasons.values())
        return self.unknown_evidence / disputes if disputes else 0.0

    def quality(self) -> Quality | None:
        """Held-out quality: out of fold, or a supplied model's on labelled disputes opened after
        its training period; None without both kinds among them."""
        y = np.concatenate(self.heldout_y) if self.heldout_y else np.zeros(0, bool)
        if len(np.unique(y)) < 2:
            return None
        return measure(y, np.concatenate(self.heldout_p))

    def warnings(self, quality: Quality | None, lang: str = "en") -> list[RunWarning]:
        """Every reason to distrust these scores, in ``lang`` (empty when none)."""
        trust = [
            *quality_problems(quality, lang),
            *method_problems(self.metadata, lang),
            *self._label_problems(lang),
            *self._drift_problems(lang),
        ]
        found = [RunWarning(ScoreTrustWarning, message) for message in trust]
        unmapped = unmapped_message(self.other_wordings, sum(self.reasons.values()), lang)
        if unmapped:
            found.append(RunWarning(UnmappedReasonWarning, unmapped))
        if self.in_training_period:
            found.insert(
                0,
                RunWarning(
                    InSampleWarning,
                    say(
                        "trust_in_sample",
                        lang,
                        count=self.in_training_period,
                        start=self.metadata["train_from"][:10],
                        end=self.metadata["train_to"][:10],
                    ),
                ),
            )
        return found

    def _label_problems(self, lang: str) -> list[str]:
        return [
            say(
                "trust_few_labels",
                lang,
                count=self.resolutions.get(kind, 0),
                kind=VALUES[lang][kind],
                minimum=FEW_LABELS,
            )
            for kind in ("negotiated", "escalated")
            if self.resolutions.get(kind, 0) < FEW_LABELS
        ]

    def _drift_problems(self, lang: str) -> list[str]:
        """Drift between the model's training disputes and the disputes it scored."""
        by_model = sum(self.model_reasons.values())
        if by_model == 0 or "reason_mix" not in self.metadata:
            return []
        problems = []
        period = say(
            "period", lang, start=self.metadata["train_from"][:10], end=self.metadata["train_to"][:10]
        )
        if self.supplied_labelled >= FEW_LABELS:
            share = self.supplied_negotiated / self.supplied_labelled
            trained = self.metadata["negotiated_share"]
            if abs(share - trained) > SHARE_DRIFT:
                problems.append(say("trust_share_drift", lang, share=share, trained=trained, period=period))
        mix = {reason: n / by_model for reason, n in self.model_reasons.items()}
        psi = _stability_index(self.metadata["reason_mix"], mix)
        if by_model >= MIN_FOR_MIX and psi > MIX_DRIFT:
            problems.append(say("trust_mix_drift", lang, period=period, psi=psi))
        return problems


def warn(found: list[RunWarning], stacklevel: int = 2) -> None:
    """Emit a run's warnings as Python warnings of their categories."""
    for warning in found:
        warnings.warn(warning.message, warning.category, stacklevel=stacklevel + 1)


def trust_problems(
    scored: pl.DataFrame, quality: Quality | None, model: NegotiationModel | None, lang: str = "en"
) -> list[str]:
    """Every reason to distrust these scores, as sentences (empty when none).

    Parameters
    ----------
    scored
        Disputes with ``p_negotiated``, ``scored_by``, ``reason`` and ``resolution``.
    quality
        Held-out quality, when there is any.
    model
        The model that scored open disputes or that was supplied (None: no drift checks).
    lang
        ``"en"`` or ``"zh"``.
    """
    tally = TrustTally({} if model is None else model.metadata_).add(scored)
    return [w.message for w in tally.warnings(quality, lang) if w.category is ScoreTrustWarning]


def _add(counts: dict, values: pl.Series) -> None:
    add_counts(counts, values.value_counts().iter_rows())


def _moment(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def quality_problems(quality: Quality | dict | None, lang: str = "en") -> list[str]:
    """Near-chance ranking and no Brier skill, from a :class:`Quality` or a model's stored metrics."""
    if quality is None:
        return []
    if isinstance(quality, Quality):
        quality = quality.as_metrics()
    problems = []
    auc, low, high = quality["roc_auc"], quality["roc_auc_low"], quality["roc_auc_high"]
    if low <= 0.5:
        problems.append(say("trust_auc", lang, auc=auc, low=low, high=high))
    if quality["brier"] >= quality["brier_constant"] * (1 - BRIER_SKILL_FLOOR):
        problems.append(say("trust_brier", lang, brier=quality["brier"], constant=quality["brier_constant"]))
    return problems


def _stability_index(before: dict[str, float], after: dict[str, float]) -> float:
    """Population stability index between two distributions over the same categories."""
    levels = sorted(set(before) | set(after))
    b = np.array([before.get(level, 0.0) for level in levels]) + 1e-3
    a = np.array([after.get(level, 0.0) for level in levels]) + 1e-3
    return float(np.sum((a - b) * np.log(a / b)))
