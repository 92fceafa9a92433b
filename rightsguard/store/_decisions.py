"""``record``: what the seller did about each case, from the plan they filled in.

The plan (the workbook's 处理计划 / Plan sheet, or ``action_list.csv``) has a
column 处理结果 / Action taken, a drop-down of the options and 未处理 / not
handled, and a 备注 / Note column. Each filled-in row becomes a decision on
the case, tied to the run the plan came from (the workbook names it on a
hidden sheet; a CSV's run is the one whose advice it shows), in ``decisions``
(a case filled in twice keeps its last row). Every row is checked before any
is stored: an action on a row with no id, an action that is none of the
choices, or an id a spreadsheet mangled refuses the whole plan, naming the
rows. Recording the same plan twice changes nothing; a changed choice
replaces the earlier one for that run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from rightsguard._errors import UnreadableFileError, said
from rightsguard._vocabulary import LANGUAGES, say, text, translate
from rightsguard.decide._options import OPTIONS
from rightsguard.io._plan_file import PlanFile, mangled_ids, read_plan
from rightsguard.store._connect import WAIT_SECONDS, Store, open_store

NOT_HANDLED = "not_handled"
SHOWN_ROWS = 5
"""Rows named in a refusal; the rest are counted."""


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
        Case ids the plan's run did not predict (nothing stored for them).
    run_id
        The run the decisions were tied to (None when nothing was filled in).
    """

    n_filled: int
    n_recorded: int
    unmatched: list[str]
    run_id: str | None = None


def record(plan: str | Path, *, store: str | Path | None = None, wait: float = WAIT_SECONDS) -> Recorded:
    """Store the actions a seller filled in on a plan (xlsx or CSV, Chinese or English headers).

    Raises
    ------
    UnreadableFileError
        Before anything is stored: when the plan has no id or action column, a
        filled row has no id, an action is none of the choices, an id was
        mangled by a spreadsheet, or the plan came from another store; each
        naming the rows.
    """
    path = Path(plan)
    read = read_plan(path)
    filled = _chosen(read, path)
    if not filled.height:
        return Recorded(0, 0, [])
    with open_store(store, wait=wait) as opened:
        known = opened.get("SELECT DISTINCT dispute_id FROM predictions")["dispute_id"]
        _refuse_mangled(read, known, path)
        run_id = _plan_run(opened, read, path)
        opened.put(filled, "filled")
        con = opened.connection
        unmatched = opened.get(
            """
            SELECT f.dispute_id FROM filled f WHERE NOT EXISTS (
                SELECT 1 FROM predictions p WHERE p.dispute_id = f.dispute_id AND p.run_id = ?)
            ORDER BY 1""",
            [run_id],
        )["dispute_id"].to_list()
        with opened.transaction():
            changed = con.execute(
                """
                INSERT INTO decisions (dispute_id, run_id, option, recorded_at, note)
                SELECT f.dispute_id, p.run_id, f.option, now(), f.note
                FROM filled f JOIN predictions p ON p.dispute_id = f.dispute_id AND p.run_id = ?
                WHERE NOT EXISTS (SELECT 1 FROM decisions d WHERE d.dispute_id = f.dispute_id
                                  AND d.run_id = p.run_id AND d.option = f.option
                                  AND d.note IS NOT DISTINCT FROM f.note)
                ON CONFLICT (dispute_id, run_id) DO UPDATE SET
                option = excluded.option, note = excluded.note, recorded_at = excluded.recorded_at
                """,
                [run_id],
            ).fetchone()
    return Recorded(filled.height, int(changed[0]) if changed else 0, unmatched, run_id)


