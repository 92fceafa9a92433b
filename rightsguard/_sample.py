"""A seeded generator of plausible disputes with a known truth.

The process, in order, for each dispute:

1. **Shop, category and reason** are drawn from fixed mixes (:data:`REASON_MIX`);
   the reason sets how likely the goods arrived (a buyer who says the parcel
   never came rarely has it).
2. **Amount** is log-normal around a category median; **refund type** follows
   the goods status; **seller response time** is log-normal, sometimes
   unrecorded.
3. **Evidence**: for each voucher, whether the seller recorded it as held,
   missing or not recorded (unknown), with odds that depend on the reason
   (:data:`HOLD_PROBABILITY`).
4. **The true probability of a negotiated outcome** is a logistic function of
   what was recorded (:data:`TRUE_EFFECTS`): reason, goods status, each
   required voucher held (an unknown one counts a third), the chat log,
   response time, amount and refund type.
5. **Outcome**: negotiated with that probability (withdrawn or agreed);
   otherwise the platform rules, for the seller more often when the required
   evidence is complete. Disputes opened in the last three weeks are still open.

Because the truth is a function of the recorded columns, the best any model
can do on this data is known exactly; tests compare the fitted model with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
import polars as pl

from rightsguard._evidence import DEFAULT_RULES
from rightsguard._schema import SCHEMA, VOUCHERS, evidence_column, resolution_expr

REASON_MIX: dict[str, float] = {
    "not_received": 0.14, "late_shipment": 0.06, "not_as_described": 0.16,
    "damaged": 0.10, "quality": 0.15, "counterfeit": 0.03, "missing_items": 0.06,
    "wrong_item": 0.05, "no_reason_return": 0.10, "changed_mind": 0.07,
    "shipping_fee": 0.03, "invoice": 0.02, "other": 0.03,
}
CATEGORY_MEDIAN_AMOUNT: dict[str, float] = {
    "apparel": 90.0, "beauty": 120.0, "home": 180.0, "food": 45.0, "electronics": 400.0,
}
CATEGORY_MIX = (0.34, 0.18, 0.18, 0.12, 0.18)
SHOPS = ("shop_a", "shop_b", "shop_c")
RECEIVED_PROBABILITY: dict[str, float] = {"not_received": 0.05, "late_shipment": 0.15}
"""Chance the goods arrived, by reason; 0.92 for every other reason."""

HOLD_PROBABILITY: dict[str, float] = {
    "listing_comparison": 0.50, "carrier_receipt": 0.50, "purchase_voucher": 0.55,
    "packing_record": 0.45, "delivery_proof": 0.75, "signature_proof": 0.40,
    "chat_log": 0.70,
}
UNRECORDED_PROBABILITY = 0.08
"""Chance that a voucher's status was never recorded (unknown)."""

TRUE_EFFECTS: dict[str, float] = {
    "intercept": 0.2,
    "not_received": -0.3, "late_shipment": 0.5, "not_as_described": -0.4, "damaged": 0.1,
    "quality": -0.6, "counterfeit": -1.3, "missing_items": 0.2, "wrong_item": 0.4,
    "no_reason_return": 1.1, "changed_mind": 1.4, "shipping_fee": 0.7, "invoice": 0.3,
    "other": 0.0,
    "goods_not_received": -0.3,
    "listing_comparison": 0.7, "carrier_receipt": 0.9, "purchase_voucher": 1.0,
    "packing_record": 0.8, "delivery_proof": 0.8, "signature_proof": 0.9, "chat_log": 0.7,
    "unknown_voucher_share": 1 / 3,
    "log_response_hours": -0.35, "log_amount": -0.25, "exchange": 0.4, "return_refund": -0.1,
}
"""Log-odds effects of the true model; voucher effects count only when required."""

START = datetime(2025, 1, 1)
END = datetime(2026, 10, 31)
OPEN_WINDOW_DAYS = 21


@dataclass(frozen=True)
class SampleData:
    """Generated canonical disputes and, separately, their true probabilities."""

    disputes: pl.DataFrame
    truth: pl.DataFrame


