"""The policy swept over its escalation guard: what each minimum chance of winning would have
cost over the past disputes.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

from rightsguard._schema import scored_disputes
from rightsguard.decide._options import OPTIONS
from rightsguard.decide._policy import DEFAULT_POLICY, Policy


def threshold_sweep(
    scored: object,
    policy: Policy = DEFAULT_POLICY,
    *,
    parameter: str = "min_win_probability",
    values: Sequence[float] | None = None,
) -> pl.DataFrame:
    """How many disputes each option would get as one policy parameter changes.

    Parameters
    ----------
    scored
        Output of :func:`rightsguard.score` (pass past disputes to replay the
        policy over history, open ones to see this week's plan move).
    policy
        The policy whose ``parameter`` varies; its other parameters stay.
    parameter
        A :class:`Policy` field: ``min_win_probability`` (default), a cost, …
    values
        Values to try; 0.05 to 0.95 by 0.05 for ``min_win_probability``, and
        0 to 3 times the current value otherwise.

    Returns
    -------
    polars.DataFrame
        Per value: ``refund_now``, ``negotiate`` and ``escalate`` (disputes
        given each option), ``expected_cost`` (CNY, the options' total),
        ``expected_rulings_against`` and ``escalated_but_negotiated`` (past
        disputes the policy would escalate that in fact settled).
    """
    scored = scored_disputes(scored, "threshold_sweep", ("p_negotiated", "p_win_ruling"))
    if values is None:
        current = getattr(policy, parameter, None)
        values = (
            np.round(np.arange(0.05, 0.951, 0.05), 2)
            if parameter == "min_win_probability"
            else np.round(np.linspace(0, 3 * (current or 1.0), 13), 2)
        ).tolist()
    rows = []
    for value in values:
        candidate = policy.with_value(parameter, value)
        option = candidate.option()
        rows.append(
            scored.select(
                pl.lit(float(value)).alias(parameter),
                *((option == o).sum().alias(o) for o in OPTIONS),
                candidate.expected_cost().sum().alias("expected_cost"),
                (1 - pl.col("p_win_ruling"))
                .filter(option == "escalate")
                .sum()
                .alias("expected_rulings_against"),
                ((option == "escalate") & (pl.col("resolution") == "negotiated"))
                .sum()
                .alias("escalated_but_negotiated"),
            )
        )
    return pl.concat(rows)
