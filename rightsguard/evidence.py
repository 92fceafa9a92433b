"""The shop's own vouchers: ledgers and evidence folders read, joined to the disputes they
cover, and audited against what each reason needs (docs/evidence.md).

>>> import rightsguard as rg
>>> inventory = rg.evidence.load_evidence(["凭证台账.csv", "凭证/"])  # doctest: +SKIP
>>> run = rg.score("退款报表.csv", evidence=inventory)  # doctest: +SKIP
"""

from rightsguard._lazy import lazy_names

_HOMES: dict[str, str] = {
    "load_evidence": "rightsguard.io._evidence",
    "attach_evidence": "rightsguard.io._attach",
    "audit_evidence": "rightsguard.scoring._rules",
    "EvidenceInventory": "rightsguard.io._evidence",
    "EvidenceCoverage": "rightsguard.io._coverage",
    "EvidenceRules": "rightsguard.scoring._rules",
    "DEFAULT_RULES": "rightsguard.scoring._rules",
    "VOUCHER_WORDS": "rightsguard.io._evidence",
}
"""Each public name and the module that defines it."""

__all__ = list(_HOMES)
__getattr__, __dir__ = lazy_names(__name__, _HOMES)
