"""The week's plan: open disputes ranked by what is at stake and how soon they are due.

The plan is what the report, the CSV, the xlsx and the notebooks show of the
open disputes. Its order:

1. **due first**: a dispute whose deadline (超时时间) has passed or falls
   within :data:`DUE_SOON_HOURS` of the newest dispute in the data (the export's
   moment; exports are snapshots, so "now" is theirs, not the clock's);
2. then by **money at stake**: the policy's expected cost of the recommended
   option (``expected_cost``, refunds, handling and a ruling's price weighed
   by their chances), the number the decision itself compared;
3. then by deadline, then by days open.

:func:`plan_for_people` gives the same rows with headers and values in the
reader's language, probabilities as rounded shares and plain timestamps;
:func:`~rightsguard.present._plan_workbook.write_plan_xlsx` writes it as a
workbook.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from rightsguard._schema import scored_disputes
from rightsguard._vocabulary import stage_names, text, translate, voucher_names
from rightsguard.decide._policy import Policy

if TYPE_CHECKING:
    from rightsguard.engine._result import ScoringRun

DUE_SOON_HOURS = 48
"""A deadline this close to the export's moment puts a dispute at the top of the plan."""

PLAN_COLUMNS: tuple[str, ...] = (
    "priority",
    "dispute_id",
    "order_id",
    "shop",
    "recommendation",
    "stage",
    "money_at_stake",
    "amount",
    "p_negotiated",
    "p_win_ruling",
    "days_open",
    "due_at",
    "hours_to_deadline",
    "next_step",
    "collect",
    "check",
    "reason",
    "explanation",
    "last_action",
    "last_action_at",
)
"""The plan's columns, in order; their headers are the ``plan_<column>`` words of the vocabulary.
``due_at`` is the stage's deadline as the export gives it: 举证超时 while evidence is due, else
超时时间; ``hours_to_deadline`` counts to it.
``last_action`` and ``last_action_at`` are the seller's latest recorded choice on the case, when
the run came from a store (null otherwise)."""

PEOPLE_COLUMNS: tuple[str, ...] = (
    "priority",
    "dispute_id",
    "recommendation",
    "action_taken",
    "note",
    "last_action",
    "stage",
    "status",
    "money_at_stake",
    "amount",
    "next_step",
    "collect",
    "check",
    "order_id",
    "shop",
    "p_negotiated",
    "p_win_ruling",
    "days_open",
    "due_at",
    "hours_to_deadline",
    "reason",
    "explanation",
)
"""The columns a person reads (:func:`plan_for_people`), in the order of filling in: the id and
the advice, then ``action_taken`` and ``note`` left for the seller (one of the options or "not
handled"; ``rightsguard record`` stores them), the choice recorded last time, the stage, the deadline's
``status`` in words and the money; the details follow."""


STALE_DAYS = 30
"""An open dispute this many days old has probably moved on since the export: export again."""


