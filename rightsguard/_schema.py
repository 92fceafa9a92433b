"""The canonical dispute schema: columns, types and vocabularies.

Every loader translates its source into this one table, one row per dispute.
Outcome-decided columns are listed in :data:`OUTCOME_COLUMNS`; they describe how
a dispute ended and must never be used to predict it.
"""

from __future__ import annotations

import polars as pl

REASONS: tuple[str, ...] = (
    "not_received",
    "late_shipment",
    "not_as_described",
    "damaged",
    "quality",
    "counterfeit",
    "missing_items",
    "wrong_item",
    "no_reason_return",
    "changed_mind",
    "shipping_fee",
    "invoice",
    "other",
    "unknown",
)
"""Canonical dispute reasons; ``other`` keeps anything unrecognised.

``unknown`` is a reason the source left empty, kept only when the user asks
(``empty_reason="unknown"``); by default such rows are rejected.
"""

OUTCOMES: tuple[str, ...] = ("withdrawn", "agreed", "platform_buyer", "platform_seller", "escalated_unknown")
"""How a closed dispute ended.

``withdrawn`` (the buyer revoked it) and ``agreed`` (settled between the two)
are negotiated; ``platform_buyer`` and ``platform_seller`` are rulings by the
platform's customer service; ``escalated_unknown`` is a dispute that was not
settled by negotiation and whose ruling the source does not record (for
instance a complaint referred to a hearing). A null outcome is an open dispute.
"""

NEGOTIATED_OUTCOMES: tuple[str, ...] = ("withdrawn", "agreed")
ESCALATED_OUTCOMES: tuple[str, ...] = ("platform_buyer", "platform_seller", "escalated_unknown")

STAGES: tuple[str, ...] = (
    "awaiting_seller",
    "awaiting_return",
    "return_arrived",
    "seller_refused",
    "cs_requested",
    "cs_intervening",
    "awaiting_evidence",
    "closed",
    "other",
)
"""Where a dispute stands: the canonical stages of a refund case, in the order a case moves.

``awaiting_seller`` (买家已经申请退款，等待卖家同意), ``awaiting_return`` (卖家已经同意退款，
等待买家退货), ``return_arrived`` (买家已经退货，等待卖家确认收货), ``seller_refused``
(卖家拒绝退款), ``cs_requested`` (需要客服介入), ``cs_intervening`` (客服已经介入, 客服初审完成),
``awaiting_evidence`` (待举证), ``closed`` (退款成功, 退款关闭). ``other`` is a status whose
words map to none, kept raw beside it. A null stage is one the source does not say.
"""

PLATFORM_STAGES: tuple[str, ...] = ("cs_requested", "cs_intervening", "awaiting_evidence")
"""Stages in which customer service has the case: it ends in a ruling, never by negotiation
(a buyer who withdraws then is recorded as a ruling for the seller)."""

STATUS_COLUMNS: tuple[str, ...] = (
    "stage",
    "stage_since",
    "refund_status",
    "cs_status",
    "liable_party",
    "proof_due_at",
    "refund_scope",
)
"""Where a dispute stands, as the source said it: known now for an open dispute, decided
later for a dispute as it opened, so never a feature of the score at opening."""

RESOLUTIONS: tuple[str, ...] = ("negotiated", "escalated", "open")
"""The label derived from the outcome."""

REFUND_TYPES: tuple[str, ...] = ("refund_only", "return_refund", "exchange")
"""What the buyer asked for (仅退款 / 退货退款 / 换货)."""

VOUCHERS: tuple[str, ...] = (
    "listing_comparison",
    "carrier_receipt",
    "purchase_voucher",
    "packing_record",
    "delivery_proof",
    "signature_proof",
    "chat_log",
)
"""Kinds of evidence (vouchers) a dispute can call for."""

Reason = pl.Enum(REASONS)
Outcome = pl.Enum(OUTCOMES)
Resolution = pl.Enum(RESOLUTIONS)
RefundType = pl.Enum(REFUND_TYPES)
Stage = pl.Enum(STAGES)
Timestamp = pl.Datetime("us")


def evidence_column(voucher: str) -> str:
    """Return the canonical column name holding the flag for ``voucher``."""
    return f"evidence_{voucher}"


EVIDENCE_COLUMNS: tuple[str, ...] = tuple(evidence_column(v) for v in VOUCHERS)

SCHEMA: dict[str, pl.DataType] = {
    "dispute_id": pl.String(),
    "order_id": pl.String(),
    "shop": pl.String(),
    "counterparty": pl.String(),
    "paid_at": Timestamp,
    "opened_at": Timestamp,
    "deadline_at": Timestamp,
    "closed_at": Timestamp,
    "reason": Reason,
    "reason_raw": pl.String(),
    "category": pl.String(),
    "item": pl.String(),
    "sku": pl.String(),
    "goods_received": pl.Boolean(),
    "refund_type": RefundType,
    "amount": pl.Float64(),
    "paid_amount": pl.Float64(),
    "seller_response_hours": pl.Float64(),
    "instant_response": pl.Boolean(),
    "after_sale": pl.Boolean(),
    **{column: pl.Boolean() for column in EVIDENCE_COLUMNS},
    "stage": Stage,
    "stage_since": Timestamp,
    "refund_status": pl.String(),
    "cs_status": pl.String(),
    "liable_party": pl.String(),
    "proof_due_at": Timestamp,
    "refund_scope": pl.String(),
    "outcome": Outcome,
}
"""Canonical column names and their polars types, in output order."""

