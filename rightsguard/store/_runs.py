"""Scoring from the store: every dispute it holds, every prediction logged, what changed.

:func:`score_store` scores the store's disputes (each in its latest state,
a buyer's history spanning every export) with the store's evidence, through
:func:`rightsguard.score`: past disputes out of fold, the open ones by a
model fitted on every closed dispute and conditioned on their stage as the
store's closed cases moved through theirs (:mod:`rightsguard.store._stages`).
It logs the model in ``models``, the run in ``runs`` (as of the latest export) and each open dispute's
prediction in ``predictions``, so that later outcomes can be set against
predictions made before them. Its notes open with what changed since the
last logged run (new disputes, disputes that closed and how, against what
was predicted), then the track record of every prediction made before its
outcome (:mod:`rightsguard.store._track`).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import polars as pl

from rightsguard._errors import said
from rightsguard._schema import CANONICAL_SCHEMA, resolution_expr
from rightsguard._vocabulary import say
from rightsguard.decide._policy import DEFAULT_POLICY, Policy
from rightsguard.decide._unknown import UnknownEffect
from rightsguard.engine._result import ScoringRun
from rightsguard.engine._run import score
from rightsguard.engine._run_notes import open_recommendations
from rightsguard.io._evidence import EvidenceInventory
from rightsguard.io._plan_file import PlanOrigin
from rightsguard.scoring._explain import scale_factors
from rightsguard.scoring._fitting import FitOptions
from rightsguard.scoring._quality import measure
from rightsguard.scoring._recalibrate import recalibrate as recalibrate_on
from rightsguard.scoring._recalibrate import with_recalibration_told
from rightsguard.scoring._rules import DEFAULT_RULES
from rightsguard.scoring._score import quality_by_time
from rightsguard.scoring._scorer import Progress
from rightsguard.scoring._time_open import data_moment
from rightsguard.store._connect import WAIT_SECONDS, Store, open_store
from rightsguard.store._stages import learned_stage_times
from rightsguard.store._tables import DISPUTE_COLUMNS
from rightsguard.store._track import TrackRecord, track_record

LATER_SHARE = 0.2
"""The latest share of closed disputes that validation by time measures on."""
MIN_EARLIER = 200
"""Closed disputes needed before the cutoff for validation by time."""

_PREDICTED = (
    "p_negotiated",
    "p_win_ruling",
    "recommendation",
    "cost_refund_now",
    "cost_negotiate",
    "cost_escalate",
    "expected_cost",
)


Said = Callable[[str], list[str]]
"""Sentences of figures already counted, said in the language asked."""


def score_store(
    store: str | Path | None = None,
    *,
    shop: str | None = None,
    fitting: FitOptions | None = None,
    policy: Policy = DEFAULT_POLICY,
    lang: str = "en",
    recalibrate: bool = False,
    absence: str = "ledger_period",
    wait: float = WAIT_SECONDS,
    progress: Progress | None = None,
) -> ScoringRun:
    """Score every dispute in the store (or one shop's) and log the open ones' predictions.

    Parameters
    ----------
    shop
        Score only this shop's disputes (an agency's store holds many shops).
    recalibrate
        Recalibrate the open disputes' probabilities on the predictions made
        before their outcome (a line on the log-odds, as
        :mod:`rightsguard.scoring._recalibrate` fits), and decide again; done
        too, unasked, when the track record's drift alarm fires.
    absence
        What a dispute the stored evidence names by no key holds, one of
        :data:`~rightsguard.io._evidence.ABSENCE_RULES`.

    Returns
    -------
    ScoringRun
        As :func:`rightsguard.score` returns it; its notes begin with what
        changed since the last logged run and the track record, and end
        with the run's id.
    """
    with open_store(store, wait=wait) as opened:
        disputes, inventory, as_of = (
            _disputes(opened, shop),
            _inventory(opened, absence, shop),
            _latest(opened, shop),
        )
        if not disputes.height:
            raise (
                said(ValueError, "err_store_empty_shop", path=opened.path, shop=shop)
                if shop
                else said(ValueError, "err_store_empty", path=opened.path)
            )
        changes = _changes(opened, shop)
        fitting = fitting or FitOptions()
        fitting = replace(fitting, stage_times=learned_stage_times(opened, shop, fitting.max_training))
        policy = Policy.of(policy)
        record = track_record(opened, shop=shop, policy=policy)
        decisions = _latest_decisions(opened)
    # the fit holds no lock: another ingest or report may use the store meanwhile
    run = score(disputes, evidence=inventory, fitting=fitting, policy=policy, lang=lang, progress=progress)
    run, line, checked = _recalibrated(run, record, recalibrate or record.drift, policy, lang)
    with open_store(store, wait=wait) as opened:
        run_id = _log(opened, run, as_of, shop)
    by_time = _validated_by_time(disputes, fitting, run.model.method)

    def told(inner: ScoringRun, lang: str) -> ScoringRun:
        """``inner`` (the run as scoring told it) with the store's notes around its own, in ``lang``."""
        recalibrated = (
            [
                say(
                    "note_store_recalibrated",
                    lang,
                    n=record.predictions.height,
                    intercept=line[0],
                    slope=line[1],
                )
            ]
            if line
            else []
        ) + checked(lang)
        logged = say("note_logged", lang, run=run_id)
        before = [*by_time(lang), *recalibrated]
        return replace(
            inner,
            changes=changes(lang),
            notes=[*record.describe(lang), *before, *inner.notes, logged],
            analyst_notes=[*record.for_analyst(lang), *before, *inner.analyst_notes, logged],
        )

    logged_run = replace(run, origin=PlanOrigin(run_id, opened.path.name), decisions=decisions, retold=told)
    return told(logged_run, lang)


