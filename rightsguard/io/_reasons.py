"""Mapping of buyers' reason wording onto the canonical reasons.

Taobao/Tmall exports word the same reason differently from one version to the
next (``快递/物流一直未送到`` and ``快递一直未送到``, ``多拍/拍错/不想要`` and
``多拍/错拍/不想要``). Text is first normalised (spaces removed, full-width
punctuation folded), then matched against known wordings, then against
keywords; whatever is left is ``other``, kept with its raw text.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

import polars as pl

from rightsguard._schema import REASONS, Reason
from rightsguard._vocabulary import say
from rightsguard.io._parse import clean_text

if TYPE_CHECKING:
    from polars.expr.whenthen import ChainedThen, Then

KNOWN_WORDINGS: dict[str, str] = {
    "快递/物流一直未送到": "not_received",
    "快递一直未送到": "not_received",
    "快递/物流无跟踪记录": "not_received",
    "未收到货": "not_received",
    "未按约定时间发货": "late_shipment",
    "大小/尺寸与商品描述不符": "not_as_described",
    "颜色/图案/款式与商品描述不符": "not_as_described",
    "材质与商品描述不符": "not_as_described",
    "生产日期/保质期与商品描述不符": "not_as_described",
    "包装/商品破损/污渍": "damaged",
    "质量问题": "quality",
    "做工粗糙/有瑕疵": "quality",
    "假冒品牌": "counterfeit",
    "少件/漏发": "missing_items",
    "空包裹/少货": "missing_items",
    "卖家发错货": "wrong_item",
    "7天无理由退换货": "no_reason_return",
    "多拍/拍错/不想要": "changed_mind",
    "多拍/错拍/不想要": "changed_mind",
    "退运费": "shipping_fee",
    "发票问题": "invoice",
}
"""Exact wordings seen in seller refund reports, after normalisation."""

KEYWORDS: tuple[tuple[str, str], ...] = (
    ("未收到|未送到|没收到|无跟踪|物流停滞|丢件", "not_received"),
    ("未按约定时间发货|延迟发货|发货慢|未发货", "late_shipment"),
    ("描述不符|与描述|色差|尺码不符|不符|不一致|与宣传|宣传图|图片不符|实物与图", "not_as_described"),
    ("破损|污渍|损坏|压坏", "damaged"),
    ("假冒|假货|仿冒|正品", "counterfeit"),
    ("少件|漏发|空包|少货|缺件", "missing_items"),
    ("发错|错发", "wrong_item"),
    ("质量|做工|瑕疵|故障|坏了", "quality"),
    ("无理由", "no_reason_return"),
    ("多拍|拍错|错拍|不想要|不喜欢", "changed_mind"),
    ("运费", "shipping_fee"),
    ("发票", "invoice"),
)
"""Keyword patterns tried in order when no exact wording matches."""


def normalise_wording(expr: pl.Expr) -> pl.Expr:
    """Fold the spelling differences between export versions."""
    return (
        clean_text(expr)
        .str.replace_all(r"[\s\u3000]", "")
        .str.replace_all("／", "/", literal=True)
        .str.replace_all("七天", "7天", literal=True)
        .str.replace_all("（", "(", literal=True)
        .str.replace_all("）", ")", literal=True)
    )


def reason_expr(raw: pl.Expr) -> pl.Expr:
    """Map raw reason text to a canonical :data:`~rightsguard._schema.Reason`.

    Canonical codes pass through; unknown wording becomes ``other``; empty
    text stays null (a missing reason, which validation rejects).
    """
    text = normalise_wording(raw)
    lowered = text.str.to_lowercase()
    mapped: Then | ChainedThen = pl.when(lowered.is_in(REASONS)).then(lowered)
    mapped = mapped.when(text.is_in(list(KNOWN_WORDINGS))).then(
        text.replace_strict(KNOWN_WORDINGS, default=None)
    )
    for pattern, reason in KEYWORDS:
        mapped = mapped.when(text.str.contains(pattern)).then(pl.lit(reason))
    return mapped.when(text.is_not_null()).then(pl.lit("other")).cast(Reason)


UNMAPPED_SHARE = 0.2
"""Share of disputes with reason ``other`` above which the loaders warn."""
UNMAPPED_MIN_ROWS = 20
"""Fewest disputes with reason ``other`` worth a warning."""


class UnmappedReasonWarning(UserWarning):
    """Many disputes fell to reason ``other``: their source wording is not mapped."""


def warn_if_unmapped(disputes: pl.DataFrame, lang: str = "en") -> None:
    """Warn, with the commonest wordings and their counts, when many reasons are ``other``.

    The model still tells frequent wordings apart (each becomes a reason
    detail of its own), but a mapping onto the canonical reasons is what lets
    the evidence rules and the explanations use them.
    """
    wordings = dict(disputes.filter(pl.col("reason") == "other")["reason_raw"].value_counts().iter_rows())
    message = unmapped_message(wordings, disputes.height, lang)
    if message:
        warnings.warn(message, UnmappedReasonWarning, stacklevel=3)


def unmapped_message(
    wordings: dict[str | None, int], disputes: int, lang: str = "en", top: int = 5
) -> str | None:
    """The sentence for disputes whose reason is ``other`` (``wordings``: count per source
    wording), when they are many; None otherwise."""
    other = sum(wordings.values())
    if other < UNMAPPED_MIN_ROWS or other <= UNMAPPED_SHARE * disputes:
        return None
    ranked = sorted(wordings.items(), key=lambda item: (-item[1], item[0] or ""))
    listed = ", ".join(f"'{w}' ({n})" for w, n in ranked[:top])
    more = say("unmapped_more", lang, count=len(ranked) - top) if len(ranked) > top else ""
    return say(
        "trust_unmapped",
        lang,
        other=other,
        disputes=disputes,
        share=other / disputes,
        listed=listed,
        more=more,
    )
