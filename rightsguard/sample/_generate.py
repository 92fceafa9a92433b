"""A seeded generator of plausible disputes with a known truth.

The process, in order, for each dispute:

1. **Shop, category and reason** are drawn from fixed mixes (:data:`REASON_MIX`);
   the reason sets how likely the goods arrived (a buyer who says the parcel
   never came rarely has it).
2. **Amount** is log-normal around a category median; **refund type** follows
   the goods status; **seller response time** is log-normal, sometimes
   unrecorded; the seller replied **instantly** (是否零秒响应) to 35% of
   disputes; payment came 0.2-25 days before the dispute; a dispute is after
   the sale (售后) when the goods arrived. A refund report (``evidence=
   "inventory"``) records no response time and no exchanges (its 是否需要退货
   says only whether goods go back), so there response times are unrecorded
   and the buyer asks for a refund only or a return; a fifth of its buyers ask
   back only part of what they paid (:data:`PART_ASK_PROBABILITY`).
3. **Evidence**: for each voucher, whether the seller holds it
   (:data:`HOLD_PROBABILITY`), and what can be observed of that. With
   ``evidence="records"`` each voucher was recorded (held or not) except 8%
   left unknown. With ``evidence="inventory"`` (the Taobao-style export) the
   shop began keeping its inventory a third of the way into the history
   (:data:`INVENTORY_FROM`) and since then has filed every dispute but a few
   (:data:`MISSED_PROBABILITY`), telling held from not held; the rest stay
   unknown except the delivery proof, which the export's waybill shows
   whenever the seller holds it. Absence is informative: for a fifth of its
   disputes the shop kept nothing at all (:data:`KEPT_NOTHING_PROBABILITY`),
   and a ledger lists only what is held, so a dispute it covers that holds
   nothing has no row.
4. **The true probability of a negotiated outcome** is a logistic function of
   what can be observed (:data:`TRUE_EFFECTS`): reason, goods status, each
   required voucher held (an unknown one counts a third), response time,
   instant response, amount and refund type. Which vouchers a dispute
   requires is the generator's own table (:data:`REQUIRED_WHEN_RECEIVED`,
   the seed's rules), not the library's configurable defaults.
5. **Outcome**: negotiated with that probability, then agreed (the seller
   refunds) with the reason's known share (:data:`NEGOTIATED_REFUND_SHARE`)
   or withdrawn (nothing refunded); otherwise the platform rules for the
   seller with the known chance ``1 / (1 + exp(1.5 - 3 * c))``, ``c`` the
   share of required vouchers the shop truly holds, whether or not its
   inventory records them: the seller submits what it holds (18% with none,
   82% with all). A negotiation takes a few days, a ruling a week or
   weeks (:data:`OPEN_HOURS_MEDIAN`), moving through the stages of a refund case
   (:mod:`rightsguard.sample._stages`); a dispute not closed by the data's end is
   open in the stage it has reached, with a deadline five days after opening, so
   the longer it has been open, and the further it has gone, the likelier it is to
   escalate. The truth of an open dispute is its chance given its stage and age
   (:func:`~rightsguard.sample._stages.p_given_stage`).

Because the truth is a function of the observable columns, the best any
model can do on this data is known exactly; tests compare the fitted model
(and the learned chance of winning a ruling) with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
import polars as pl

from rightsguard._schema import SCHEMA, VOUCHERS, evidence_column, resolution_expr
from rightsguard.sample._stages import STAGE_DAYS, draw_paths, p_given_stage, stage_at
from rightsguard.sample._truth import (
    OPEN_HOURS_MEDIAN,
    OPEN_HOURS_SPREAD,
    completeness_of,
    known_win_chance,
    required_matrix,
    win_chance,
)

REASON_MIX: dict[str, float] = {
    "not_received": 0.14,
    "late_shipment": 0.06,
    "not_as_described": 0.16,
    "damaged": 0.10,
    "quality": 0.15,
    "counterfeit": 0.03,
    "missing_items": 0.06,
    "wrong_item": 0.05,
    "no_reason_return": 0.10,
    "changed_mind": 0.07,
    "shipping_fee": 0.03,
    "invoice": 0.02,
    "other": 0.03,
}
CATEGORY_MEDIAN_AMOUNT: dict[str, float] = {
    "apparel": 90.0,
    "beauty": 120.0,
    "home": 180.0,
    "food": 45.0,
    "electronics": 400.0,
}
CATEGORY_MIX = (0.34, 0.18, 0.18, 0.12, 0.18)
SHOPS = ("shop_a", "shop_b", "shop_c")
RECEIVED_PROBABILITY: dict[str, float] = {"not_received": 0.05, "late_shipment": 0.15}
"""Chance the goods arrived, by reason; 0.92 for every other reason."""

HOLD_PROBABILITY: dict[str, float] = {
    "listing_comparison": 0.50,
    "carrier_receipt": 0.50,
    "purchase_voucher": 0.55,
    "packing_record": 0.45,
    "delivery_proof": 0.75,
    "signature_proof": 0.40,
    "chat_log": 0.70,
}
UNRECORDED_PROBABILITY = 0.08
"""With ``evidence="records"``: chance that a voucher's status was never recorded."""
INVENTORY_FROM = 1 / 3
"""With ``evidence="inventory"``: the share of the history (oldest first) before the shop kept
an inventory; those disputes' vouchers are unknown."""
MISSED_PROBABILITY = 0.02
"""With ``evidence="inventory"``: chance that a dispute since then was never filed."""
PART_ASK_PROBABILITY = 0.2
"""With ``evidence="inventory"``: chance that a buyer asks back only part of what they paid (a
missing accessory, a discount kept), so that the amount asked is below the amount paid."""
PART_ASK_RANGE = (0.3, 0.8)
"""The share of the payment such a buyer asks back, drawn uniformly."""
KEPT_NOTHING_PROBABILITY = 0.2
"""With ``evidence="inventory"``: chance that the shop kept no voucher at all for a dispute (a
busy week), so that a ledger row's absence means "not held"; otherwise each voucher is held
with its :data:`HOLD_PROBABILITY`."""
INSTANT_RESPONSE_PROBABILITY = 0.35

