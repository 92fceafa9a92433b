"""rightsguard: score buyer disputes for negotiation likelihood, audit their
evidence against the shop's own inventory, and recommend refunding now,
negotiating or escalating, by expected money."""

from importlib.metadata import version

from rightsguard._errors import SchemaError, UnreadableFileError
from rightsguard._schema import (
    CANONICAL_SCHEMA,
    OUTCOME_COLUMNS,
    OUTCOMES,
    REASONS,
    VOUCHERS,
    resolution_expr,
)
from rightsguard.decide._policy import DEFAULT_POLICY, OPTIONS, Policy, threshold_sweep
from rightsguard.decide._ruling import RulingChance
from rightsguard.decide._run import SCORE_COLUMNS, ScoringRun, score, score_run
from rightsguard.io._evidence import (
    VOUCHER_WORDS,
    EvidenceCoverage,
    EvidenceInventory,
    attach_evidence,
    load_evidence,
)
from rightsguard.io._load import load_disputes, load_disputes_lenient
from rightsguard.io._mapping import ColumnMapping
from rightsguard.io._validation import ValidationResult, validate
from rightsguard.io._writers import UnsafeOutputError, write_table
from rightsguard.present._report import action_list, render_report, write_report
from rightsguard.present._summary import ScoreSummary, summarise
from rightsguard.scoring._model import NegotiationModel, labels_of
from rightsguard.scoring._persist import ModelFileError, UntrustedModelError, load_model, save_model
from rightsguard.scoring._quality import Quality, calibration_table, measure, quality_of
from rightsguard.scoring._rules import DEFAULT_RULES, EvidenceRules, audit_evidence
from rightsguard.scoring._score import InSampleWarning, evaluate_by_time, fit_model
from rightsguard.scoring._trust import ScoreTrustWarning

__version__ = version("rightsguard")

__all__ = [
    "CANONICAL_SCHEMA",
    "DEFAULT_POLICY",
    "DEFAULT_RULES",
    "OPTIONS",
    "OUTCOMES",
    "OUTCOME_COLUMNS",
    "REASONS",
    "SCORE_COLUMNS",
    "VOUCHERS",
    "VOUCHER_WORDS",
    "ColumnMapping",
    "EvidenceCoverage",
    "EvidenceInventory",
    "EvidenceRules",
    "InSampleWarning",
    "ModelFileError",
    "NegotiationModel",
    "Policy",
    "Quality",
    "RulingChance",
    "ScoreSummary",
    "ScoreTrustWarning",
    "SchemaError",
    "ScoringRun",
    "UnreadableFileError",
    "UnsafeOutputError",
    "UntrustedModelError",
    "ValidationResult",
    "action_list",
    "attach_evidence",
    "audit_evidence",
    "calibration_table",
    "evaluate_by_time",
    "fit_model",
    "labels_of",
    "load_disputes",
    "load_disputes_lenient",
    "load_evidence",
    "load_model",
    "measure",
    "quality_of",
    "render_report",
    "resolution_expr",
    "save_model",
    "score",
    "score_run",
    "summarise",
    "threshold_sweep",
    "validate",
    "write_report",
    "write_table",
]
