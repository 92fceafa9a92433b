"""Reading files as real exports come: encodings, separators, quoting, guards."""

import re
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal

import polars as pl
import pytest

from rightsguard import SchemaError, UnreadableFileError, load_disputes, load_disputes_lenient

HEADER = "dispute_id,opened_at,reason,reason_raw,amount\n"
ROWS = (
    "1234567890123456789,2026-01-02 10:00:00,quality,质量问题,12.50\n"
    "9876543210987654321,2026/1/3 9:30,damaged,包装破损,8\n"
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_text_is_read_in_every_common_encoding(tmp_path, encoding):
    path = tmp_path / "disputes.csv"
    path.write_bytes((HEADER + ROWS).encode(encoding))

    frame = load_disputes(path)

    assert frame["dispute_id"].to_list() == ["1234567890123456789", "9876543210987654321"]
    assert frame["reason_raw"].to_list() == ["质量问题", "包装破损"]
    assert frame["amount"].to_list() == [12.5, 8.0]


def test_gb18030_only_characters_survive(tmp_path):
    path = tmp_path / "disputes.csv"
    path.write_bytes((HEADER + "1,2026-01-02,other,𠀀 生僻字,1\n").encode("gb18030"))

    assert load_disputes(path)["reason_raw"].to_list() == ["𠀀 生僻字"]


def test_undecodable_bytes_are_refused_with_the_fix(tmp_path):
    path = tmp_path / "disputes.csv"
    path.write_bytes(HEADER.encode() + b"\xff\xfe\xfa\xfb\x80\x81\n")

    with pytest.raises(UnreadableFileError, match="not UTF-8, GBK or GB18030 text"):
        load_disputes(path)


@pytest.mark.parametrize("first, then", [("utf-8", "gbk"), ("gbk", "utf-8")])
def test_a_file_mixing_utf8_and_gbk_lines_is_refused_not_read_as_mojibake(tmp_path, first, then):
    path = tmp_path / "disputes.csv"
    path.write_bytes((HEADER + ROWS).encode(first) + "3,2026-01-03,damaged,质量问题,9\n".encode(then))

    with pytest.raises(
        UnreadableFileError,
        match=r"disputes.csv: mixes encodings: line \d is UTF-8 "
        r"Chinese but line \d is not UTF-8",
    ):
        load_disputes(path)
    with pytest.raises(UnreadableFileError, match="mixes encodings"):
        load_disputes_lenient(path)


def numbered_rows(count: int) -> list[str]:
    return [f"{i},2026-01-02,damaged,破损,{i}\n" for i in range(1, count + 1)]


@pytest.mark.parametrize(
    "header, stray_row, told",
    [
        (HEADER, 5, '6 hold a quote inside a value (破"损)'),
        (HEADER.replace("reason_raw", 'reason"raw'), 5, '1, 6 hold a quote inside a value (n"r)'),
        (HEADER.replace("reason_raw", '"reason_raw'), 20, '21 hold a quote inside a value (破"损)'),
    ],
)
def test_a_quote_inside_a_value_refuses_the_file_instead_of_swallowing_rows(
    tmp_path, header, stray_row, told
):
    rows = numbered_rows(34)
    rows[stray_row - 1] = rows[stray_row - 1].replace("破损", '破"损')
    path = tmp_path / "disputes.csv"
    path.write_text(header + "".join(rows), encoding="utf-8")

    for load in (load_disputes, load_disputes_lenient):
        with pytest.raises(UnreadableFileError, match=re.escape(f"disputes.csv: line(s) {told}")):
            load(path)


def test_a_quoted_value_swallowing_row_shaped_lines_rejects_its_row_not_the_lines(tmp_path):
    rows = numbered_rows(10)
    rows[2] = '3,2026-01-02,damaged,"破损\n'
    rows[3] = '4,2026-01-02,damaged,说明",3\n'
    legit = '11,2026-01-02,damaged,"第一行\n第二行",11\n'
    path = tmp_path / "disputes.csv"
    path.write_text(HEADER + "".join(rows) + legit, encoding="utf-8")

    result = load_disputes_lenient(path)

    assert result.accepted["dispute_id"].to_list() == ["1", "2", "5", "6", "7", "8", "9", "10", "11"]
    assert result.accepted["reason_raw"][-1] == "第一行\n第二行"
    assert result.rejected["problems"].to_list() == [
        [
            "source: malformed or excluded row (a quoted value runs from line 4 to line 5 across 1 "
            "line(s) shaped like rows of their own; check where its quote closes)"
        ]
    ]
    with pytest.raises(SchemaError, match="lines 4; values 'a quoted value runs from line 4"):
        load_disputes(path)


def test_tab_separated_text_saved_as_xls_is_read(tmp_path):
    path = tmp_path / "export.xls"
    path.write_bytes((HEADER + ROWS).replace(",", "\t").encode("gbk"))

    assert load_disputes(path).height == 2


def test_spreadsheet_guards_around_ids_are_removed(tmp_path):
    path = tmp_path / "disputes.csv"
    path.write_text(
        HEADER + '"=""1234567890123456789""",2026-01-02,quality,,1\n'
        "'987654321098765432,2026-01-02,quality,,1\n\t555,2026-01-02,quality,,1\n",
        encoding="utf-8",
    )

    ids = load_disputes(path)["dispute_id"].to_list()

    assert ids == ["1234567890123456789", "987654321098765432", "555"]


def test_malformed_rows_are_reported_with_their_line_numbers(tmp_path):
    path = tmp_path / "disputes.csv"
    path.write_text(
        HEADER + ROWS + '3,2026-01-04,"quality","multi\nline",1\n' + "4,2026-01-05,quality,x,1,extra\n",
        encoding="utf-8",
    )

    with pytest.raises(SchemaError, match=r"malformed or excluded row: 1 row\(s\), lines 6;"):
        load_disputes(path)
    result = load_disputes_lenient(path)
    assert result.accepted["dispute_id"].to_list() == ["1234567890123456789", "9876543210987654321", "3"]
    assert result.rejected["problems"].to_list() == [
        ["source: malformed or excluded row (malformed row: 6 fields, header has 5)"]
    ]


def test_blank_lines_are_counted_not_lost(tmp_path):
    path = tmp_path / "disputes.csv"
    path.write_text(HEADER + ROWS + "\n5,2026-01-05,quality,x,1\n", encoding="utf-8")

    result = load_disputes_lenient(path)

    assert (result.accepted.height, result.rejected.height, result.blank_lines) == (3, 0, 1)
    assert load_disputes(path).height == 3


def test_an_export_ending_in_blank_lines_loads_strictly(tmp_path):
    path = tmp_path / "disputes.csv"
    path.write_text(HEADER + ROWS + "\n\n\r\n", encoding="utf-8")

    assert load_disputes(path).height == 2


def test_parquet_and_frames_give_the_same_canonical_table(tmp_path, sample_disputes):
    path = tmp_path / "disputes.parquet"
    sample_disputes.write_parquet(path)

    from_parquet = load_disputes(path)
    from_lazy = load_disputes(sample_disputes.lazy())

    assert from_parquet.equals(sample_disputes)
    assert from_lazy.equals(sample_disputes)


def test_unsupported_suffix_is_named(tmp_path):
    path = tmp_path / "disputes.json"
    path.write_text("{}")

    with pytest.raises(UnreadableFileError, match=r"unsupported file type '\.json'"):
        load_disputes(path)


def test_title_rows_above_the_header_are_skipped(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(
        "退款报表导出 2026-01\n\n退款编号,退款的申请时间,买家退款原因\n"
        "1,2026-01-01,质量问题\n2,2026-01-02,多拍/拍错/不想要\n".encode("gbk")
    )

    result = load_disputes_lenient(path)

    assert result.accepted["reason"].cast(pl.String).to_list() == ["quality", "changed_mind"]
    assert result.rejected.height == 0


def write_workbook(path, rows: dict[int, list]) -> None:
    """Write cells row by row (0-based row numbers), numbers as numbers."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    for row, values in rows.items():
        sheet.write_row(row, 0, values)
    workbook.close()


def test_excel_title_rows_blank_rows_and_row_numbers(tmp_path):
    path = tmp_path / "export.xlsx"
    write_workbook(
        path,
        {
            0: ["退款报表"],
            2: ["退款编号", "退款的申请时间", "买家退款原因"],
            3: ["1", "2026-01-01", "质量问题"],
            5: ["2", "2026-01-02", "假冒品牌"],
        },
    )

    result = load_disputes_lenient(path)

    assert result.accepted["dispute_id"].to_list() == ["1", "2"]
    assert (result.rejected.height, result.blank_lines) == (0, 1)
    assert load_disputes(path)["dispute_id"].to_list() == ["1", "2"]


def test_ids_that_excel_stored_as_numbers_are_refused_not_trusted(tmp_path):
    path = tmp_path / "export.xlsx"
    write_workbook(
        path,
        {
            0: ["退款编号", "退款的申请时间", "买家退款原因"],
            1: [2025000000000012345, "2026-01-01", "质量问题"],
            2: [12345, "2026-01-01", "质量问题"],
        },
    )

    result = load_disputes_lenient(path)

    assert result.accepted["dispute_id"].to_list() == ["12345"]
    assert result.rejected["problems"].to_list() == [
        [
            "source: malformed or excluded row ('退款编号' was stored by Excel as a number and has "
            "lost digits; export ids as text)"
        ]
    ]


def without_saved_formula_values(path) -> None:
    """Drop every formula's saved value, as programs that write xlsx without calculating do."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = re.sub(rb"(</f>)<v>[^<]*</v>", rb"\1", parts[sheet])
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_a_formula_saved_without_its_value_is_refused_not_read_as_unknown(tmp_path):
    path = tmp_path / "export.xlsx"
    write_workbook(
        path,
        {
            0: ["退款编号", "退款的申请时间", "买家退款原因", "买家退款金额", "备注"],
            1: ["1", "2026-01-01", "质量问题", "=20+5", "=1+1"],
            2: ["2", "2026-01-01", "质量问题", 30, "=1+1"],
        },
    )
    without_saved_formula_values(path)

    result = load_disputes_lenient(path)

    assert result.accepted["dispute_id"].to_list() == ["2"]
    assert result.rejected["problems"].to_list() == [
        [
            "source: malformed or excluded row ('买家退款金额' holds a formula saved without its value "
            "(the file was written by a program that does not calculate); open it in Excel or WPS "
            "and save it again)"
        ]
    ]
    with pytest.raises(SchemaError, match="买家退款金额' holds a formula saved without its value"):
        load_disputes(path)


def test_an_empty_file_is_named_as_such(tmp_path):
    path = tmp_path / "disputes.csv"
    path.write_bytes(b"\xef\xbb\xbf\r\n")

    with pytest.raises(UnreadableFileError, match="disputes.csv: the file is empty"):
        load_disputes(path)


def test_a_workbook_zipped_with_an_unsupported_method_is_refused_by_name(tmp_path):
    import zipfile

    path = tmp_path / "export.xlsx"
    write_workbook(
        path, {0: ["退款编号", "退款的申请时间", "买家退款原因"], 1: ["1", "2026-01-01", "质量问题"]}
    )
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):  # local and central headers
        at = data.find(signature)
        while at >= 0:
            data[at + offset : at + offset + 2] = (9).to_bytes(2, "little")  # Deflate64
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))

    with pytest.raises(UnreadableFileError, match="export.xlsx: not a readable xlsx workbook"):
        load_disputes(path)


