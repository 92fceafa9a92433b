"""Public names imported from their modules on first use (PEP 562), for the package and its
namespaces: ``import rightsguard`` and the command line's ``--help`` start at once, and
scikit-learn, altair and the spreadsheet writers load only when something needs them."""

from __future__ import annotations

import importlib
from collections.abc import Callable


def lazy_names(
    namespace: str, homes: dict[str, str], moved: dict[str, str] | None = None
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of a namespace whose public names live in ``homes``.

    Parameters
    ----------
    namespace
        The namespace's own module name (``__name__``).
    homes
        Each public name and the module that defines it; a module as its own home
        (``"charts": "rightsguard.charts"``) is a namespace offered whole.
    moved
        Names that now live in another namespace, and that namespace: asking for one here
        is told where it went.
    """
    moved = moved or {}

    def __getattr__(name: str) -> object:
        """Import a public name from its module on first use, and keep it."""
        if name in moved:
            raise AttributeError(f"{namespace}.{name} is now {moved[name]}.{name}")
        if name not in homes:
            raise AttributeError(f"module {namespace!r} has no attribute {name!r}")
        home = importlib.import_module(homes[name])
        value = home if homes[name] == f"{namespace}.{name}" else getattr(home, name)
        setattr(importlib.import_module(namespace), name, value)
        return value

    def __dir__() -> list[str]:
        """The public names: what ``dir()`` and completion offer."""
        return sorted(homes)

    return __getattr__, __dir__
