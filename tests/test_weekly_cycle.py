"""The seller's week as it is lived: ingest, report, fill the plan, record, again and again,
and nothing of what they typed is lost."""

import numpy as np
import polars as pl
import pytest

from rightsguard.scoring._quality import measure
from rightsguard.store._track import TrackRecord


@pytest.mark.parametrize("lang, few", [("en", "too few cases to tell"), ("zh", "个数太少")])
@pytest.mark.parametrize("n", [1, 2])
def test_a_money_group_of_one_or_two_cases_is_said_too_few_to_tell(lang, few, n):
    money = pl.DataFrame({"followed": [True, False], "disputes": [n, 5],
                          "expected": [120.0 * n, 400.0], "realised": [100.0 * n, 380.0],
                          "gap_low": [None if n == 1 else -30.0, -12.0],
                          "gap_high": [None if n == 1 else 10.0, 4.0]})
    quality = measure(np.array([0, 1] * 10), np.linspace(0.2, 0.8, 20))
    record = TrackRecord(quality, (0.1, 0.3), None, False, money, pl.DataFrame())

    followed, not_followed = record.describe(lang)[1:]

    assert few in followed and f"¥{120 * n:,}" in followed
    assert few not in not_followed and "¥-12" in not_followed and "¥4" in not_followed
