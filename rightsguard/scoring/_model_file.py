"""A saved logistic model's scoring half, read straight from its file with no scikit-learn.

A model file is skops' zip: a ``schema.json`` tree of typed nodes and the
arrays as ``.npy`` members. Scoring a file with a logistic model needs its
coefficients, intercept, training means, learned levels, rules and metadata:
:func:`load_scorer` reads those nodes of the one copy of the numbers that
:func:`~rightsguard.scoring._persist.load_model` reads, builds only the
classes named in :data:`BUILT_HERE` (nothing is imported by a name the file
gives) and checks the numbers as ``load_model`` does. Anything else (a
boosting model, a node or a type this reader does not know, a damaged file)
goes to ``load_model``, which refuses or loads it with its own checks: the
speed is the only difference.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from rightsguard.scoring._features import FeatureLevels
from rightsguard.scoring._held import HeldRates
from rightsguard.scoring._persist import check_numbers, existing, load_model
from rightsguard.scoring._rules import EvidenceRules
from rightsguard.scoring._scorer import LinearScorer
from rightsguard.scoring._settlements import RefundShares
from rightsguard.scoring._stages import StageTimes
from rightsguard.scoring._time_open import TimeOpen

if TYPE_CHECKING:
    from rightsguard.scoring._model import NegotiationModel

BUILT_HERE: dict[tuple[str, str], type] = {
    ("rightsguard.scoring._rules", "EvidenceRules"): EvidenceRules,
    ("rightsguard.scoring._features", "FeatureLevels"): FeatureLevels,
    ("rightsguard.scoring._held", "HeldRates"): HeldRates,
    ("rightsguard.scoring._settlements", "RefundShares"): RefundShares,
    ("rightsguard.scoring._time_open", "TimeOpen"): TimeOpen,
    ("rightsguard.scoring._stages", "StageTimes"): StageTimes,
}
"""The only classes this reader builds: the model's own value objects."""

_MODEL = ("rightsguard.scoring._model", "NegotiationModel")
_LOGISTIC = ("sklearn.linear_model._logistic", "LogisticRegression")


class _NotReadHere(Exception):
    """The file holds what only skops reads."""


def load_scorer(path: str | Path) -> LinearScorer | NegotiationModel:
    """A saved model ready to score: a logistic one's scoring half read straight from its file,
    any other through :func:`~rightsguard.scoring._persist.load_model`.

    Raises
    ------
    ModelFileError, UntrustedModelError
        As :func:`~rightsguard.scoring._persist.load_model` does.
    """
    path = existing(path)
    try:
        scorer = _linear_scorer(path)
    except (_NotReadHere, OSError, KeyError, TypeError, ValueError, zipfile.BadZipFile):
        return load_model(path)
    check_numbers(
        {"feature means": scorer.feature_means, "coefficients": scorer.coef, "intercept": scorer.intercept},
        path,
    )
    return scorer


def _linear_scorer(path: Path) -> LinearScorer:
    with zipfile.ZipFile(path) as archive:
        top = json.loads(archive.read("schema.json"))
        if _kind(top) != _MODEL or top.get("protocol") != 2:
            raise _NotReadHere
        model = _attributes(top)
        if _value(model["method"], archive) != "logistic" or _kind(model["estimator_"]) != _LOGISTIC:
            raise _NotReadHere
        estimator = _attributes(model["estimator_"])
        coef = _value(estimator["coef_"], archive)
        means = _value(model["feature_means_"], archive)
        if coef.shape != (1, len(means)):
            raise _NotReadHere
        rules = _value(model["rules"], archive)
        return LinearScorer(
            coef[0].astype(float),
            float(_value(estimator["intercept_"], archive)[0]),
            means.astype(float),
            _built(_value(model["levels_"], archive), FeatureLevels),
            None if rules is None else _built(rules, EvidenceRules),
            _built(_value(model["metadata_"], archive), dict),
        )


def _kind(node: dict) -> tuple[str, str]:
    return node.get("__module__", ""), node.get("__class__", "")


def _attributes(node: dict) -> dict[str, dict]:
    """An object node's attributes, as nodes (read only where needed)."""
    content = node["content"]
    if content.get("__loader__") != "DictNode":
        raise _NotReadHere
    return content["content"]


def _value(node: dict, archive: zipfile.ZipFile) -> Any:
    """A node's value: JSON, a tuple, list, dict, array or one of :data:`BUILT_HERE`."""
    loader = node.get("__loader__")
    if loader == "JsonNode":
        return json.loads(node["content"])
    if loader in ("ListNode", "TupleNode"):
        items = [_value(item, archive) for item in node["content"]]
        return tuple(items) if loader == "TupleNode" else items
    if loader == "DictNode":
        keys = node.get("key_types", {}).get("content", [])
        if any(_kind(key) != ("builtins", "str") for key in keys):
            raise _NotReadHere
        return {key: _value(item, archive) for key, item in node["content"].items()}
    if loader == "NdArrayNode" and node.get("type") == "numpy":
        return np.load(io.BytesIO(archive.read(node["file"])), allow_pickle=False)
    if loader == "ObjectNode" and _kind(node) in BUILT_HERE:
        built: Any = object.__new__(BUILT_HERE[_kind(node)])
        built.__dict__.update(_value(node["content"], archive))
        return built
    raise _NotReadHere


def _built(value: Any, kind: type) -> Any:
    if not isinstance(value, kind):
        raise _NotReadHere
    return value
