"""Provenance: is each relation's quote found verbatim in its source documents?

Quotes are compared after one normalisation of both the quote and the
documents, so that typography alone never makes a quote "missing":

- Unicode NFC (a composed and a decomposed "é" are one letter);
- curly quotes to straight: ``‘ ’ ‚ ‛`` to ``'`` and ``“ ” „ ‟`` to ``"``;
- every dash (Unicode's dash punctuation, such as ``‐ ‑ ‒ – — ―``, and the
  minus sign ``−``) to ``-``;
- every run of whitespace (spaces, tabs, line breaks, no-break spaces) to one
  space, and none at either end of the quote.

Case is kept, and so is every other character: a quote with a changed word, a
missing word or other punctuation is reported.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

__all__ = ["MissingQuote", "missing_quotes", "normalise"]

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'",
                         "“": '"', "”": '"', "„": '"', "‟": '"'})  # fmt: skip
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class MissingQuote:
    """A relation whose quote is in none of the source documents."""

    relation: str
    quote: str
    line: int | None = None  # the relation's line in relations.csv, when known

    def __str__(self) -> str:
        return (
            f'relation {self.relation}: quote not found in the sources: "{self.quote}"'
        )


def normalise(text: str) -> str:
    """``text`` as quotes are compared (see the module's docstring).

    >>> normalise("Maduro’s “days  are\\n numbered” — Trump")
    'Maduro\\'s "days are numbered" - Trump'
    """
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    text = "".join(
        "-" if char == "−" or unicodedata.category(char) == "Pd" else char
        for char in text
    )
    return _WHITESPACE.sub(" ", text)


def missing_quotes(
    relations: pd.DataFrame, documents: Iterable[str]
) -> list[MissingQuote]:
    """The relations whose quote is found in none of ``documents`` (texts).

    ``relations`` needs ``id`` and ``quote`` columns, and may have ``line``
    (where each relation is written) for the report. A relation without a quote
    has nothing to check and is not reported. A quote must lie within one
    document, not across two.

    >>> table = pd.DataFrame({"id": ["r1", "r2"], "quote": ["a “b”", "c d"]})
    >>> missing_quotes(table, ['x a "b" y', "c e"])
    [MissingQuote(relation='r2', quote='c d', line=None)]
    """
    texts = [normalise(document) for document in documents]
    lines = relations["line"] if "line" in relations else [None] * len(relations)
    missing = []
    for relation, quote, line in zip(relations["id"], relations["quote"], lines):
        wanted = normalise(str(quote)).strip()
        if wanted and not any(wanted in text for text in texts):
            where = None if line is None else int(line)
            missing.append(MissingQuote(str(relation), str(quote), where))
    return missing
