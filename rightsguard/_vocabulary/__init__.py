"""Every word shown to people, in English and Chinese: one vocabulary for both.

It sits at the bottom of the package, beside the schema, so that each layer
(decisions, charts, the report) writes its text from the same words. Its
tables, one module each: :data:`VALUES` names canonical values, factors and
summary figures; :data:`TEXT` holds titles, axis names, headers and sentence
templates; :data:`PHRASES` the phrases of explanations and the scorecard.

Importing it loads no numerical library: the command line's help and
refusals come from here, and answer at once. :data:`VALUES`, which names
the schema's values, is loaded with the schema on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rightsguard._vocabulary._advice_sentences import ADVICE
from rightsguard._vocabulary._help import HELP
from rightsguard._vocabulary._phrases import PHRASES
from rightsguard._vocabulary._progress_sentences import PROGRESS
from rightsguard._vocabulary._refusals import REFUSALS
from rightsguard._vocabulary._sentences import SENTENCES
from rightsguard._vocabulary._stage_sentences import STAGE_NAMES, STAGE_TEXT
from rightsguard._vocabulary._store_refusals import STORE_REFUSALS
from rightsguard._vocabulary._store_sentences import STORE_TEXT
from rightsguard._vocabulary._validation_sentences import VALIDATION
from rightsguard._vocabulary._widget_words import WIDGET_WORDS

TEXT: dict[str, dict[str, str]] = {
    lang: {
        **SENTENCES[lang],
        **ADVICE[lang],
        **PROGRESS[lang],
        **STORE_TEXT[lang],
        **REFUSALS[lang],
        **STORE_REFUSALS[lang],
        **VALIDATION[lang],
        **HELP[lang],
        **STAGE_TEXT[lang],
        **WIDGET_WORDS[lang],
    }
    for lang in SENTENCES
}
"""Titles, headers and sentences in both languages: the charts' and the page's, the advice's,
the progress lines, the store's, the refusals' (the store file's among them), validation's, the command line's help, the
stages' and the notebooks' controls'."""

_TABLES = (
    SENTENCES,
    ADVICE,
    PROGRESS,
    STORE_TEXT,
    REFUSALS,
    STORE_REFUSALS,
    VALIDATION,
    HELP,
    STAGE_TEXT,
    WIDGET_WORDS,
)
if sum(len(table["en"]) for table in _TABLES) != len(TEXT["en"]):
    raise RuntimeError("a key of the vocabulary is in two of its tables")

LANGUAGES = ("en", "zh")

if TYPE_CHECKING:
    import polars as pl

    from rightsguard._vocabulary._names import VALUES as VALUES


def __getattr__(name: str) -> object:
    """:data:`VALUES`, loaded with the schema it names on first use."""
    if name == "VALUES":
        from rightsguard._vocabulary._names import VALUES

        return VALUES
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def phrases(key: str, lang: str) -> tuple[str, ...]:
    """The phrases of one factor (or of the explanation's frame, ``"why"``) in ``lang``."""
    check_language(lang)
    return PHRASES[lang][key]


def check_language(lang: str) -> None:
    """Refuse languages rightsguard has no words for."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}; got {lang!r}")


def text(key: str, lang: str) -> str:
    """A title or axis name."""
    check_language(lang)
    return TEXT[lang][key]


def say(key: str, lang: str, **values: object) -> str:
    """A sentence of :data:`TEXT` in ``lang``, its ``{fields}`` filled with ``values``."""
    return text(key, lang).format(**values)


def stage_names(lang: str) -> dict[str, str]:
    """Each canonical stage's human name in ``lang``."""
    check_language(lang)
    return STAGE_NAMES[lang]


def voucher_names(lang: str) -> dict[str, str]:
    """Each voucher's human name in ``lang``."""
    from rightsguard._schema import VOUCHERS
    from rightsguard._vocabulary._names import VALUES

    check_language(lang)
    return {v: VALUES[lang][v] for v in VOUCHERS}


def translate(expr: pl.Expr, lang: str) -> pl.Expr:
    """Display names for an expression of canonical values."""
    import polars as pl

    from rightsguard._vocabulary._names import VALUES

    check_language(lang)
    return expr.cast(pl.String).replace(VALUES[lang])


def goods_status(lang: str) -> pl.Expr:
    """Display name of each dispute's goods status."""
    import polars as pl

    goods = pl.col("goods_received")
    code = (
        pl.when(goods)
        .then(pl.lit("received"))
        .when(~goods)
        .then(pl.lit("not_received_goods"))
        .otherwise(pl.lit("unknown"))
    )
    return translate(code, lang)
