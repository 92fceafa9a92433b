"""The seller's three options, priced in money per dispute.

For a dispute asking for amount ``A`` (CNY; what the buyer paid where the
amount asked is blank, :func:`stake`), with ``p`` the probability of a
negotiated outcome and ``w`` the chance of winning a ruling if customer
service intervenes, the expected cost of each option is::

    refund now   R = A + refund_handling
    escalate     E = (1 - w) * (A + ruling_against_penalty) + escalation_handling + escalation_delay
    negotiate    N = negotiation_handling + p * s * A + (1 - p) * F
                 F = min(E, R) where escalating is allowed (w >= min_win_probability), else R

Refunding now closes the dispute without a ruling, so it never counts toward
the shop's dispute refund rate (纠纷退款率). A ruling for the buyer costs the
refund plus ``ruling_against_penalty``, the shop's own price for the ruling's
weight on that rate. A negotiation settles with probability ``p`` (the buyer
withdraws, or the two agree on a refund: on average the share ``s`` of the
amount, learned from the shop's own settlements by reason and goods status
unless ``negotiated_refund_share`` sets it); when it fails the seller still chooses between a ruling and a
refund, a ruling only where the guard below allows it. The cheapest option is
recommended, except that escalating needs a chance of winning of at least
``min_win_probability``: evidence strong enough to win, not perfect. A
dispute with neither amount cannot be priced and stays with negotiation, the
seed's default. Ties go to negotiate, then refund now.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path

import polars as pl

from rightsguard._errors import in_language, said
from rightsguard._vocabulary import say, text
from rightsguard.decide._next_steps import next_steps, stage_step
from rightsguard.decide._options import OPTIONS, Option, negotiable, stake, with_stage
from rightsguard.scoring._rules import DEFAULT_RULES, EvidenceRules
from rightsguard.scoring._settlements import MIN_SETTLEMENTS, RefundShares

DECISION_COLUMNS: tuple[str, ...] = (
    "cost_refund_now",
    "cost_negotiate",
    "cost_escalate",
    "recommendation",
    "expected_cost",
    "next_step",
)
"""Columns :meth:`Policy.decide` adds, after ``p_win_ruling``."""


_KIND = {True: "err_policy_share", False: "err_policy_cost"}
"""What a policy value must be: a share or probability, else a cost."""


@dataclass(frozen=True)
class Policy:
    """Costs (CNY) and the one guard of the refund / negotiate / escalate decision.

    Parameters
    ----------
    ruling_against_penalty
        What a ruling for the buyer costs beyond the refund: its weight on
        the dispute refund rate (纠纷退款率), as the shop values it.
    negotiation_handling
        Staff time to negotiate with the buyer.
    escalation_handling
        Staff time to prepare and submit the evidence for customer service.
    refund_handling
        Staff time to refund.
    escalation_delay
        The cost of waiting the days a ruling takes.
    negotiated_refund_share
        Share of the amount refunded, on average, in a negotiated settlement
        (a withdrawal refunds nothing, an agreement part or all). None (the
        default): each dispute's share as the model learned it from the
        shop's settlements of the same reason and goods status (its
        ``negotiated_refund_share`` column; see
        :mod:`rightsguard.scoring._settlements`).
    min_win_probability
        Escalate only with at least this chance of winning the ruling.
    monthly_orders
        The shop's orders in a month, to project its dispute refund rate
        (纠纷退款率) under the plan; None: the rate is not projected.
    dispute_rate_limit
        The rate the shop must stay under (a share, 0.001 for 0.1%), which
        the projection is checked against; None: not checked.

    Notes
    -----
    After a failed negotiation the seller refunds, or escalates where the
    guard allows it and escalating is cheaper. Ties go, in this order, to
    negotiate (the seed's default), then refund now; escalate must be
    strictly cheaper than both.

    Raises
    ------
    ValueError
        Naming each parameter that is not a finite cost ≥ 0, or a share or
        probability outside [0, 1].
    """

    ruling_against_penalty: float = 100.0
    negotiation_handling: float = 15.0
    escalation_handling: float = 30.0
    refund_handling: float = 5.0
    escalation_delay: float = 10.0
    negotiated_refund_share: float | None = None
    min_win_probability: float = 0.5
    monthly_orders: float | None = None
    dispute_rate_limit: float | None = None

    def __post_init__(self) -> None:
        shares = {"negotiated_refund_share", "min_win_probability", "dispute_rate_limit"}
        wrong = [
            (f.name, getattr(self, f.name), f.name in shares)
            for f in fields(self)
            if not (f.name in OPTIONAL and getattr(self, f.name) is None)
            and not _valid(getattr(self, f.name), share=f.name in shares)
        ]
        if wrong:

            def listed(lang: str) -> str:
                return ", ".join(
                    f"{name}={value!r} ({text(_KIND[share], lang)})" for name, value, share in wrong
                )

            raise said(ValueError, "err_policy_range", n=len(wrong), wrong=listed)

    @classmethod
    def from_file(cls, path: str | Path) -> Policy:
        """A policy from a TOML file of parameter = value lines; the defaults for the others.

        Raises
        ------
        ValueError
            Naming the file and each unknown parameter, value that is not a number, or value
            out of range.
        """
        path = Path(path)
        try:
            table = tomllib.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise said(ValueError, "err_policy_file", path=path, error=error) from error
        return cls.from_mapping(table, origin=path)

    @classmethod
    def from_mapping(cls, table: Mapping[str, object], *, origin: Path | None = None) -> Policy:
        """A policy from parameter → value pairs (a dict, or the TOML file ``origin``'s table);
        the defaults for the others.

        Raises
        ------
        ValueError
            Naming the file and each unknown parameter, value that is not a number, or value
            out of range.
        """
        names = {f.name for f in fields(cls)}
        unknown = sorted(set(table) - names)
        if unknown:
            raise said(
                ValueError,
                "err_policy_unknown",
                path=origin or "Policy",
                unknown=", ".join(unknown),
                names=", ".join(sorted(names)),
            )
        not_numbers = [
            f"{k}={v!r}" for k, v in table.items() if isinstance(v, bool) or not isinstance(v, (int, float))
        ]
        if not_numbers:
            values = ", ".join(not_numbers)
            raise said(ValueError, "err_policy_numbers", path=origin or "Policy", values=values)
        try:
            return cls(**{k: float(v) for k, v in table.items()})  # type: ignore[arg-type]
        except ValueError as error:
            if origin is None:
                raise
            cause = error
            raise said(
                ValueError, "err_in_file", path=origin, error=lambda lang: in_language(cause, lang)
            ) from error

    @classmethod
    def of(cls, policy: object) -> Policy:
        """``policy`` as a :class:`Policy`: itself, or one built from a dict of its parameters.

        Raises
        ------
        TypeError
            When ``policy`` is neither, naming what it takes.
        ValueError
            As :meth:`from_mapping`.
        """
        if isinstance(policy, Policy):
            return policy
        if isinstance(policy, Mapping):
            return cls.from_mapping(policy)
        raise said(TypeError, "err_api_policy", kind=type(policy).__name__)

    def with_value(self, parameter: str, value: float) -> Policy:
        """The same policy with one parameter changed."""
        if parameter not in {f.name for f in fields(self)}:
            raise ValueError(
                f"Policy has no parameter {parameter!r}; it has {', '.join(f.name for f in fields(self))}"
            )
        return replace(self, **{parameter: float(value)})

    def describe(self, shares: RefundShares, lang: str = "en") -> str:
        """One sentence in ``lang``: each cost, set or default, and the settlement share with
        where it came from (``shares``: what the scoring model learned)."""
        default = Policy()
        origin = {
            name: text("cost_default" if getattr(self, name) == getattr(default, name) else "cost_set", lang)
            for name in (
                "negotiation_handling",
                "escalation_handling",
                "refund_handling",
                "escalation_delay",
                "ruling_against_penalty",
            )
        }
        if self.negotiated_refund_share is not None:
            share = say("share_set", lang, share=self.negotiated_refund_share)
        elif shares.source == "learned":
            share = say("share_learned", lang, share=shares.overall, n=shares.n_settlements)
        else:
            share = say("share_default", lang, share=shares.overall, minimum=MIN_SETTLEMENTS)
        return say(
            "note_costs",
            lang,
            negotiate=self.negotiation_handling,
            escalate=self.escalation_handling,
            delay=self.escalation_delay,
            refund=self.refund_handling,
            penalty=self.ruling_against_penalty,
            share=share,
            **{f"{k}_origin": v for k, v in origin.items()},
            guard=self.min_win_probability,
        )

    def costs(self) -> dict[str, pl.Expr]:
        """Expected cost of each option, from ``amount``, ``p_negotiated`` and ``p_win_ruling``;
        negotiating has none (null: not offered) where customer service has the case."""
        amount, p, w = stake(), pl.col("p_negotiated"), pl.col("p_win_ruling")
        share = (
            pl.col("negotiated_refund_share")
            if self.negotiated_refund_share is None
            else pl.lit(self.negotiated_refund_share)
        )
        refund = amount + self.refund_handling
        escalate = (
            (1 - w) * (amount + self.ruling_against_penalty)
            + self.escalation_handling
            + self.escalation_delay
        )
        after_failure = (
            pl.when(self.may_escalate()).then(pl.min_horizontal(escalate, refund)).otherwise(refund)
        )
        negotiate = self.negotiation_handling + p * share * amount + (1 - p) * after_failure
        return {
            "refund_now": refund,
            "negotiate": pl.when(negotiable()).then(negotiate),
            "escalate": escalate,
        }

    def _near_the_guard(self, columns: list[str], lang: str) -> pl.Expr:
        """Where the guard falls within how low and how high the chance of winning may be, a
        sentence that says so: the vouchers to check decide it, or (all recorded) the chance is
        too close to the guard to tell."""
        low, high = pl.col("p_win_ruling_low"), pl.col("p_win_ruling_high")
        guard = self.min_win_probability
        unknown = (
            pl.col("unknown_vouchers").list.len() > 0 if "unknown_vouchers" in columns else pl.lit(False)
        )

        def percent(share: pl.Expr) -> pl.Expr:
            return (share * 100).round(0).cast(pl.Int64)

        near = negotiable() & (low < guard) & (high >= guard)
        needed = pl.lit(round(guard * 100))
        return (
            pl.when(near & unknown)
            .then(pl.format(text("step_guard_turns", lang), percent(low), percent(high), needed))
            .when(near)
            .then(
                pl.format(
                    text("step_guard_near", lang),
                    percent(pl.col("p_win_ruling")),
                    percent(low),
                    percent(high),
                    needed,
                )
            )
        )

    def may_escalate(self) -> pl.Expr:
        """Whether the chance of winning a ruling is enough to escalate (the guard)."""
        return pl.col("p_win_ruling") >= self.min_win_probability

    def option(self) -> pl.Expr:
        """The recommended option of each dispute (``Option``): never to negotiate where
        customer service has the case (where the amount is unknown too: then escalate, which
        is answering customer service with the evidence)."""
        cost = self.costs()
        escalate = self.may_escalate() & (
            cost["escalate"] < pl.min_horizontal(cost["negotiate"], cost["refund_now"])
        )
        refund = ~escalate & (cost["refund_now"] < cost["negotiate"]).fill_null(True)
        return (
            pl.when(stake().is_null() & negotiable())
            .then(pl.lit("negotiate"))
            .when(stake().is_null())
            .then(pl.lit("escalate"))
            .when(escalate)
            .then(pl.lit("escalate"))
            .when(refund)
            .then(pl.lit("refund_now"))
            .otherwise(pl.lit("negotiate"))
            .cast(Option)
        )

    def expected_cost(self) -> pl.Expr:
        """The expected cost of the option recommended."""
        cost = self.costs()
        return pl.coalesce(pl.when(self.option() == o).then(cost[o]) for o in OPTIONS)

    def decide(
        self, scored: pl.DataFrame, rules: EvidenceRules = DEFAULT_RULES, lang: str = "en"
    ) -> pl.DataFrame:
        """``scored`` with the decision columns (:data:`DECISION_COLUMNS`).

        ``scored`` holds audited, scored disputes: the evidence flags,
        ``amount``, ``p_negotiated`` and ``p_win_ruling``.
        """
        cost = self.costs()
        decided = with_stage(scored).with_columns(
            *(cost[o].round(2).alias(f"cost_{o}") for o in OPTIONS), self.option().alias("recommendation")
        )
        chosen = (pl.when(pl.col("recommendation") == o).then(pl.col(f"cost_{o}")) for o in OPTIONS)
        decided = decided.with_columns(pl.coalesce(chosen).alias("expected_cost"))
        return decided.with_columns(self.next_step(decided, rules, lang))

    def next_step(
        self, decided: pl.DataFrame, rules: EvidenceRules = DEFAULT_RULES, lang: str = "en"
    ) -> pl.Series:
        """Each decided dispute's ``next_step`` in ``lang``, from its decision and evidence (a run
        shown in another language says it again, deciding nothing again)."""
        decided = with_stage(decided)
        step = pl.concat_str(
            stage_step(lang),
            next_steps(decided, rules, lang, guard=self.min_win_probability),
            ignore_nulls=True,
        )
        added: list[pl.Expr] = []
        if "suggested_offer" in decided.columns:  # scored by a model
            added.append(
                pl.when(
                    (pl.col("recommendation") == "negotiate") & pl.col("suggested_offer").is_not_null()
                ).then(
                    pl.format(
                        text("step_offer", lang),
                        pl.col("suggested_offer").cast(pl.Int64),
                        pl.col("offer_settlements"),
                    )
                )
            )
        if "p_win_ruling_low" in decided.columns:  # how low and how high the chance may be
            added.append(self._near_the_guard(decided.columns, lang))
        if "unrecognised_files" in decided.columns:  # evidence attached
            files = pl.col("unrecognised_files")
            added.append(
                pl.when(files.list.len() > 0).then(
                    pl.format(
                        text("step_check_files", lang), files.list.join(text("voucher_separator", lang))
                    )
                )
            )
        told = pl.concat_str(step, *added, ignore_nulls=True) if added else step
        return decided.select(told.alias("next_step")).to_series()


OPTIONAL = frozenset({"negotiated_refund_share", "monthly_orders", "dispute_rate_limit"})
"""Parameters that may be left unset (None): the settlement share is then learned from the
shop's own disputes, and the dispute refund rate is not projected."""


def _valid(value: object, *, share: bool) -> bool:
    """A finite number, in [0, 1] for a share or probability, ≥ 0 for a cost."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return False
    return 0 <= value <= 1 if share else value >= 0


DEFAULT_POLICY = Policy()
