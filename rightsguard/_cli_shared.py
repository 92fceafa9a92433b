"""What every command of the command line shares: how disputes are read (``--mapping``,
``--salt-file``, ``--shop``, ``--empty-reason``, ``--lang``) and its progress lines.

Each helper imports what it uses when it runs, so that ``--help`` loads no polars.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from rightsguard._cli_language import language_argument
from rightsguard._errors import UnreadableFileError, said
from rightsguard._vocabulary import say, text

if TYPE_CHECKING:
    from rightsguard.io._mapping import ColumnMapping


def load_arguments(command: argparse.ArgumentParser, lang: str) -> None:
    """Options of how disputes are read, shared by every command that loads them, and
    ``--lang``."""
    command.add_argument("--mapping", help=text("help_mapping", lang))
    command.add_argument("--salt-file", type=Path, help=text("help_salt_file", lang))
    command.add_argument("--shop", help=text("help_shop", lang))
    command.add_argument(
        "--empty-reason",
        choices=["reject", "unknown"],
        default="reject",
        help=text("help_empty_reason", lang),
    )
    language_argument(command, lang)


def load_options(args: argparse.Namespace) -> dict:
    """The loader's keyword arguments from the shared options."""
    from rightsguard.io._counterparty import read_salt

    return {
        "mapping": mapping_named(args.mapping),
        "salt": read_salt(args.salt_file),
        "empty_reason": args.empty_reason,
        "shop": args.shop,
        "lang": args.lang,
    }


def tell(lang: str, key: str, **values: object) -> None:
    """Print a progress line of the vocabulary in ``lang``."""

    progress(say(key, lang, **values))


def text_of(key: str, lang: str) -> str:
    from rightsguard._vocabulary import text

    return text(key, lang)


def progress(message: str) -> None:
    """Print ``message`` to stderr after the time of day."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def mapping_named(name: str | None) -> ColumnMapping | None:
    """A shipped mapping by name, or one read from a TOML or JSON file."""
    from rightsguard.io._mapping import ColumnMapping
    from rightsguard.mappings import SHIPPED

    if name is None:
        return None
    if name in SHIPPED:
        return SHIPPED[name]
    if not Path(name).is_file():
        raise said(UnreadableFileError, "err_mapping_name", name=name, shipped=", ".join(SHIPPED))
    return ColumnMapping.from_file(name)


def check_paths(
    source: Path, outputs: list[Path], inputs: list[Path], *, folders: bool = False, lang: str = "en"
) -> None:
    """Before any work: the input is a file, each output can be written and destroys no input;
    outputs are files unless ``folders`` (a report's). What interrupted runs left beside the
    outputs is removed, and named."""
    from rightsguard.io._scratch import clear_and_tell
    from rightsguard.io._writers import check_writable, refuse_overwriting_inputs

    if source.is_dir():
        raise said(UnreadableFileError, "err_input_folder", path=source)
    check_writable(outputs, folders=folders)
    refuse_overwriting_inputs(inputs, outputs)
    clear_and_tell(outputs, lang, progress)
