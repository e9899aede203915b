"""Suggestions for a value that is not among the known ones ("did you mean
'maduro'?"), in bounded time however many values a file gets wrong."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["Suggestions"]

#: Values longer than this get no suggestion: no id or vocabulary word is.
_LONGEST_SUGGESTED = 100


class Suggestions:
    """What a value not among ``known`` may have meant, in bounded time.

    >>> Suggestions(["maduro", "putin"]).did_you_mean("maduor")
    " (did you mean 'maduro'?)"

    Each distinct value is looked up once. A near miss (a letter or two added,
    dropped, changed or swapped) is found through an index of the known values
    with one letter deleted; difflib's comparison with every known value, which
    finds looser likenesses, runs only while a budget of comparisons lasts:
    2,000 unknown values among 5,000 actors once took 24 seconds.
    """

    #: difflib comparisons allowed in all (a few tenths of a second at most)
    BUDGET = 40_000

    def __init__(self, known: Iterable[str]):
        self.known = list(known)
        self._found: dict[str, str | None] = {}
        self._index: dict[str, set[str]] | None = None
        self._nouns: dict[str, str] | None = None  # by words and by last word
        self._budget = self.BUDGET

    def unknown(self, value: str) -> str:
        """The message for a value outside a small vocabulary."""
        return f"is not one of: {', '.join(self.known)}" + self.did_you_mean(value)

    def did_you_mean(self, value: str) -> str:
        """`` (did you mean 'maduro'?)``, or nothing when nothing is close."""
        if value not in self._found:
            self._found[value] = self._closest(value)
        close = self._found[value]
        return f" (did you mean '{close}'?)" if close else ""

    def _closest(self, value: str) -> str | None:
        if len(value) > _LONGEST_SUGGESTED:  # no id is that long
            return None
        near = set()
        for variant in _deletions(value):
            near |= self._near().get(variant, set())
        close = difflib.get_close_matches(value, sorted(near), n=1, cutoff=0.5)
        if close:
            return close[0]
        same_noun = self._same_noun(value)
        if same_noun:
            return same_noun
        if self._budget < len(self.known):
            return None
        self._budget -= len(self.known)
        close = difflib.get_close_matches(value, self.known, n=1)
        return close[0] if close else None

    def _same_noun(self, value: str) -> str | None:
        """For a value of several words that is no near miss: the known value
        of those words in other case or spacing, else the shortest ending in
        its last word. Spelled alike, "military support" was taken for
        "military pressure", the opposite stance, not "support".

        >>> Suggestions(["support", "military pressure"])._same_noun("military support")
        'support'
        """
        words = value.casefold().split()
        if len(words) < 2:
            return None
        if self._nouns is None:
            self._nouns = {}
            for known in sorted(self.known, key=len, reverse=True):  # shortest wins
                spelled = known.casefold().split()
                if spelled:
                    self._nouns[" ".join(spelled)] = known
                    self._nouns[spelled[-1]] = known
        return self._nouns.get(" ".join(words)) or self._nouns.get(words[-1])

    def _near(self) -> dict[str, set[str]]:
        if self._index is None:
            self._index = {}
            for known in self.known:
                if len(known) > _LONGEST_SUGGESTED:
                    continue
                for variant in _deletions(known):
                    self._index.setdefault(variant, set()).add(known)
        return self._index


def _deletions(text: str) -> set[str]:
    """``text`` and every text made by deleting one of its letters.

    >>> sorted(_deletions("abc"))
    ['ab', 'abc', 'ac', 'bc']
    """
    return {text} | {text[:i] + text[i + 1 :] for i in range(len(text))}
