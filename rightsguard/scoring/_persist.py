"""Saving and loading fitted models with skops, never pickle.

Loading checks the file's types against :data:`TRUSTED_TYPES` before building
anything: a file that needs any other type is refused. A file holds one copy
of the model's numbers, and every path (in memory, streamed, the command line)
loads it the same way, checked the same way: types first, then numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from rightsguard._errors import said

if TYPE_CHECKING:
    from rightsguard.scoring._model import NegotiationModel

TRUSTED_TYPES: frozenset[str] = frozenset(
    {
        "rightsguard.scoring._model.NegotiationModel",
        "rightsguard.scoring._rules.EvidenceRules",
        "rightsguard.scoring._features.FeatureLevels",
        "rightsguard.scoring._held.HeldRates",
        "rightsguard.scoring._settlements.RefundShares",
        "rightsguard.scoring._time_open.TimeOpen",
        "rightsguard.scoring._stages.StageTimes",
        "sklearn.calibration._CalibratedClassifier",
        "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor",
    }
)
"""Types beyond skops' defaults that a rightsguard model file may hold."""

LARGEST_NUMBER = 1e6
"""No fitted logistic coefficient, intercept or feature mean comes near this in magnitude;
a file holding one larger (or not finite) is damaged, and its scores would overflow."""


class UntrustedModelError(ValueError):
    """Raised when a model file holds types rightsguard does not trust."""


def save_model(model: NegotiationModel, path: str | Path) -> Path:
    """Save a fitted model (with its ``metadata_``) to a ``.skops`` file."""
    if not hasattr(model, "estimator_"):
        raise ValueError("only a fitted NegotiationModel can be saved; call fit first")
    import skops.io as sio  # heavy; imported only when a model is saved or loaded

    path = Path(path)
    sio.dump(model, path)
    return path


class ModelFileError(ValueError):
    """Raised when a model file cannot be loaded; names the file and what is wrong."""


def load_model(path: str | Path) -> NegotiationModel:
    """Load a model saved by :func:`save_model`.

    Raises
    ------
    ModelFileError
        When the file is missing, not a model file, corrupt, made by an
        incompatible version or holding numbers no fit makes (not finite, or
        beyond :data:`LARGEST_NUMBER`), naming the file.
    UntrustedModelError
        When the file holds any type outside :data:`TRUSTED_TYPES`, naming them.
    """
    import skops.io as sio

    from rightsguard.scoring._model import NegotiationModel

    path = existing(path)
    try:
        needed = set(sio.get_untrusted_types(file=path))
    except Exception as error:  # zip, JSON and schema errors of a file that is no skops model
        raise said(ModelFileError, "err_model_file", path=path, error=error) from error
    untrusted = sorted(needed - TRUSTED_TYPES)
    if untrusted:
        raise said(UntrustedModelError, "err_model_untrusted", path=path, types=", ".join(untrusted))
    try:
        model = sio.load(path, trusted=sorted(needed))
    except Exception as error:  # a model made by another version whose classes differ
        raise said(ModelFileError, "err_model_rebuild", path=path, error=error) from error
    if not isinstance(model, NegotiationModel):
        raise said(UntrustedModelError, "err_model_kind", path=path, kind=type(model).__name__)
    check_numbers(_numbers(model, path), path)
    return model


def existing(path: str | Path) -> Path:
    """The path of a model file that exists, else a refusal naming it."""
    path = Path(path)
    if not path.is_file():
        raise said(ModelFileError, "err_no_model", path=path)
    return path


def _numbers(model: NegotiationModel, path: Path) -> dict[str, np.ndarray]:
    """The numbers of a fitted model that a damaged file could make meaningless."""
    if not hasattr(model, "estimator_"):
        raise said(ModelFileError, "err_model_unfitted", path=path)
    numbers = {"feature means": np.asarray(model.feature_means_, dtype=float)}
    if model.method == "logistic":
        numbers["coefficients"] = np.asarray(model.estimator_.coef_, dtype=float)
        numbers["intercept"] = np.asarray(model.estimator_.intercept_, dtype=float)
    return numbers


def check_numbers(numbers: Mapping[str, np.ndarray | float], path: Path) -> None:
    """Refuse a model whose numbers no fit makes: they would overflow into meaningless scores."""
    for name, given in numbers.items():
        values = np.asarray(given, dtype=float)
        if not (np.isfinite(values).all() and (np.abs(values) <= LARGEST_NUMBER).all()):
            raise said(ModelFileError, "err_model_numbers", path=path, name=name, worst=_worst(values))


def _worst(values: np.ndarray) -> str:
    """The first value that is not finite or is beyond :data:`LARGEST_NUMBER`, as text."""
    bad = values[~(np.isfinite(values) & (np.abs(values) <= LARGEST_NUMBER))]
    return f"{bad.flat[0]:g}"
