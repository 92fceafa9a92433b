"""The errors rightsguard raises about what users give it.

They sit at the bottom of the package, beside the schema, so that every
layer raises the same kinds and users catch them in one place.
"""

from __future__ import annotations


class SchemaError(ValueError):
    """Raised when a table does not fit what it must be; lists every problem.

    Parameters
    ----------
    problems
        One line per problem, each naming the column, values and rows.
    n_rows
        Rows of the table checked.
    subject
        What the table is, as the message names it ("dispute data",
        "rules table", "evidence ledger", …).

    Attributes
    ----------
    problems : list of str
    """

    def __init__(self, problems: list[str], n_rows: int, subject: str = "dispute data") -> None:
        self.problems = problems
        header = f"{len(problems)} problem(s) in {n_rows} row(s) of the {subject}:"
        super().__init__("\n".join([header, *(f"- {p}" for p in problems)]))


class UnreadableFileError(ValueError):
    """Raised when a file is not in a format or encoding rightsguard reads."""
