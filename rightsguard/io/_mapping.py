"""An explicit, declarative mapping from any table onto the canonical schema.

A :class:`ColumnMapping` names, for each canonical column, the source column
it comes from, how to pull a code out of the source text, how to translate
values, and which values put a row out of scope. Rows it puts out of scope are
not dropped: they are rejected with the reason, so that every source row is
accounted for.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path

import polars as pl

from rightsguard._errors import SchemaError, UnreadableFileError, said
from rightsguard._schema import (
    EXTRA_PREFIX,
    OUTCOME_COLUMNS,
    PROVENANCE_COLUMNS,
    SCHEMA,
    SOURCE_LINE,
    SOURCE_PROBLEM,
    SOURCE_ROW,
)
from rightsguard.io._counterparty import SALT_ENV, SaltError, hashed_key
from rightsguard.io._parse import clean_text, source_problem
from rightsguard.io._reasons import reason_expr


@dataclass(frozen=True)
class ColumnMapping:
    """How a foreign table becomes canonical disputes.

    Parameters
    ----------
    columns
        Canonical column → source column. Several canonical columns may read
        the same source column (a complaint type can give both the reason and
        whether goods arrived).
    extract
        Canonical column → regular expression with one capture group, applied
        to the source text before ``values`` (e.g. the code at the end of
        ``"Damaged Goods - D01"``); text it does not match is kept whole.
    values
        Canonical column → {source value: canonical value}. For ``reason``,
        unlisted values become ``other``; for other columns they pass
        through to validation unchanged unless ``unmapped`` says otherwise.
    unmapped
        Canonical column → value for source values not in ``values``
        (``None`` makes them unknown).
    exclude
        Canonical column → source values (after ``extract``) that mark a row
        as out of scope; such rows are rejected with that reason.
    id_prefix
        When the source has no id column, ids are made from this prefix and
        the row number.
    features, numeric_features
        The source's own feature columns: name → source column, categorical
        (text) or numeric. Each becomes the column ``extra_<name>``, which
        the model may use. A column that also gives the outcome or the
        closing date is refused, and the model refuses at fit time any that
        separates the outcomes almost perfectly (see
        :class:`~rightsguard.LeakageError`).
    hash_counterparty
        Whether ``counterparty`` names a person, to be read only as a salted
        one-way key (the salt is then required); leave False for a business.

    Examples
    --------
    >>> mapping = ColumnMapping(
    ...     columns={"opened_at": "Start", "reason": "Type", "outcome": "Result"},
    ...     values={"outcome": {"Settled": "agreed", "Hearing": "escalated_unknown"}},
    ...     id_prefix="case-",
    ... )
    """

    columns: Mapping[str, str]
    extract: Mapping[str, str] = field(default_factory=dict)
    values: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    unmapped: Mapping[str, object] = field(default_factory=dict)
    exclude: Mapping[str, Collection[str]] = field(default_factory=dict)
    id_prefix: str | None = None
    features: Mapping[str, str] = field(default_factory=dict)
    numeric_features: Mapping[str, str] = field(default_factory=dict)
    hash_counterparty: bool = False

    @property
    def extra_columns(self) -> dict[str, str]:
        """``extra_<name>`` column → source column, for every declared feature."""
        return {
            f"{EXTRA_PREFIX}{name}": source
            for name, source in {**self.features, **self.numeric_features}.items()
        }

    @property
    def numeric_extras(self) -> tuple[str, ...]:
        """The ``extra_<name>`` columns to read as numbers."""
        return tuple(f"{EXTRA_PREFIX}{name}" for name in self.numeric_features)

    @classmethod
    def from_file(cls, path: str | Path) -> ColumnMapping:
        """Read a mapping written as TOML or JSON, with the fields of this class as keys.

        Raises
        ------
        UnreadableFileError
            When the file cannot be parsed or has keys a mapping does not know.
        """
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
            data = tomllib.loads(text) if path.suffix.lower() == ".toml" else json.loads(text)
        except (OSError, ValueError) as error:
            raise said(UnreadableFileError, "err_mapping_file", path=path, error=error) from error
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known) if isinstance(data, dict) else ["(not a table)"]
        if unknown or "columns" not in data:
            raise said(
                UnreadableFileError,
                "err_mapping_keys",
                path=path,
                known=", ".join(sorted(known)),
                unknown=", ".join(unknown) or "none",
            )
        return cls(**data)

    def apply(self, raw: pl.DataFrame, salt: str | None = None) -> pl.DataFrame:
        """Translate ``raw`` into canonical columns, ready for validation.

        Parameters
        ----------
        raw
            The source table, read as text.
        salt
            The counterparty salt, needed when ``hash_counterparty`` is set.

        Raises
        ------
        SchemaError
            Naming every mapped source column that ``raw`` lacks, every
            canonical name the mapping uses that does not exist, and every
            feature column that also decides the outcome.
        SaltError
            When ``hash_counterparty`` is set and no salt is given.
        """
        self._check(raw.columns)
        outputs = [self._column(name) for name in self.columns if name != "counterparty"]
        if "counterparty" in self.columns:
            outputs.append(self._counterparty(salt))
        outputs += [clean_text(pl.col(source)).alias(name) for name, source in self.extra_columns.items()]
        if "reason" in self.columns and "reason_raw" not in self.columns:
            outputs.append(clean_text(pl.col(self.columns["reason"])).alias("reason_raw"))
        if self.id_prefix is not None and "dispute_id" not in self.columns:
            outputs.append(pl.format(f"{self.id_prefix}{{}}", pl.col(SOURCE_ROW)).alias("dispute_id"))
        helpers = [c for c in (SOURCE_ROW, SOURCE_LINE) if c in raw.columns]
        return raw.select(*helpers, *outputs, self._problem(raw.columns))

    def _check(self, columns: list[str]) -> None:
        unknown = [
            c
            for c in {*self.columns, *self.extract, *self.values, *self.unmapped, *self.exclude}
            if c not in SCHEMA and c != "reason_raw"
        ]
        sources = [*self.columns.values(), *self.extra_columns.values()]
        absent = list(dict.fromkeys(s for s in sources if s not in columns))
        decided = {self.columns[c] for c in OUTCOME_COLUMNS if c in self.columns}
        leaking = [
            f"{name} (reads '{source}')" for name, source in self.extra_columns.items() if source in decided
        ]
        problems = []
        if leaking:
            problems.append(
                f"feature columns that also give the outcome or closing date, which would leak "
                f"the outcome into the score: {', '.join(leaking)}"
            )
        if unknown:
            problems.append(f"not canonical columns: {', '.join(sorted(unknown))}")
        if absent:
            problems.append(
                f"source columns not found: {', '.join(absent)} (the source has "
                f"{', '.join(c for c in columns if c not in PROVENANCE_COLUMNS)})"
            )
        if problems:
            raise SchemaError(problems, 0, "mapping")

    def _counterparty(self, salt: str | None) -> pl.Expr:
        source = pl.col(self.columns["counterparty"])
        if not self.hash_counterparty:
            return clean_text(source).alias("counterparty")
        if salt is None:
            raise said(SaltError, "err_mapping_salt", variable=SALT_ENV)
        return hashed_key(source, salt).alias("counterparty")

    def _source_text(self, name: str) -> pl.Expr:
        text = clean_text(pl.col(self.columns[name]))
        if name in self.extract:
            text = pl.coalesce(text.str.extract(self.extract[name], 1), text)
        return text

    def _column(self, name: str) -> pl.Expr:
        """The canonical column ``name``; excluded values become null."""
        value = self._translate(name)
        if name in self.exclude:
            excluded = self._source_text(name).is_in(list(self.exclude[name]))
            return pl.when(~excluded).then(value).alias(name)
        return value

    def _translate(self, name: str) -> pl.Expr:
        text = self._source_text(name)
        if name == "reason":
            table = {k: str(v) for k, v in self.values.get("reason", {}).items()}
            mapped = text.replace_strict(table, default=None, return_dtype=pl.String)
            return pl.coalesce(mapped, reason_expr(text).cast(pl.String)).alias(name)
        if name in self.values:
            translations = {k: (None if v is None else str(v)) for k, v in self.values[name].items()}
            fallback = pl.lit(self.unmapped[name], pl.String) if name in self.unmapped else text
            translated = text.replace_strict(translations, default=None, return_dtype=pl.String)
            return pl.when(text.is_in(list(translations))).then(translated).otherwise(fallback).alias(name)
        if name in self.extract:
            return text.alias(name)
        return pl.col(self.columns[name]).alias(name)

    def _problem(self, columns: list[str]) -> pl.Expr:
        """A rejection reason for rows the mapping puts out of scope."""
        reasons: list[pl.Expr] = [
            pl.when(self._source_text(name).is_in(list(excluded))).then(
                pl.format(f"excluded by mapping: {name} = {{}}", self._source_text(name))
            )
            for name, excluded in self.exclude.items()
        ]
        read = [*self.columns.values(), *self.extra_columns.values()]
        reasons.insert(0, source_problem(columns, read))
        return pl.coalesce(reasons).alias(SOURCE_PROBLEM)
