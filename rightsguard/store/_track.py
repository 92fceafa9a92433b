"""The track record: predictions made before their outcome was known, set against it.

Predictions are counted per run, in a way that does not depend on the
outcome: once a run has settled (:data:`SETTLED_SHARE` of the cases it
predicted have closed), every one of its predictions made before its case
closed counts against that case's outcome; the cases still open are waited
for. (Counting each case's last prediction before its close would choose by
the outcome: a case that closes sooner is counted earlier, and even a
calibrated model would look drifted.) A run made again on the same data
counts once. Each shop's record is its own runs'. Their ROC AUC (with its
95% interval), Brier score (with its interval) and calibration are the
model's record going forward; a case open over several runs counts once per
run, so the intervals are somewhat narrower than they should be.

In money: where the seller recorded a decision, the disputes whose
recommendation was followed and those where it was not, each with its n,
the expected cost the run predicted and what the outcome cost at the
policy's prices (the mean difference with its 95% interval).

A drift alarm is raised when the prospective calibration error exceeds the
held-out one of the models that made the predictions by more than
:data:`DRIFT_MARGIN`, on at least :data:`MIN_FOR_ALARM` disputes, and
exceeds what chance alone gives calibrated predictions as many (its 99th
percentile, :func:`~rightsguard.scoring._quality.calibration_noise`): a
few hundred predictions in ten bins show a calibration error of 0.07 to 0.10
by chance. Then refit, or score with ``recalibrate=True`` on the newly closed
disputes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from rightsguard._vocabulary import say, stage_names, text
from rightsguard.decide._backtest import realised_cost
from rightsguard.decide._policy import DEFAULT_POLICY, Policy
from rightsguard.scoring._quality import Quality, calibration_noise, measure
from rightsguard.store._connect import WAIT_SECONDS, Store, open_store

DRIFT_MARGIN = 0.05
"""How far prospective calibration may drift from the held-out one before the alarm."""
MIN_FOR_ALARM = 50
"""Prospective predictions needed before the alarm can fire."""
SETTLED_SHARE = 0.9
"""The share of a run's predicted cases that must have closed before the run counts."""
MIN_FOR_INTERVAL = 3
"""Cases a money group needs before its mean difference is given with an interval; fewer are
said to be too few to tell."""


@dataclass(frozen=True)
class TrackRecord:
    """Prospective quality and money of the store's logged predictions.

    Attributes
    ----------
    quality
        ROC AUC, Brier score and calibration of the prospective predictions
        (None with fewer than two outcomes of each kind).
    brier_interval
        The Brier score's 95% interval.
    heldout_calibration_error
        The held-out calibration error of the models that made them.
    drift
        Whether the alarm fired.
    money
        Per ``followed`` (True, False): ``disputes``, ``expected`` and
        ``realised`` cost (CNY), and the mean difference's interval.
    predictions
        The prospective predictions with their outcomes.
    """

    quality: Quality | None
    brier_interval: tuple[float, float] | None
    heldout_calibration_error: float | None
    drift: bool
    money: pl.DataFrame
    predictions: pl.DataFrame

    @property
    def by_stage(self) -> pl.DataFrame:
        """Per stage the cases stood in when predicted (null: not said): ``predictions``, the
        mean chance predicted and the share that ended by negotiation, commonest first."""
        return (
            self.predictions.group_by("stage")
            .agg(
                pl.len().alias("predictions"),
                pl.col("p_negotiated").mean().alias("predicted"),
                pl.col("outcome").is_in(["withdrawn", "agreed"]).mean().alias("negotiated"),
            )
            .sort(["predictions", "stage"], descending=[True, False], nulls_last=True)
        )

    def describe(self, lang: str = "en") -> list[str]:
        """The record in sentences in ``lang``: quality, the alarm, money."""
        return [*self.for_analyst(lang), *self.for_seller(lang)]

    def for_analyst(self, lang: str = "en") -> list[str]:
        """The record's held-out figures in an analyst's words (none before a run settles)."""
        if self.quality is None:
            return []
        q = self.quality
        low, high = self.brier_interval or (np.nan, np.nan)
        staged = (
            [say("track_by_stage", lang, stages=self._stages_told(lang))] if self.predictions.height else []
        )
        return [
            say(
                "track_quality",
                lang,
                n=q.n,
                auc=q.roc_auc,
                auc_low=q.roc_auc_interval[0],
                auc_high=q.roc_auc_interval[1],
                brier=q.brier,
                brier_low=low,
                brier_high=high,
                calibration=q.calibration_error,
                heldout=self.heldout_calibration_error or float("nan"),
            ),
            *staged,
        ]

    def _stages_told(self, lang: str) -> str:
        names = stage_names(lang)
        return text("voucher_separator", lang).join(
            say(
                "track_stage",
                lang,
                stage=names.get(stage or "", text("stage_not_said", lang)),
                n=n,
                predicted=predicted,
                negotiated=negotiated,
            )
            for stage, n, predicted, negotiated in self.by_stage.iter_rows()
        )

    def for_seller(self, lang: str = "en") -> list[str]:
        """The record in a seller's words: too early to tell, the alarm, and the money of the
        advice followed and not followed."""
        if self.quality is None:
            return [say("track_too_few", lang, n=self.predictions.height)]
        found = []
        if self.drift:
            found.append(say("track_drift", lang, margin=DRIFT_MARGIN))
        for followed, n, expected, realised, low_gap, high_gap in self.money.rows():
            key = "track_followed" if followed else "track_not_followed"
            if n < MIN_FOR_INTERVAL or low_gap is None or high_gap is None:
                found.append(say(f"{key}_few", lang, n=n, expected=expected, realised=realised))
            else:
                found.append(
                    say(key, lang, n=n, expected=expected, realised=realised, low=low_gap, high=high_gap)
                )
        return found