ODD_TYPES = {
    "binary": pl.lit(b"abc", pl.Binary),
    "struct": pl.struct(pl.lit(1).alias("a")),
    "duration": pl.lit(timedelta(hours=3)),
    "list": pl.lit([1, 2]),
    "array": pl.lit([1, 2]).cast(pl.Array(pl.Int64, 2)),
    "decimal": pl.lit(Decimal("12.50"), pl.Decimal(10, 2)),
    "time": pl.lit(time(10, 0)),
    "date": pl.lit(date(2026, 1, 1)),
    "null": pl.lit(None),
    "int8": pl.lit(5, pl.Int8),
    "uint64": pl.lit(2**63, pl.UInt64),
    "float32": pl.lit(1.5, pl.Float32),
    "categorical": pl.lit("x").cast(pl.Categorical),
    "bool": pl.lit(True),
    "utc": pl.lit(datetime(2026, 1, 1, tzinfo=timezone.utc)),
    "milliseconds": pl.lit(datetime(2026, 1, 1)).cast(pl.Datetime("ms")),
}


@pytest.mark.parametrize(
    "column",
    ["dispute_id", "opened_at", "amount", "reason", "goods_received", "evidence_chat_log", "category"],
)
def test_every_parquet_type_in_any_column_reads_or_is_refused_by_rightsguard(tmp_path, column):
    base = load_disputes("data/sample/disputes.csv").head(20)
    for kind, value in ODD_TYPES.items():
        path = tmp_path / f"{column}_{kind}.parquet"
        base.with_columns(value.alias(column)).write_parquet(path)
        try:
            result = load_disputes_lenient(path)
        except UnreadableFileError as error:
            assert kind in ("binary", "struct", "duration", "list", "array"), (column, kind)
            assert f"'{column}'" in str(error)
            continue
        assert result.accepted.height + result.rejected.height == 20, (column, kind)


