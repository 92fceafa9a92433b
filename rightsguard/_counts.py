"""Counts kept in dictionaries, added up batch by batch."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def add_counts(into: dict[K, int], more: Mapping[K, int] | Iterable[tuple[K, int]]) -> None:
    """Add ``more`` (a mapping, or ``(key, count)`` pairs such as a value count's rows) to the
    counts ``into``, key by key."""
    for key, count in more.items() if isinstance(more, Mapping) else more:
        into[key] = into.get(key, 0) + count
