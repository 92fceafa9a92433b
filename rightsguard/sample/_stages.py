"""How the generator's cases move through the stages of a refund case, and the truth of an
open case given where it stands.

Each case follows one path (:data:`PATHS`), drawn by how it will end and whether goods
go back (any refund type but ``refund_only``): a negotiated case mostly waits for the
seller and closes; some wait for a return first, some are refused and settled after; an
escalated case is refused, customer service is asked, intervenes and asks for evidence.
Each stage starts at a fixed share of the case's whole time open (log-normal, as
:data:`~rightsguard.sample._truth.OPEN_HOURS_MEDIAN` says), so the chance of being in a
stage at an age has a closed form, and so has the truth of an open case given its stage
and age (Bayes' rule over the two kinds: :func:`p_given_stage`). In a customer-service
stage it is zero: such a case ends in a ruling.
"""

from __future__ import annotations

from datetime import timedelta

import numpy as np
from scipy.special import ndtr

from rightsguard.sample._truth import OPEN_HOURS_MEDIAN, OPEN_HOURS_SPREAD

CS_PATH = (
    ("awaiting_seller", 0.0),
    ("seller_refused", 0.1),
    ("cs_requested", 0.25),
    ("cs_intervening", 0.35),
    ("awaiting_evidence", 0.6),
)
PATHS: tuple[tuple[bool, bool, float, tuple[tuple[str, float], ...]], ...] = (
    (True, False, 0.75, (("awaiting_seller", 0.0),)),
    (True, False, 0.25, (("awaiting_seller", 0.0), ("seller_refused", 0.4))),
    (True, True, 0.30, (("awaiting_seller", 0.0),)),
    (True, True, 0.50, (("awaiting_seller", 0.0), ("awaiting_return", 0.25), ("return_arrived", 0.75))),
    (True, True, 0.20, (("awaiting_seller", 0.0), ("seller_refused", 0.4))),
    (False, False, 1.0, CS_PATH),
    (False, True, 0.5, CS_PATH),
    (
        False,
        True,
        0.5,
        (
            ("awaiting_seller", 0.0),
            ("awaiting_return", 0.08),
            ("return_arrived", 0.16),
            ("seller_refused", 0.24),
            ("cs_requested", 0.32),
            ("cs_intervening", 0.42),
            ("awaiting_evidence", 0.65),
        ),
    ),
)
"""(negotiated, goods go back, chance among such cases, ((stage, start as a share of the
time open), ...)) of every path."""

STAGE_DAYS: dict[str, int] = {
    "awaiting_seller": 2,
    "awaiting_return": 7,
    "return_arrived": 10,
    "seller_refused": 7,
    "cs_requested": 3,
    "cs_intervening": 5,
    "awaiting_evidence": 3,
}
"""Days from entering a stage to its 超时时间 (举证超时 for ``awaiting_evidence``)."""

STAGE_WORDS: dict[str, tuple[str, str]] = {
    "awaiting_seller": ("不需客服介入", "买家已经申请退款，等待卖家同意"),
    "awaiting_return": ("不需客服介入", "卖家已经同意退款，等待买家退货"),
    "return_arrived": ("不需客服介入", "买家已经退货，等待卖家确认收货"),
    "seller_refused": ("不需客服介入", "卖家拒绝退款"),
    "cs_requested": ("需要客服介入", "卖家拒绝退款"),
    "cs_intervening": ("客服已经介入", "卖家拒绝退款"),
    "awaiting_evidence": ("待卖家举证", "卖家拒绝退款"),
}
"""How the 2017 report words an open case in each stage: (客服介入状态, 退款状态)."""


def draw_paths(rng: np.random.Generator, negotiated: np.ndarray, goes_back: np.ndarray) -> np.ndarray:
    """Each case's path (an index into :data:`PATHS`), drawn among those of its kind."""
    draw = rng.random(len(negotiated))
    path = np.full(len(negotiated), -1)
    for kind in (True, False):
        for back in (True, False):
            rows = (negotiated == kind) & (goes_back == back)
            below = 0.0
            for i, (k, b, chance, _) in enumerate(PATHS):
                if (k, b) == (kind, back):
                    path[rows & (draw >= below)] = i
                    below += chance
    return path


def stage_at(
    path: np.ndarray, hours: np.ndarray, hours_to_close: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The stage of each case ``hours`` after it opened (``closed`` past its close), and the
    hours after opening at which that stage began."""
    share = hours / hours_to_close
    stage = np.full(len(path), "closed", dtype=object)
    began = hours_to_close.astype(float).copy()
    for i, (_, _, _, segments) in enumerate(PATHS):
        for name, start in segments:
            now = (path == i) & (share >= start) & (share < 1)
            stage[now], began[now] = name, start * hours_to_close[now]
    return stage, began


def stage_deadline(stage: str, began: object) -> object:
    """A stage's 超时时间 (举证超时 for ``awaiting_evidence``): :data:`STAGE_DAYS` after it began."""
    return began + timedelta(days=STAGE_DAYS[stage]) if stage in STAGE_DAYS else None  # type: ignore[operator]


def _in_stage(stage: np.ndarray, hours: np.ndarray, goes_back: np.ndarray, negotiated: bool) -> np.ndarray:
    """The chance that a case of one kind is in ``stage`` at ``hours`` after opening."""
    median, spread = (v[0 if negotiated else 1] for v in (OPEN_HOURS_MEDIAN, OPEN_HOURS_SPREAD))
    h = np.maximum(hours, 1e-9)

    def closes_by(x: np.ndarray) -> np.ndarray:
        return ndtr((np.log(x) - np.log(median)) / spread)

    chance = np.zeros(len(stage))
    for kind, back, share, segments in PATHS:
        if kind != negotiated:
            continue
        mine = goes_back == back
        ends = [start for _, start in segments[1:]] + [1.0]
        for (name, start), end in zip(segments, ends):
            here = mine & (stage == name)
            upper = 1.0 if start == 0 else closes_by(h / max(start, 1e-12))
            chance += np.where(here, share * (upper - closes_by(h / end)), 0.0)
    return chance


def p_given_stage(
    p_negotiated: np.ndarray, stage: np.ndarray, hours: np.ndarray, goes_back: np.ndarray
) -> np.ndarray:
    """The true chance of a negotiated end of open cases in ``stage`` after ``hours`` open, from
    their chance at opening ``p_negotiated`` (Bayes' rule over how each kind moves)."""
    negotiated = p_negotiated * _in_stage(stage, hours, goes_back, True)
    escalated = (1 - p_negotiated) * _in_stage(stage, hours, goes_back, False)
    total = negotiated + escalated
    return np.where(total > 0, negotiated / np.where(total > 0, total, 1.0), p_negotiated)
