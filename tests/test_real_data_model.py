"""The model on real NYC mediated complaints: earlier period in, later period out.

The comparison the README and notebook 04 quote: today's features with the
business's history and state against the same without them, and against a
plain logistic regression on complaint type and industry.
"""

import warnings
from dataclasses import replace
from datetime import datetime

import numpy as np
import polars as pl
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.preprocessing import OneHotEncoder

from rightsguard import FitOptions, LeakageError, UnmappedReasonWarning, load_disputes_lenient, score
from rightsguard.mappings import NYC_MEDIATED_COMPLAINTS
from rightsguard.scoring import evaluate_by_time
from rightsguard.scoring._held import PRIOR_HELD_RATE

from conftest import NYC

CUTOFF = datetime(2015, 10, 1)
LOGISTIC = FitOptions(method="logistic")
"""The method of the README's figures on this split."""
AUC_BEFORE_HISTORY = 0.670
"""Held-out AUC of the first release on this split (reason, goods status, industry)."""


@pytest.fixture(scope="module")
def nyc() -> pl.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnmappedReasonWarning)
        return load_disputes_lenient(NYC, mapping=NYC_MEDIATED_COMPLAINTS).accepted


@pytest.fixture(scope="module")
def time_split(nyc):
    """The model fitted before the cutoff and its quality after, computed once."""
    return evaluate_by_time(nyc, CUTOFF, fitting=LOGISTIC)


def _plain_logistic_auc(nyc: pl.DataFrame) -> float:
    """Logistic regression on complaint type + industry, one-hot, the analyst's baseline."""
    y = (nyc["resolution"] == "negotiated").to_numpy()
    earlier = (nyc["opened_at"] < CUTOFF).to_numpy()
    X = nyc.select(pl.col("reason_raw", "category").fill_null("")).to_numpy()
    encode = OneHotEncoder(handle_unknown="ignore").fit(X[earlier])
    fitted = LogisticRegression(max_iter=2000).fit(encode.transform(X[earlier]), y[earlier])
    return roc_auc_score(y[~earlier], fitted.predict_proba(encode.transform(X[~earlier]))[:, 1])


def test_the_business_history_lifts_the_held_out_auc_by_at_least_two_points(nyc, time_split):
    model, quality = time_split
    _, without_history = evaluate_by_time(
        nyc.with_columns(pl.lit(None, pl.String).alias("counterparty")), CUTOFF, fitting=LOGISTIC
    )
    plain = _plain_logistic_auc(nyc)

    later = nyc.filter(pl.col("opened_at") >= CUTOFF)
    assert model.metadata_["train_to"] < CUTOFF.isoformat()
    assert quality.n == later.height
    assert quality.roc_auc >= AUC_BEFORE_HISTORY + 0.02
    assert quality.roc_auc >= without_history.roc_auc + 0.01
    assert quality.roc_auc >= plain + 0.02
    assert quality.calibration_error < 0.06
    assert quality.brier < without_history.brier


def test_without_evidence_the_varying_features_are_what_the_source_records(nyc, time_split):
    model, _ = time_split
    features = model.features(nyc)

    varying = {c for c in features.columns if features[c].std() > 0}
    held = [c for c in features.columns if c.endswith("=held")]
    # no voucher is ever recorded: each required one counts as the documented prior
    assert set(np.unique(features.select(held).to_numpy())) == {0.0, PRIOR_HELD_RATE}
    assert set(features["evidence_completeness"].unique()) <= {PRIOR_HELD_RATE, 1.0}
    assert {c.split("=")[0] for c in varying} <= {
        "reason",
        "reason_detail",
        "goods",
        "category",
        "delivery_proof",
        "signature_proof",
        "listing_comparison",
        "carrier_receipt",
        "purchase_voucher",
        "packing_record",
        "log_history_disputes",
        "history_negotiated_rate",
        "counterparty",
        "extra_business_state",
    }
    assert sum(c.startswith("category=") for c in model.model_features_) >= 10
    assert {"reason_detail=Billing Dispute - B02", "extra_business_state=NY"} <= set(model.model_features_)


def test_frequent_wordings_behind_other_keep_their_identity(nyc, time_split):
    model, _ = time_split
    scorecard = model.coefficients().filter(pl.col("feature").str.starts_with("reason_detail="))

    settle = (
        nyc.filter(pl.col("reason") == "other")
        .group_by("reason_raw")
        .agg((pl.col("resolution") == "negotiated").mean().alias("share"), pl.len())
    )
    assert scorecard.height >= 3
    shares = settle.filter(pl.col("len") >= 30)["share"]
    assert shares.max() - shares.min() > 0.2  # lumped together as 'other' they were one level
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        explained = score(nyc, fitting=FitOptions(method="logistic")).scored["explanation"]
    assert explained.str.contains("reason 'Billing Dispute - B02' ").any()


def test_a_column_decided_by_the_outcome_is_refused_as_a_feature():
    leaky = replace(
        NYC_MEDIATED_COMPLAINTS, features={**NYC_MEDIATED_COMPLAINTS.features, "satisfaction": "Satisfaction"}
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnmappedReasonWarning)
        disputes = load_disputes_lenient(NYC, mapping=leaky).accepted

    with pytest.raises(LeakageError, match=r"'extra_satisfaction' \(ROC AUC (0\.9\d|1\.00) on its own"):
        evaluate_by_time(disputes, CUTOFF, fitting=LOGISTIC)


def test_nyc_complaints_warn_that_a_third_of_reasons_are_unmapped():
    with pytest.warns(UnmappedReasonWarning, match=r"1,307 of 3,918 .*'Billing Dispute - B02' \(495\)"):
        load_disputes_lenient(NYC, mapping=NYC_MEDIATED_COMPLAINTS)