def generate_disputes(n: int = 5000, seed: int = 20261126) -> SampleData:
    """Generate ``n`` canonical disputes and their true negotiation probabilities.

    Parameters
    ----------
    n
        Number of disputes.
    seed
        Seed of the random generator; the same seed gives the same data.

    Returns
    -------
    SampleData
    """
    rng = np.random.default_rng(seed)
    reasons = np.array(list(REASON_MIX))
    reason = rng.choice(reasons, n, p=np.array(list(REASON_MIX.values())))
    categories = np.array(list(CATEGORY_MEDIAN_AMOUNT))
    category = rng.choice(categories, n, p=CATEGORY_MIX)
    p_received = np.array([RECEIVED_PROBABILITY.get(r, 0.92) for r in reasons])
    received = rng.random(n) < p_received[_index(reasons, reason)]
    received_known = rng.random(n) > 0.04
    medians = np.array(list(CATEGORY_MEDIAN_AMOUNT.values()))[_index(categories, category)]
    amount = np.round(medians * np.exp(rng.normal(0, 0.8, n)), 2)
    hours = np.round(np.exp(rng.normal(1.3, 1.0, n)), 2)
    hours_known = rng.random(n) > 0.03
    refund_type = np.where(
        received,
        rng.choice(["return_refund", "refund_only", "exchange"], n, p=(0.6, 0.33, 0.07)),
        "refund_only",
    )

    required = _required_matrix(reason, _nullable(received, received_known))
    held = {v: rng.random(n) < HOLD_PROBABILITY[v] for v in VOUCHERS}
    recorded = {v: rng.random(n) > UNRECORDED_PROBABILITY for v in VOUCHERS}

    logit = TRUE_EFFECTS["intercept"] + np.array([TRUE_EFFECTS[r] for r in reason])
    logit += np.where(received_known & ~received, TRUE_EFFECTS["goods_not_received"], 0.0)
    for v in VOUCHERS:
        credit = np.where(recorded[v], held[v], TRUE_EFFECTS["unknown_voucher_share"])
        logit += required[v] * TRUE_EFFECTS[v] * credit
    median_hours = float(np.median(hours))
    logit += TRUE_EFFECTS["log_response_hours"] * np.log1p(np.where(hours_known, hours, median_hours))
    logit += TRUE_EFFECTS["log_amount"] * (np.log(amount) - 5.0)
    logit += np.where(refund_type == "exchange", TRUE_EFFECTS["exchange"], 0.0)
    logit += np.where(refund_type == "return_refund", TRUE_EFFECTS["return_refund"], 0.0)
    p_negotiated = 1 / (1 + np.exp(-logit))

    span = (END - START).total_seconds()
    opened_offset = np.sort(rng.random(n)) * span
    opened = (np.datetime64(START, "s") + opened_offset.astype("timedelta64[s]")).astype("datetime64[us]")
    is_open = opened > np.datetime64(END, "s") - np.timedelta64(OPEN_WINDOW_DAYS, "D")
    negotiated = rng.random(n) < p_negotiated
    completeness = _completeness(required, held, recorded)
    withdrawn = rng.random(n) < 0.45 + 0.3 * completeness
    seller_wins = rng.random(n) < 1 / (1 + np.exp(1.5 - 3.0 * completeness))
    outcome = np.where(
        negotiated,
        np.where(withdrawn, "withdrawn", "agreed"),
        np.where(seller_wins, "platform_seller", "platform_buyer"),
    )
    resolution_hours = np.exp(rng.normal(np.where(negotiated, np.log(48), np.log(24 * 7)), 0.5))
    closed = opened + (resolution_hours * 3600).astype("timedelta64[s]").astype("timedelta64[us]")

    ids = [f"{2025_0000_0000_0000_000 + i * 7919:019d}" for i in range(n)]
    orders = [f"{2_500_000_000_000_000_000 + i * 104_729}" for i in range(n)]
    disputes = pl.DataFrame(
        {
            "dispute_id": ids,
            "order_id": orders,
            "shop": rng.choice(SHOPS, n),
            "opened_at": opened,
            "closed_at": _nullable(closed, ~is_open),
            "reason": reason,
            "reason_raw": reason,
            "category": category,
            "goods_received": _nullable(received, received_known),
            "refund_type": refund_type,
            "amount": amount,
            "seller_response_hours": _nullable(hours, hours_known),
            **{evidence_column(v): _nullable(held[v], recorded[v]) for v in VOUCHERS},
            "outcome": _nullable(outcome, ~is_open),
        }
    ).cast(SCHEMA).with_columns(resolution_expr())
    truth = pl.DataFrame({"dispute_id": ids, "p_negotiated": np.round(p_negotiated, 6)})
    return SampleData(disputes, truth)


def _nullable(values: np.ndarray, known: np.ndarray) -> pl.Series:
    """``values`` as a series, null where not ``known``."""
    return pl.select(pl.when(pl.lit(pl.Series(known))).then(pl.lit(pl.Series(values)))).to_series()


def _index(vocabulary: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Position of each value in ``vocabulary``."""
    order = np.argsort(vocabulary)
    return order[np.searchsorted(vocabulary, values, sorter=order)]


def _required_matrix(reason: np.ndarray, received: pl.Series) -> dict[str, np.ndarray]:
    """Whether each voucher is required, by the default evidence rules."""
    frame = pl.DataFrame({"reason": reason, "goods_received": received})
    flags = DEFAULT_RULES.required_flags(frame.lazy()).collect()
    return {v: flags[v].to_numpy().astype(bool) for v in VOUCHERS}


def _completeness(required: dict, held: dict, recorded: dict) -> np.ndarray:
    """Share of required vouchers recorded as held."""
    needed = sum(required[v].astype(int) for v in VOUCHERS)
    have = sum((required[v] & recorded[v] & held[v]).astype(int) for v in VOUCHERS)
    return np.where(needed > 0, have / np.maximum(needed, 1), 1.0)

