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
    "rightsguard.scoring._features.FeatureLevels",
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


class ModelFileError(ValueError):
    """Raised when a model file cannot be loaded; names the file and what is wrong."""


def load_model(path: str | Path) -> NegotiationModel:
    """Load a model saved by :func:`save_model`.

    Raises
    ------
    ModelFileError
        When the file is missing, not a model file, corrupt or made by an
        incompatible version, naming the file.
    UntrustedModelError
        When the file holds any type outside :data:`TRUSTED_TYPES`, naming them.
    """
    import skops.io as sio

    path = Path(path)
    if not path.is_file():
        raise ModelFileError(f"{path}: no such model file")
    try:
        needed = set(sio.get_untrusted_types(file=path))
    except Exception as error:  # zip, JSON and schema errors of a file that is no skops model
        raise ModelFileError(f"{path}: not a rightsguard model file, or a damaged one ({error}); "
                             "save the model again with rightsguard.save_model") from error
    untrusted = sorted(needed - TRUSTED_TYPES)
    if untrusted:
        raise UntrustedModelError(
            f"{path}: refusing to load a model file holding untrusted type(s): "
            f"{', '.join(untrusted)}"
        )
    try:
        model = sio.load(path, trusted=sorted(needed))
    except Exception as error:  # a model made by another version whose classes differ
        raise ModelFileError(f"{path}: the model could not be rebuilt ({error}); it was probably "
                             "made by an incompatible version: fit and save it again") from error
    if not isinstance(model, NegotiationModel):
        raise UntrustedModelError(f"{path}: holds a {type(model).__name__}, not a NegotiationModel")
    return model
