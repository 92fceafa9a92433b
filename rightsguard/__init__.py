"""rightsguard: score buyer disputes for negotiation likelihood, audit their
evidence and recommend whether to negotiate or escalate."""

from importlib.metadata import version

from rightsguard._load import load_disputes
from rightsguard._mapping import ColumnMapping
from rightsguard._readers import UnreadableFileError
from rightsguard._schema import (
    CANONICAL_SCHEMA,
    OUTCOME_COLUMNS,
    OUTCOMES,
    REASONS,
    VOUCHERS,
    resolution_expr,
)
from rightsguard._validation import SchemaError, ValidationResult, validate

__version__ = version("rightsguard")

__all__ = [
    "CANONICAL_SCHEMA",
    "OUTCOMES",
    "OUTCOME_COLUMNS",
    "REASONS",
    "VOUCHERS",
    "ColumnMapping",
    "SchemaError",
    "UnreadableFileError",
    "ValidationResult",
    "load_disputes",
    "resolution_expr",
    "validate",
]
