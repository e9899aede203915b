"""What every importer makes of event files' rows: the `Event` one usable row
becomes, and the `ImportReport` of what became of every row (kept, skipped by
a filter, or dropped as bad, with the reason and the first lines where it
happened) and of every file (read, or not readable and why; a zip's files
read). The lines come from `importing/texts.py`, actors' ids from
`importing/ids.py`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from dashboard.core.dates import RANGE_TEXT, in_range
from dashboard.core.describe import plural
from dashboard.core.text import visible

__all__ = [
    "LONGEST_LINE",
    "Event",
    "ImportReport",
    "UnreadableFile",
    "article_totals",
    "by_article",
    "first_names",
    "number",
    "source_total",
    "totals",
]

#: Characters a line may have: a GDELT or ICEWS row has a few thousand. A
#: longer one (a zip of a few MB can unzip to one line of gigabytes) is
#: skipped, not held: it had taken twice its size in memory.
LONGEST_LINE = 1 << 20


class UnreadableFile(Exception):
    """An input file that cannot be read at all (an empty or broken zip), and why."""


@dataclass
class ImportReport:
    """What happened to every row of the input."""

    files: list[str] = field(default_factory=list)
    rows: int = 0
    kept: int = 0  # events that passed every check and filter
    relations: int = 0  # after merging repeated reports
    bad: dict[str, list] = field(default_factory=dict)  # reason -> [count, first lines]
    skipped: dict[str, int] = field(default_factory=dict)  # filter -> count
    #: texts changed to fit the data format (shortened, cleaned): reason -> count
    changed: dict[str, int] = field(default_factory=dict)
    unreadable: dict[str, str] = field(default_factory=dict)  # file -> why
    #: zip -> (its files read, those passed over and why), for a zip of
    #: several files or of folders and hidden files beside its one
    unzipped: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)

    def drop(self, reason: str, where: str, value: str | None = None) -> None:
        """A row dropped as bad at ``where`` (file:line) for ``reason``, a
        kind of fault, and the ``value`` at fault: one reason a kind, its
        first five places with their values, control characters escaped. A
        reason a value had grown the report and store.json without bound
        (a line each of 200,000 unknown countries), and printed a cell's
        terminal escapes raw."""
        entry = self.bad.setdefault(visible(reason, 200), [0, []])
        entry[0] += 1
        if len(entry[1]) < 5:
            shown = visible(where, 200)
            entry[1].append(
                shown if value is None else f"{shown} '{visible(value, 20)}'"
            )

    def too_long(self, where: str) -> None:
        """A row dropped for a line longer than `LONGEST_LINE` (`lines`
        passed over it unread)."""
        self.rows += 1
        self.drop(f"a line longer than {LONGEST_LINE:,} characters", where)

    def event_day(self, text: str, parse, column: str, where: str) -> date | None:
        """The day ``parse`` reads in ``text`` (the cell of ``column``), or
        None with the row dropped as bad: unreadable, or outside the range the
        data accepts (core/dates.py)."""
        try:
            day = parse(text)
        except ValueError:
            self.drop(f"bad date in {column}", where, text)
            return None
        if not in_range(day):
            self.drop(f"{column} outside {RANGE_TEXT}", where, text)
            return None
        return day

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1

    def keep(self, event: Event) -> None:
        """``event`` kept, with what was changed of it counted."""
        self.kept += 1
        if event.link_refused:
            self.change(event.link_refused)

    def change(self, reason: str, count: int = 1) -> None:
        self.changed[reason] = self.changed.get(reason, 0) + count

    def fail(self, file: str, reason: str) -> None:
        """A file that could not be read (or not to its end); a zip's files
        that break are named one after the other."""
        had = self.unreadable.get(file)
        self.unreadable[file] = f"{had}; {reason}" if had else reason

    def unzip(self, file: str, read: list[str], passed: list[str]) -> None:
        """The files read in the zip ``file``, in order, and those passed over
        ("__MACOSX/ (a folder)"): kept when there is more to say than "its
        one file", as GDELT zips one."""
        if len(read) > 1 or passed:
            self.unzipped[file] = (read, passed)

    def __str__(self) -> str:
        lines = [
            f"could not read {file}: {why}" for file, why in self.unreadable.items()
        ]
        if self.unreadable:
            lines.append(
                f"{len(self.unreadable)} of {len(self.files)} file(s) unreadable"
            )
        lines += [
            f"read {self.rows:,} rows from {len(self.files)} file(s)",
            *self._unzipped_lines(),
            f"kept {self.kept:,} events, merged into {self.relations:,} relations "
            f"({self.kept - self.relations:,} repeated reports merged)",
        ]
        for reason, count in sorted(self.skipped.items()):
            lines.append(f"skipped {count:,}: {reason}")
        for reason, (count, where) in sorted(self.bad.items()):
            lines.append(
                f"dropped {plural(count, 'bad row')}: {reason} "
                f"(first at {', '.join(where)})"
            )
        for reason, count in sorted(self.changed.items()):
            lines.append(f"changed {count:,}: {reason}")
        return "\n".join(lines)

    def _unzipped_lines(self, most: int = 5) -> list[str]:
        """What was read in the first ``most`` zips of several files."""
        lines = []
        for file, (read, passed) in list(self.unzipped.items())[:most]:
            if len(read) > 1:
                lines.append(f"read {len(read)} files in {file}: {first_names(read)}")
            if passed:
                lines.append(
                    f"passed over {len(passed)} in {file}: {first_names(passed)}"
                )
        if len(self.unzipped) > most:
            lines.append(
                f"… and {len(self.unzipped) - most:,} more zips of several files"
            )
        return lines


