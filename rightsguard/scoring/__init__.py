"""The models behind the scores: fitting, validating by time, saving and loading, and quality
against outcomes (docs/scoring.md).

>>> import rightsguard as rg
>>> model = rg.scoring.fit_model(rg.load_disputes("disputes.csv"))  # doctest: +SKIP
>>> rg.scoring.save_model(model, "model.skops")  # doctest: +SKIP
"""

from rightsguard._lazy import lazy_names

_HOMES: dict[str, str] = {
    "fit_model": "rightsguard.scoring._score",
    "evaluate_by_time": "rightsguard.scoring._score",
    "labels_of": "rightsguard.scoring._model",
    "with_history": "rightsguard.scoring._history",
    "save_model": "rightsguard.scoring._persist",
    "load_model": "rightsguard.scoring._persist",
    "NegotiationModel": "rightsguard.scoring._model",
    "quality_of": "rightsguard.scoring._quality",
    "measure": "rightsguard.scoring._quality",
    "Quality": "rightsguard.scoring._quality",
}
"""Each public name and the module that defines it."""

__all__ = list(_HOMES)
__getattr__, __dir__ = lazy_names(__name__, _HOMES)
