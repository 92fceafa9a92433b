"""Counterparty keys: who a dispute is with, without keeping who they are.

A buyer's member name (买家会员名) identifies a person. It is read only when the
shop supplies its *salt*, a secret of its own kept outside the data (a file or
the ``RIGHTSGUARD_COUNTERPARTY_SALT`` environment variable), and leaves the
loader only as an HMAC-SHA256 of the name under that salt: the same buyer gets
the same key in every file of the shop, while nobody without the salt can tell
whose key it is or test a guessed name. Without a salt, member names are not
read at all and the counterparty is unknown.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import polars as pl
import polars_hash  # noqa: F401  (registers the .chash namespace)

from rightsguard._errors import said
from rightsguard.io._parse import clean_text

SALT_ENV = "RIGHTSGUARD_COUNTERPARTY_SALT"
"""Environment variable the command line reads the salt from when no salt file is given."""

MIN_SALT_LENGTH = 16
"""Shortest salt accepted: a short one could be guessed, and every member name tested under it."""

MIN_DISTINCT_CHARACTERS = 8
"""Fewest different characters a salt may hold: ``aaaaaaaaaaaaaaaa`` is long but guessable."""

KEY_LENGTH = 20
"""Hexadecimal characters kept of each key (80 bits): no collision in any shop's lifetime."""


class SaltError(ValueError):
    """Raised when a counterparty salt is missing where needed, too short or unreadable."""


def check_salt(salt: str | None) -> str | None:
    """Return the salt when usable (or None), refusing a short or repetitive one.

    A byte-order mark (as Notepad saves a file) and surrounding blanks are not
    part of the salt: the same secret typed in a file or in the environment
    gives the same keys.

    Raises
    ------
    SaltError
        When the salt has fewer than :data:`MIN_SALT_LENGTH` characters or
        fewer than :data:`MIN_DISTINCT_CHARACTERS` different ones.
    """
    if salt is None:
        return None
    salt = salt.replace("\ufeff", "").strip()
    if len(salt) < MIN_SALT_LENGTH:
        raise said(SaltError, "err_salt_short", n=len(salt), minimum=MIN_SALT_LENGTH)
    if len(set(salt)) < MIN_DISTINCT_CHARACTERS:
        raise said(SaltError, "err_salt_plain", n=len(set(salt)), minimum=MIN_DISTINCT_CHARACTERS)
    return salt


def read_salt(path: str | Path | None) -> str | None:
    """The salt from a file, else from :data:`SALT_ENV`, else None.

    Raises
    ------
    SaltError
        When the file cannot be read or the salt is too short.
    """
    if path is None:
        return check_salt(os.environ.get(SALT_ENV))
    try:
        return check_salt(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise said(SaltError, "err_salt_file", path=path, error=error) from error


def new_salt_file(path: str | Path) -> Path:
    """Write a new random salt (43 URL-safe characters, 256 bits) to a new file readable by
    its owner only.

    Raises
    ------
    SaltError
        When the file exists: a shop's salt must never change, or its buyers' histories split.
    """
    path = Path(path)
    try:
        with os.fdopen(
            os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w", encoding="utf-8"
        ) as file:
            file.write(secrets.token_urlsafe(32) + "\n")
    except FileExistsError as error:
        raise said(SaltError, "err_salt_exists", path=path) from error
    return path


def hashed_key(name: pl.Expr, salt: str) -> pl.Expr:
    """The counterparty key of each name: HMAC-SHA256 under ``salt``, hex, shortened.

    Names are compared after trimming; an empty name gives a null key.
    """
    keyed = clean_text(name).chash.hmac_sha256(key=salt)  # type: ignore[attr-defined]  # polars-hash's namespace
    return keyed.str.head(KEY_LENGTH)