def _validated_by_time(disputes: pl.DataFrame, fitting: FitOptions, method: str) -> Said:
    """Quality measured as the shop meets it: a model of the run's method fitted on the closed
    disputes opened before the latest fifth, measured on that fifth (:data:`LATER_SHARE`); said
    in a language."""
    closed = disputes.filter(pl.col("resolution") != "open")
    cutoff = closed.select(pl.col("opened_at").quantile(1 - LATER_SHARE, interpolation="lower")).item()
    later = closed.filter(pl.col("opened_at") >= cutoff)
    both = later["resolution"].n_unique() == 2 and closed.height - later.height >= MIN_EARLIER
    if cutoff is None or not both:
        return lambda lang: []
    quality = quality_by_time(disputes, cutoff, method, fitting)
    low, high = quality.roc_auc_interval
    return lambda lang: [
        say(
            "note_by_time",
            lang,
            earlier=closed.height - later.height,
            cutoff=cutoff,
            later=quality.n,
            auc=quality.roc_auc,
            low=low,
            high=high,
            brier=quality.brier,
        )
    ]


def _recalibrated(
    run: ScoringRun, record: TrackRecord, asked: bool, policy: Policy, lang: str
) -> tuple[ScoringRun, tuple[float, float] | None, Said]:
    """The run with its open disputes recalibrated on the prospective predictions and decided
    again, when ``asked`` and a line fitted on the earlier settled runs improves calibration on
    the newest settled run's cases (which it was not fitted on); with the line, or a sentence
    saying why none was applied (in a language)."""
    if not asked or record.quality is None:
        return run, None, lambda lang: []
    prospective = record.predictions
    newest = prospective["as_of"] == prospective["as_of"].max()
    y = prospective["outcome"].is_in(["withdrawn", "agreed"]).to_numpy().astype(int)
    p_all = prospective["p_negotiated"].to_numpy()
    fit, check = ~newest.to_numpy(), newest.to_numpy()
    if min(y[fit].sum(), (1 - y[fit]).sum(), y[check].sum(), (1 - y[check]).sum()) < 2:
        return run, None, lambda lang: [say("note_store_recalibration_untested", lang, n=int(check.sum()))]
    _, checked, _ = recalibrate_on(p_all[fit], y[fit], p_all[check])
    before, after = (measure(y[check], q).calibration_error for q in (p_all[check], checked))
    if after >= before:
        return (
            run,
            None,
            lambda lang: [
                say("note_store_recalibration_refused", lang, n=int(check.sum()), before=before, after=after)
            ],
        )
    scored = run.in_memory()
    is_open = (scored["resolution"] == "open").to_numpy()
    _, moved, line = recalibrate_on(p_all, y, scored["p_negotiated"].to_numpy()[is_open])
    p = scored["p_negotiated"].to_numpy().copy()
    p[is_open] = moved
    decided = policy.decide(
        with_recalibration_told(scored, p, lang, scale_factors(run.model.levels_)),
        run.model.rules or DEFAULT_RULES,
        lang,
    ).select(scored.columns)
    return (
        _decided_again(run, decided, policy, lang),
        line,
        lambda lang: [
            say("note_store_recalibration_checked", lang, n=int(check.sum()), before=before, after=after)
        ],
    )


