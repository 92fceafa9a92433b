"""The language the command line speaks: asked with ``--lang``, else the system's, in every word
it prints, argparse's own included."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from contextlib import contextmanager

from rightsguard._vocabulary import LANGUAGES, text
from rightsguard._vocabulary._help import ARGPARSE_ZH


def language_asked(argv: list[str]) -> str:
    """The language the command line speaks from its first word: ``--lang`` where given (its
    help and refusals come before the arguments are parsed), else the system's."""
    for i, word in enumerate(argv):
        value = (
            word.split("=", 1)[1]
            if word.startswith("--lang=")
            else (argv[i + 1] if word == "--lang" and i + 1 < len(argv) else None)
        )
        if value in LANGUAGES:
            return value
    return system_language()


@contextmanager
def argparse_speaks(lang: str) -> Iterator[None]:
    """argparse's own words (usage, section titles, its refusals) in ``lang`` while the parser
    is built and parses: argparse looks each up through its module's gettext function."""
    english = argparse._  # type: ignore[attr-defined]
    if lang == "zh":
        argparse._ = lambda message: ARGPARSE_ZH.get(message, message)  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = english  # type: ignore[attr-defined]


def language_argument(command: argparse.ArgumentParser, lang: str) -> None:
    """``--lang``, whose default is the system's language."""
    command.add_argument(
        "--lang", choices=list(LANGUAGES), default=system_language(), help=text("help_lang", lang)
    )


def system_language() -> str:
    """``zh`` where the system speaks Chinese (LC_ALL, LC_MESSAGES or LANG say zh_…), else ``en``."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"
