"""Reading an evidence folder: files classified by their names, what names nothing listed to
check, links never followed out of the folder, names that are not UTF-8."""

import polars as pl
import pytest
from test_inventory import two_disputes

import rightsguard as rg


def test_a_folder_classifies_files_and_lists_what_it_cannot(tmp_path):
    for key, names in {"d1": ["聊天记录截图.png", "IMG_0001.jpg"], "o9": ["waybill.pdf"]}.items():
        (tmp_path / key).mkdir()
        for name in names:
            (tmp_path / key / name).write_bytes(b"")
    (tmp_path / "d2").mkdir()

    inventory = rg.evidence.load_evidence(tmp_path)
    attached, coverage = rg.evidence.attach_evidence(two_disputes(), inventory)

    assert inventory.holdings.filter(pl.col("key") == "d1")["voucher"].to_list() == ["chat_log"]
    assert inventory.unrecognised["name"].to_list() == ["IMG_0001.jpg"]
    assert attached["evidence_chat_log"].to_list() == [True, False, True]
    assert coverage.unmatched_keys == ["o9"]
    told = coverage.describe()
    assert "1 inventory key(s) match no dispute: o9" in told
    assert any("d1/IMG_0001.jpg" in line for line in told)
    assert "3 voucher(s) carry no date (folder files): counted as held from their dispute's opening" in told


@pytest.mark.parametrize(
    ("name", "voucher"),
    [
        ("第三方签收底单.jpg", "carrier_receipt"),
        ("快递底单.jpg", "delivery_proof"),
        ("买家签收截图.png", "signature_proof"),
        ("旺旺聊天记录.png", "chat_log"),
    ],
)
def test_voucher_names_a_seller_writes_are_read_as_what_they_are(tmp_path, name, voucher):
    (tmp_path / "d1").mkdir()
    (tmp_path / "d1" / name).write_bytes(b"")

    assert rg.evidence.load_evidence(tmp_path).holdings["voucher"].to_list() == [voucher]


def test_a_folder_of_files_whose_names_say_nothing_leaves_its_vouchers_unknown(tmp_path):
    """IMG_0231.jpg may be any voucher: its dispute is not told it holds nothing."""
    folders = {"d1": ["IMG_0231.jpg", "微信图片_20261001.jpg"], "d2": ["IMG_7.jpg", "聊天记录.png"]}
    for key, names in folders.items():
        (tmp_path / key).mkdir()
        for name in names:
            (tmp_path / key / name).write_bytes(b"")

    attached, coverage = rg.evidence.attach_evidence(two_disputes(), rg.evidence.load_evidence(tmp_path))

    assert attached["evidence_delivery_proof"].to_list() == [None, False, None]
    assert attached["evidence_chat_log"].to_list() == [None, True, True]
    assert coverage.n_covered == 1 and coverage.unmatched_keys == []
    assert attached["unrecognised_files"].to_list() == [
        ["IMG_0231.jpg", "微信图片_20261001.jpg"],
        ["IMG_7.jpg"],
        [],
    ]


def test_the_next_step_names_the_files_to_check_in_both_languages(tmp_path):
    (tmp_path / "d1").mkdir()
    (tmp_path / "d1" / "IMG_0231.jpg").write_bytes(b"")
    attached, _ = rg.evidence.attach_evidence(two_disputes(), rg.evidence.load_evidence(tmp_path))
    priced = attached.with_columns(
        *rg.evidence.audit_evidence(attached).select(
            "required_vouchers",
            "present_vouchers",
            "missing_vouchers",
            "unknown_vouchers",
            "evidence_completeness",
        )
    ).with_columns(
        amount=pl.lit(100.0),
        paid_amount=pl.lit(None, pl.Float64),
        p_negotiated=pl.lit(0.5),
        p_win_ruling=pl.lit(0.5),
        negotiated_refund_share=pl.lit(0.5),
    )

    steps = {
        lang: rg.DEFAULT_POLICY.decide(priced, lang=lang)["next_step"].to_list() for lang in ("en", "zh")
    }

    assert steps["en"][0].endswith("; check these files, whose names say no voucher: IMG_0231.jpg")
    assert steps["zh"][0].endswith("；请查看这些文件（文件名看不出是哪种凭证）：IMG_0231.jpg")
    assert "IMG" not in steps["en"][1] + steps["en"][2]


def test_reading_a_folder_never_leaves_it_and_names_each_link_not_followed(tmp_path):
    root, outside = tmp_path / "evidence", tmp_path / "elsewhere"
    (outside / "etc").mkdir(parents=True)
    (outside / "etc" / "Xmessage").write_bytes(b"")
    (outside / "passwd").write_bytes(b"")
    (root / "d1").mkdir(parents=True)
    (root / "d1" / "发货底单.jpg").write_bytes(b"")
    (root / "d1" / "聊天记录.png").symlink_to(outside / "passwd")
    (root / "d1" / "gone.jpg").symlink_to(outside / "missing")
    (root / "d1" / "loop").symlink_to(root / "d1")
    (root / "d2").symlink_to(outside / "etc")
    (root / "d3").symlink_to(root / "d3")  # leads back to itself: reading it raised ELOOP
    (root / "d1" / "self.jpg").symlink_to(root / "d1" / "self.jpg")

    inventory = rg.evidence.load_evidence(root)
    attached, coverage = rg.evidence.attach_evidence(two_disputes(), inventory)

    assert inventory.holdings.select("key", "voucher").rows() == [("d1", "delivery_proof")]
    assert inventory.unrecognised.height == 0
    assert sorted(inventory.rejected["problem"].to_list()) == [
        "d1/gone.jpg: a broken link",
        "d1/loop: a link to a folder, not followed",
        "d1/self.jpg: a link that leads back to itself, not followed",
        "d1/聊天记录.png: a link leading out of the evidence folder, not followed",
        "d2: a link leading out of the evidence folder, not followed",
        "d3: a link that leads back to itself, not followed",
    ]
    assert attached["evidence_chat_log"].to_list() == [False, None, True]
    assert coverage.n_covered == 1
    (told,) = [line for line in coverage.describe("zh") if "无法读取" in line]  # said in Chinese
    first = inventory.rejected["problem"][0].split(": ")[0]
    phrases = (
        "指向文件夹的链接，未读取",
        "失效的链接",
        "指向自身的循环链接，未读取",
        "指向凭证文件夹之外的链接，未读取",
    )
    assert any(told == f"6 行台账或凭证文件无法读取：{first}: {phrase}" for phrase in phrases), told


def test_file_names_that_are_not_utf8_are_read_as_gb18030_or_reported_as_they_are(tmp_path):
    import os

    key = os.fsencode(tmp_path / "d1")
    os.mkdir(key)
    for raw in ("聊天记录.png".encode("gbk"), b"\xff\xfe.jpg"):
        with open(os.path.join(key, raw), "wb"):
            pass

    inventory = rg.evidence.load_evidence(tmp_path)

    assert inventory.holdings.select("key", "voucher", "file").rows() == [("d1", "chat_log", "聊天记录.png")]
    assert inventory.unrecognised["name"].to_list() == ["\\xff\\xfe.jpg"]
