"""When a score cannot be trusted, say so.

Each check returns a plain sentence; :func:`trust_problems` runs them all. They
look at held-out quality (an AUC whose interval includes 0.5, a Brier score no
better than always predicting the negotiated share), the labels (too few of a
kind), drift between the disputes a model learned from and those it scores
(the negotiated share, the mix of reasons) and the vocabulary (most disputes
mapped to reason ``other``).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from rightsguard._vocabulary import VALUES, say
from rightsguard.scoring._model import NegotiationModel
from rightsguard.scoring._quality import Quality
from rightsguard.scoring._scored_by import SUPPLIED_MODEL

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
OTHER_SHARE = 0.30
"""More disputes than this with reason ``other`` hide what drives the outcome."""


class ScoreTrustWarning(UserWarning):
    """The scores are computed, but something says they should not be trusted."""


def trust_problems(scored: pl.DataFrame, quality: Quality | None,
                   model: NegotiationModel | None, lang: str = "en") -> list[str]:
    """Every reason to distrust these scores, as sentences (empty when none).

    Parameters
    ----------
    scored
        Disputes with ``p_negotiated``, ``scored_by``, ``reason`` and ``resolution``.
    quality
        Held-out quality, when there is any.
    model
        The model that scored open disputes or that was supplied.
    lang
        ``"en"`` or ``"zh"``.
    """
    problems = [*quality_problems(quality, lang), *_label_problems(scored, lang)]
    if model is not None:
        problems += _drift_problems(scored, model, lang)
    other = (scored["reason"] == "other").mean() if scored.height else 0.0
    if other and other > OTHER_SHARE:
        problems.append(say("trust_other", lang, share=other))
    return problems


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
        problems.append(say("trust_brier", lang, brier=quality["brier"],
                            constant=quality["brier_constant"]))
    return problems


def _label_problems(scored: pl.DataFrame, lang: str) -> list[str]:
    counts = dict(scored["resolution"].cast(pl.String).value_counts().iter_rows())
    return [
        say("trust_few_labels", lang, count=counts.get(kind, 0), kind=VALUES[lang][kind],
            minimum=FEW_LABELS)
        for kind in ("negotiated", "escalated") if counts.get(kind, 0) < FEW_LABELS
    ]


def _drift_problems(scored: pl.DataFrame, model: NegotiationModel, lang: str) -> list[str]:
    """Drift between the model's training disputes and the disputes it scored."""
    by_model = scored.filter(pl.col("scored_by") != "out_of_fold")
    if by_model.height == 0:
        return []
    problems = []
    period = f"{model.metadata_['train_from'][:10]} to {model.metadata_['train_to'][:10]}"
    labelled = by_model.filter(pl.col("resolution") != "open")
    supplied = bool((by_model["scored_by"] == SUPPLIED_MODEL).any())
    if supplied and labelled.height >= FEW_LABELS:
        share = (labelled["resolution"] == "negotiated").mean()
        trained = model.metadata_["negotiated_share"]
        if abs(share - trained) > SHARE_DRIFT:
            problems.append(say("trust_share_drift", lang, share=share, trained=trained,
                                period=period))
    mix = by_model["reason"].cast(pl.String).value_counts(normalize=True, name="share")
    psi = _stability_index(model.metadata_["reason_mix"], dict(mix.iter_rows()))
    if by_model.height >= MIN_FOR_MIX and psi > MIX_DRIFT:
        problems.append(say("trust_mix_drift", lang, period=period, psi=psi))
    return problems


def _stability_index(before: dict[str, float], after: dict[str, float]) -> float:
    """Population stability index between two distributions over the same categories."""
    levels = sorted(set(before) | set(after))
    b = np.array([before.get(level, 0.0) for level in levels]) + 1e-3
    a = np.array([after.get(level, 0.0) for level in levels]) + 1e-3
    return float(np.sum((a - b) * np.log(a / b)))
