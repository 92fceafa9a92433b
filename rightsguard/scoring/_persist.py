"""Saving and loading fitted models with skops, never pickle.

Loading checks the file's types against :data:`TRUSTED_TYPES` before building
anything: a file that needs any other type is refused. A logistic model's file
also holds its numbers as JSON (:data:`~rightsguard.scoring._scorer.SCORER_MEMBER`),
which :func:`load_scorer` reads without importing scikit-learn or skops: the
fast start of scoring a file.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from rightsguard.scoring._scorer import SCORER_MEMBER, LinearScorer

if TYPE_CHECKING:
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
    if model.method == "logistic":
        with zipfile.ZipFile(path, "a") as archive:
            archive.writestr(SCORER_MEMBER, model.linear_scorer().to_json())
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

    from rightsguard.scoring._model import NegotiationModel

    path = _existing(path)
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


def load_scorer(path: str | Path) -> LinearScorer | NegotiationModel:
    """What scoring needs of a saved model, loaded as fast as the file allows.

    A logistic model's numbers are read from the JSON it was saved with, as a
    :class:`~rightsguard.scoring._scorer.LinearScorer` that scores exactly as
    the model does; a boosting model (or a file without them) is loaded whole
    by :func:`load_model`.

    Raises
    ------
    ModelFileError
        When the file is missing, not a model file or its numbers are damaged.
    UntrustedModelError
        As :func:`load_model`, for a file loaded whole.
    """
    path = _existing(path)
    try:
        with zipfile.ZipFile(path) as archive:
            text = archive.read(SCORER_MEMBER) if SCORER_MEMBER in archive.namelist() else None
    except (zipfile.BadZipFile, OSError) as error:
        raise ModelFileError(f"{path}: not a rightsguard model file, or a damaged one ({error}); "
                             "save the model again with rightsguard.save_model") from error
    if text is None:
        return load_model(path)
    try:
        return LinearScorer.from_json(text)
    except ValueError as error:
        raise ModelFileError(f"{path}: the model's numbers are damaged ({error}); save the model "
                             "again with rightsguard.save_model") from error


def _existing(path: str | Path) -> Path:
    path = Path(path)
    if not path.is_file():
        raise ModelFileError(f"{path}: no such model file")
    return path
