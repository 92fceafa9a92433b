"""``score``: the one function analysts import, and the run behind it.

One pass: attach the shop's evidence inventory, audit the evidence, score
the probability of a negotiated outcome (out of fold for past disputes),
learn the chance of winning a ruling, price the three options and write the
next step. The run keeps what the summary and the report need (the model,
the ruling chance, the held-out quality, the evidence coverage and every
reason to distrust the scores), so that nothing is scored or fitted twice.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from rightsguard._vocabulary import say
from rightsguard.decide._batch import SCORE_COLUMNS
from rightsguard.decide._policy import DEFAULT_POLICY, Policy
from rightsguard.decide._ruling import RulingChance, heldout_win_chance
from rightsguard.io._evidence import EvidenceCoverage
from rightsguard.io._load import Evidence, with_evidence
from rightsguard.scoring._methods import method_note
from rightsguard.scoring._model import NegotiationModel
from rightsguard.scoring._quality import Quality
from rightsguard.scoring._recalibrate import Recalibration
from rightsguard.scoring._rules import DEFAULT_RULES, EvidenceRules
from rightsguard.scoring._score import canonical, score_probabilities
from rightsguard.scoring._scored_by import heldout
from rightsguard.scoring._scorer import Progress
from rightsguard.scoring._trust import TrustTally, warn

UNKNOWN_EVIDENCE_NOTE = 0.5
"""Above this share of disputes with unrecorded vouchers, the run says what to supply."""


@dataclass(frozen=True)
class ScoringRun:
    """Everything one scoring pass produced.

    Attributes
    ----------
    scored : polars.DataFrame
        The disputes plus :data:`SCORE_COLUMNS`, in input order.
    model : NegotiationModel
        The supplied model, or the one fitted on all labelled disputes.
    ruling : RulingChance
        The chance of winning a ruling, learned or prior.
    policy : Policy
    quality : Quality or None
        Held-out quality: out of fold, or, for a supplied model, on labelled
        disputes opened after its training period.
    coverage : EvidenceCoverage or None
        What the evidence inventory covered, when one was given.
    problems : list of str
        Reasons to distrust the scores (also raised as :class:`ScoreTrustWarning`).
    notes : list of str
        What the user could supply to make the decision better.
    """

    scored: pl.DataFrame
    model: NegotiationModel
    ruling: RulingChance
    policy: Policy
    quality: Quality | None
    coverage: EvidenceCoverage | None
    problems: list[str]
    notes: list[str]

    @property
    def supplied_model(self) -> bool:
        """Whether the disputes were scored by a model passed in, not fitted here."""
        return not bool(self.scored.select(heldout().any()).item())


def score_run(
    disputes: pl.DataFrame | pl.LazyFrame,
    *,
    model: NegotiationModel | None = None,
    evidence: Evidence | None = None,
    method: str = "auto",
    rules: EvidenceRules = DEFAULT_RULES,
    policy: Policy = DEFAULT_POLICY,
    lang: str = "en",
    n_splits: int = 5,
    random_state: int = 0,
    min_category_count: int = 30,
    history: pl.DataFrame | None = None,
    recalibrate: bool = False,
    batch_size: int = 250_000,
    progress: Progress | None = None,
) -> ScoringRun:
    """Score, decide and keep everything the summary and report need; see :func:`score`."""
    frame = canonical(disputes)
    coverage = None
    if evidence is not None:
        frame, coverage = with_evidence(frame, evidence)
    probabilities = score_probabilities(
        frame, model=model, method=method, rules=rules, n_splits=n_splits,
        random_state=random_state, min_category_count=min_category_count, history=history,
        recalibrate=recalibrate, batch_size=batch_size, lang=lang, progress=progress)
    scored = probabilities.scored
    ruling = RulingChance.fit(scored)
    scored = scored.with_columns(heldout_win_chance(scored, ruling, n_splits, random_state))
    scored = policy.decide(scored, probabilities.rules, lang)
    tally = TrustTally(probabilities.model.metadata_).add(scored)
    quality = tally.quality()
    found = tally.warnings(quality, lang)
    warn(found, stacklevel=2)
    return ScoringRun(scored.select(*frame.columns, *SCORE_COLUMNS), probabilities.model, ruling,
                      policy, quality, coverage, [w.message for w in found],
                      _notes(scored, probabilities.model, coverage, probabilities.recalibration,
                             lang))


def score(
    disputes: pl.DataFrame | pl.LazyFrame,
    *,
    model: NegotiationModel | None = None,
    evidence: Evidence | None = None,
    method: str = "auto",
    rules: EvidenceRules = DEFAULT_RULES,
    policy: Policy = DEFAULT_POLICY,
    lang: str = "en",
    n_splits: int = 5,
    random_state: int = 0,
    min_category_count: int = 30,
    history: pl.DataFrame | None = None,
    recalibrate: bool = False,
    batch_size: int = 250_000,
    progress: Progress | None = None,
) -> pl.DataFrame:
    """Audit, score, explain and decide for every dispute.

    Parameters
    ----------
    disputes
        Canonical disputes (see :func:`rightsguard.load_disputes`), labelled
        and open. Never modified.
    model
        A fitted :class:`NegotiationModel` to score every dispute with (its
        own evidence rules are then used). When None, models are fitted here:
        out of fold for labelled disputes, on all labelled ones for open ones.
    evidence
        The shop's evidence inventory, or ledger files and evidence folders
        (see :func:`rightsguard.load_evidence`).
    method
        ``"auto"`` (the better of the two by held-out ROC AUC, said in the
        run's notes), ``"logistic"`` or ``"boosting"``, when fitting here.
    rules
        Voucher rules for the audit and the features, when fitting here.
    policy
        The costs of the refund / negotiate / escalate decision.
    lang
        ``"en"`` or ``"zh"``: the language of ``next_step`` and ``explanation``.
    n_splits, random_state
        Folds and seed of the out-of-fold scores.
    min_category_count
        Training disputes a category, a wording behind reason ``other`` or a
        level of a source feature column (``extra_*``) needs to get a feature
        of its own, when fitting here.
    history
        Other canonical disputes (say, earlier files of the same shop) that
        count in each counterparty's history without being scored.
    recalibrate
        With a supplied ``model``, recalibrate its probabilities on the
        labelled disputes opened after its training period (out of fold for
        those), for when outcomes have drifted since it was fitted.
    batch_size
        Disputes scored at once by a fitted model, to bound memory.
    progress
        Called with a short message at each stage (the CLI prints them).

    Returns
    -------
    polars.DataFrame
        The input columns plus :data:`SCORE_COLUMNS`, one row per input row,
        in input order: the evidence audit, ``p_negotiated`` with
        ``scored_by`` and ``fold``, the ``explanation``, ``p_win_ruling``, the
        expected cost of each option, the ``recommendation`` and ``next_step``.

    Warns
    -----
    ScoreTrustWarning
        For each reason to distrust the scores (near-chance AUC, no Brier
        skill, few labels, drift, most reasons ``other``).
    InSampleWarning
        When a supplied model's training period covers labelled disputes.
    """
    return score_run(
        disputes, model=model, evidence=evidence, method=method, rules=rules, policy=policy,
        lang=lang, n_splits=n_splits, random_state=random_state,
        min_category_count=min_category_count, history=history, recalibrate=recalibrate,
        batch_size=batch_size, progress=progress,
    ).scored


def _notes(scored: pl.DataFrame, model: NegotiationModel, coverage: EvidenceCoverage | None,
           recalibration: Recalibration | None, lang: str) -> list[str]:
    """Which method was kept, what the inventory covered, how scores were recalibrated and
    what to supply for a better decision."""
    unknown = scored.select((pl.col("unknown_vouchers").list.len() > 0).mean()).item() or 0.0
    notes = coverage.describe(lang) if coverage is not None else []
    chosen = method_note(model.metadata_, lang)
    if chosen:
        notes.insert(0, chosen)
    if recalibration is not None:
        notes.append(say("note_recalibrated", lang, n=recalibration.n_window,
                         start=recalibration.window_from, end=recalibration.window_to,
                         intercept=recalibration.intercept, slope=recalibration.slope))
    if unknown > UNKNOWN_EVIDENCE_NOTE:
        notes.append(say("note_unknown_evidence", lang, share=unknown))
    return notes
