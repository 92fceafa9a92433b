"""The week's plan and the tables around it: the open cases in priority order, for people and
for spreadsheets, what another policy would change, and the shop's cases by SKU, reason and
shop (docs/outputs.md).

>>> import rightsguard as rg
>>> run = rg.score("退款报表.csv")  # doctest: +SKIP
>>> rg.plan.write_plan_xlsx(run, "plan.xlsx", lang="zh")  # doctest: +SKIP
"""

from rightsguard._lazy import lazy_names

_HOMES: dict[str, str] = {
    "action_plan": "rightsguard.present._plan",
    "what_if": "rightsguard.present._plan",
    "plan_for_people": "rightsguard.present._plan",
    "plan_table": "rightsguard.present._table",
    "write_plan_xlsx": "rightsguard.present._plan_workbook",
    "threshold_sweep": "rightsguard.decide._sweep",
    "sku_table": "rightsguard.present._items",
    "reason_table": "rightsguard.present._reasons",
    "shop_comparison": "rightsguard.present._plan",
    "what_if_explorer": "rightsguard.present._widgets",
    "plan_explorer": "rightsguard.present._widgets",
}
"""Each public name and the module that defines it."""

__all__ = list(_HOMES)
__getattr__, __dir__ = lazy_names(__name__, _HOMES)
