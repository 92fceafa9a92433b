"""Charts of scored disputes, their export, and the optional theme.

>>> import rightsguard as rg
>>> from rightsguard import charts
>>> scored = rg.score(rg.load_disputes("data/sample/disputes.csv"))
>>> charts.save_chart(charts.calibration_chart(scored), "calibration.png")  # doctest: +SKIP

Nothing here changes altair's global state on import: the theme is
registered, not enabled (``alt.theme.enable("rightsguard")``), and offline
notebook rendering is switched on by :func:`enable_offline_rendering`.
"""

from rightsguard.present._chart_export import FORMATS, THEME, enable_offline_rendering, save_chart
from rightsguard.present._chart_parts import MIN_DISPUTES
from rightsguard.present._charts import (
    disputes_over_time,
    missing_vouchers_by_reason,
    negotiation_rate_by_completeness,
    negotiation_rate_by_reason,
    recommendation_mix,
    sku_chart,
    threshold_sweep_chart,
)
from rightsguard.present._fonts import CJKFontWarning, find_cjk_font
from rightsguard.present._quality_charts import (
    calibration_chart,
    score_distribution,
    scorecard_chart,
    track_record_chart,
)

__all__ = [
    "FORMATS",
    "MIN_DISPUTES",
    "THEME",
    "CJKFontWarning",
    "calibration_chart",
    "disputes_over_time",
    "enable_offline_rendering",
    "find_cjk_font",
    "missing_vouchers_by_reason",
    "negotiation_rate_by_completeness",
    "negotiation_rate_by_reason",
    "recommendation_mix",
    "save_chart",
    "score_distribution",
    "scorecard_chart",
    "sku_chart",
    "threshold_sweep_chart",
    "track_record_chart",
]
