"""Colours keyed by canonical value, the same in every language and every output.

Charts use the full colours; the plan's spreadsheet rows use light tints of
the same hues, so an option reads the same in a chart and in the workbook.
"""

from __future__ import annotations

from rightsguard._schema import VOUCHERS

OPTION_COLOURS = {"refund_now": "#31a354", "negotiate": "#2b8cbe", "escalate": "#e6550d"}
OPTION_TINTS = {"refund_now": "#d5efd9", "negotiate": "#d6e6f4", "escalate": "#fbdcc9"}
OUTCOME_COLOURS = {"negotiated": "#2b8cbe", "escalated": "#e6550d", "open": "#969696"}
VOUCHER_COLOURS = dict(
    zip(VOUCHERS, ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d"))
)
STATUS_OPACITY = {"missing": 1.0, "not recorded": 0.4}
"""A voucher to collect is drawn solid, one to check (not in the records) faded."""
