"""The evidence audit: which vouchers each dispute needs, holds and lacks.

The rules are data, a small table that analysts can replace with their own:
each row says that a voucher is required for a reason (or any reason) when the
goods were, or were not, received (or either way). A dispute whose goods
status is unknown needs what either status would need: the seller should be
ready for both until the order is checked (the seed's second step).

Unknown evidence is kept apart from missing evidence: ``missing_vouchers``
are those recorded as not held, ``unknown_vouchers`` those never recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from rightsguard._errors import SchemaError
from rightsguard._schema import REASONS, VOUCHERS, evidence_column
from rightsguard.io._writers import LIST_SEPARATOR

RULE_SCHEMA: dict[str, pl.DataType] = {
    "goods_received": pl.Boolean(),
    "reason": pl.String(),
    "voucher": pl.String(),
    "provider": pl.String(),
    "description": pl.String(),
}
"""Columns of a rules table; null ``goods_received`` or ``reason`` means any."""

AUDIT_COLUMNS: tuple[str, ...] = (
    "required_vouchers",
    "present_vouchers",
    "missing_vouchers",
    "unknown_vouchers",
    "evidence_completeness",
)


@dataclass(frozen=True)
class EvidenceRules:
    """Which vouchers a dispute requires, as a table of rules.

    Parameters
    ----------
    rows
        Tuples in the column order of :data:`RULE_SCHEMA`. Row order is the
        order in which missing vouchers are listed (collect first what comes
        first). Build it with :meth:`from_frame` or :meth:`from_csv`; plain
        tuples keep a fitted model that holds the rules safe to save.
    """

    rows: tuple[tuple, ...]

    @property
    def table(self) -> pl.DataFrame:
        """The rules as a polars frame."""
        return pl.DataFrame(list(self.rows), schema=RULE_SCHEMA, orient="row")

    @classmethod
    def from_frame(cls, table: pl.DataFrame) -> EvidenceRules:
        """Check a user's rules table and build the rules from it.

        Raises
        ------
        SchemaError
            Listing missing columns, unknown vouchers and unknown reasons.
        """
        problems = []
        missing = [c for c in RULE_SCHEMA if c not in table.columns and c != "description"]
        if missing:
            problems.append(f"rules table lacks column(s): {', '.join(missing)}")
        else:
            for column, vocabulary in (("voucher", VOUCHERS), ("reason", REASONS)):
                bad = (
                    table.filter(pl.col(column).is_not_null() & ~pl.col(column).is_in(vocabulary))[column]
                    .unique(maintain_order=True)
                    .to_list()
                )
                if bad:
                    problems.append(
                        f"rules column '{column}': unknown value(s) {bad}; expected one of "
                        f"{', '.join(vocabulary)}"
                    )
        if problems:
            raise SchemaError(problems, table.height, "rules")
        if "description" not in table.columns:
            table = table.with_columns(pl.lit(None, pl.String).alias("description"))
        return cls(tuple(table.select(pl.col(c).cast(t) for c, t in RULE_SCHEMA.items()).rows()))

    @classmethod
    def from_csv(cls, path: str | Path) -> EvidenceRules:
        """Read a rules table from CSV (empty cells mean any)."""
        return cls.from_frame(pl.read_csv(path, schema_overrides={"goods_received": pl.Boolean}))

    def required_flags(self, frame: pl.LazyFrame) -> pl.LazyFrame:
        """Return one boolean column per voucher: required for each dispute."""
        return frame.select(self.required_exprs())

    def required_exprs(self) -> list[pl.Expr]:
        """One expression per voucher telling whether the dispute requires it."""
        reason = pl.col("reason")
        goods = pl.col("goods_received")
        exprs = []
        every = pl.repeat(True, pl.len())  # a column, not a scalar, even when no rule narrows it
        for voucher in VOUCHERS:
            conditions = [
                (every if rule_reason is None else reason == rule_reason)
                & (every if rule_goods is None else goods.is_null() | (goods == rule_goods))
                for rule_goods, rule_reason, rule_voucher, *_ in self.rows
                if rule_voucher == voucher
            ]
            required = pl.any_horizontal(conditions) if conditions else pl.repeat(False, pl.len())
            exprs.append(required.fill_null(False).alias(voucher))
        return exprs

    @property
    def collection_order(self) -> list[str]:
        """Every voucher, those the rules list first and in their order."""
        listed = list(dict.fromkeys(row[2] for row in self.rows))
        return listed + [v for v in VOUCHERS if v not in listed]


DEFAULT_RULES = EvidenceRules.from_frame(
    pl.DataFrame(
        [
            (False, None, "delivery_proof", "seller", "shipping certificate (waybill)"),
            (False, None, "signature_proof", "seller", "the buyer's signing certificate"),
            (True, "damaged", "carrier_receipt", "seller", "third-party carrier sign-for receipt"),
            (True, "quality", "purchase_voucher", "seller", "formal purchase voucher or invoice"),
            (True, "counterfeit", "purchase_voucher", "seller", "formal purchase voucher or invoice"),
            (
                True,
                "missing_items",
                "packing_record",
                "seller",
                "packing photo, video or weight (extension, not in the seed)",
            ),
            (
                True,
                "wrong_item",
                "packing_record",
                "seller",
                "packing photo, video or weight (extension, not in the seed)",
            ),
            (
                True,
                "not_as_described",
                "listing_comparison",
                "buyer",
                "the received item compared with the listing",
            ),
            (None, None, "chat_log", "seller", "record of talking to the buyer"),
        ],
        schema=RULE_SCHEMA,
        orient="row",
    )
)
"""The voucher rules of the seed (and the packing-record extension)."""


def audit_evidence(
    frame: pl.DataFrame | pl.LazyFrame, rules: EvidenceRules = DEFAULT_RULES
) -> pl.DataFrame | pl.LazyFrame:
    """Add the evidence audit columns to canonical disputes.

    Parameters
    ----------
    frame
        Canonical disputes; a LazyFrame stays lazy.
    rules
        The voucher rules; :data:`DEFAULT_RULES` by default.

    Returns
    -------
    polars.DataFrame or polars.LazyFrame
        The input columns plus ``required_vouchers``, ``present_vouchers``,
        ``missing_vouchers``, ``unknown_vouchers`` (lists of voucher names, in
        collection order) and ``evidence_completeness``, the share of required
        vouchers known to be held (1.0 when none is required).
    """
    return frame.with_columns(evidence_exprs(rules))


def evidence_exprs(rules: EvidenceRules = DEFAULT_RULES) -> list[pl.Expr]:
    """The audit as expressions, for use inside a larger ``select``.

    Each list is computed as a bit mask over the vouchers (one bit each, in
    collection order) and looked up in a table of the 128 possible lists:
    the same result as building lists row by row, at the cost of a gather.
    """
    order = rules.collection_order
    lists = pl.Series(_by_mask(order), dtype=pl.List(pl.String))
    masks = voucher_masks(rules)
    return [*(pl.lit(lists).gather(mask).alias(name) for name, mask in masks.items()), _completeness(masks)]


def audit_list_texts(rules: EvidenceRules = DEFAULT_RULES) -> list[pl.Expr]:
    """The audit lists as a text file writes them: voucher ids joined by :data:`LIST_SEPARATOR`.

    Looked up by bit mask, like the lists themselves, instead of joining each
    dispute's list; an Enum of the possible texts, none of which a
    spreadsheet could run as a formula.
    """
    order = rules.collection_order
    texts = [LIST_SEPARATOR.join(vouchers) for vouchers in _by_mask(order)]
    joined = pl.Series(texts, dtype=pl.Enum(texts))
    return [pl.lit(joined).gather(mask).alias(name) for name, mask in voucher_masks(rules).items()]


def voucher_text_exprs(
    rules: EvidenceRules = DEFAULT_RULES,
    names: dict[str, str] | None = None,
    separator: str = ", ",
    masks: dict[str, pl.Expr] | None = None,
) -> dict[str, pl.Expr]:
    """The one builder of voucher lists as text, always in collection order.

    Returns expressions for the vouchers held (``present``), recorded as not
    held (``missing``), never recorded (``unknown``) and still to collect,
    missing or unknown (``to_collect``); empty text where there are none.
    Looked up by bit mask like the audit lists, for writing next steps quickly.

    Parameters
    ----------
    rules
        The voucher rules, whose order is the collection order.
    names
        Voucher → the name people read; the voucher ids by default.
    separator
        Between names.
    masks
        The lists' bit masks (:func:`voucher_masks`) when already computed.
    """
    order = rules.collection_order
    names = names or {v: v for v in order}
    joined = pl.Series(
        [separator.join(names[v] for v in vouchers) for vouchers in _by_mask(order)], dtype=pl.String
    )
    masks = masks or voucher_masks(rules)
    return {
        "present": pl.lit(joined).gather(masks["present_vouchers"]),
        "missing": pl.lit(joined).gather(masks["missing_vouchers"]),
        "unknown": pl.lit(joined).gather(masks["unknown_vouchers"]),
        "to_collect": pl.lit(joined).gather(masks["missing_vouchers"] | masks["unknown_vouchers"]),
    }


def completeness_expr(rules: EvidenceRules = DEFAULT_RULES) -> pl.Expr:
    """The share of required vouchers known to be held (1.0 when none is required)."""
    return _completeness(voucher_masks(rules))


def _by_mask(order: list[str]) -> list[list[str]]:
    """The vouchers of each bit mask over ``order`` (bit i = ``order[i]``), every mask in turn."""
    return [[v for i, v in enumerate(order) if mask >> i & 1] for mask in range(1 << len(order))]


def voucher_masks(rules: EvidenceRules) -> dict[str, pl.Expr]:
    """Per audit list, a bit mask of the vouchers in it (bit i = i-th in collection order)."""
    required = dict(zip(VOUCHERS, rules.required_exprs()))
    order = rules.collection_order
    flag = {v: pl.col(evidence_column(v)) for v in VOUCHERS}
    conditions = {
        "required_vouchers": lambda v: required[v],
        "present_vouchers": lambda v: required[v] & flag[v].fill_null(False),
        "missing_vouchers": lambda v: required[v] & ~flag[v].fill_null(True),
        "unknown_vouchers": lambda v: required[v] & flag[v].is_null(),
    }
    return {
        name: pl.sum_horizontal(condition(v).cast(pl.UInt32) * (1 << i) for i, v in enumerate(order))
        for name, condition in conditions.items()
    }


def _completeness(masks: dict[str, pl.Expr]) -> pl.Expr:
    counts = pl.Series([bin(mask).count("1") for mask in range(1 << len(VOUCHERS))], dtype=pl.Float64)
    n_required = pl.lit(counts).gather(masks["required_vouchers"])
    n_present = pl.lit(counts).gather(masks["present_vouchers"])
    return (pl.when(n_required > 0).then(n_present / n_required).otherwise(1.0)).alias(
        "evidence_completeness"
    )