def test_a_decimal_amount_and_a_utc_moment_are_read_intact(tmp_path):
    base = load_disputes("data/sample/disputes.csv").head(50)
    path = tmp_path / "typed.parquet"
    base.with_columns(
        pl.col("amount").round(2).cast(pl.Decimal(12, 2)), pl.col("opened_at").dt.replace_time_zone("UTC")
    ).write_parquet(path)

    loaded = load_disputes(path)

    assert loaded["amount"].to_list() == base["amount"].round(2).to_list()
    assert loaded["opened_at"].equals(base["opened_at"])


def test_records_of_quote_free_text_are_its_lines_counted_field_by_field():
    """Text with no quote is read line by line (its fast path): each line one record, its
    fields the separators plus one, blank when it holds only spaces and separators."""
    from rightsguard.io._records import records_of

    records = records_of(b"a,b,c\n\n,,\n  \nx,y\n1,2,3,4\r\n", ",", first_line=5)

    assert records["line"].to_list() == [5, 6, 7, 8, 9, 10]
    assert records["fields"].to_list() == [3, 1, 3, 1, 2, 4]
    assert records["blank"].to_list() == [False, True, True, True, False, False]
    assert not records["open_quote"].any() and records["stray"].null_count() == 6
    assert records["span"].to_list() == [1] * 6
    quoted = records_of(b'a,"b\nc",d\nx,y,z\n', ",", first_line=5)
    assert quoted["line"].to_list() == [5, 7] and quoted["span"].to_list() == [2, 1]
    assert records.schema == quoted.schema
