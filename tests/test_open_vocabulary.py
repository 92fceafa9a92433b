"""A source's own vocabulary: extra feature columns, empty reasons, category thresholds."""

import polars as pl
import pytest

import rightsguard as rg
from rightsguard._cli import main


def _source(n: int = 60) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "Case": [f"c{i}" for i in range(n)],
            "Opened": ["2024-03-01"] * n,
            "Type": ["damaged", ""] * (n // 2),
            "Result": ["Settled", "Hearing"] * (n // 2),
            "Price": ["12.5", "abc", "", "7"] * (n // 4),
            "Region": ["north", "south", None] * (n // 3),
        }
    )


def test_a_feature_column_that_gives_the_outcome_is_refused():
    mapping = rg.ColumnMapping(
        columns={"dispute_id": "Case", "opened_at": "Opened", "reason": "Type", "outcome": "Result"},
        features={"result": "Result"},
    )
    with pytest.raises(rg.SchemaError, match=r"would leak the outcome .*result \(reads 'Result'\)"):
        rg.load_disputes_lenient(_source(), mapping=mapping)


def test_declared_features_become_typed_extra_columns_with_named_problems():
    mapping = rg.ColumnMapping(
        columns={"dispute_id": "Case", "opened_at": "Opened", "reason": "Type", "outcome": "Result"},
        values={"outcome": {"Settled": "agreed", "Hearing": "escalated_unknown"}},
        features={"region": "Region"},
        numeric_features={"price": "Price"},
    )
    result = rg.load_disputes_lenient(_source(), mapping=mapping, empty_reason="unknown")

    assert result.accepted.schema["extra_price"] == pl.Float64
    assert result.accepted.schema["extra_region"] == pl.String
    assert result.accepted["extra_price"].drop_nulls().unique().sort().to_list() == [7.0, 12.5]
    assert any(
        "column 'extra_price': cannot be read as a number: 15 row(s)" in p and "'abc'" in p
        for p in result.problems
    )
    assert result.n_rows == 60 and result.rejected.height == 15


def test_empty_reasons_are_rejected_unless_kept_as_unknown():
    mapping = rg.ColumnMapping(columns={"dispute_id": "Case", "opened_at": "Opened", "reason": "Type"})
    strict = rg.load_disputes_lenient(_source(), mapping=mapping)
    kept = rg.load_disputes_lenient(_source(), mapping=mapping, empty_reason="unknown")

    assert strict.rejected.height == 30
    assert any("'reason': required value is empty: 30 row(s)" in p for p in strict.problems)
    assert kept.rejected.height == 0
    assert kept.accepted["reason"].cast(pl.String).value_counts().sort("reason").rows() == [
        ("damaged", 30),
        ("unknown", 30),
    ]


def test_the_command_line_keeps_empty_reasons_when_asked(tmp_path, capsys):
    source = tmp_path / "cases.csv"
    pl.DataFrame(
        {"dispute_id": ["a", "b"], "opened_at": ["2024-01-01"] * 2, "reason": ["damaged", ""]}
    ).write_csv(source)

    assert main(["summary", str(source), "--empty-reason", "unknown"]) == 0
    assert "2 rows, 2 accepted, 0 rejected" in capsys.readouterr().out


def test_min_category_count_decides_which_categories_are_learned(sample_disputes):
    default = rg.scoring.fit_model(sample_disputes, fitting=rg.FitOptions(method="logistic"))
    strict = rg.scoring.fit_model(
        sample_disputes, fitting=rg.FitOptions(method="logistic", min_category_count=10**6)
    )

    assert len(default.levels_.categories) == sample_disputes["category"].n_unique()
    assert strict.levels_.categories == ()
    assert not any(f.startswith("category=") for f in strict.model_features_)
