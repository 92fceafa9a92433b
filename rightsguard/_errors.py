"""The errors rightsguard raises about what users give it.

They sit at the bottom of the package, beside the schema, so that every
layer raises the same kinds and users catch them in one place.
"""

from __future__ import annotations

import errno
from typing import TypeVar

from rightsguard._vocabulary import say, text

E = TypeVar("E", bound=BaseException)


class SchemaError(ValueError):
    """Raised when a table does not fit what it must be; lists every problem.

    Parameters
    ----------
    problems
        One line per problem, each naming the column, values and rows.
    n_rows
        Rows of the table checked.
    subject
        What the table is: ``"disputes"``, ``"rules"`` or ``"mapping"``.
    lang
        The language of the problems, which the header follows.
    in_rows
        Whether the problems are in rows, which a lenient run sets aside, rather than in the
        table's columns, which no row can pass.

    Attributes
    ----------
    problems : list of str
    in_rows : bool
    """

    def __init__(
        self,
        problems: list[str],
        n_rows: int,
        subject: str = "disputes",
        lang: str = "en",
        *,
        in_rows: bool = False,
    ) -> None:
        self.problems = problems
        self.in_rows = in_rows
        header = say(
            "schema_header", lang, n=len(problems), rows=n_rows, subject=text(f"subject_{subject}", lang)
        )
        super().__init__("\n".join([header, *(f"- {p}" for p in problems)]))


class UnreadableFileError(ValueError):
    """Raised when a file is not in a format or encoding rightsguard reads."""


def said(kind: type[E], key: str, /, **values: object) -> E:
    """An error of ``kind`` saying the vocabulary's sentence ``key`` (English), keeping the key and
    values so that :func:`in_language` can say it again in the reader's language.

    A value that depends on the language is given as a function of it.
    """
    error = kind(_sentence(key, "en", values))
    error.key, error.values = key, values  # type: ignore[attr-defined]
    return error


def _sentence(key: str, lang: str, values: dict[str, object]) -> str:
    return say(key, lang, **{k: v(lang) if callable(v) else v for k, v in values.items()})


_OS_ERRORS = {
    errno.ENOENT: "err_os_missing",
    errno.EACCES: "err_os_permission",
    errno.EPERM: "err_os_permission",
    errno.ENOSPC: "err_os_space",
    errno.EISDIR: "err_os_folder",
    errno.EROFS: "err_os_read_only",
}


def in_language(error: BaseException, lang: str) -> str:
    """What ``error`` says, in ``lang`` where the vocabulary has its words: a refusal raised by
    :func:`said`, or the machine's refusal of a file (missing, forbidden, a full disk)."""
    key = getattr(error, "key", None)
    if key is not None:
        return _sentence(key, lang, getattr(error, "values", {}))
    if isinstance(error, OSError) and error.errno in _OS_ERRORS and error.filename is not None:
        return say(_OS_ERRORS[error.errno], lang, path=error.filename)
    return str(error)
