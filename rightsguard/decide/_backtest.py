"""The plan replayed over the past disputes, in money and in rulings against the shop.

Each past dispute was scored out of fold, so its probabilities and its
settlement share come from models that never saw it. Following the plan
would have cost, in expectation, the recommended option's expected cost;
always negotiating, the cost of negotiating. What happened cost, at the same
prices: the negotiation's handling (every dispute is negotiated first), the
refund paid (an agreement or a ruling for the buyer refunds the amount), and
for a ruling the escalation's handling and wait, plus the penalty when the
buyer won. Disputes whose ruling is unrecorded (``escalated_unknown``) or
that have no amount are left out of the money, and counted. Past outcomes
depended on what was done then, so the comparison shows what the plan
expects against what the shop's own choices produced, not a proof.

The platform counts a ruling for the buyer in the shop's dispute refund rate
(纠纷退款率), which a shop must keep under a threshold. Each option's
expected rulings against the shop are: none for refunding now, ``1 - w`` for
escalating, and ``(1 - p)(1 - w)`` for negotiating where a failed
negotiation would be escalated (the policy's fallback), none where it would
be refunded. Divided by the months the past disputes span, and by the shop's
monthly orders when the policy gives them, this is the rate the plan
projects.

One tally, added to batch by batch, serves every path (in memory and
streamed).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from rightsguard._schema import scored_disputes
from rightsguard._vocabulary import say, text
from rightsguard.decide._options import stake
from rightsguard.decide._policy import DEFAULT_POLICY, Policy

DAYS_PER_MONTH = 365.25 / 12

_REALISED_OUTCOMES = ("withdrawn", "agreed", "platform_buyer", "platform_seller")


@dataclass
class Backtest:
    """The plan against always negotiating and against what happened, over past disputes.

    Attributes
    ----------
    n_past
        Past disputes counted.
    n_priced
        Those in the money: an amount known and the outcome recorded.
    plan_cost, negotiating_cost, realised_cost
        CNY over the priced disputes: expected following the plan, expected
        always negotiating, and what the outcomes cost at the same prices.
    under_plan, always_negotiating, as_happened
        Rulings for the buyer over all past disputes: expected following the
        plan, expected always negotiating, and those that happened.
    first_opened, last_opened
        The span of the past disputes' openings, in days since the epoch.
    """

    n_past: int = 0
    n_priced: int = 0
    plan_cost: float = 0.0
    negotiating_cost: float = 0.0
    realised_cost: float = 0.0
    under_plan: float = 0.0
    always_negotiating: float = 0.0
    as_happened: int = 0
    first_opened: float | None = None
    last_opened: float | None = None

    def add(self, decided: pl.DataFrame, policy: Policy) -> Backtest:
        """Count one batch of decided disputes; returns itself."""
        cost = policy.costs()
        lose = 1 - pl.col("p_win_ruling")
        escalated_after_failure = policy.may_escalate() & (cost["escalate"] < cost["refund_now"])
        negotiated = (1 - pl.col("p_negotiated")) * lose * escalated_after_failure.cast(pl.Float64)
        option = pl.col("recommendation")
        outcome = pl.col("outcome")
        priced = stake().is_not_null() & outcome.is_in(_REALISED_OUTCOMES)
        counted = (
            decided.lazy()
            .filter(pl.col("resolution") != "open")
            .select(
                pl.len().alias("past"),
                pl.when(option == "escalate")
                .then(lose)
                .when(option == "negotiate")
                .then(negotiated)
                .otherwise(0.0)
                .sum()
                .alias("plan"),
                negotiated.sum().alias("negotiating"),
                (outcome == "platform_buyer").sum().alias("happened"),
                (pl.col("opened_at").dt.epoch("s") / 86_400).min().alias("first"),
                (pl.col("opened_at").dt.epoch("s") / 86_400).max().alias("last"),
                priced.sum().alias("priced"),
                pl.col("expected_cost").filter(priced).sum().alias("plan_cost"),
                cost["negotiate"].filter(priced).sum().alias("negotiating_cost"),
                realised_cost(policy).filter(priced).sum().alias("realised_cost"),
            )
            .collect()
            .row(0, named=True)
        )
        if not counted["past"]:
            return self
        self.n_past += counted["past"]
        self.n_priced += counted["priced"]
        self.plan_cost += counted["plan_cost"]
        self.negotiating_cost += counted["negotiating_cost"]
        self.realised_cost += counted["realised_cost"]
        self.under_plan += counted["plan"]
        self.always_negotiating += counted["negotiating"]
        self.as_happened += counted["happened"]
        return self._spanning(counted["first"], counted["last"])

    def merge(self, other: Backtest) -> Backtest:
        """Add the counts of ``other``, of other batches; returns itself."""
        self.n_past += other.n_past
        self.n_priced += other.n_priced
        self.plan_cost += other.plan_cost
        self.negotiating_cost += other.negotiating_cost
        self.realised_cost += other.realised_cost
        self.under_plan += other.under_plan
        self.always_negotiating += other.always_negotiating
        self.as_happened += other.as_happened
        return self._spanning(other.first_opened, other.last_opened)

    def _spanning(self, first: float | None, last: float | None) -> Backtest:
        """The span of openings widened to ``first`` and ``last`` (None: nothing to widen)."""
        if first is not None and last is not None:
            self.first_opened = first if self.first_opened is None else min(first, self.first_opened)
            self.last_opened = last if self.last_opened is None else max(last, self.last_opened)
        return self

    @property
    def months(self) -> float:
        """The months the past disputes span (at least one)."""
        if self.first_opened is None or self.last_opened is None:
            return 1.0
        return max((self.last_opened - self.first_opened) / DAYS_PER_MONTH, 1.0)

    def describe(self, policy: Policy, lang: str) -> list[str]:
        """Two sentences in ``lang``: the money, and the rulings per month (with the projected
        rate when the policy gives the shop's monthly orders); none without past disputes."""
        if not self.n_past:
            return []
        money = say(
            "note_backtest",
            lang,
            n=self.n_priced,
            left=self.n_past - self.n_priced,
            plan=self.plan_cost,
            negotiating=self.negotiating_cost,
            realised=self.realised_cost,
        )
        per_month = {
            k: v / self.months
            for k, v in (
                ("plan", self.under_plan),
                ("negotiating", self.always_negotiating),
                ("happened", self.as_happened),
            )
        }
        rulings = say("note_rulings", lang, n=self.n_past, months=self.months, **per_month)
        if policy.monthly_orders:
            rate = per_month["plan"] / policy.monthly_orders
            limit = (
                ""
                if policy.dispute_rate_limit is None
                else say(
                    "rulings_limit",
                    lang,
                    limit=policy.dispute_rate_limit,
                    verdict=say(
                        "rulings_under" if rate <= policy.dispute_rate_limit else "rulings_over", lang
                    ),
                )
            )
            rulings += say("rulings_rate", lang, orders=policy.monthly_orders, rate=rate, limit=limit)
        return [money, rulings]

    def table(self, lang: str = "en") -> pl.DataFrame:
        """One row per way of handling the past disputes: cost (CNY), per dispute, and rulings
        for the buyer per month; the first two expected, the last as happened."""
        ways = ("backtest_plan", "backtest_negotiating", "backtest_happened")
        costs = (self.plan_cost, self.negotiating_cost, self.realised_cost)
        rulings = (self.under_plan, self.always_negotiating, float(self.as_happened))
        return pl.DataFrame(
            {
                "strategy": [text(w, lang) for w in ways],
                "disputes": [self.n_priced] * 3,
                "cost": [round(c, 2) for c in costs],
                "cost_per_dispute": [round(c / self.n_priced, 2) if self.n_priced else None for c in costs],
                "rulings_against_per_month": [round(r / self.months, 2) for r in rulings],
            }
        )


def realised_cost(policy: Policy, decision: pl.Expr | None = None) -> pl.Expr:
    """What a past dispute's outcome cost at the policy's prices: the negotiation's handling (a
    dispute is negotiated first), or the refund's where ``decision`` says the seller refunded at
    once, then the refund, a ruling's handling and wait, and its penalty when the buyer won."""
    outcome = pl.col("outcome")
    ruled = outcome.is_in(["platform_buyer", "platform_seller"])
    refunded = outcome.is_in(["agreed", "platform_buyer"])
    handling = (
        pl.lit(policy.negotiation_handling)
        if decision is None
        else pl.when(decision == "refund_now")
        .then(policy.refund_handling)
        .otherwise(policy.negotiation_handling)
    )
    return (
        handling
        + pl.when(refunded).then(stake()).otherwise(0.0)
        + pl.when(ruled).then(policy.escalation_handling + policy.escalation_delay).otherwise(0.0)
        + pl.when(outcome == "platform_buyer").then(policy.ruling_against_penalty).otherwise(0.0)
    )


def backtest(scored: object, policy: Policy = DEFAULT_POLICY, lang: str = "en") -> pl.DataFrame:
    """The plan replayed over the past disputes, in money and rulings against the shop.

    Parameters
    ----------
    scored
        Output of :func:`rightsguard.score` (its past disputes scored out of
        fold), or its ``scored`` frame.
    policy
        The policy to replay: the run's, or another to compare (its costs
        price every strategy, the realised outcomes included).
    lang
        Language of the strategies' names.

    Returns
    -------
    polars.DataFrame
        ``strategy`` (following the plan, always negotiating, what happened),
        ``disputes`` priced, ``cost`` and ``cost_per_dispute`` (CNY) and
        ``rulings_against_per_month``. Past outcomes depended on what was done
        then: the realised row is what the shop's own choices produced.
    """
    frame = scored_disputes(scored, "backtest", ("p_negotiated", "p_win_ruling"))
    decided = frame.with_columns(
        policy.option().alias("recommendation"), policy.expected_cost().alias("expected_cost")
    )
    return Backtest().add(decided, policy).table(lang)
