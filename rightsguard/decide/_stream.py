"""Scoring file to file in batches, with memory bounded by the batch, not the file.

:func:`score_file` scores a file of any length with a fitted model and writes
the same rows and columns :func:`~rightsguard.score` would, batch by batch.
Three passes over the input keep it identical to scoring in memory:

1. **The ids**, hashed: those that repeat anywhere have their rows validated
   together at the end, so that the duplicate rule sees them all.
2. **What spans the file**: the past rulings and their evidence (the chance
   of winning a ruling is learned from all of them, past rulings out of
   fold as in memory) and, when the file names counterparties, each
   dispute's history as of its opening.
3. **Each batch**: read, validated, audited, scored, priced and written; the
   rows validation rejects go to their own file with their reasons.

Parquet and UTF-8 CSV are streamed; other sources (xlsx, GBK exports), which
are small by nature, are scored in memory by the same code. Two differences
from memory, both for rows whose id repeats in the file: they are written
after the others, and the past rulings among them can fall in other folds for
the held-out chance of winning. A streamed CSV's problems name data rows, not
text lines. Memory grows only
with what spans the file (a few numbers per past ruling, and per dispute when
counterparties are named), never with its width.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from rightsguard._errors import SchemaError, UnreadableFileError
from rightsguard._schema import BLANK_LINE, PRIVATE_COLUMNS, SOURCE_PROBLEM, SOURCE_ROW
from rightsguard.decide._policy import DEFAULT_POLICY, Policy
from rightsguard.decide._ruling import RulingChance, past_ruling_chances, rulings_of
from rightsguard.decide._run import SCORE_COLUMNS
from rightsguard.io._encoding import decode
from rightsguard.io._mapping import ColumnMapping
from rightsguard.io._taobao import from_taobao, is_taobao_export
from rightsguard.io._validation import PROBLEMS, ValidationResult, validate
from rightsguard.io._writers import atomic_file, neutralise_formulas
from rightsguard.scoring._history import HISTORY_COLUMNS, with_history
from rightsguard.scoring._model import NegotiationModel
from rightsguard.scoring._rules import DEFAULT_RULES, evidence_exprs
from rightsguard.scoring._score import Progress, score_with_model

STREAMED = (".parquet", ".csv")
"""Input and output kinds scored in batches."""

_SNIFF_BYTES = 1 << 16


@dataclass
class FileScore:
    """What :func:`score_file` read and wrote.

    Attributes
    ----------
    rows_in
        Data rows read (blank lines excluded).
    accepted, rejected
        Rows scored and rows refused by validation: ``rows_in = accepted + rejected``.
    blank_lines
        Wholly blank lines skipped.
    problems
        Validation problems, aggregated per batch and rule.
    ruling
        The chance of winning a ruling used for every dispute.
    recommendations
        Disputes per recommended option.
    batches
        Batches scored.
    """

    rows_in: int = 0
    accepted: int = 0
    rejected: int = 0
    blank_lines: int = 0
    problems: list[str] = field(default_factory=list)
    ruling: RulingChance | None = None
    recommendations: dict[str, int] = field(default_factory=dict)
    batches: int = 0


def score_file(
    source: str | Path,
    output: str | Path,
    model: NegotiationModel,
    *,
    rejected_output: str | Path | None = None,
    mapping: ColumnMapping | None = None,
    salt: str | None = None,
    empty_reason: str = "reject",
    policy: Policy = DEFAULT_POLICY,
    lang: str = "en",
    batch_size: int = 100_000,
    keep_private: bool = False,
    progress: Progress | None = None,
) -> FileScore:
    """Score a Parquet or UTF-8 CSV file with a fitted model, batch by batch, into another.

    Parameters
    ----------
    source
        Disputes: canonical columns, a Taobao export or a ``mapping``'s source.
    output
        ``.parquet`` or ``.csv``; written atomically (nothing appears unless
        every batch succeeded).
    model
        A fitted :class:`NegotiationModel` (its own evidence rules are used).
    rejected_output
        Where rows refused by validation go (CSV or Parquet, with their
        ``problems``); when None, any refused row makes the call fail
        before anything is written.
    mapping, salt, empty_reason
        As for :func:`rightsguard.load_disputes`.
    policy, lang
        The costs of the three options and the language of the next steps.
    batch_size
        Rows read, validated and scored at once: the bound on memory.
    keep_private
        Keep the counterparty key in the output.
    progress
        Called with a short message per batch.

    Returns
    -------
    FileScore

    Raises
    ------
    SchemaError
        When rows are refused and ``rejected_output`` is None, listing every
        problem of the file before anything is written.
    UnreadableFileError
        When the input cannot be read in batches (ragged rows, bad quoting).
    """
    report = progress or (lambda message: None)
    source, output = Path(source), Path(output)
    if output.suffix.lower() not in STREAMED:
        raise ValueError(f"{output}: score_file writes .parquet or .csv, not '{output.suffix}'")
    options = _Options(mapping, salt, empty_reason)
    repeated = _repeated_ids(source, batch_size)
    spanning = _first_pass(_validated(source, batch_size, options, repeated), model, report)
    if spanning.problems and rejected_output is None:
        raise SchemaError(spanning.problems, spanning.n_rows)
    result = FileScore(ruling=spanning.ruling)
    with _Sink(output, keep_private) as sink, _Sink.optional(rejected_output, True) as refused:
        for number, checked in enumerate(_validated(source, batch_size, options, repeated), 1):
            _score_batch(checked, model, spanning, policy, lang, sink, refused, result)
            report(f"batch {number}: {result.accepted:,} disputes scored, "
                   f"{result.rejected:,} rejected so far")
    return result


def _validated(source: Path, batch_size: int, options: _Options,
               repeated: pl.Series) -> Iterator[ValidationResult]:
    """Each batch validated, in file order; rows whose id repeats in the file come last, together."""
    held = []
    for batch in _batches(source, batch_size):
        is_repeated = _id_hash().is_in(repeated.implode())
        held.append(batch.filter(is_repeated))
        yield options.validated(batch.filter(~is_repeated).drop("_id"))
    held = [h for h in held if h.height]
    if held:
        yield options.validated(pl.concat(held).drop("_id"))


def _repeated_ids(source: Path, batch_size: int) -> pl.Series:
    """Hashes of the ids found more than once in the file (eight bytes a row while counting)."""
    hashes = [batch.select(_id_hash())["_id"] for batch in _batches(source, batch_size)]
    every = pl.concat(hashes) if hashes else pl.Series("_id", [], pl.UInt64)
    return every.filter(every.is_duplicated()).unique()


@dataclass(frozen=True)
class _Options:
    mapping: ColumnMapping | None
    salt: str | None
    empty_reason: str

    def validated(self, raw: pl.DataFrame) -> ValidationResult:
        """The batch in canonical columns, validated."""
        if self.mapping is not None:
            canonical = self.mapping.apply(raw, self.salt)
        elif is_taobao_export(raw.columns):
            canonical = from_taobao(raw, self.salt)
        else:
            canonical = raw
        numeric = self.mapping.numeric_extras if self.mapping else ()
        return validate(canonical, numeric_extras=numeric, empty_reason=self.empty_reason)


@dataclass(frozen=True)
class _Spanning:
    """What the first pass learned of the whole file."""

    ruling: RulingChance
    past_rulings: pl.DataFrame
    history: pl.DataFrame | None
    problems: list[str]
    n_rows: int


def _first_pass(checked_batches: Iterator[ValidationResult], model: NegotiationModel,
                report: Progress) -> _Spanning:
    rulings, keys, problems, n_rows = [], [], [], 0
    rules = model.rules or DEFAULT_RULES
    for checked in checked_batches:
        problems += checked.problems
        n_rows += checked.n_rows
        accepted = checked.accepted
        rulings.append(rulings_of(accepted.with_columns(*evidence_exprs(rules))))
        named = accepted.filter(pl.col("counterparty").is_not_null())
        if named.height:
            keys.append(named.select("dispute_id", "counterparty", "opened_at", "closed_at",
                                     "resolution"))
    past = pl.concat(rulings) if rulings else pl.DataFrame(
        schema={"dispute_id": pl.String, "evidence_completeness": pl.Float64, "won": pl.Boolean})
    chance = RulingChance.from_rulings(past)
    p = (past_ruling_chances(past) if chance.source == "learned"
         else chance.probability(past["evidence_completeness"].to_numpy()))
    history = with_history(pl.concat(keys)).select("dispute_id", *HISTORY_COLUMNS) if keys else None
    report(f"first pass: {n_rows:,} rows, {past.height:,} past rulings")
    return _Spanning(chance, past.select("dispute_id", pl.Series("p_win_ruling", p)), history,
                     problems, n_rows)


def _score_batch(checked: ValidationResult, model: NegotiationModel, spanning: _Spanning,
                 policy: Policy, lang: str, sink: _Sink, refused: _Sink | None,
                 result: FileScore) -> None:
    result.batches += 1
    result.rows_in += checked.n_rows
    result.accepted += checked.accepted.height
    result.rejected += checked.rejected.height
    result.blank_lines += checked.blank_lines
    result.problems += checked.problems
    if checked.rejected.height:
        refused.write(checked.rejected.with_columns(pl.col(PROBLEMS).list.join("; ")))
    if not checked.accepted.height:
        return
    rules = model.rules or DEFAULT_RULES
    audited = checked.accepted.with_columns(*evidence_exprs(rules))
    audited = (audited.join(spanning.history, on="dispute_id", how="left")
               if spanning.history is not None else with_history(audited))
    scored = score_with_model(audited, model)
    win = spanning.ruling.probability(scored["evidence_completeness"].to_numpy())
    scored = scored.with_columns(pl.Series("p_win_ruling", win)).join(
        spanning.past_rulings, on="dispute_id", how="left", suffix="_past"
    ).with_columns(pl.coalesce("p_win_ruling_past", "p_win_ruling").alias("p_win_ruling"))
    scored = scored.with_columns(policy.decide(rules, lang))
    for option, count in scored["recommendation"].cast(pl.String).value_counts().iter_rows():
        result.recommendations[option] = result.recommendations.get(option, 0) + count
    sink.write(scored.select(*checked.accepted.columns, *SCORE_COLUMNS))


def _id_hash() -> pl.Expr:
    """The row's id, hashed: eight bytes a row to find the ids that repeat across the file.

    Two ids sharing a hash are only held back and validated together, which
    changes nothing but their place in the output."""
    return pl.col("_id").hash(seed=0)


def _batches(source: Path, batch_size: int) -> Iterator[pl.DataFrame]:
    """The file's rows in batches, with their 1-based ``source_row`` and a text ``_id``.

    Each batch is read when asked for and not before (a reader running ahead
    would hold the whole file): Parquet by row slices, CSV by byte ranges cut
    at record boundaries.
    """
    suffix = source.suffix.lower()
    if suffix not in STREAMED:
        raise ValueError(f"{source}: score_file reads .parquet or .csv; load other files with "
                         "rightsguard.load_disputes and score them with rightsguard.score")
    try:
        chunks = _parquet_slices(source, batch_size) if suffix == ".parquet" else \
            _csv_ranges(source, batch_size)
        start = 1
        for chunk in chunks:
            columns = [c for c in chunk.columns]
            id_column = "dispute_id" if "dispute_id" in columns else columns[0]
            batch = chunk.with_row_index(SOURCE_ROW, offset=start).with_columns(
                pl.col(id_column).cast(pl.String).alias("_id"))
            if suffix == ".csv":
                batch = batch.with_columns(
                    pl.when(pl.all_horizontal(pl.col(columns).is_null())).then(pl.lit(BLANK_LINE))
                    .alias(SOURCE_PROBLEM))
            start += chunk.height
            yield batch
    except pl.exceptions.PolarsError as error:
        raise UnreadableFileError(
            f"{source}: cannot be read in batches ({error}); load it with "
            "rightsguard.load_disputes, which reports the malformed rows") from error


def _parquet_slices(source: Path, batch_size: int) -> Iterator[pl.DataFrame]:
    rows = pl.scan_parquet(source).select(pl.len()).collect().item()
    for offset in range(0, rows, batch_size):
        yield pl.scan_parquet(source).slice(offset, batch_size).collect()


def _csv_ranges(source: Path, batch_size: int) -> Iterator[pl.DataFrame]:
    """A UTF-8 CSV in pieces of about ``batch_size`` rows, each cut after a whole record.

    A cut goes at a line end outside quotes: the quotes before it are counted
    as the file is read, so a quoted field spanning lines is never split.
    """
    _check_utf8(source)
    with open(source, "rb") as handle:
        header = handle.readline()
        names = pl.read_csv(io.BytesIO(header), n_rows=0).columns
        quotes, data, target, finished = header.count(b'"'), b"", None, False
        while data or not finished:
            if not finished:
                block = handle.read(_BLOCK_BYTES)
                finished = not block
                data += block
            if target is None and data:
                sample = data[:_BLOCK_BYTES]
                target = max(len(sample) // max(sample.count(b"\n"), 1) * batch_size, 1)
            cut = _record_end(data, target, quotes) if target is not None else None
            if cut is None and not finished:
                continue  # the batch's last record is not all read yet
            cut = len(data) if cut is None else cut
            piece, data = data[:cut], data[cut:]
            quotes += piece.count(b'"')
            if piece.strip(b"\r\n"):
                yield pl.read_csv(io.BytesIO(piece), has_header=False, new_columns=names,
                                  infer_schema=False, truncate_ragged_lines=False)


_BLOCK_BYTES = 1 << 24


def _record_end(data: bytes, target: int, quotes_before: int) -> int | None:
    """The end (past the newline) of the first record ending at or after ``target`` bytes."""
    position = target
    while True:
        newline = data.find(b"\n", position)
        if newline < 0:
            return None
        if (quotes_before + data.count(b'"', 0, newline)) % 2 == 0:
            return newline + 1
        position = newline + 1


def _check_utf8(source: Path) -> None:
    """Refuse, before any work, a CSV whose start is not UTF-8 (GBK exports load in memory)."""
    with open(source, "rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # not just a character cut at the sniff's end
            raise UnreadableFileError(
                f"{source}: not UTF-8 (an export in {_guess(head)}?); load it with "
                "rightsguard.load_disputes and score it with rightsguard.score") from error


def _guess(head: bytes) -> str:
    try:
        decode(head[: head.rfind(b"\n") + 1] or head, "head")
        return "GBK or GB18030"
    except UnreadableFileError:
        return "another encoding"


class _Sink:
    """An output written batch after batch, renamed into place when all succeeded."""

    def __init__(self, path: Path, keep_private: bool) -> None:
        self.path = Path(path)
        self.keep_private = keep_private
        self.parts: list[Path] = []
        self.handle: io.BufferedWriter | None = None

    @classmethod
    def optional(cls, path: str | Path | None, keep_private: bool) -> _Sink | _NoSink:
        return _NoSink() if path is None else cls(Path(path), keep_private)

    def __enter__(self) -> _Sink:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._atomic = atomic_file(self.path)
        self.staging = self._atomic.__enter__()
        return self

    def write(self, frame: pl.DataFrame) -> None:
        if not self.keep_private:
            frame = frame.drop(PRIVATE_COLUMNS, strict=False)
        if self.path.suffix.lower() == ".parquet":
            part = self.staging.with_name(f"{self.staging.name}.part{len(self.parts):05d}")
            frame.write_parquet(part)
            self.parts.append(part)
            return
        first = self.handle is None
        if first:
            self.handle = open(self.staging, "wb")
            self.handle.write(b"\xef\xbb\xbf")
        neutralise_formulas(frame).write_csv(self.handle, include_header=first)

    def __exit__(self, kind, error, trace) -> None:
        try:
            if self.handle is not None:
                self.handle.close()
            if error is None and self.parts:
                pl.scan_parquet(self.parts).sink_parquet(self.staging)
            elif error is None and self.handle is None:  # no row at all
                self.staging.write_bytes(b"")
        finally:
            for part in self.parts:
                part.unlink(missing_ok=True)
            self._atomic.__exit__(kind, error, trace)


class _NoSink:
    """No rejected-rows file: refused rows raise instead."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None

