"""The counterparty: a salted one-way key, and a history that never sees its own outcome."""

import hashlib
import hmac
import zipfile
from datetime import datetime, timedelta

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rightsguard as rg
from rightsguard._cli import main
from rightsguard.sample._bundle import EXPORT_ROWS
from rightsguard.scoring._history import HISTORY_COLUMNS

from conftest import SAMPLE

SALT = "a-shop-secret-of-32-characters!!"
EXPORT = SAMPLE / "taobao_export_gbk.csv"


def _member_names() -> list[str]:
    return pl.read_csv(EXPORT, encoding="gbk", infer_schema=False)["买家会员名"].to_list()


def test_a_buyer_key_is_the_hmac_of_the_member_name_under_the_salt():
    loaded = rg.load_disputes(EXPORT, salt=SALT)

    expected = [hmac.new(SALT.encode(), n.encode(), hashlib.sha256).hexdigest()[:20] for n in _member_names()]
    assert loaded["counterparty"].to_list() == expected


def test_the_key_is_stable_across_files_of_a_shop_and_differs_under_another_salt():
    from_csv = rg.load_disputes(EXPORT, salt=SALT)["counterparty"]
    from_xlsx = rg.load_disputes(SAMPLE / "taobao_export.xlsx", salt=SALT)["counterparty"]
    other_shop = rg.load_disputes(EXPORT, salt=SALT[::-1])["counterparty"]

    assert from_csv.to_list() == from_xlsx.to_list()
    assert not set(from_csv.to_list()) & set(other_shop.to_list())


def test_without_a_salt_member_names_are_not_read():
    assert rg.load_disputes(EXPORT)["counterparty"].null_count() == EXPORT_ROWS


def test_a_short_salt_is_refused():
    with pytest.raises(rg.SaltError, match="has 5 character"):
        rg.load_disputes(EXPORT, salt="short")


def test_a_salt_of_few_different_characters_is_refused_wherever_it_is_given(tmp_path):
    with pytest.raises(rg.SaltError, match="only 1 different character"):
        rg.load_disputes(EXPORT, salt="a" * 32)
    with pytest.raises(rg.SaltError, match="has 2 character"):
        rg.ReadOptions(salt="ab")


def test_a_salt_file_saved_with_a_byte_order_mark_gives_the_keys_of_the_same_salt(tmp_path, monkeypatch):
    salt_file = tmp_path / "salt.txt"
    salt_file.write_bytes(b"\xef\xbb\xbf" + SALT.encode() + b"\r\n")
    monkeypatch.setenv("RIGHTSGUARD_COUNTERPARTY_SALT", SALT)

    assert rg.read_salt(salt_file) == rg.read_salt(None) == SALT


def test_streamed_and_in_memory_keys_agree_for_a_salt_with_blanks_around_it(tmp_path):
    padded = f"  {SALT}\n"
    run = rg.score(
        EXPORT,
        model=_export_model(),
        output=tmp_path / "streamed.parquet",
        keep_private=True,
        reading=rg.ReadOptions(salt=padded),
    )
    streamed = pl.read_parquet(tmp_path / "streamed.parquet")["counterparty"]
    assert run.scored is None  # it streamed

    assert streamed.to_list() == rg.load_disputes(EXPORT, salt=SALT)["counterparty"].to_list()


def _export_model() -> rg.scoring.NegotiationModel:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return rg.scoring.fit_model(
            rg.load_disputes(SAMPLE / "disputes.csv").head(2000), fitting=rg.FitOptions(method="logistic")
        )


def test_no_member_name_or_key_reaches_any_output_file(tmp_path):
    salt_file = tmp_path / "salt.txt"
    salt_file.write_text(SALT)
    export = tmp_path / "inputs" / "export.csv"  # the sample export's newest 800 disputes
    export.parent.mkdir()
    lines = EXPORT.read_bytes().splitlines(keepends=True)
    export.write_bytes(b"".join([lines[0], *lines[-800:]]))
    report, scored = tmp_path / "report", tmp_path / "scored.csv"
    fast = ["--method", "logistic", "--salt-file", str(salt_file)]
    assert main(["report", str(export), "-o", str(report), *fast]) == 0
    assert main(["score", str(export), "-o", str(scored), *fast]) == 0

    keys = rg.load_disputes(export, salt=SALT)["counterparty"].to_list()
    names = pl.read_csv(export, encoding="gbk", infer_schema=False)["买家会员名"].to_list()
    secrets = [*names, *keys, SALT]
    files = [p for p in tmp_path.rglob("*") if p.is_file() and p not in (salt_file, export)]
    texts = []
    for path in files:
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as book:
                texts += [book.read(n).decode("utf-8", "replace") for n in book.namelist()]
        elif path.suffix != ".png":
            texts.append(path.read_bytes().decode("utf-8", "replace"))
    assert len(files) >= 10 and any(p.suffix == ".xlsx" for p in files)
    leaked = {s for s in secrets for text in texts if s in text}
    assert not leaked


