"""A run's tally: counting batches one after the other, or each apart and merging them in order, is
the same (the stream counts each batch in the thread that decided it)."""

from __future__ import annotations

import dataclasses

import polars as pl

import rightsguard as rg
from rightsguard.decide._ruling import RulingChance
from rightsguard.engine._tally import RunTally
from rightsguard.scoring._trust import TrustTally


def _tally(model: rg.scoring.NegotiationModel) -> RunTally:
    return RunTally(TrustTally(model.metadata_), RulingChance.prior(), rg.Policy())


def _fields(tally: RunTally) -> dict:
    counted = dataclasses.asdict(tally)
    trust = counted.pop("trust")
    heldout = {k: [list(a) for a in trust.pop(k)] for k in ("heldout_y", "heldout_p")}
    return {**counted, "trust": trust, **heldout}


def test_merged_batch_tallies_equal_one_tally_of_every_batch(sample_disputes):
    model = rg.scoring.fit_model(sample_disputes, fitting=rg.FitOptions(method="logistic"))
    decided = rg.score(sample_disputes, model=model).scored
    open_rows = decided.with_row_index("row").filter(pl.col("resolution") == "open")["row"]
    middle = int(open_rows[len(open_rows) // 2])  # open cases fall in both halves
    cuts = [0, middle // 3, middle, decided.height]
    batches = [decided.slice(start, end - start) for start, end in zip(cuts, cuts[1:])]
    assert all(b.height for b in batches) and sum(b.height for b in batches) == decided.height

    one_after_another = _tally(model)
    for batch in batches:
        one_after_another.add(batch)
    merged = _tally(model)
    for batch in batches:
        merged.merge(_tally(model).add(batch))
    empty_merged = _tally(model).merge(_tally(model))

    assert _fields(merged) == _fields(one_after_another)
    assert merged.backtest.first_opened is not None and merged.unknown.n_open_unknown > 0
    assert merged.recommendations and sum(merged.recommendations.values()) == len(open_rows)
    assert _fields(empty_merged) == _fields(_tally(model))