def track_record(
    store: str | Path | Store | None = None,
    *,
    shop: str | None = None,
    policy: Policy = DEFAULT_POLICY,
    wait: float = WAIT_SECONDS,
) -> TrackRecord:
    """The store's settled runs' predictions against their outcomes, in quality and money
    (``store``: a path, or a store already open; ``shop``: that shop's runs, else the runs
    made over every shop)."""
    if isinstance(store, Store):
        return _record(store, shop, policy)
    with open_store(store, wait=wait) as opened:
        return _record(opened, shop, policy)


def _record(store: Store, shop: str | None, policy: Policy) -> TrackRecord:
    """The record of an open store."""
    predictions = _prospective(store, shop)
    heldout_error = _heldout_error(store, predictions)
    negotiated = predictions["outcome"].is_in(["withdrawn", "agreed"]).to_numpy()
    quality = brier = None
    if predictions.height and 2 <= negotiated.sum() <= predictions.height - 2:
        quality = measure(negotiated.astype(int), predictions["p_negotiated"].to_numpy())
        errors = (predictions["p_negotiated"].to_numpy() - negotiated) ** 2
        half = 1.96 * float(errors.std(ddof=1)) / np.sqrt(len(errors))
        brier = (quality.brier - half, quality.brier + half)
    drift = bool(
        quality is not None
        and heldout_error is not None
        and quality.n >= MIN_FOR_ALARM
        and quality.calibration_error > heldout_error + DRIFT_MARGIN
        and quality.calibration_error > calibration_noise(predictions["p_negotiated"].to_numpy())
    )
    return TrackRecord(quality, brier, heldout_error, drift, _money(predictions, policy), predictions)


def _prospective(store: Store, shop: str | None) -> pl.DataFrame:
    """Every prediction of the settled runs, made before its case's outcome, with it.

    A run counts once :data:`SETTLED_SHARE` of the cases it predicted have
    closed: each of its predictions then counts, whenever its case closed,
    so that which predictions count does not depend on how, or how fast,
    they turned out; the cases still open are waited for, and left out. A
    run made again on the same data (the same shop and moment) counts once,
    its latest making.
    """
    return store.get(
        f"""
        WITH closed AS (
            SELECT dispute_id, min(first_seen) AS closed_seen FROM status_history
            WHERE status NOT IN ('open', 'escalated_unknown') GROUP BY 1),
        latest AS (
            SELECT * FROM runs WHERE shop IS NOT DISTINCT FROM ?
            QUALIFY row_number() OVER (PARTITION BY as_of ORDER BY made_at DESC) = 1),
        made AS (
            SELECT p.*, r.as_of, d.outcome, d.amount, d.paid_amount, c.closed_seen
            FROM predictions p JOIN latest r USING (run_id) JOIN disputes d USING (dispute_id)
            LEFT JOIN closed c USING (dispute_id)),
        settled AS (
            SELECT run_id FROM made GROUP BY 1
            HAVING avg(CASE WHEN outcome IS NOT NULL THEN 1.0 ELSE 0.0 END) >= {SETTLED_SHARE})
        SELECT m.dispute_id, m.run_id, m.as_of, m.model_id, m.stage, m.p_negotiated, m.recommendation,
               m.expected_cost, m.outcome, m.amount, m.paid_amount, k.option AS decision
        FROM made m JOIN settled USING (run_id)
        LEFT JOIN decisions k ON k.dispute_id = m.dispute_id AND k.run_id = m.run_id
        WHERE m.outcome IS NOT NULL AND m.as_of < m.closed_seen
        ORDER BY m.run_id, m.dispute_id""",
        [shop],
    )


def _heldout_error(store: Store, predictions: pl.DataFrame) -> float | None:
    """The held-out calibration error of the models that made the counted predictions, each
    weighed by its predictions: fixed by those models, so a report made again cannot move it."""
    if not predictions.height:
        return None
    store.put(predictions.select("model_id"), "counted")
    found = store.connection.execute(
        "SELECT avg(m.calibration_error) FROM counted JOIN models m USING (model_id)"
    ).fetchone()
    return None if found is None or found[0] is None else float(found[0])


def _money(predictions: pl.DataFrame, policy: Policy) -> pl.DataFrame:
    """Followed against not followed, where a decision was recorded: n, expected, realised."""
    decided = predictions.filter(
        pl.col("decision").is_not_null()
        & (pl.col("decision") != "not_handled")
        & pl.col("expected_cost").is_not_null()
    )
    realised = realised_cost(policy, pl.col("decision"))  # a refund made at once was not negotiated
    gap = realised - pl.col("expected_cost")
    half = 1.96 * gap.std() / pl.len().sqrt()
    return (
        decided.with_columns((pl.col("decision") == pl.col("recommendation")).alias("followed"))
        .group_by("followed")
        .agg(
            pl.len().alias("disputes"),
            pl.col("expected_cost").sum().round(2).alias("expected"),
            realised.sum().round(2).alias("realised"),
            (gap.mean() - half).round(2).alias("gap_low"),
            (gap.mean() + half).round(2).alias("gap_high"),
        )
        .sort("followed", descending=True)
    )