def test_keep_counterparty_keeps_the_key_when_asked(tmp_path):
    salt_file = tmp_path / "salt.txt"
    salt_file.write_text(SALT)
    out = tmp_path / "scored.parquet"
    assert (
        main(
            ["score", str(EXPORT), "-o", str(out), "--salt-file", str(salt_file), "--keep-counterparty"]
            + ["--method", "logistic"]
        )
        == 0
    )
    assert (
        pl.read_parquet(out)["counterparty"].to_list()
        == rg.load_disputes(EXPORT, salt=SALT)["counterparty"].to_list()
    )


_START = datetime(2024, 1, 1)
_dispute = st.tuples(
    st.sampled_from(["a", "b", None]),  # counterparty
    st.integers(0, 20),  # opened, days after the start
    st.one_of(st.none(), st.integers(0, 10)),  # days to close; None: still open
    st.booleans(),  # negotiated
)


def _frame(rows) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "dispute_id": [str(i) for i in range(len(rows))],
            "counterparty": [r[0] for r in rows],
            "opened_at": [_START + timedelta(days=r[1]) for r in rows],
            "closed_at": [None if r[2] is None else _START + timedelta(days=r[1] + r[2]) for r in rows],
            "resolution": ["open" if r[2] is None else ("negotiated" if r[3] else "escalated") for r in rows],
        },
        schema_overrides={"opened_at": pl.Datetime("us"), "closed_at": pl.Datetime("us")},
    )


def _by_hand(rows, i):
    """The three counts of dispute i, one comparison at a time."""
    who, opened = rows[i][0], rows[i][1]
    if who is None:
        return (None, None, None)
    same = [r for j, r in enumerate(rows) if j != i and r[0] == who]
    closed = [r for r in same if r[2] is not None and r[1] + r[2] < opened]
    return (sum(r[1] < opened for r in same), len(closed), sum(r[3] for r in closed))


@settings(max_examples=60, deadline=None)
@given(st.lists(_dispute, min_size=1, max_size=25))
def test_history_counts_only_what_was_known_when_each_dispute_opened(rows):
    history = rg.scoring.with_history(_frame(rows)).select(HISTORY_COLUMNS).rows()

    assert history == [_by_hand(rows, i) for i in range(len(rows))]


@settings(max_examples=40, deadline=None)
@given(st.lists(_dispute, min_size=2, max_size=25), st.data())
def test_a_dispute_history_never_sees_its_own_or_a_later_outcome(rows, data):
    i = data.draw(st.integers(0, len(rows) - 1))
    opened = rows[i][1]
    # rewrite every outcome not yet known when dispute i opened, its own included
    rewritten = [
        (r[0], r[1], r[2], not r[3]) if j == i or r[2] is None or r[1] + r[2] >= opened else r
        for j, r in enumerate(rows)
    ]
    before = rg.scoring.with_history(_frame(rows)).select(HISTORY_COLUMNS).row(i)
    after = rg.scoring.with_history(_frame(rewritten)).select(HISTORY_COLUMNS).row(i)

    assert before == after


@pytest.mark.parametrize("header", ["买家会员名称", "买家昵称", "买家旺旺"])
def test_every_header_real_exports_name_the_buyer_by_gives_the_same_key(tmp_path, header):
    renamed = tmp_path / "export.csv"
    raw = pl.read_csv(EXPORT, encoding="gbk", infer_schema=False).rename({"买家会员名": header})
    renamed.write_bytes(raw.write_csv().encode("gbk"))

    keys = rg.load_disputes(renamed, salt=SALT)["counterparty"]

    assert keys.null_count() == 0
    assert keys.to_list() == rg.load_disputes(EXPORT, salt=SALT)["counterparty"].to_list()


def test_a_salt_for_an_export_that_names_no_buyer_is_refused_naming_its_headers(tmp_path):
    anonymous = tmp_path / "export.csv"
    raw = pl.read_csv(EXPORT, encoding="gbk", infer_schema=False).drop("买家会员名")
    anonymous.write_bytes(raw.write_csv().encode("gbk"))

    with pytest.raises(
        rg.SaltError,
        match=r"names no buyer: none of its columns is 买家会员名, "
        r"买家会员名称.*Its columns: 订单编号",
    ):
        rg.load_disputes(anonymous, salt=SALT)
    assert rg.load_disputes(anonymous)["counterparty"].null_count() == raw.height


def test_the_salt_command_writes_a_strong_secret_once(tmp_path, capsys):
    import os
    import stat

    path = tmp_path / "shop.salt"

    assert main(["salt", str(path), "--lang", "zh"]) == 0
    salt = rg.read_salt(path)
    assert len(salt) >= 40 and len(set(salt)) >= 20
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert f"已在 {path} 生成新的买家密钥" in capsys.readouterr().err
    assert main(["salt", str(path)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert rg.read_salt(path) == salt
