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

from rightsguard._schema import REASONS, VOUCHERS, evidence_column
from rightsguard._validation import SchemaError

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
    table
        A frame with the columns of :data:`RULE_SCHEMA`. Row order is the
        order in which missing vouchers are listed (collect first what comes
        first).
    """

    table: pl.DataFrame

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
                bad = table.filter(
                    pl.col(column).is_not_null() & ~pl.col(column).is_in(vocabulary)
                )[column].unique(maintain_order=True).to_list()
                if bad:
                    problems.append(
                        f"rules column '{column}': unknown value(s) {bad}; expected one of "
                        f"{', '.join(vocabulary)}"
                    )
        if problems:
            raise SchemaError(problems, table.height)
        if "description" not in table.columns:
            table = table.with_columns(pl.lit(None, pl.String).alias("description"))
        return cls(table.select(pl.col(c).cast(t) for c, t in RULE_SCHEMA.items()))

    @classmethod
    def from_csv(cls, path: str | Path) -> EvidenceRules:
        """Read a rules table from CSV (empty cells mean any)."""
        return cls.from_frame(pl.read_csv(path, schema_overrides={"goods_received": pl.Boolean}))

    def required_flags(self, frame: pl.LazyFrame) -> pl.LazyFrame:
        """Return one boolean column per voucher: required for each dispute."""
        return frame.select(self.required_exprs())

    def required_exprs(self) -> list[pl.Expr]:
        """One expression per voucher telling whether the dispute requires it."""
        reason = pl.col("reason").cast(pl.String)
        goods = pl.col("goods_received")
        exprs = []
        for voucher in VOUCHERS:
            rules = self.table.filter(pl.col("voucher") == voucher)
            conditions = [
                (pl.lit(True) if r["reason"] is None else reason == r["reason"])
                & (pl.lit(True) if r["goods_received"] is None
                   else goods.is_null() | (goods == r["goods_received"]))
                for r in rules.iter_rows(named=True)
            ]
            required = pl.any_horizontal(conditions) if conditions else pl.lit(False)
            exprs.append(required.fill_null(False).alias(voucher))
        return exprs

    @property
    def collection_order(self) -> list[str]:
        """Vouchers in the order the rules list them."""
        return self.table["voucher"].unique(maintain_order=True).to_list()

    @property
    def providers(self) -> dict[str, str]:
        """Who provides each voucher (``buyer`` or ``seller``)."""
        return dict(self.table.select("voucher", "provider").unique("voucher").iter_rows())


DEFAULT_RULES = EvidenceRules.from_frame(
    pl.DataFrame(
        [
            (False, None, "delivery_proof", "seller", "shipping certificate (waybill)"),
            (False, None, "signature_proof", "seller", "the buyer's signing certificate"),
            (True, "damaged", "carrier_receipt", "seller", "third-party carrier sign-for receipt"),
            (True, "quality", "purchase_voucher", "seller", "formal purchase voucher or invoice"),
            (True, "counterfeit", "purchase_voucher", "seller", "formal purchase voucher or invoice"),
            (True, "missing_items", "packing_record", "seller",
             "packing photo, video or weight (extension, not in the seed)"),
            (True, "wrong_item", "packing_record", "seller",
             "packing photo, video or weight (extension, not in the seed)"),
            (True, "not_as_described", "listing_comparison", "buyer",
             "the received item compared with the listing"),
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
    """The audit as expressions, for use inside a larger ``select``."""
    order = rules.collection_order + [v for v in VOUCHERS if v not in rules.collection_order]
    required = dict(zip(VOUCHERS, rules.required_exprs()))
    flag = {v: pl.col(evidence_column(v)) for v in VOUCHERS}
    states = {
        "required_vouchers": {v: required[v] for v in order},
        "present_vouchers": {v: required[v] & flag[v].fill_null(False) for v in order},
        "missing_vouchers": {v: required[v] & ~flag[v].fill_null(True) for v in order},
        "unknown_vouchers": {v: required[v] & flag[v].is_null() for v in order},
    }
    lists = [
        pl.concat_list([pl.when(c).then(pl.lit(v)) for v, c in conds.items()])
        .list.drop_nulls()
        .alias(name)
        for name, conds in states.items()
    ]
    n_required = pl.sum_horizontal(c.cast(pl.Int8) for c in states["required_vouchers"].values())
    n_present = pl.sum_horizontal(c.cast(pl.Int8) for c in states["present_vouchers"].values())
    completeness = (
        pl.when(n_required > 0).then(n_present / n_required).otherwise(1.0)
    ).alias("evidence_completeness")
    return [*lists, completeness]