NEGOTIATED_REFUND_SHARE: dict[str, float] = {
    "not_received": 0.70,
    "late_shipment": 0.30,
    "not_as_described": 0.60,
    "damaged": 0.70,
    "quality": 0.60,
    "counterfeit": 0.80,
    "missing_items": 0.65,
    "wrong_item": 0.60,
    "no_reason_return": 0.85,
    "changed_mind": 0.50,
    "shipping_fee": 0.85,
    "invoice": 0.20,
    "other": 0.50,
}
"""Per reason, the expected share of the amount a negotiated settlement refunds: the buyer
withdraws (nothing) or the two agree on a refund (:data:`FULL_REFUND_PROBABILITY` of the
agreements refund all of it, the rest a part drawn from :data:`PARTIAL_REFUND_RANGE`)."""
FULL_REFUND_PROBABILITY = 0.7
PARTIAL_REFUND_RANGE = (0.4, 0.8)
MEAN_REFUND_FRACTION = FULL_REFUND_PROBABILITY + (1 - FULL_REFUND_PROBABILITY) * sum(PARTIAL_REFUND_RANGE) / 2
"""The average share of the amount an agreement refunds."""


TRUE_EFFECTS: dict[str, float] = {
    "intercept": 0.2,
    "not_received": -0.3,
    "late_shipment": 0.5,
    "not_as_described": -0.4,
    "damaged": 0.1,
    "quality": -0.6,
    "counterfeit": -1.3,
    "missing_items": 0.2,
    "wrong_item": 0.4,
    "no_reason_return": 1.1,
    "changed_mind": 1.4,
    "shipping_fee": 0.7,
    "invoice": 0.3,
    "other": 0.0,
    "goods_not_received": -0.3,
    "listing_comparison": 0.7,
    "carrier_receipt": 0.9,
    "purchase_voucher": 1.0,
    "packing_record": 0.8,
    "delivery_proof": 0.8,
    "signature_proof": 0.9,
    "chat_log": 0.7,
    "unknown_voucher_share": 1 / 3,
    "log_response_hours": -0.35,
    "log_amount": -0.25,
    "exchange": 0.4,
    "return_refund": -0.1,
    "instant_response": 0.6,
}
"""Log-odds effects of the true model; voucher effects count only when required."""

START = datetime(2025, 1, 1)
END = datetime(2026, 10, 31)


@dataclass(frozen=True)
class SampleData:
    """Generated canonical disputes and, separately, their truth.

    Attributes
    ----------
    disputes : polars.DataFrame
        Canonical disputes, evidence flags as observed.
    truth : polars.DataFrame
        ``dispute_id``, the true ``p_negotiated``, the true ``p_win_ruling``
        (from the vouchers the shop truly holds) and, for an agreement, the
        ``refund_fraction`` of the amount it refunded.
    held : polars.DataFrame
        ``dispute_id`` and, per voucher, whether the shop truly holds it.
    """

    disputes: pl.DataFrame
    truth: pl.DataFrame
    held: pl.DataFrame


