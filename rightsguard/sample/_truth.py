"""The generator's known truth: which vouchers each dispute needs, the chance of winning a ruling
given what is held (and its expectation over what nobody recorded), and how long each kind of
dispute stays open. The truth keeps its own copy of the seed's
voucher rules, so that the library's rules are tested against it, not with it.
"""

from __future__ import annotations

import numpy as np

from rightsguard._schema import VOUCHERS

RULING_INTERCEPT, RULING_SLOPE = -1.5, 3.0
"""The known chance of winning a ruling: logistic in the share of required vouchers held."""
REQUIRED_WHEN_RECEIVED: dict[str, tuple[str, ...]] = {
    "not_as_described": ("listing_comparison",),
    "damaged": ("carrier_receipt",),
    "quality": ("purchase_voucher",),
    "counterfeit": ("purchase_voucher",),
    "missing_items": ("packing_record",),
    "wrong_item": ("packing_record",),
}


REQUIRED_WHEN_NOT_RECEIVED: tuple[str, ...] = ("delivery_proof", "signature_proof")


REQUIRED_ALWAYS: tuple[str, ...] = ("chat_log",)
"""The seed's voucher rules as the generator's truth; unknown goods status needs both sides'."""


OPEN_HOURS_MEDIAN = (60.0, 240.0)
"""Median hours a negotiated and an escalated dispute stay open (log-normal)."""


OPEN_HOURS_SPREAD = (0.9, 0.7)
"""Standard deviation of the log of those hours, negotiated and escalated."""


def win_chance(completeness: np.ndarray) -> np.ndarray:
    """The generator's known chance that a ruling goes to the seller."""
    return 1 / (1 + np.exp(-(RULING_INTERCEPT + RULING_SLOPE * completeness)))


def known_win_chance(
    required: dict, held: dict, unknown: dict, kept_nothing: float = 0.0, hold: dict[str, float] | None = None
) -> np.ndarray:
    """The chance of winning a ruling given what the disputes' records show.

    ``unknown[v]`` is, per dispute, the chance that a voucher nobody recorded
    is held (-1 where it is recorded; 0 where the records would show it if it
    were held): the expectation of :func:`win_chance` over the unrecorded
    vouchers, each held independently with its chance, given that the shop
    kept something for the dispute. A shop keeps nothing at all for a share
    ``kept_nothing`` of its disputes; ``hold[v]`` is then the chance of holding
    ``v`` when it kept something, and what the records show (a voucher held, or
    ones seen missing) weighs the two cases by Bayes' rule.
    """
    n = len(next(iter(required.values())))
    needed = sum(required[v].astype(int) for v in VOUCHERS)
    have = sum((required[v] & (unknown[v] < 0) & held[v]).astype(int) for v in VOUCHERS)
    count = np.zeros((n, len(VOUCHERS) + 1))  # chance that k of the unrecorded ones are held
    count[:, 0] = 1.0
    for v in VOUCHERS:
        q = np.where(required[v] & (unknown[v] >= 0), unknown[v], 0.0)[:, None]
        count = count * (1 - q) + np.pad(count[:, :-1], ((0, 0), (1, 0))) * q
    held_total = have[:, None] + np.arange(len(VOUCHERS) + 1)
    share = np.where(needed[:, None] > 0, held_total / np.maximum(needed, 1)[:, None], 1.0)
    kept_something = (count * win_chance(share)).sum(axis=1)
    if not kept_nothing or hold is None:  # the shop keeps something for every dispute
        return kept_something
    seen_held = np.logical_or.reduce([(unknown[v] < 0) & held[v] for v in VOUCHERS])
    seen_missing = np.prod(
        [np.where((unknown[v] == 0) | (unknown[v] < 0) & ~held[v], 1 - hold[v], 1.0) for v in VOUCHERS],
        axis=0,
    )
    nothing = np.where(seen_held, 0.0, kept_nothing / (kept_nothing + (1 - kept_nothing) * seen_missing))
    return nothing * win_chance(np.where(needed > 0, 0.0, 1.0)) + (1 - nothing) * kept_something


def required_matrix(reason: np.ndarray, received: np.ndarray, known: np.ndarray) -> dict[str, np.ndarray]:
    """Whether each voucher is required, by the generator's own copy of the seed's rules."""
    maybe_received, maybe_not = ~known | received, ~known | ~received
    return {
        v: (v in REQUIRED_ALWAYS)
        | maybe_not & (v in REQUIRED_WHEN_NOT_RECEIVED)
        | maybe_received & np.isin(reason, [r for r, vs in REQUIRED_WHEN_RECEIVED.items() if v in vs])
        for v in VOUCHERS
    }


def completeness_of(required: dict, held: dict) -> np.ndarray:
    """Share of required vouchers the shop holds."""
    needed = sum(required[v].astype(int) for v in VOUCHERS)
    have = sum((required[v] & held[v]).astype(int) for v in VOUCHERS)
    return np.where(needed > 0, have / np.maximum(needed, 1), 1.0)