def _decided_again(run: ScoringRun, decided: pl.DataFrame, policy: Policy, lang: str) -> ScoringRun:
    """The run with its disputes decided again: the open ones' options counted again, and what
    pricing unknown vouchers changed counted and told again (its note replaced in place)."""
    unknown = UnknownEffect().add(decided, run.ruling, policy)
    stale, told = run.unknown_effect.describe(lang), unknown.describe(lang)
    recommendations = open_recommendations(decided)
    tally = (
        None if run.tally is None else replace(run.tally, unknown=unknown, recommendations=recommendations)
    )
    return replace(
        run,
        scored=decided,
        recommendations=recommendations,
        unknown_effect=unknown,
        notes=[told if note == stale and told else note for note in run.notes],
        tally=tally,
    )


def _disputes(store: Store, shop: str | None) -> pl.DataFrame:
    """The store's disputes (of ``shop``, or all) in their latest state, as canonical disputes."""
    stored = store.get(
        f"SELECT {', '.join(DISPUTE_COLUMNS)} FROM disputes "
        f"WHERE ? IS NULL OR shop = ? ORDER BY opened_at, dispute_id",
        [shop, shop],
    )
    return (
        stored.with_columns(resolution_expr())
        .cast(pl.Schema(CANONICAL_SCHEMA))
        .select(list(CANONICAL_SCHEMA))
    )


def _latest_decisions(store: Store) -> pl.DataFrame:
    """Each case's latest recorded choice, whichever run it was tied to."""
    return store.get("""
        SELECT dispute_id, option, recorded_at FROM decisions
        QUALIFY row_number() OVER (PARTITION BY dispute_id ORDER BY recorded_at DESC) = 1""")


def _inventory(store: Store, absence: str, shop: str | None) -> EvidenceInventory | None:
    """The evidence of ``shop`` (and that ingested for no shop); all of it when none is named."""
    held = store.get(
        """SELECT key, voucher, file, held_on, source FROM evidence
        WHERE ? IS NULL OR shop IS NULL OR shop = ?""",
        [shop, shop],
    )
    if not held.height:
        return None
    nothing = pl.DataFrame(schema={"key": pl.String, "name": pl.String, "source": pl.String})
    return EvidenceInventory(
        held,
        nothing,
        pl.DataFrame(schema={"source_row": pl.Int64, "problem": pl.String, "source": pl.String}),
        absence,
    )


def _latest(store: Store, shop: str | None) -> datetime | None:
    """The newest export's moment, of ``shop``'s exports when one is named."""
    row = store.connection.execute(
        "SELECT max(export_moment) FROM exports WHERE ? IS NULL OR shop = ?", [shop, shop]
    ).fetchone()
    return row[0] if row else None


