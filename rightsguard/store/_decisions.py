"""``record``: what the seller did about each dispute, from the plan they filled in.

The plan (the workbook's 处理计划 / Plan sheet, or ``action_list.csv``) has a
column 处理结果 / Action taken, a drop-down of the options and 未处理 / not
handled, and a 备注 / Note column. Each filled-in row becomes a decision on
the dispute, tied to the latest logged run that predicted it, in
``decisions`` (a dispute filled in twice keeps its last row). Recording the
same plan twice changes nothing; a changed choice replaces the earlier one
for that run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from rightsguard._errors import UnreadableFileError, said
from rightsguard._vocabulary import LANGUAGES, say, text, translate
from rightsguard.decide._policy import OPTIONS
from rightsguard.io._readers import read_source
from rightsguard.store._connect import WAIT_SECONDS, open_store

NOT_HANDLED = "not_handled"


@dataclass(frozen=True)
class Recorded:
    """What recording a plan did.

    Attributes
    ----------
    n_filled
        Rows whose action was filled in.
    n_recorded
        Decisions stored or changed.
    unmatched
        Dispute ids no logged run predicted (nothing stored for them).
    """

    n_filled: int
    n_recorded: int
    unmatched: list[str]


def record(plan: str | Path, *, store: str | Path | None = None,
           wait: float = WAIT_SECONDS) -> Recorded:
    """Store the actions a seller filled in on a plan (xlsx or CSV, Chinese or English headers).

    Raises
    ------
    UnreadableFileError
        When the plan has no dispute id or action column, or an action that is none of the
        choices, naming the rows.
    """
    filled = _filled(Path(plan))
    with open_store(store, wait=wait) as opened:
        opened.put(filled, "filled")
        con = opened.connection
        unmatched = opened.get("""
            SELECT f.dispute_id FROM filled f
            WHERE NOT EXISTS (SELECT 1 FROM predictions p WHERE p.dispute_id = f.dispute_id)
            ORDER BY 1""")["dispute_id"].to_list()
        con.begin()
        try:
            changed = con.execute("""
                WITH latest AS (
                    SELECT p.dispute_id, arg_max(p.run_id, p.made_at) AS run_id
                    FROM predictions p JOIN filled USING (dispute_id) GROUP BY 1)
                INSERT INTO decisions
                SELECT l.dispute_id, l.run_id, f.option, now(), f.note
                FROM latest l JOIN filled f USING (dispute_id)
                WHERE NOT EXISTS (SELECT 1 FROM decisions d WHERE d.dispute_id = l.dispute_id
                                  AND d.run_id = l.run_id AND d.option = f.option
                                  AND d.note IS NOT DISTINCT FROM f.note)
                ON CONFLICT (dispute_id, run_id) DO UPDATE SET
                option = excluded.option, note = excluded.note, recorded_at = excluded.recorded_at
                """).fetchone()
            con.commit()
        except BaseException:
            con.rollback()
            raise
    return Recorded(filled.height, int(changed[0]) if changed else 0, unmatched)


def _filled(path: Path) -> pl.DataFrame:
    """The plan's filled-in rows: ``dispute_id``, ``option`` and ``note``."""
    raw = _plan_sheet(path)
    headers = {key: _header(raw, key) for key in ("plan_dispute_id", "plan_action_taken",
                                                 "plan_note")}
    if headers["plan_dispute_id"] is None or headers["plan_action_taken"] is None:
        raise said(UnreadableFileError, "err_not_plan", path=path,
                   ids=" / ".join(text("plan_dispute_id", lang) for lang in LANGUAGES),
                   actions=" / ".join(text("plan_action_taken", lang) for lang in LANGUAGES))
    choices = _choices()
    action = pl.col(headers["plan_action_taken"]).cast(pl.String).str.strip_chars()
    rows = raw.with_row_index("row", offset=2).select(
        "row", pl.col(headers["plan_dispute_id"]).cast(pl.String).alias("dispute_id"),
        action.alias("action"),
        (pl.col(headers["plan_note"]).cast(pl.String) if headers["plan_note"]
         else pl.lit(None, pl.String)).alias("note"),
    ).filter(pl.col("action").is_not_null() & (pl.col("action") != ""))
    unknown = rows.filter(~pl.col("action").is_in(list(choices)))
    if unknown.height:
        examples = unknown.select("row", "action").head(5).rows()

        def shown(lang: str) -> str:
            return ", ".join(say("err_action_row", lang, row=r, value=a) for r, a in examples)
        raise said(UnreadableFileError, "err_actions", path=path, n=unknown.height, shown=shown,
                   choices=", ".join(choices))
    return rows.select("dispute_id", pl.col("action").replace_strict(choices).alias("option"),
                       "note").unique("dispute_id", keep="last", maintain_order=True)


def _plan_sheet(path: Path) -> pl.DataFrame:
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return read_source(path)
    for lang in LANGUAGES:
        try:
            return read_source(path, sheet=text("sheet_plan", lang))
        except UnreadableFileError:
            continue
    return read_source(path)


def _header(raw: pl.DataFrame, key: str) -> str | None:
    return next((text(key, lang) for lang in LANGUAGES if text(key, lang) in raw.columns), None)


def _choices() -> dict[str, str]:
    """Every word a seller may write under "action taken", in either language → option."""
    found = {text("not_handled", lang): NOT_HANDLED for lang in LANGUAGES}
    for lang in LANGUAGES:
        names = pl.select(translate(pl.lit(pl.Series(OPTIONS)), lang)).to_series().to_list()
        found |= dict(zip(names, OPTIONS))
    return found
