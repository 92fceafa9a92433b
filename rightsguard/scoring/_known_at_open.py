"""The only columns a feature may read, each with why its value is known when a dispute opens.

A column decided by the outcome (``closed_at``, ``outcome``, a resolution time, 责任方,
satisfaction, restitution, …) is not here, so it cannot become a feature, whatever else the
frame holds.
"""

from __future__ import annotations

from rightsguard._schema import VOUCHERS, evidence_column

KNOWN_AT_OPEN: dict[str, str] = {
    "reason": "the buyer chooses it when opening the dispute",
    "goods_received": "the buyer states the goods status when opening the dispute",
    "refund_type": "the buyer asks for a refund only, a return or an exchange when opening",
    "amount": "the buyer enters the amount asked when opening the dispute (read only where "
    "the amount paid is unknown: an export shows the application as finally agreed)",
    "paid_amount": "what the buyer paid for the order, fixed before the dispute could open",
    "seller_response_hours": "the seller's first reply comes in the first hours, long before "
    "a ruling or an agreement",
    "instant_response": "是否零秒响应 records whether the seller's reply was instant, at the start",
    "after_sale": "售中或售后 is fixed by whether the order was complete when the dispute opened",
    "paid_at": "the order was paid before the dispute could open",
    "opened_at": "the moment the dispute opens",
    "category": "the item's category is fixed when it is listed",
    "reason_raw": "the buyer's own wording of the reason, chosen when opening the dispute",
    "counterparty": "who the dispute is with is known when it opens",
    "history_disputes": "counts the counterparty's disputes opened before this one",
    "history_closed": "counts the counterparty's disputes closed before this one opened",
    "history_negotiated": "counts those of them settled by negotiation: outcomes already known "
    "when this dispute opened, never its own or a later one",
    **{
        evidence_column(v): "vouchers the shop holds (shipping, purchase, packing, chat records) "
        "exist before or while the dispute opens; they are not decided by "
        "its outcome"
        for v in VOUCHERS
    },
}
"""Each column features may read, with why its value is known when a dispute opens."""


FEATURE_SOURCES: tuple[str, ...] = tuple(KNOWN_AT_OPEN)
"""The only canonical columns features are computed from (besides a source's declared
``extra_*`` columns, which the mapping and the fit-time leakage check vet)."""