def action_plan(scored: pl.DataFrame | ScoringRun) -> pl.DataFrame:
    """The open disputes as a plan, in priority order (see the module's text).

    Parameters
    ----------
    scored
        Disputes as :func:`rightsguard.score` returns them.

    Returns
    -------
    polars.DataFrame
        :data:`PLAN_COLUMNS` (``collect`` and ``check`` as lists of voucher
        ids); empty when no dispute is open.
    """
    decided = getattr(scored, "decisions", None)
    scored = scored_disputes(scored, "action_plan")
    moment = scored.select(pl.col("opened_at").max()).item()
    open_ = scored.filter(pl.col("resolution").cast(pl.String) == "open")
    due = (
        pl.when(pl.col("stage").cast(pl.String) == "awaiting_evidence")
        .then(pl.coalesce("proof_due_at", "deadline_at"))
        .otherwise(pl.col("deadline_at"))
    )
    hours_left = (due - pl.lit(moment)).dt.total_seconds() / 3600
    planned = (
        open_.with_columns(
            pl.col("expected_cost").round(2).alias("money_at_stake"),
            ((pl.lit(moment) - pl.col("opened_at")).dt.total_seconds() // 86_400)
            .cast(pl.Int64)
            .alias("days_open"),
            due.alias("due_at"),
            hours_left.round(0).cast(pl.Int64).alias("hours_to_deadline"),
            (hours_left <= DUE_SOON_HOURS).fill_null(False).alias("_due"),
            pl.col("missing_vouchers").alias("collect"),
            pl.col("unknown_vouchers").alias("check"),
        )
        .join(_last_actions(decided), on="dispute_id", how="left")
        .sort(
            ["_due", "money_at_stake", "hours_to_deadline", "days_open"],
            descending=[True, True, False, True],
            nulls_last=True,
        )
    )
    return planned.with_row_index("priority", offset=1).select(PLAN_COLUMNS)


def _last_actions(decided: pl.DataFrame | None) -> pl.DataFrame:
    """Each case's latest recorded choice and when, as the plan's two columns."""
    empty = pl.DataFrame(
        schema={"dispute_id": pl.String, "last_action": pl.String, "last_action_at": pl.Datetime("us")}
    )
    if decided is None or not decided.height:
        return empty
    return decided.select(
        "dispute_id",
        pl.col("option").cast(pl.String).alias("last_action"),
        pl.col("recorded_at").cast(pl.Datetime("us")).alias("last_action_at"),
    )


def plan_for_people(plan: pl.DataFrame, lang: str = "en") -> pl.DataFrame:
    """The plan as a person reads it: words in ``lang``, shares rounded, headers translated, and
    each dispute's deadline status in words (:data:`PEOPLE_COLUMNS`)."""
    names = voucher_names(lang)
    separator = text("voucher_separator", lang)
    made_before: dict[str, pl.DataType] = {  # a plan made without a store, by hand, or before stages
        "last_action": pl.String(),
        "last_action_at": pl.Datetime("us"),
        "stage": pl.String(),
        "due_at": pl.Datetime("us"),
    }
    plan = plan.with_columns(
        pl.lit(None, t).alias(c) for c, t in made_before.items() if c not in plan.columns
    )
    readable = plan.with_columns(
        translate(pl.col("recommendation"), lang),
        pl.col("stage").cast(pl.String).replace_strict(stage_names(lang), default=None),
        pl.col("due_at").dt.strftime("%Y-%m-%d %H:%M"),
        translate(pl.col("reason"), lang),
        *(
            pl.col(c).list.eval(pl.element().replace(names)).list.join(separator)
            for c in ("collect", "check")
        ),
        pl.col("p_negotiated", "p_win_ruling").round(3),
        _status(lang).alias("status"),
        pl.lit(None, pl.String).alias("action_taken"),
        pl.lit(None, pl.String).alias("note"),
        _last_action(lang).alias("last_action"),
    )
    return readable.select(PEOPLE_COLUMNS).rename({c: text(f"plan_{c}", lang) for c in PEOPLE_COLUMNS})


def _last_action(lang: str) -> pl.Expr:
    """The seller's latest recorded choice and its day: 协商，11月28日."""
    choice = (
        pl.when(pl.col("last_action") == "not_handled")
        .then(pl.lit(text("not_handled", lang)))
        .otherwise(translate(pl.col("last_action"), lang))
    )
    return pl.concat_str(
        choice,
        pl.col("last_action_at").dt.strftime(text("last_action_date", lang)),
        separator=text("list_separator", lang),
    )


def _status(lang: str) -> pl.Expr:
    """Overdue by how many days, due within how many hours, or no deadline known; and a word
    when the dispute is old enough that its status has probably moved on."""
    hours = pl.col("hours_to_deadline")
    deadline = (
        pl.when(hours < 0)
        .then(pl.format(text("status_overdue", lang), (23 - hours) // 24))
        .when(hours <= DUE_SOON_HOURS)
        .then(pl.format(text("status_due", lang), hours))
        .when(hours.is_null())
        .then(pl.lit(text("status_no_deadline", lang)))
    )
    stale = pl.when(pl.col("days_open") >= STALE_DAYS).then(
        pl.format(text("status_stale", lang), pl.col("days_open"))
    )
    return pl.concat_str(deadline, stale, separator=text("list_separator", lang), ignore_nulls=True)


PAGE_COLUMNS: tuple[str, ...] = (
    "priority",
    "dispute_id",
    "recommendation",
    "money_at_stake",
    "amount",
    "status",
    "next_step",
)
"""The plan's columns the page shows side by side (the stage leads the deadline's ``status``
cell); the reason, the order, the days open and
both chances go, labelled, into one short ``details`` cell, so that every column is read without
scrolling sideways and a screen of 1366×768 shows eight cases (the explanation of each score is
in the workbook and :func:`rightsguard.explain`)."""


def plan_for_page(plan: pl.DataFrame, lang: str = "en") -> pl.DataFrame:
    """The plan as the page shows it: :data:`PAGE_COLUMNS`, the shop when there are several,
    and a short ``details`` column holding the reason, the order, the days open and both chances
    (the vouchers to collect or check are in the next step)."""
    people = plan_for_people(plan, lang)
    header = {c: text(f"plan_{c}", lang) for c in PEOPLE_COLUMNS}
    shown = {c: pl.col(header[c]).cast(pl.String) for c in ("order_id", "days_open")}
    shown |= {
        c: pl.format("{}%", (pl.col(header[c]) * 100).round(0).cast(pl.Int64))
        for c in ("p_negotiated", "p_win_ruling")
    }
    labelled = [
        pl.col(header["reason"]).cast(pl.String),
        *(
            pl.when(shown[c].str.len_chars() > 0).then(pl.format(text(f"details_{c}", lang), shown[c]))
            for c in ("p_negotiated", "p_win_ruling", "days_open", "order_id")
        ),
    ]
    shops = ["shop"] if plan["shop"].drop_nulls().n_unique() > 1 else []
    status = pl.concat_str(header["stage"], header["status"], separator=" · ", ignore_nulls=True)
    return people.with_columns(status.alias(header["status"])).select(
        *(header[c] for c in (*PAGE_COLUMNS[:3], *shops, *PAGE_COLUMNS[3:])),
        pl.concat_str(labelled, separator=" · ", ignore_nulls=True).alias(text("plan_details", lang)),
    )


SHOP_COLUMNS = (
    "shop",
    "disputes",
    "open",
    "negotiated_share",
    "money_at_stake",
    "refund_now",
    "negotiate",
    "escalate",
)
"""The shop comparison's columns; their headers are the ``shops_<column>`` words."""


def shop_comparison(scored: pl.DataFrame | ScoringRun, plan: pl.DataFrame, lang: str = "en") -> pl.DataFrame:
    """One row per shop: disputes, open ones, negotiated share of the closed, money at stake, options.

    Parameters
    ----------
    scored
        Disputes as :func:`rightsguard.score` returns them.
    plan
        Their :func:`action_plan`.
    lang
        Language of the headers.
    """
    scored = scored_disputes(scored, "shop_comparison")
    resolution = pl.col("resolution").cast(pl.String)
    closed = resolution != "open"
    history = scored.group_by("shop").agg(
        pl.len().alias("disputes"),
        (~closed).sum().alias("open"),
        ((resolution == "negotiated").sum() / closed.sum()).round(3).alias("negotiated_share"),
    )
    actions = plan.group_by("shop").agg(
        pl.col("money_at_stake").sum().round(2),
        *(
            (pl.col("recommendation").cast(pl.String) == o).sum().alias(o)
            for o in ("refund_now", "negotiate", "escalate")
        ),
    )
    table = history.join(actions, on="shop", how="left", nulls_equal=True).with_columns(
        pl.col("money_at_stake", "refund_now", "negotiate", "escalate").fill_null(0)
    )
    return (
        table.sort("money_at_stake", "shop", descending=[True, False])
        .select(SHOP_COLUMNS)
        .rename({c: text(f"shops_{c}", lang) for c in SHOP_COLUMNS})
    )


def what_if(scored: pl.DataFrame | ScoringRun, policy: Policy, lang: str = "en") -> pl.DataFrame:
    """How the open disputes' options would move under another policy.

    Parameters
    ----------
    scored
        Disputes as :func:`rightsguard.score` returns them (scored under
        their own policy).
    policy
        The policy to try, e.g. ``rg.Policy(min_win_probability=0.3)``.
    lang
        Language of the option names.

    Returns
    -------
    polars.DataFrame
        One row per move (``option_now`` → ``option_then``, unchanged ones
        included): ``disputes``, their ``amount`` (CNY) and the expected cost
        of the open disputes under each policy, the biggest moves first.
    """
    scored = scored_disputes(scored, "what_if")
    open_ = scored.filter(pl.col("resolution").cast(pl.String) == "open")
    moved = (
        open_.with_columns(
            policy.option().alias("option_then"), policy.expected_cost().round(2).alias("expected_cost_then")
        )
        .group_by(pl.col("recommendation").alias("option_now"), "option_then")
        .agg(
            pl.len().alias("disputes"),
            pl.col("amount").sum().round(2),
            pl.col("expected_cost").sum().round(2).alias("expected_cost_now"),
            pl.col("expected_cost_then").sum().round(2),
        )
    )
    return moved.sort(
        ["disputes", "option_now", "option_then"], descending=[True, False, False]
    ).with_columns(translate(pl.col("option_now"), lang), translate(pl.col("option_then"), lang))
