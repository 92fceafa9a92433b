"""The next step of each dispute, in the reader's language: the option's action and the vouchers
to collect, to check or to present, written once per distinct case and gathered.
"""

from __future__ import annotations

import polars as pl

from rightsguard._schema import PLATFORM_STAGES
from rightsguard._vocabulary import text, voucher_names
from rightsguard.decide._options import OPTIONS, Option, negotiable, stake
from rightsguard.scoring._rules import DEFAULT_RULES, EvidenceRules, voucher_masks, voucher_text_exprs

_STEP_KEYS = ("present_vouchers", "missing_vouchers", "unknown_vouchers")


def next_steps(
    decided: pl.DataFrame, rules: EvidenceRules = DEFAULT_RULES, lang: str = "en", *, guard: float = 0.5
) -> pl.Series:
    """One plain sentence per dispute: what to do, which vouchers to collect or check.

    A refund now says why: the evidence is too weak to win a ruling (the
    chance is below ``guard``), or, where it is strong enough, the amount is
    small against the costs of negotiating and escalating. A step depends
    only on the option, that reason, whether the amount is known and the
    vouchers held, missing and unknown: each distinct combination is written
    once and looked up by its code, however many disputes share it.
    """
    bits = len(rules.collection_order)
    masks = voucher_masks(rules)
    parts = [
        pl.col("recommendation").to_physical().cast(pl.Int64),
        stake().is_null().cast(pl.Int64),
        (pl.col("p_win_ruling") >= guard).fill_null(False).cast(pl.Int64),
        *(masks[k].cast(pl.Int64) for k in _STEP_KEYS),
        (pl.col("amount").is_null() & pl.col("paid_amount").is_not_null()).cast(pl.Int64),
        (~negotiable()).cast(pl.Int64),
    ]
    shifts = [0, 2, 3, 4, 4 + bits, 4 + 2 * bits, 4 + 3 * bits, 5 + 3 * bits]
    code = decided.select(pl.sum_horizontal(p * (1 << s) for p, s in zip(parts, shifts)))
    distinct = code.to_series().unique().alias("code")
    field = {
        name: (pl.col("code") // (1 << s)) % (1 << w)
        for name, s, w in zip(
            ("option", "no_amount", "strong", *_STEP_KEYS, "paid", "platform"),
            shifts,
            [2, 1, 1, bits, bits, bits, 1, 1],
        )
    }
    steps = distinct.to_frame().select(
        _step(
            pl.lit(pl.Series(OPTIONS, dtype=Option)).gather(field["option"]),
            field["no_amount"] == 1,
            field["strong"] == 1,
            {k: field[k].cast(pl.UInt32) for k in _STEP_KEYS},
            field["paid"] == 1,
            field["platform"] == 1,
            rules,
            lang,
        )
    )
    return (
        code.to_series()
        .replace_strict(distinct, steps.to_series(), return_dtype=pl.String)
        .cast(pl.String)
        .alias("next_step")
    )  # even when empty


def _step(
    option: pl.Expr,
    no_amount: pl.Expr,
    strong: pl.Expr,
    masks: dict[str, pl.Expr],
    paid: pl.Expr,
    platform: pl.Expr,
    rules: EvidenceRules,
    lang: str,
) -> pl.Expr:
    vouchers = voucher_text_exprs(rules, voucher_names(lang), text("voucher_separator", lang), masks)
    has = {k: e.str.len_bytes() > 0 for k, e in vouchers.items()}
    action = (
        pl.when(no_amount)
        .then(pl.lit(text("step_amount_unknown", lang)))
        .when((option == "escalate") & platform & has["present"])
        .then(pl.format(text("step_submit_evidence", lang), vouchers["present"]))
        .when((option == "escalate") & platform)
        .then(pl.lit(text("step_submit_what_is_held", lang)))
        .when((option == "escalate") & has["present"])
        .then(pl.format(text("step_escalate", lang), vouchers["present"]))
        .when(option == "escalate")
        .then(pl.lit(text("step_escalate_what_is_held", lang)))
        .when((option == "refund_now") & strong)
        .then(pl.lit(text("step_refund_small", lang)))
        .when(option == "refund_now")
        .then(pl.lit(text("step_refund_now", lang)))
        .when(has["missing"])
        .then(pl.format(text("step_negotiate_collect", lang), vouchers["missing"]))
        .when(has["unknown"])
        .then(pl.lit(text("step_negotiate", lang)))
        .otherwise(pl.lit(text("step_negotiate_ready", lang)))
    )
    check = pl.when(has["unknown"]).then(pl.format(text("step_check_unknown", lang), vouchers["unknown"]))
    priced_on_paid = pl.when(paid).then(pl.lit(text("step_priced_on_paid", lang)))
    return pl.concat_str(action, check, priced_on_paid, ignore_nulls=True)


def stage_step(lang: str) -> pl.Expr:
    """What an open dispute's stage asks first, with its deadline as the export gives it: answer
    the buyer before 超时时间, confirm the returned goods before it, evidence due by 举证超时;
    with customer service, that negotiating is over (the deadline's state is the plan's status).
    Null for a past dispute or a stage that asks nothing of its own.
    """
    stage = pl.col("stage")
    deadline, due = (pl.col(c).dt.strftime("%Y-%m-%d %H:%M") for c in ("deadline_at", "proof_due_at"))
    platform = pl.lit(text("step_platform", lang))

    def told(key: str, when: pl.Expr) -> pl.Expr:
        return pl.format(text(key, lang).replace("{deadline}", "{}"), when)

    missing = pl.lit(text("step_no_deadline", lang))
    step = (
        pl.when(stage == "awaiting_evidence")
        .then(platform + pl.coalesce(told("step_evidence_due", due), missing))
        .when(stage.is_in(PLATFORM_STAGES))
        .then(platform)
        .when(stage == "awaiting_seller")
        .then(pl.coalesce(told("step_respond_by", deadline), missing))
        .when(stage == "return_arrived")
        .then(pl.coalesce(told("step_confirm_return", deadline), missing))
    )
    return pl.when(pl.col("resolution") == "open").then(step)
