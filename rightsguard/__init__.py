"""rightsguard: score buyer disputes for negotiation likelihood, audit their
evidence against the shop's own inventory, and recommend refunding now,
negotiating or escalating, by expected money.

The top level holds what an analyst types on the first day: ``score``, the
loaders, ``explain``, ``action_plan``, the options and the errors. The rest
lives in namespaces, each with its page in ``docs/``: ``rightsguard.store``
(the shop's memory), ``rightsguard.evidence`` (the shop's vouchers),
``rightsguard.plan`` (the week's plan and its tables), ``rightsguard.scoring``
(the models), ``rightsguard.charts``, ``rightsguard.mappings`` and
``rightsguard.spark``.

Names are imported when first used (PEP 562), so that ``import rightsguard``
and the command line's ``--help`` start at once; scikit-learn, altair and the
spreadsheet writers load only when something needs them.
"""

from importlib.metadata import version as _version

from rightsguard._lazy import lazy_names as _lazy_names

_NAMESPACES = ("store", "evidence", "plan", "scoring", "charts", "mappings", "spark")
"""The namespaces, each a module of its own: ``rg.store.ingest``."""

_HOMES: dict[str, str] = {
    "score": "rightsguard.engine._run",
    "ScoringRun": "rightsguard.engine._result",
    "FitOptions": "rightsguard.scoring._fitting",
    "ReadOptions": "rightsguard.io._load",
    "load_disputes": "rightsguard.io._load",
    "load_disputes_lenient": "rightsguard.io._load",
    "validate": "rightsguard.io._validation",
    "ValidationResult": "rightsguard.io._validation",
    "ColumnMapping": "rightsguard.io._mapping",
    "read_salt": "rightsguard.io._counterparty",
    "Policy": "rightsguard.decide._policy",
    "DEFAULT_POLICY": "rightsguard.decide._policy",
    "RulingChance": "rightsguard.decide._ruling",
    "backtest": "rightsguard.decide._backtest",
    "explain": "rightsguard.present._why",
    "action_plan": "rightsguard.present._plan",
    "what_if": "rightsguard.present._plan",
    "summarise": "rightsguard.present._summary",
    "ScoreSummary": "rightsguard.present._summary",
    "write_report": "rightsguard.present._report",
    "write_table": "rightsguard.io._writers",
    "CANONICAL_SCHEMA": "rightsguard._schema",
    "OUTCOMES": "rightsguard._schema",
    "OUTCOME_COLUMNS": "rightsguard._schema",
    "REASONS": "rightsguard._schema",
    "VOUCHERS": "rightsguard._schema",
    "OPTIONS": "rightsguard.decide._options",
    "SCORE_COLUMNS": "rightsguard.engine._batch",
    "SchemaError": "rightsguard._errors",
    "UnreadableFileError": "rightsguard._errors",
    "UnsafeOutputError": "rightsguard.io._atomic",
    "LeakageError": "rightsguard.scoring._leakage",
    "ModelFileError": "rightsguard.scoring._persist",
    "UntrustedModelError": "rightsguard.scoring._persist",
    "SaltError": "rightsguard.io._counterparty",
    "ScoreTrustWarning": "rightsguard.scoring._trust",
    "InSampleWarning": "rightsguard.scoring._trust",
    "UnmappedReasonWarning": "rightsguard.io._reasons",
    **{name: f"rightsguard.{name}" for name in _NAMESPACES},
}
"""Each public name and the module that defines it (a namespace is its own module)."""

_MOVED: dict[str, str] = {
    **{n: "rightsguard.store" for n in ("ingest", "score_store", "record", "track_record", "read_store")},
    "export_store": "rightsguard.store",
    **{n: "rightsguard.evidence" for n in ("load_evidence", "attach_evidence", "audit_evidence")},
    **{n: "rightsguard.evidence" for n in ("EvidenceInventory", "EvidenceCoverage", "EvidenceRules")},
    **{n: "rightsguard.evidence" for n in ("DEFAULT_RULES", "VOUCHER_WORDS")},
    **{n: "rightsguard.plan" for n in ("plan_for_people", "plan_table", "write_plan_xlsx")},
    **{n: "rightsguard.plan" for n in ("threshold_sweep", "sku_table", "reason_table", "shop_comparison")},
    **{n: "rightsguard.scoring" for n in ("fit_model", "evaluate_by_time", "labels_of", "with_history")},
    **{n: "rightsguard.scoring" for n in ("save_model", "load_model", "NegotiationModel")},
    **{n: "rightsguard.scoring" for n in ("quality_of", "measure", "Quality")},
}
"""Names the top level held before the namespaces, and where each went (asking is told)."""

__version__ = _version("rightsguard")

__all__ = list(_HOMES)

__getattr__, _dir = _lazy_names(__name__, _HOMES, _MOVED)


def __dir__() -> list[str]:
    """The public names and the version: what ``dir(rightsguard)`` and completion offer."""
    return sorted({*_dir(), "__version__"})
