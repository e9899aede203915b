"""Actors' ids from their names, as every importer makes them: readable for a
Latin name, with a short hash of itself for a name of another script."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from anyascii import anyascii

from dashboard.core.text import limit_of

__all__ = ["slug"]


def slug(text: str) -> str:
    """An actor id from a name: ASCII (every script transliterated with
    anyascii), lower case, words joined by '-', at most the id's length limit.
    A name with letters of a script other than Latin gets a short hash of
    itself appended: transliterated, such names meet (王毅 and 王义 are both
    "wangyi"), and two actors had become one. So does a name cut to fit; one
    with no letter or digit left is "x-" and the hash. The hash is of the
    name composed alike (NFKC) and spaced alike: the same name gives the
    same id in every import. Latin names that differ only in accents, case or punctuation
    ("Nicolás", "Nicolas") share their id: they are one name.

    >>> slug("Nicolás Maduro"), slug("Recep Tayyip Erdoğan")
    ('nicolas-maduro', 'recep-tayyip-erdogan')
    >>> slug("王毅"), slug("王义"), slug("Владимир Путин")
    ('wangyi-1b538ed178', 'wangyi-d8069da7f9', 'vladimir-putin-dbb941d457')
    >>> slug("ъ"), slug(" 王毅 ") == slug("王毅"), slug("王 毅") == slug("王  毅")
    ('x-e4cedbc81a', True, True)
    """
    # spaces as one, none at the ends: "王毅 " is "王毅"
    normal = " ".join(unicodedata.normalize("NFKC", text).split())
    found = re.sub(r"[^a-z0-9]+", "-", anyascii(normal).lower()).strip("-")
    limit = limit_of("actors.csv", "id")
    if found and len(found) <= limit and _latin(normal):
        return found
    # saved decomposed (as macOS does) or not, one name is one id
    digest = hashlib.sha1(normal.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    if not found:
        return f"x-{digest}"
    return f"{found[: limit - 11].rstrip('-')}-{digest}"


def _latin(text: str) -> bool:
    """Whether every letter of ``text`` is Latin, with or without accents:
    names that transliterating keeps apart, but for their accents.

    >>> _latin("Devlet Bahçeli"), _latin("Сергей Лавров"), _latin("Xi 习")
    (True, False, False)
    """
    return text.isascii() or all(
        unicodedata.name(character, "").startswith("LATIN ")
        for character in text
        if character.isalpha()
    )
