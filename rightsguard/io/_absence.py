"""The rules of absence: what a dispute that no evidence inventory key names holds.

Light on purpose (no polars): the command line offers the rules as choices before it
reads anything.
"""

ABSENCE_RULES = ("ledger_period", "unknown")
"""What a dispute that no inventory key names holds. ``ledger_period`` (the default): nothing,
when it opened within the days a dated ledger's dates span (a ledger lists what is held), else
unknown. ``unknown``: always unknown, for a ledger kept for some disputes only."""
