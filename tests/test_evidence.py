"""The evidence audit and its replaceable rules."""

import polars as pl
import pytest

from rightsguard import SchemaError
from rightsguard.evidence import DEFAULT_RULES, EvidenceRules, audit_evidence

FLAGS = [
    "evidence_listing_comparison",
    "evidence_carrier_receipt",
    "evidence_purchase_voucher",
    "evidence_packing_record",
    "evidence_delivery_proof",
    "evidence_signature_proof",
    "evidence_chat_log",
]


def disputes(rows: list[tuple]) -> pl.DataFrame:
    """(reason, goods_received, {flag suffix: value}) → a frame with every flag column."""
    records = []
    for reason, goods, flags in rows:
        record = {"reason": reason, "goods_received": goods}
        record.update({f: flags.get(f.removeprefix("evidence_")) for f in FLAGS})
        records.append(record)
    return pl.DataFrame(
        records, schema={"reason": pl.String, "goods_received": pl.Boolean, **{f: pl.Boolean for f in FLAGS}}
    )


@pytest.mark.parametrize(
    ("reason", "goods", "required"),
    [
        ("damaged", True, ["carrier_receipt", "chat_log"]),
        ("quality", True, ["purchase_voucher", "chat_log"]),
        ("counterfeit", True, ["purchase_voucher", "chat_log"]),
        ("not_as_described", True, ["listing_comparison", "chat_log"]),
        ("wrong_item", True, ["packing_record", "chat_log"]),
        ("changed_mind", True, ["chat_log"]),
        ("damaged", False, ["delivery_proof", "signature_proof", "chat_log"]),
        ("not_received", False, ["delivery_proof", "signature_proof", "chat_log"]),
        ("damaged", None, ["delivery_proof", "signature_proof", "carrier_receipt", "chat_log"]),
    ],
)
def test_required_vouchers_follow_the_seed(reason, goods, required):
    audited = audit_evidence(disputes([(reason, goods, {})]))

    assert audited["required_vouchers"].to_list() == [required]


def test_present_missing_and_unknown_are_kept_apart():
    frame = disputes(
        [
            ("not_received", False, {"delivery_proof": True, "signature_proof": False}),
            ("damaged", True, {"carrier_receipt": True, "chat_log": True}),
        ]
    )

    audited = audit_evidence(frame)

    assert audited["present_vouchers"].to_list() == [["delivery_proof"], ["carrier_receipt", "chat_log"]]
    assert audited["missing_vouchers"].to_list() == [["signature_proof"], []]
    assert audited["unknown_vouchers"].to_list() == [["chat_log"], []]
    assert audited["evidence_completeness"].to_list() == pytest.approx([1 / 3, 1.0])


def test_the_audit_stays_lazy_on_a_lazyframe(sample_disputes):
    lazy = audit_evidence(sample_disputes.lazy())

    assert isinstance(lazy, pl.LazyFrame)
    assert lazy.collect().equals(audit_evidence(sample_disputes))


def test_users_can_replace_the_rules(tmp_path):
    path = tmp_path / "rules.csv"
    path.write_text(
        "goods_received,reason,voucher,provider,description\n"
        "true,damaged,packing_record,seller,photo of the packed parcel\n"
        ",,chat_log,seller,\n",
        encoding="utf-8",
    )
    rules = EvidenceRules.from_csv(path)

    audited = audit_evidence(disputes([("damaged", True, {"packing_record": True})]), rules)

    assert audited["required_vouchers"].to_list() == [["packing_record", "chat_log"]]
    assert audited["evidence_completeness"].to_list() == [0.5]


def test_a_bad_rules_table_is_refused_with_every_problem():
    table = pl.DataFrame(
        {"goods_received": [True], "reason": ["dented"], "voucher": ["selfie"], "provider": ["seller"]}
    )

    with pytest.raises(
        SchemaError,
        match=r"(?s)of the evidence rules table:.*"
        r"'voucher': unknown value\(s\) \['selfie'\].*"
        r"'reason': unknown value\(s\) \['dented'\]",
    ):
        EvidenceRules.from_frame(table)


def test_default_rules_list_every_voucher_once_in_collection_order():
    assert DEFAULT_RULES.collection_order[:2] == ["delivery_proof", "signature_proof"]
    assert sorted(DEFAULT_RULES.collection_order) == sorted(f.removeprefix("evidence_") for f in FLAGS)
