"""rightsguard: score buyer disputes for negotiation likelihood, audit their
evidence and recommend whether to negotiate or escalate."""

from importlib.metadata import version

from rightsguard._evidence import DEFAULT_RULES, EvidenceRules, audit_evidence
from rightsguard._export import write_table
from rightsguard._load import load_disputes
from rightsguard._mapping import ColumnMapping
from rightsguard._model import NegotiationModel
from rightsguard._persist import UntrustedModelError, load_model, save_model
from rightsguard._policy import DEFAULT_POLICY, Policy, threshold_sweep
from rightsguard._quality import Quality, calibration_table, measure, quality_of
from rightsguard._readers import UnreadableFileError
from rightsguard._report import action_list, write_report
from rightsguard._schema import (
    CANONICAL_SCHEMA,
    OUTCOME_COLUMNS,
    OUTCOMES,
    REASONS,
    VOUCHERS,
    resolution_expr,
)
from rightsguard._score import SCORE_COLUMNS, InSampleWarning, evaluate_by_time, fit_model, score
from rightsguard._summary import ScoreSummary, summarise
from rightsguard._validation import SchemaError, ValidationResult, validate

__version__ = version("rightsguard")

__all__ = [
    "CANONICAL_SCHEMA",
    "DEFAULT_POLICY",
    "DEFAULT_RULES",
    "OUTCOMES",
    "OUTCOME_COLUMNS",
    "REASONS",
    "SCORE_COLUMNS",
    "VOUCHERS",
    "ColumnMapping",
    "EvidenceRules",
    "InSampleWarning",
    "NegotiationModel",
    "Policy",
    "Quality",
    "ScoreSummary",
    "SchemaError",
    "UnreadableFileError",
    "UntrustedModelError",
    "ValidationResult",
    "action_list",
    "audit_evidence",
    "calibration_table",
    "evaluate_by_time",
    "fit_model",
    "load_disputes",
    "load_model",
    "measure",
    "quality_of",
    "resolution_expr",
    "save_model",
    "score",
    "summarise",
    "threshold_sweep",
    "validate",
    "write_report",
    "write_table",
]