SOURCE_ROW = "source_row"
"""1-based position of a row in its source; kept on rejected rows."""
SOURCE_LINE = "source_line"
"""Line number of a row in a text source (or Excel row), where the reader knows it."""
SOURCE_PROBLEM = "source_problem"
"""A problem the reader or mapping found before validation (a malformed or excluded row)."""
BLANK_LINE = "blank line"
"""The readers' ``source_problem`` for a wholly blank line or row: skipped and counted."""
SOURCE_INEXACT = "source_inexact"
"""Columns of a row whose spreadsheet number was too large to be exact (a list of names).

Only the columns a loader reads make the row a problem; the others are ignored.
"""
SOURCE_UNCALCULATED = "source_uncalculated"
"""Columns of a row whose spreadsheet formula was saved without its value (a list of names).

Only the columns a loader reads make the row a problem; the others are ignored.
"""
PROVENANCE_COLUMNS: tuple[str, ...] = (
    SOURCE_ROW,
    SOURCE_LINE,
    SOURCE_PROBLEM,
    SOURCE_INEXACT,
    SOURCE_UNCALCULATED,
)
"""Where each row came from: carried by readers, read by validation, never features."""

EXTRA_PREFIX = "extra_"
"""Prefix of a source's own feature columns (declared by a mapping): text ones are
categorical, numeric ones numeric. They pass validation and may become features."""

MEMORY_ONLY_COLUMNS: tuple[str, ...] = ("why",)
"""Columns a run keeps in memory and never writes to a file: each dispute's structured reasons,
which a spreadsheet cannot hold; a file has them in words (``explanation``)."""
PRIVATE_COLUMNS: tuple[str, ...] = ("counterparty",)
"""Columns kept out of exported files and reports unless the user asks for them."""


def is_extra(column: str) -> bool:
    """Tell whether ``column`` is a source's own feature column (:data:`EXTRA_PREFIX`)."""
    return column.startswith(EXTRA_PREFIX) and len(column) > len(EXTRA_PREFIX)


REQUIRED_COLUMNS: tuple[str, ...] = ("dispute_id", "opened_at", "reason")
"""Columns a source must provide; every other column may be absent (all null)."""

OUTCOME_COLUMNS: frozenset[str] = frozenset(
    {"closed_at", "outcome", "resolution", "resolution_hours", *STATUS_COLUMNS}
)
"""Canonical columns decided by the outcome (or, while a dispute is open, by where it stands
now): never features of its score at opening."""

CANONICAL_SCHEMA: dict[str, pl.DataType] = {**SCHEMA, "resolution": Resolution}
"""The schema of a loaded frame: :data:`SCHEMA` plus the derived ``resolution``."""


def resolution_expr(outcome: str | pl.Expr = "outcome") -> pl.Expr:
    """Return the negotiated / escalated / open label derived from the outcome.

    Parameters
    ----------
    outcome
        Column name or expression holding canonical outcomes.

    Returns
    -------
    polars.Expr
        An expression of type :data:`Resolution` named ``resolution``.
    """
    outcome = pl.col(outcome) if isinstance(outcome, str) else outcome
    text = outcome.cast(pl.String)
    return (
        pl.when(text.is_in(NEGOTIATED_OUTCOMES))
        .then(pl.lit("negotiated"))
        .when(text.is_in(ESCALATED_OUTCOMES))
        .then(pl.lit("escalated"))
        .otherwise(pl.lit("open"))
        .cast(Resolution)
        .alias("resolution")
    )


SCORED_MARKS: tuple[str, ...] = ("p_negotiated", "scored_by", "recommendation")
"""Columns every scored frame holds: how a frame shows it came from :func:`rightsguard.score`."""


def scored_disputes(value: object, function: str, needs: tuple[str, ...] = SCORED_MARKS) -> pl.DataFrame:
    """The scored disputes in ``value``: a run of :func:`rightsguard.score` or its ``scored``,
    holding the columns ``function`` ``needs``.

    Raises
    ------
    TypeError
        When ``value`` is neither, naming what ``function`` takes.
    ValueError
        When a frame lacks the scored columns: it was not passed through ``rg.score``.
    """
    in_memory = getattr(value, "in_memory", None)
    frame = in_memory() if callable(in_memory) else value
    if not isinstance(frame, pl.DataFrame):
        raise TypeError(
            f"{function} takes what rg.score returns (its run, or run.scored); got {type(value).__name__}"
        )
    missing = [c for c in needs if c not in frame.columns]
    if missing:
        raise ValueError(
            f"{function} takes disputes scored by rg.score; this frame lacks "
            f"{', '.join(missing)}: pass the output of rg.score (run or run.scored)"
        )
    return frame
