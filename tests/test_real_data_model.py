"""The model on real NYC mediated complaints: earlier period in, later period out."""

from datetime import datetime

import polars as pl
import pytest

from rightsguard import evaluate_by_time, load_disputes_lenient
from rightsguard.mappings import NYC_MEDIATED_COMPLAINTS

from conftest import NYC

CUTOFF = datetime(2015, 10, 1)


@pytest.fixture(scope="module")
def nyc() -> pl.DataFrame:
    return load_disputes_lenient(NYC, mapping=NYC_MEDIATED_COMPLAINTS).accepted


def test_a_model_fitted_on_the_past_ranks_later_complaints(nyc):
    model, quality = evaluate_by_time(nyc, CUTOFF)

    later = nyc.filter(pl.col("opened_at") >= CUTOFF)
    assert model.metadata_["train_to"] < CUTOFF.isoformat()
    assert quality.n == later.height
    assert 0.62 < quality.roc_auc < 0.80
    assert quality.calibration_error < 0.10


def test_without_evidence_only_reason_industry_and_goods_status_vary(nyc):
    model, _ = evaluate_by_time(nyc, CUTOFF)
    features = model.features(nyc)

    varying = {c for c in features.columns if features[c].std() > 0}
    held = [c for c in features.columns if c.endswith("=held")]
    assert features.select(held).to_numpy().sum() == 0
    assert features["evidence_completeness"].max() == 0
    assert {c.split("=")[0] for c in varying} <= {
        "reason", "goods", "category", "delivery_proof", "signature_proof", "listing_comparison",
        "carrier_receipt", "purchase_voucher", "packing_record"}
    assert sum(c.startswith("category=") for c in model.model_features_) >= 10