def _changes(store: Store, shop: str | None) -> Said:
    """What changed since the last logged run of the same shop (or of all): new disputes,
    closures against predictions; said in a language."""
    last = store.connection.execute(
        "SELECT run_id, as_of FROM runs WHERE shop IS NOT DISTINCT FROM ? ORDER BY made_at DESC LIMIT 1",
        [shop],
    ).fetchone()
    if last is None:
        return lambda lang: [say("note_first_run", lang)]
    run_id, since = last
    new = store.connection.execute(
        "SELECT count(*) FROM disputes WHERE first_seen > ? AND (? IS NULL OR shop = ?)", [since, shop, shop]
    ).fetchone()[0]  # type: ignore[index]
    closed = store.get(
        """
        SELECT d.outcome, p.p_negotiated
        FROM (SELECT dispute_id, min(first_seen) AS closed_seen FROM status_history
              WHERE status <> 'open' GROUP BY 1) h
        JOIN disputes d USING (dispute_id)
        JOIN predictions p ON p.dispute_id = h.dispute_id AND p.run_id = ?
        WHERE h.closed_seen > ?""",
        [run_id, since],
    )
    negotiated = closed.filter(pl.col("outcome").is_in(["withdrawn", "agreed"])).height
    overdue = store.connection.execute(
        "SELECT count(*) FROM disputes WHERE outcome IS NULL AND (? IS NULL OR shop = ?) "
        "AND deadline_at < (SELECT max(export_moment) FROM exports WHERE ? IS NULL OR shop = ?)",
        [shop, shop, shop, shop],
    ).fetchone()
    return lambda lang: [
        say(
            "note_since_last",
            lang,
            run=run_id,
            since=since,
            new=new,
            closed=closed.height,
            negotiated=negotiated,
            overdue=overdue[0] if overdue else 0,
            predicted=float(closed["p_negotiated"].sum()) if closed.height else 0.0,
        )
    ]


def _log(store: Store, run: ScoringRun, as_of: datetime | None, shop: str | None) -> str:
    """Log the model, the run and the open disputes' predictions; returns the run id."""
    scored = run.in_memory()
    model = run.model
    metrics = model.metadata_.get("metrics", {})
    model_id = hashlib.sha256(repr(sorted(model.metadata_.items())).encode()).hexdigest()[:16]
    run_id = uuid.uuid4().hex[:12]
    con = store.connection
    opened = scored.filter(pl.col("resolution") == "open")
    with store.transaction():
        con.execute(
            "INSERT OR IGNORE INTO models (model_id, fitted_at, method, train_from, train_to, n_train, "
            "roc_auc, brier, calibration_error) VALUES (?, now(), ?, ?, ?, ?, ?, ?, ?)",
            [
                model_id,
                model.method,
                model.metadata_.get("train_from"),
                model.metadata_.get("train_to"),
                model.metadata_.get("n_train", 0),
                metrics.get("roc_auc"),
                metrics.get("brier"),
                metrics.get("calibration_error"),
            ],
        )
        con.execute(
            "INSERT INTO runs (run_id, made_at, shop, as_of, model_id, n_open) VALUES (?, now(), ?, ?, ?, ?)",
            [run_id, shop, as_of, model_id, opened.height],
        )
        moment = data_moment(scored)
        hours = (pl.lit(moment, pl.Datetime("us")) - pl.col("opened_at")).dt.total_seconds() / 3600
        stage = pl.col("stage").cast(pl.String)
        store.put(opened.select("dispute_id", *_PREDICTED, hours.alias("hours_open"), stage), "predicted")
        con.execute(
            f"INSERT INTO predictions (run_id, dispute_id, made_at, model_id, {', '.join(_PREDICTED)}, "
            f"hours_open, stage) SELECT ?, dispute_id, now(), ?, {', '.join(_PREDICTED)}, hours_open, stage "
            "FROM predicted",
            [run_id, model_id],
        )
    return run_id
