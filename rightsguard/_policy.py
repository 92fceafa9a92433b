"""The recommendation policy: negotiate or escalate, and what to collect next.

The default follows the seed: negotiate first; escalate to customer service
only when negotiation is unlikely *and* the evidence is complete enough to
win; with weak evidence, the next step is the missing vouchers.

Costs are in units of one ordinary refund. For each dispute, with ``p`` the
probability of a negotiated outcome and ``w`` the chance of winning a ruling
(rising with evidence completeness ``c``: ``w = win_floor + (win_ceiling -
win_floor) * c``)::

    cost of escalating now       E = (1 - w) * ruling_against_cost + delay_cost
    cost of negotiating first    N = (1 - p) * (failed_negotiation_cost + E)

A dispute is escalated when ``p < negotiation_threshold``, ``c >=
evidence_threshold`` and ``E < N``; otherwise the seller negotiates.
``ruling_against_cost`` carries the refund and the ruling's weight on the
shop's dispute refund rate (纠纷退款率); a negotiated settlement does not count
toward that rate.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import polars as pl


@dataclass(frozen=True)
class Policy:
    """Parameters of the negotiate-or-escalate decision.

    Parameters
    ----------
    negotiation_threshold
        Escalation is considered only below this probability of negotiation.
    evidence_threshold
        ... and only with at least this share of required vouchers held.
    failed_negotiation_cost
        Time and goodwill lost on a negotiation that fails.
    ruling_against_cost
        A ruling for the buyer: the refund plus its effect on the dispute
        refund rate.
    delay_cost
        The days an escalation takes before the platform rules.
    win_floor, win_ceiling
        Chance of winning a ruling with no evidence and with complete evidence.
    """

    negotiation_threshold: float = 0.35
    evidence_threshold: float = 1.0
    failed_negotiation_cost: float = 1.0
    ruling_against_cost: float = 5.0
    delay_cost: float = 0.5
    win_floor: float = 0.1
    win_ceiling: float = 0.85

    def with_threshold(self, threshold: float) -> Policy:
        """The same policy with another negotiation threshold."""
        return replace(self, negotiation_threshold=threshold)

    def win_probability(self) -> pl.Expr:
        """Chance of winning a ruling, from ``evidence_completeness``."""
        return self.win_floor + (self.win_ceiling - self.win_floor) * pl.col("evidence_completeness")

    def escalation_cost(self) -> pl.Expr:
        """Expected cost of escalating now."""
        return (1 - self.win_probability()) * self.ruling_against_cost + self.delay_cost

    def negotiation_cost(self) -> pl.Expr:
        """Expected cost of negotiating first and escalating if that fails."""
        return (1 - pl.col("p_negotiated")) * (self.failed_negotiation_cost + self.escalation_cost())

    def escalate(self) -> pl.Expr:
        """Whether the policy escalates each dispute."""
        return (
            (pl.col("p_negotiated") < self.negotiation_threshold)
            & (pl.col("evidence_completeness") >= self.evidence_threshold)
            & (self.escalation_cost() < self.negotiation_cost())
        )

    def recommend(self, present: pl.Expr | None = None,
                  to_collect: pl.Expr | None = None) -> list[pl.Expr]:
        """``recommendation`` and ``next_step`` for scored, audited disputes.

        Parameters
        ----------
        present, to_collect
            Text of the vouchers held and of those still to collect (missing
            or not recorded); by default joined from the audit's lists.
        """
        if present is None:
            present = pl.col("present_vouchers").list.join(", ")
        if to_collect is None:
            to_collect = pl.concat_str(
                [pl.when(pl.col(c).list.len() > 0).then(pl.col(c).list.join(", "))
                 for c in ("missing_vouchers", "unknown_vouchers")],
                separator=", ", ignore_nulls=True,
            )
        escalate = self.escalate()
        have_gaps = to_collect.str.len_bytes() > 0
        unlikely = pl.col("p_negotiated") < self.negotiation_threshold
        next_step = (
            pl.when(escalate)
            .then(pl.lit("ask customer service to intervene, with: ") + present)
            .when(unlikely & have_gaps)
            .then(pl.lit("negotiation is unlikely but evidence is too weak to escalate: collect ")
                  + to_collect + pl.lit(" first, and keep talking to the buyer"))
            .when(have_gaps)
            .then(pl.lit("negotiate: ask the buyer to revoke or agree; meanwhile collect ")
                  + to_collect)
            .otherwise(pl.lit("negotiate: ask the buyer to revoke or agree; the evidence is "
                              "complete if it comes to a ruling"))
        )
        return [
            pl.when(escalate).then(pl.lit("escalate")).otherwise(pl.lit("negotiate"))
            .alias("recommendation"),
            next_step.alias("next_step"),
        ]


DEFAULT_POLICY = Policy()


def threshold_sweep(
    scored: pl.DataFrame, policy: Policy = DEFAULT_POLICY,
    thresholds: np.ndarray | list[float] | None = None,
) -> pl.DataFrame:
    """What each negotiation threshold would have meant for these disputes.

    Parameters
    ----------
    scored
        Output of :func:`rightsguard.score`.
    policy
        The policy whose threshold varies; its other parameters stay.
    thresholds
        Thresholds to try; 0.05 to 0.95 by 0.05 by default.

    Returns
    -------
    polars.DataFrame
        Per threshold: escalations, their share, expected rulings against the
        seller, expected negotiations given up (disputes escalated that would
        probably have settled), escalated disputes that in fact settled by
        negotiation, and the expected total cost.
    """
    if thresholds is None:
        thresholds = np.round(np.arange(0.05, 0.951, 0.05), 2)
    rows = []
    for threshold in thresholds:
        candidate = policy.with_threshold(float(threshold))
        escalate = candidate.escalate()
        rows.append(
            scored.select(
                pl.lit(float(threshold)).alias("threshold"),
                escalate.sum().alias("escalations"),
                escalate.mean().alias("escalation_share"),
                (1 - candidate.win_probability()).filter(escalate).sum()
                .alias("expected_rulings_against"),
                pl.col("p_negotiated").filter(escalate).sum().alias("expected_negotiations_forgone"),
                (escalate & (pl.col("resolution") == "negotiated")).sum()
                .alias("escalated_but_negotiated"),
                pl.when(escalate).then(candidate.escalation_cost())
                .otherwise(candidate.negotiation_cost()).sum().alias("expected_cost"),
            )
        )
    return pl.concat(rows)
