"""Saving and loading fitted models with skops, never pickle.

Loading checks the file's types against :data:`TRUSTED_TYPES` before building
anything: a file that needs any other type is refused.
"""

from __future__ import annotations

from pathlib import Path

from rightsguard.scoring._model import NegotiationModel

TRUSTED_TYPES: frozenset[str] = frozenset({
    "rightsguard.scoring._model.NegotiationModel",
    "rightsguard.scoring._rules.EvidenceRules",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor",
})
"""Types beyond skops' defaults that a rightsguard model file may hold."""


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


def load_model(path: str | Path) -> NegotiationModel:
    """Load a model saved by :func:`save_model`.

    Raises
    ------
    UntrustedModelError
        When the file holds any type outside :data:`TRUSTED_TYPES`, naming them.
    """
    import skops.io as sio

    untrusted = sorted(set(sio.get_untrusted_types(file=path)) - TRUSTED_TYPES)
    if untrusted:
        raise UntrustedModelError(
            f"{path}: refusing to load a model file holding untrusted type(s): "
            f"{', '.join(untrusted)}"
        )
    model = sio.load(path, trusted=sorted(sio.get_untrusted_types(file=path)))
    if not isinstance(model, NegotiationModel):
        raise UntrustedModelError(f"{path}: holds a {type(model).__name__}, not a NegotiationModel")
    return model
