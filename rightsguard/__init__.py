"""rightsguard: score buyer disputes for negotiation likelihood, audit their
evidence against the shop's own inventory, and recommend refunding now,
negotiating or escalating, by expected money.

Names are imported when first used (PEP 562), so that ``import rightsguard``
and the command line's ``--help`` start at once; scikit-learn, altair and the
spreadsheet writers load only when something needs them.
"""

import importlib as _importlib
from importlib.metadata import version as _version

_HOMES: dict[str, str] = {
    "CANONICAL_SCHEMA": "rightsguard._schema",
    "ColumnMapping": "rightsguard.io._mapping",
    "DEFAULT_POLICY": "rightsguard.decide._policy",
    "DEFAULT_RULES": "rightsguard.scoring._rules",
    "EvidenceCoverage": "rightsguard.io._coverage",
    "EvidenceInventory": "rightsguard.io._evidence",
    "EvidenceRules": "rightsguard.scoring._rules",
    "FitOptions": "rightsguard.scoring._fitting",
    "InSampleWarning": "rightsguard.scoring._trust",
    "LeakageError": "rightsguard.scoring._model",
    "ModelFileError": "rightsguard.scoring._persist",
    "NegotiationModel": "rightsguard.scoring._model",
    "OPTIONS": "rightsguard.decide._policy",
    "OUTCOMES": "rightsguard._schema",
    "OUTCOME_COLUMNS": "rightsguard._schema",
    "Policy": "rightsguard.decide._policy",
    "Quality": "rightsguard.scoring._quality",
    "ReadOptions": "rightsguard.io._load",
    "REASONS": "rightsguard._schema",
    "RulingChance": "rightsguard.decide._ruling",
    "SCORE_COLUMNS": "rightsguard.decide._batch",
    "SaltError": "rightsguard.io._counterparty",
    "SchemaError": "rightsguard._errors",
    "ScoreSummary": "rightsguard.present._summary",
    "ScoreTrustWarning": "rightsguard.scoring._trust",
    "ScoringRun": "rightsguard.decide._result",
    "UnmappedReasonWarning": "rightsguard.io._reasons",
    "UnreadableFileError": "rightsguard._errors",
    "UnsafeOutputError": "rightsguard.io._writers",
    "UntrustedModelError": "rightsguard.scoring._persist",
    "VOUCHERS": "rightsguard._schema",
    "VOUCHER_WORDS": "rightsguard.io._evidence",
    "ValidationResult": "rightsguard.io._validation",
    "action_plan": "rightsguard.present._plan",
    "what_if": "rightsguard.present._plan",
    "shop_comparison": "rightsguard.present._plan",
    "sku_table": "rightsguard.present._items",
    "attach_evidence": "rightsguard.io._evidence",
    "backtest": "rightsguard.decide._backtest",
    "ingest": "rightsguard.store._ingest",
    "export_store": "rightsguard.store._export",
    "score_store": "rightsguard.store._runs",
    "track_record": "rightsguard.store._track",
    "read_store": "rightsguard.store._connect",
    "record": "rightsguard.store._decisions",
    "audit_evidence": "rightsguard.scoring._rules",
    "evaluate_by_time": "rightsguard.scoring._score",
    "explain": "rightsguard.present._why",
    "fit_model": "rightsguard.scoring._score",
    "labels_of": "rightsguard.scoring._model",
    "load_disputes": "rightsguard.io._load",
    "load_disputes_lenient": "rightsguard.io._load",
    "load_evidence": "rightsguard.io._evidence",
    "load_model": "rightsguard.scoring._persist",
    "measure": "rightsguard.scoring._quality",
    "plan_for_people": "rightsguard.present._plan",
    "quality_of": "rightsguard.scoring._quality",
    "read_salt": "rightsguard.io._counterparty",
    "save_model": "rightsguard.scoring._persist",
    "score": "rightsguard.decide._run",
    "summarise": "rightsguard.present._summary",
    "threshold_sweep": "rightsguard.decide._policy",
    "validate": "rightsguard.io._validation",
    "with_history": "rightsguard.scoring._history",
    "write_plan_xlsx": "rightsguard.present._plan",
    "write_report": "rightsguard.present._report",
    "write_table": "rightsguard.io._writers",
}
"""Each public name and the module that defines it."""

__version__ = _version("rightsguard")

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
    "FitOptions",
    "InSampleWarning",
    "LeakageError",
    "ModelFileError",
    "NegotiationModel",
    "Policy",
    "Quality",
    "ReadOptions",
    "RulingChance",
    "SaltError",
    "SchemaError",
    "ScoreSummary",
    "ScoreTrustWarning",
    "ScoringRun",
    "UnmappedReasonWarning",
    "UnreadableFileError",
    "UnsafeOutputError",
    "UntrustedModelError",
    "ValidationResult",
    "action_plan",
    "shop_comparison",
    "sku_table",
    "what_if",
    "attach_evidence",
    "audit_evidence",
    "backtest",
    "ingest",
    "export_store",
    "score_store",
    "track_record",
    "read_store",
    "record",
    "evaluate_by_time",
    "explain",
    "fit_model",
    "labels_of",
    "load_disputes",
    "load_disputes_lenient",
    "load_evidence",
    "load_model",
    "measure",
    "plan_for_people",
    "quality_of",
    "read_salt",
    "save_model",
    "score",
    "summarise",
    "threshold_sweep",
    "validate",
    "with_history",
    "write_plan_xlsx",
    "write_report",
    "write_table",
]


def __getattr__(name: str) -> object:
    """Import a public name from its module on first use, and keep it."""
    if name not in _HOMES:
        raise AttributeError(f"module 'rightsguard' has no attribute {name!r}")
    value = getattr(_importlib.import_module(_HOMES[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The public names and the version: what ``dir(rightsguard)`` and completion offer."""
    return sorted({*__all__, "__version__"})