def _chosen(plan: PlanFile, path: Path) -> pl.DataFrame:
    """The filled rows as ``dispute_id``, ``option`` and ``note``, refusing a filled row with no
    id or an action that is none of the choices."""
    filled = plan.filled
    no_id = filled.filter(pl.col("dispute_id").is_null())
    if no_id.height:
        raise said(
            UnreadableFileError,
            "err_plan_no_id",
            path=path,
            n=no_id.height,
            rows=_lines(no_id),
            column=plan.id_column,
        )
    note_only = plan.rows.filter(pl.col("action").is_null() & pl.col("note").is_not_null())
    if note_only.height:
        raise said(
            UnreadableFileError,
            "err_plan_note_only",
            path=path,
            n=note_only.height,
            rows=_lines(note_only),
            column=lambda lang: text("plan_action_taken", lang),
            not_handled=lambda lang: text("not_handled", lang),
        )
    choices = _choices()
    unknown = filled.filter(~pl.col("action").is_in(list(choices)))
    if unknown.height:
        examples = unknown.select("line", "action").head(SHOWN_ROWS).rows()

        def shown(lang: str) -> str:
            return ", ".join(say("err_action_row", lang, row=r, value=a) for r, a in examples)

        raise said(
            UnreadableFileError,
            "err_actions",
            path=path,
            n=unknown.height,
            shown=shown,
            choices=", ".join(choices),
        )
    return filled.select(
        "dispute_id", pl.col("action").replace_strict(choices).alias("option"), "note"
    ).unique("dispute_id", keep="last", maintain_order=True)


def _refuse_mangled(plan: PlanFile, known: pl.Series, path: Path) -> None:
    """Refuse a plan whose ids a spreadsheet turned into numbers, naming the column and rows."""
    mangled = mangled_ids(plan.rows.filter(pl.col("dispute_id").is_not_null()), known)
    if mangled.height:
        examples = ", ".join(
            f"{line}: {value}" for line, value in mangled.select("line", "dispute_id").head(SHOWN_ROWS).rows()
        )
        raise said(
            UnreadableFileError,
            "err_plan_mangled_ids",
            path=path,
            n=mangled.height,
            column=plan.id_column,
            shown=examples,
        )


def _plan_run(store: Store, plan: PlanFile, path: Path) -> str:
    """The run the plan came from: the one its workbook names, else the run whose logged
    advice agrees with most of its rows (the latest of equals)."""
    if plan.origin is not None:
        found = store.connection.execute(
            "SELECT count(*) FROM runs WHERE run_id = ?", [plan.origin.run_id]
        ).fetchone()
        if not found or not found[0]:
            raise said(
                UnreadableFileError,
                "err_plan_other_store",
                path=path,
                origin=plan.origin.store or "?",
                store=store.path,
            )
        return plan.origin.run_id
    advice = _advice()
    store.put(
        plan.rows.filter(pl.col("dispute_id").is_not_null()).select(
            "dispute_id", pl.col("advice").replace_strict(advice, default=None).alias("advice")
        ),
        "plan_rows",
    )
    best = store.connection.execute("""
        SELECT p.run_id FROM predictions p JOIN runs r USING (run_id)
        JOIN plan_rows f USING (dispute_id)
        GROUP BY p.run_id, r.made_at
        ORDER BY count(*) FILTER (WHERE f.advice IS NULL OR f.advice = p.recommendation) DESC,
                 count(*) DESC, r.made_at DESC
        LIMIT 1""").fetchone()
    if best is None:
        raise said(UnreadableFileError, "err_plan_not_this_store", path=path, store=store.path)
    return str(best[0])


def _lines(rows: pl.DataFrame) -> str:
    return ", ".join(str(line) for line in rows["line"].head(SHOWN_ROWS))


def _advice() -> dict[str, str]:
    """Each option's name in either language → option."""
    found: dict[str, str] = {}
    for lang in LANGUAGES:
        names = pl.select(translate(pl.lit(pl.Series(OPTIONS)), lang)).to_series().to_list()
        found |= dict(zip(names, OPTIONS))
    return found


def _choices() -> dict[str, str]:
    """Every word a seller may write under "action taken", in either language → option."""
    return {**{text("not_handled", lang): NOT_HANDLED for lang in LANGUAGES}, **_advice()}