def generate_disputes(n: int = 5000, seed: int = 20261126, *, evidence: str = "records") -> SampleData:
    """Generate ``n`` canonical disputes and their true negotiation probabilities.

    Parameters
    ----------
    n
        Number of disputes.
    seed
        Seed of the random generator; the same seed gives the same data.
    evidence
        ``"records"``: every voucher recorded, 8% unknown. ``"inventory"``:
        held vouchers as the shop's inventory and the export show them (see
        the module's step 3); what the shop truly holds, covered or not, is in
        ``SampleData.held``.

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
    report = evidence == "inventory"
    hours_known = rng.random(n) > (1.0 if report else 0.03)
    refund_type = np.where(
        received,
        rng.choice(
            ["return_refund", "refund_only", "exchange"],
            n,
            p=(0.6, 0.4, 0.0) if report else (0.6, 0.33, 0.07),
        ),
        "refund_only",
    )

    instant = rng.random(n) < INSTANT_RESPONSE_PROBABILITY
    paid_days_before = rng.uniform(0.2, 25.0, n)

    required = required_matrix(reason, received, received_known)
    held = {v: rng.random(n) < HOLD_PROBABILITY[v] for v in VOUCHERS}
    kept_nothing = KEPT_NOTHING_PROBABILITY if report else 0.0
    if report:
        nothing = rng.random(n) < kept_nothing
        held = {v: held[v] & ~nothing for v in VOUCHERS}
    if evidence == "records":
        recorded = {v: rng.random(n) > UNRECORDED_PROBABILITY for v in VOUCHERS}
    else:
        since = np.arange(n) >= INVENTORY_FROM * n  # disputes are drawn oldest first
        covered = since & (rng.random(n) > MISSED_PROBABILITY)
        recorded = {v: covered | (v == "delivery_proof") & held[v] for v in VOUCHERS}

    logit = TRUE_EFFECTS["intercept"] + np.array([TRUE_EFFECTS[r] for r in reason])
    logit += np.where(received_known & ~received, TRUE_EFFECTS["goods_not_received"], 0.0)
    for v in VOUCHERS:
        credit = np.where(recorded[v], held[v], TRUE_EFFECTS["unknown_voucher_share"])
        logit += required[v] * TRUE_EFFECTS[v] * credit
    logit += np.where(instant, TRUE_EFFECTS["instant_response"], 0.0)
    median_hours = float(np.median(hours))
    logit += TRUE_EFFECTS["log_response_hours"] * np.log1p(np.where(hours_known, hours, median_hours))
    logit += TRUE_EFFECTS["log_amount"] * (np.log(amount) - 5.0)
    logit += np.where(refund_type == "exchange", TRUE_EFFECTS["exchange"], 0.0)
    logit += np.where(refund_type == "return_refund", TRUE_EFFECTS["return_refund"], 0.0)
    p_negotiated = 1 / (1 + np.exp(-logit))

    span = (END - START).total_seconds()
    opened_offset = np.sort(rng.random(n)) * span
    opened = (np.datetime64(START, "s") + opened_offset.astype("timedelta64[s]")).astype("datetime64[us]")
    negotiated = rng.random(n) < p_negotiated
    seller_wins = rng.random(n) < win_chance(completeness_of(required, held))
    agreed_share = np.array([NEGOTIATED_REFUND_SHARE[r] for r in reasons])[_index(reasons, reason)]
    withdrawn = rng.random(n) >= agreed_share / MEAN_REFUND_FRACTION
    outcome = np.where(
        negotiated,
        np.where(withdrawn, "withdrawn", "agreed"),
        np.where(seller_wins, "platform_seller", "platform_buyer"),
    )
    resolution_hours = np.exp(
        rng.normal(np.log(np.where(negotiated, *OPEN_HOURS_MEDIAN)), np.where(negotiated, *OPEN_HOURS_SPREAD))
    )
    closed = opened + (resolution_hours * 3600).astype("timedelta64[s]").astype("timedelta64[us]")
    is_open = closed > np.datetime64(END, "s")
    hours_open = (np.datetime64(END, "s") - opened).astype("timedelta64[s]").astype(float) / 3600
    goes_back = refund_type != "refund_only"
    path = draw_paths(np.random.default_rng(seed + 11), negotiated, goes_back)  # its own stream
    stage, began = stage_at(path, hours_open, resolution_hours)
    p_now = np.where(is_open, p_given_stage(p_negotiated, stage, hours_open, goes_back), p_negotiated)
    since = opened + (began * 3600).astype("timedelta64[s]").astype("timedelta64[us]")
    due = since + np.timedelta64(STAGE_DAYS["awaiting_evidence"], "D").astype("timedelta64[us]")

    style = _skus(np.random.default_rng(seed + 7), category)  # its own stream: nothing else moves
    ids = [f"{2025_0000_0000_0000_000 + i * 7919:019d}" for i in range(n)]
    orders = [f"{2_500_000_000_000_000_000 + i * 104_729}" for i in range(n)]
    paid = opened - (paid_days_before * 86_400).astype("timedelta64[s]").astype("timedelta64[us]")
    deadline = opened + np.timedelta64(5, "D").astype("timedelta64[us]")
    disputes = (
        pl.DataFrame(
            {
                "dispute_id": ids,
                "order_id": orders,
                "shop": rng.choice(SHOPS, n),
                "counterparty": pl.Series([None] * n, dtype=pl.String),
                "paid_at": paid,
                "opened_at": opened,
                "deadline_at": _nullable(deadline, is_open),
                "closed_at": _nullable(closed, ~is_open),
                "reason": reason,
                "reason_raw": reason,
                "category": category,
                "item": [f"{ITEM_TITLES[c]} {k}号款" for c, k in zip(category, style)],
                "sku": [f"{c[:3].upper()}-{k:03d}" for c, k in zip(category, style)],
                "goods_received": _nullable(received, received_known),
                "refund_type": refund_type,
                "amount": amount,
                "paid_amount": amount,
                "seller_response_hours": _nullable(hours, hours_known),
                "instant_response": instant,
                "after_sale": _nullable(received, received_known),
                **{evidence_column(v): _nullable(held[v], recorded[v]) for v in VOUCHERS},
                "stage": stage.astype(str),
                "stage_since": _nullable(since, is_open),
                **{
                    c: pl.Series([None] * n, dtype=pl.String)
                    for c in ("refund_status", "cs_status", "liable_party", "refund_scope")
                },
                "proof_due_at": _nullable(due, stage == "awaiting_evidence"),
                "outcome": _nullable(outcome, ~is_open),
            }
        )
        .cast(pl.Schema(SCHEMA))
        .with_columns(resolution_expr())
    )
    unknown = {
        v: np.where(recorded[v], -1.0, 0.0 if report and v == "delivery_proof" else HOLD_PROBABILITY[v])
        for v in VOUCHERS
    }
    truth = pl.DataFrame(
        {
            "dispute_id": ids,
            "p_negotiated": np.round(p_now, 6),
            "p_win_ruling": np.round(
                known_win_chance(required, held, unknown, kept_nothing, HOLD_PROBABILITY), 6
            ),
            "p_at_opening": np.round(p_negotiated, 6),
            "hours_to_close": resolution_hours,
            "path": path,
        }
    )
    held_frame = pl.DataFrame({"dispute_id": ids, **{v: held[v] for v in VOUCHERS}})
    partial = rng.uniform(*PARTIAL_REFUND_RANGE, n)
    fraction = np.where(rng.random(n) < FULL_REFUND_PROBABILITY, 1.0, np.round(partial, 2))
    truth = truth.with_columns(_nullable(fraction, outcome == "agreed").alias("refund_fraction"))
    if report:  # drawn last: every other draw stays as it was
        asks_part = rng.random(n) < PART_ASK_PROBABILITY
        ask_share = np.round(rng.uniform(*PART_ASK_RANGE, n), 2)
        paid_amount = np.where(asks_part, np.round(amount / ask_share, 2), amount)
        disputes = disputes.with_columns(pl.Series("paid_amount", paid_amount, dtype=pl.Float64))
    return SampleData(disputes, truth, held_frame)


ITEM_TITLES: dict[str, str] = {
    "apparel": "女士连衣裙",
    "beauty": "保湿面霜",
    "home": "桌面收纳盒",
    "food": "每日坚果礼盒",
    "electronics": "蓝牙耳机",
}
"""How a shop titles its goods in each category (宝贝标题), before the style number."""
SKUS_PER_CATEGORY = 12


def _skus(rng: np.random.Generator, category: np.ndarray) -> np.ndarray:
    """A style number per dispute: a few styles of each category draw most disputes (Zipf)."""
    weights = 1 / np.arange(1, SKUS_PER_CATEGORY + 1)
    return rng.choice(np.arange(1, SKUS_PER_CATEGORY + 1), len(category), p=weights / weights.sum())


def _nullable(values: np.ndarray, known: np.ndarray) -> pl.Series:
    """``values`` as a series, null where not ``known``."""
    return pl.select(pl.when(pl.lit(pl.Series(known))).then(pl.lit(pl.Series(values)))).to_series()


def _index(vocabulary: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Position of each value in ``vocabulary``."""
    order = np.argsort(vocabulary)
    return order[np.searchsorted(vocabulary, values, sorter=order)]
