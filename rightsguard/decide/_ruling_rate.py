"""Rulings against the shop, month by month: under the plan, always negotiating, and as happened.

The platform counts a ruling for the buyer in the shop's dispute refund rate
(纠纷退款率), which a shop must keep under a threshold. Over the past
disputes (their held-out chances), each option's expected rulings against
the shop are: none for refunding now, ``1 - w`` for escalating, and
``(1 - p)(1 - w)`` for negotiating where a failed negotiation would be
escalated (the policy's fallback), none where it would be refunded. Divided
by the months the past disputes span, and by the shop's monthly orders when
the policy gives them, this is the rate the plan projects.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from rightsguard._vocabulary import say
from rightsguard.decide._policy import Policy

DAYS_PER_MONTH = 365.25 / 12


@dataclass
class RulingRate:
    """Expected rulings against the shop over past disputes, added up batch by batch.

    Attributes
    ----------
    n_past
        Past disputes counted.
    under_plan, always_negotiating, as_happened
        Rulings for the buyer: expected had each followed its recommendation,
        expected had every one been negotiated, and those that happened.
    first_opened, last_opened
        The span of the past disputes' openings, in days since the epoch.
    """

    n_past: int = 0
    under_plan: float = 0.0
    always_negotiating: float = 0.0
    as_happened: int = 0
    first_opened: float | None = None
    last_opened: float | None = None

    def add(self, decided: pl.DataFrame, policy: Policy) -> RulingRate:
        """Count one batch of decided disputes; returns itself."""
        past = decided.filter(pl.col("resolution").cast(pl.String) != "open")
        if not past.height:
            return self
        cost = policy.costs()
        lose = 1 - pl.col("p_win_ruling")
        escalated_after_failure = policy.may_escalate() & (cost["escalate"] < cost["refund_now"])
        negotiated = (1 - pl.col("p_negotiated")) * lose * escalated_after_failure.cast(pl.Float64)
        option = pl.col("recommendation").cast(pl.String)
        counted = past.select(
            pl.when(option == "escalate").then(lose).when(option == "negotiate").then(negotiated)
            .otherwise(0.0).sum().alias("plan"),
            negotiated.sum().alias("negotiating"),
            (pl.col("outcome").cast(pl.String) == "platform_buyer").sum().alias("happened"),
            (pl.col("opened_at").dt.epoch("s") / 86_400).min().alias("first"),
            (pl.col("opened_at").dt.epoch("s") / 86_400).max().alias("last"),
        ).row(0, named=True)
        self.n_past += past.height
        self.under_plan += counted["plan"]
        self.always_negotiating += counted["negotiating"]
        self.as_happened += counted["happened"]
        if counted["first"] is not None:
            self.first_opened = min(counted["first"], self.first_opened or counted["first"])
            self.last_opened = max(counted["last"], self.last_opened or counted["last"])
        return self

    @property
    def months(self) -> float:
        """The months the past disputes span (at least one)."""
        if self.first_opened is None or self.last_opened is None:
            return 1.0
        return max((self.last_opened - self.first_opened) / DAYS_PER_MONTH, 1.0)

    def describe(self, policy: Policy, lang: str) -> str | None:
        """One sentence in ``lang``, with the projected rate when the policy gives the shop's
        monthly orders; None without past disputes."""
        if not self.n_past:
            return None
        per_month = {k: v / self.months for k, v in (
            ("plan", self.under_plan), ("negotiating", self.always_negotiating),
            ("happened", self.as_happened))}
        sentence = say("note_rulings", lang, n=self.n_past, months=self.months, **per_month)
        if policy.monthly_orders:
            rate = per_month["plan"] / policy.monthly_orders
            limit = ("" if policy.dispute_rate_limit is None else
                     say("rulings_limit", lang, limit=policy.dispute_rate_limit,
                         verdict=say("rulings_under" if rate <= policy.dispute_rate_limit
                                     else "rulings_over", lang)))
            sentence += say("rulings_rate", lang, orders=policy.monthly_orders, rate=rate,
                            limit=limit)
        return sentence