@dataclass
class Event:
    """One usable row, normalised across formats."""

    day: date
    source: tuple[str, str, str]  # (actor id, name, kind)
    target: tuple[str, str, str]
    source_country: str
    target_country: str
    code: str
    quad: int
    score: float | None  # Goldstein (GDELT) or intensity (ICEWS)
    sources: int
    articles: int
    mentions: int
    tone: float | None
    reporter: str
    url: str
    text: str
    event_id: str
    #: where in its story ICEWS coded the event: its Story ID and Sentence
    #: Number, "47400351#2" (ICEWS's Event ID alone is not unique); "" for GDELT
    sentence: str = ""
    #: why the row's link was left empty ("" when it was not), counted when
    #: the event is kept (`ImportReport.keep`): a skipped row's was counted too
    link_refused: str = ""


def source_total(events: list[Event]) -> int:
    """The sources behind repeated reports of one event: each article (its
    URL) once, at the most sources any of its reports gives. GDELT codes one
    article into several events; their NumSources added up had made one
    dw.de article "2 sources", past the evidence filter."""
    return article_totals(events)[0]


def article_totals(events: list[Event]) -> tuple[int, int, int]:
    """(sources, articles, mentions) behind repeated reports of one event,
    each article (its URL) counted once at the most any of its reports gives,
    then added up over the articles; reports without a URL are added as they
    are. GDELT's three events Russia -> United States coded from one
    sputniknews.com article (NumArticles 2, 6 and 2) are 6 articles, not 10:
    as `source_total` counts their sources."""
    return totals(by_article(events))


def by_article(events: list[Event]) -> dict[str, tuple[int, int, int]]:
    """Each article's URL (in the order first met; "" for the reports without
    one) -> its (sources, articles, mentions): the most of each that one of its
    reports gives, or, under "", their sums."""
    if len(events) == 1:  # most events: reported once
        event = events[0]
        return {event.url: (event.sources, event.articles, event.mentions)}
    found: dict[str, tuple[int, int, int]] = {}
    for event in events:
        counts = (event.sources, event.articles, event.mentions)
        had = found.get(event.url)
        if had is None:
            found[event.url] = counts
        elif event.url:
            found[event.url] = tuple(map(max, had, counts))
        else:
            found[""] = tuple(a + b for a, b in zip(had, counts))
    return found


def totals(found: dict[str, tuple[int, int, int]]) -> tuple[int, int, int]:
    """(sources, articles, mentions) in all of `by_article`'s articles."""
    sources = articles = mentions = 0
    for s, a, m in found.values():
        sources, articles, mentions = sources + s, articles + a, mentions + m
    return sources, articles, mentions


def number(text: str, default=0):
    """An int or a float as written, or ``default`` when it is neither."""
    try:
        return float(text) if "." in text else int(text)
    except ValueError:
        return default


def first_names(names: list[str], most: int = 5) -> str:
    """The first ``most`` of ``names``, and how many there are in all."""
    shown = ", ".join(names[:most])
    return shown if len(names) <= most else f"{shown}, … ({len(names):,} in all)"
