"""Scores say when they cannot be trusted."""

import warnings

import numpy as np
import polars as pl
import pytest

import rightsguard as rg


def test_shuffled_labels_make_score_and_the_summary_warn(sample_disputes):
    labelled = sample_disputes.filter(pl.col("resolution") != "open")
    shuffled = labelled.with_columns(pl.Series(
        "outcome", np.random.default_rng(1).permutation(labelled["outcome"].to_numpy()),
        dtype=labelled.schema["outcome"])).with_columns(rg.resolution_expr())

    with pytest.warns(rg.ScoreTrustWarning, match=r"includes 0.5: the score may rank disputes no "
                                                  r"better than chance"):
        run = rg.score_run(shuffled)

    assert any("no better than" in w for w in rg.summarise(run).warnings)


def test_a_good_dataset_raises_no_trust_warning(sample_disputes):
    with warnings.catch_warnings():
        warnings.simplefilter("error", rg.ScoreTrustWarning)
        run = rg.score_run(sample_disputes)

    assert run.problems == []


def test_most_reasons_other_and_few_labels_are_named(sample_disputes):
    few = sample_disputes.head(250).with_columns(pl.lit("other").cast(rg.CANONICAL_SCHEMA["reason"])
                                                 .alias("reason"))

    with pytest.warns(rg.ScoreTrustWarning) as caught:
        rg.score_run(few)

    messages = [str(w.message) for w in caught]
    assert any(m.startswith("100% of disputes have reason 'other'") for m in messages)
    assert any(m.startswith("only ") and "escalated past disputes" in m for m in messages)
