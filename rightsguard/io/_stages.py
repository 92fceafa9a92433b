"""Where a dispute stands: the source's own status words mapped onto canonical stages.

A refund report says where each case is in two columns: 退款状态 (the refund's
state: waiting for the seller, for the return, for the seller to confirm it,
refused, succeeded, closed) and 客服介入状态 (customer service: not needed,
requested, intervening, waiting for evidence). Wordings differ between export
versions and platforms, so each is matched by pattern (:data:`REFUND_STAGES`,
:data:`CS_STAGES`), customer service first: once it has a case, that is where
the case stands whatever the refund's own state says (a 客服介入状态 that is
no "not needed" and matches no pattern is ``other``, never the refund's stage). A finished refund is
``closed``. Words that match no pattern give stage ``other``; the raw words stay
in ``refund_status`` and ``cs_status`` and the run names them
(:func:`unknown_status_words`), so nothing is dropped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from rightsguard._schema import Stage
from rightsguard.io._parse import clean_text

if TYPE_CHECKING:
    from polars.expr.whenthen import ChainedThen, Then

NO_INTERVENTION: tuple[str, ...] = (
    "不需客服介入",
    "无需客服介入",
    "未介入",
    "不需要客服介入",
    "客服未介入",
    "未申请客服介入",
    "无",
)
"""客服介入状态 wordings that say customer service does not have the case."""
REFUND_DONE: tuple[str, ...] = ("退款成功", "退款完成")
REFUND_CLOSED: tuple[str, ...] = ("退款关闭", "退款已关闭", "关闭")

CS_STAGES: tuple[tuple[str, str], ...] = (
    ("举证", "awaiting_evidence"),
    ("需要客服介入|申请客服介入|待客服介入|等待客服介入|要求客服介入|申请介入", "cs_requested"),
    ("客服已经介入|客服已介入|客服介入中|客服处理中|初审|支持买家|支持卖家|已介入|处理中", "cs_intervening"),
)
"""客服介入状态 patterns, tried in order, and the stage each means."""
REFUND_STAGES: tuple[tuple[str, str], ...] = (
    ("^(退款成功|退款完成|退款关闭|退款已关闭|关闭|已关闭)$", "closed"),
    ("等待卖家同意|待卖家同意|等待卖家处理|待卖家处理|申请退款", "awaiting_seller"),
    ("等待买家退货|待买家退货|待退货", "awaiting_return"),
    ("等待卖家确认收货|待卖家确认收货|待卖家收货|买家已退货|已退货", "return_arrived"),
    ("拒绝", "seller_refused"),
)
"""退款状态 patterns, tried in order, and the stage each means."""


def _words(expr: pl.Expr) -> pl.Expr:
    return clean_text(expr).str.replace_all(r"[\s\u3000]", "").str.replace_all("，", ",", literal=True)


def intervened(cs_status: pl.Expr) -> pl.Expr:
    """Whether customer service has (or was asked to take) the case: any 客服介入状态 but
    an empty one or one of :data:`NO_INTERVENTION`."""
    return ~clean_text(cs_status).fill_null("").is_in(["", *NO_INTERVENTION])


def stage_expr(refund_status: pl.Expr, cs_status: pl.Expr) -> pl.Expr:
    """The canonical :data:`~rightsguard._schema.Stage` of each row's two status columns.

    Null where both are empty (the source does not say), ``other`` where their
    words match no pattern.
    """
    refund, cs = _words(refund_status), _words(cs_status)
    taken = intervened(cs_status)
    chain: Then | ChainedThen = pl.when(refund.str.contains(REFUND_STAGES[0][0])).then(pl.lit("closed"))
    for pattern, stage in CS_STAGES:
        chain = chain.when(taken & cs.str.contains(pattern)).then(pl.lit(stage))
    chain = chain.when(taken).then(pl.lit("other"))  # customer service in words no pattern knows
    for pattern, stage in REFUND_STAGES[1:]:
        chain = chain.when(refund.str.contains(pattern)).then(pl.lit(stage))
    return (
        chain.when(taken | refund.is_not_null())
        .then(pl.lit("other"))
        .otherwise(pl.lit(None, pl.String))
        .cast(Stage)
    )


def unknown_status_words(disputes: pl.DataFrame) -> pl.DataFrame:
    """The status words behind stage ``other``, with how many disputes show each (most first).

    Columns ``words`` (``退款状态 / 客服介入状态`` as the source wrote them) and ``n``.
    """
    if "stage" not in disputes.columns:
        return pl.DataFrame(schema={"words": pl.String, "n": pl.UInt32})
    return (
        disputes.filter(pl.col("stage") == "other")
        .select(
            pl.concat_str(
                pl.col("refund_status").fill_null("—"), pl.col("cs_status").fill_null("—"), separator=" / "
            ).alias("words")
        )
        .group_by("words")
        .len("n")
        .sort(["n", "words"], descending=[True, False])
    )
