"""Ready-made column mappings for public dispute data.

Each is a :class:`~rightsguard.ColumnMapping`; copy one as the starting point
for a table of your own.
"""

from __future__ import annotations

from rightsguard.io._mapping import ColumnMapping

_CODE = r"- ([A-Z]\d{2}|[A-Z]{3})$"

NYC_MEDIATED_COMPLAINTS = ColumnMapping(
    columns={
        "opened_at": "Mediation Start Date",
        "closed_at": "Mediation Close Date",
        "reason": "Complaint Type",
        "goods_received": "Complaint Type",
        "category": "Industry",
        "outcome": "Complaint Result",
        "counterparty": "Business Name",
    },
    features={"business_state": "Business State"},
    extract={"reason": _CODE, "goods_received": _CODE, "outcome": _CODE, "category": r"^(.*?) - \d+$"},
    values={
        "reason": {
            "N01": "not_received",
            "N02": "not_received",
            "Non-Delivery Goods/Services": "not_received",
            "D01": "damaged",
            "D02": "quality",
            "Q01": "quality",
            "B04": "quality",
            "M01": "not_as_described",
            "A01": "not_as_described",
            "A02": "not_as_described",
            "B01": "not_as_described",
            "W01": "wrong_item",
            "E01": "no_reason_return",
            "R01": "no_reason_return",
        },
        "goods_received": {"N01": False, "N02": False, "D01": True, "D02": True, "W01": True},
        "outcome": {
            **dict.fromkeys(["AMT", "SPF", "BLR", "CRC", "GEX", "GRS", "SCR", "GDR"], "agreed"),
            "Cash Amount - Consumer Restitution from Escrow": "agreed",
            **dict.fromkeys(
                ["ATS", "RTH", "CTA", "RTO", "RMF", "ACJ", "NSA", "NVR", "NSP", "ULV", "OOB"],
                "escalated_unknown",
            ),
        },
    },
    unmapped={"goods_received": None},
    exclude={"outcome": ["NCR", "CIN", "CWC", "ULC"]},
    id_prefix="nyc-",
)
"""NYC Department of Consumer Affairs mediated complaints, 2014-12 to 2016.

Settlements (cash, refunds, repairs, exchanges, credit) are ``agreed``;
referrals to court or a hearing and failed mediations are ``escalated_unknown``
(the ruling is not recorded). Complaints that were no dispute outcome
(no consumer response, invalid, withdrawn by the consumer, consumer not found)
are rejected as out of scope. The business is the counterparty (its earlier
complaints and their outcomes are the strongest signal) and its state is a
feature of the source's own. The data has no evidence columns: evidence is
unknown throughout. Satisfaction and restitution are outcome-decided and not
mapped.
"""

SHIPPED: dict[str, ColumnMapping] = {"nyc-mediated-complaints": NYC_MEDIATED_COMPLAINTS}
"""The mappings above by the name the command line's ``--mapping`` takes."""
