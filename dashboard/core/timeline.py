"""The time bar's two axes and what they count: the overview of the whole span,
its empty stretches drawn narrow, and the detail of the window at a bin that
reads well at its length. Pure: dates and numpy arrays."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from dashboard.core.codes import distinct

__all__ = [
    "UNITS",
    "Detail",
    "TimeAxis",
    "bin_edges",
    "count_by_bin",
    "count_detail",
    "day_numbers",
    "detail_unit",
    "floor_days",
    "month_numbers",
    "overview_axis",
]

#: The bins, finest first.
UNITS = ("day", "week", "month", "quarter", "year")
#: A bin's length in days, about.
UNIT_DAYS = {"day": 1.0, "week": 7.0, "month": 30.44, "quarter": 91.31, "year": 365.25}
_MONTHS = {"month": 1, "quarter": 3, "year": 12}


def day_numbers(values) -> np.ndarray:
    """Dates, timestamps or datetime64 values as whole days since 1970-01-01.

    >>> day_numbers([date(1970, 1, 2)]).tolist()
    [1]
    """
    return np.asarray(values, dtype="datetime64[D]").astype(np.int64)


def _as_date(number: float) -> date:
    return date(1970, 1, 1) + timedelta(days=int(number))


def floor_days(days, unit: str) -> np.ndarray:
    """The first day (as a day number) of the ``unit`` each of ``days`` (day
    numbers) falls in: weeks start on Monday, quarters in January, April,
    July and October.

    >>> [str(_as_date(n)) for n in floor_days(day_numbers(["2025-12-11"]), "week")]
    ['2025-12-08']
    """
    days = np.asarray(days, dtype=np.int64)
    if unit == "day":
        return days
    if unit == "week":  # 1 January 1970 was a Thursday
        return days - (days + 3) % 7
    months = days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    months -= months % _MONTHS[unit]
    return months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)


def bin_edges(start: date, end: date, unit: str) -> np.ndarray:
    """The edges (day numbers) of the ``unit`` bins from the one ``start`` is
    in to the one ``end`` is in: n bins, n + 1 edges, the last one past ``end``.

    >>> [str(_as_date(n)) for n in bin_edges(date(2025, 11, 20), date(2025, 12, 2), "month")]
    ['2025-11-01', '2025-12-01', '2026-01-01']
    """
    low, high = floor_days(day_numbers([start, end]), unit)
    if unit in ("day", "week"):
        step = 1 if unit == "day" else 7
        return np.arange(low, high + step + 1, step, dtype=np.int64)
    step = _MONTHS[unit]
    months = np.arange(
        np.datetime64(int(low), "D").astype("datetime64[M]"),
        np.datetime64(int(high), "D").astype("datetime64[M]") + step + 1,
        step,
    )
    return months.astype("datetime64[D]").astype(np.int64)


def count_by_bin(
    days: np.ndarray, edges: np.ndarray, groups: np.ndarray, names
) -> dict[str, np.ndarray]:
    """How many of ``days`` (day numbers) fall in each bin between ``edges``,
    for each of ``names`` (those whose ``groups`` value it is); days outside
    the edges are not counted.

    >>> count_by_bin(np.array([0, 1, 1, 5]), np.array([0, 2, 4]),
    ...              np.array(["a", "a", "b", "a"]), ["a", "b"])["a"].tolist()
    [2, 0]
    """
    bins = np.searchsorted(edges, days, side="right") - 1
    inside = (bins >= 0) & (bins < len(edges) - 1)
    return {
        name: np.bincount(bins[inside & (groups == name)], minlength=len(edges) - 1)
        for name in names
    }


def detail_unit(start: date, end: date) -> str:
    """The bin the detail of a window counts by: days up to two months, weeks
    up to a year and a half, else months (years beyond thirty years).

    >>> detail_unit(date(2025, 11, 1), date(2025, 12, 11)), detail_unit(date(2019, 1, 1), date(2025, 12, 11))
    ('day', 'month')
    """
    days = (end - start).days + 1
    if days <= 62:
        return "day"
    if days <= 550:
        return "week"
    return "month" if days <= 366 * 30 else "year"


def _overview_unit(days: float) -> str:
    """The overview's bin for this many days of drawn time."""
    if days <= 45:
        return "day"
    if days <= 730:
        return "week"
    return "month" if days <= 366 * 15 else "year"


@dataclass(frozen=True)
class TimeAxis:
    """The overview's axis: its bins between ``edges`` (day numbers) are drawn
    from ``positions`` to the next; most are as wide as their days, but a
    long stretch in which nothing starts is one bin (listed in ``gaps``),
    drawn narrow. Positions are in days of drawn time, from 0."""

    unit: str
    edges: tuple[int, ...]
    positions: tuple[float, ...]
    gaps: tuple[int, ...] = ()

    @property
    def length(self) -> float:
        return self.positions[-1]

    def position(self, days) -> np.ndarray:
        """Where day numbers (or fractions of days) are drawn."""
        return np.interp(days, self.edges, self.positions)

    def day(self, position: float) -> float:
        """The day number (with its fraction) drawn at ``position``."""
        return float(np.interp(position, self.positions, self.edges))

    def date_at(self, position: float) -> date:
        """The day drawn at ``position``."""
        return _as_date(np.floor(self.day(position)))

    def bin_label(self, index: int) -> str:
        """The words for bin ``index``: "week of 1 Dec 2025", "Nov 2025", or
        for a gap "nothing from 7 Jan 2019 to 29 Dec 2024"."""
        first = _as_date(self.edges[index])
        if index in self.gaps:
            last = _as_date(self.edges[index + 1] - 1)
            return f"nothing starts from {_day(first)} to {_day(last)}"
        return {
            "day": _day(first),
            "week": f"week of {_day(first)}",
            "month": f"{first:%b %Y}",
            "quarter": f"Q{(first.month - 1) // 3 + 1} {first.year}",
            "year": f"{first.year}",
        }[self.unit]

    def ticks(self, count: int = 8) -> tuple[list[float], list[str]]:
        """Up to about ``count`` labelled ticks, evenly spread: the first of
        each month (of each year when the drawn time is long), none inside a
        gap, the year written when it changes ("Nov", "Dec", "Jan 2026")."""
        first, last = _as_date(self.edges[0]), _as_date(self.edges[-1] - 1)
        drawn = sum(
            self.edges[i + 1] - self.edges[i]
            for i in range(len(self.edges) - 1)
            if i not in self.gaps
        )
        if drawn > 800:
            candidates = [date(year, 1, 1) for year in range(first.year, last.year + 2)]
        else:
            months = np.arange(
                np.datetime64(first, "M"), np.datetime64(last, "M") + 2
            ).astype("datetime64[D]")
            candidates = [_as_date(n) for n in months.astype(np.int64)]
        gaps = [(self.edges[i], self.edges[i + 1]) for i in self.gaps]
        spacing = self.length / max(count, 1)
        values: list[float] = []
        labels: list[str] = []
        year = None
        for day in candidates:
            number = day_numbers([day])[0]
            if not self.edges[0] <= number <= self.edges[-1]:
                continue
            if any(low < number < high for low, high in gaps):
                continue
            where = float(self.position(number))
            if values and where - values[-1] < spacing:
                continue
            if drawn > 800:
                labels.append(f"{day.year}")
            else:
                labels.append(f"{day:%b}" if day.year == year else f"{day:%b %Y}")
            values.append(where)
            year = day.year
        return values, labels


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def overview_axis(days, span: tuple[date, date], *, share: float = 0.04) -> TimeAxis:
    """The overview's axis for relations starting on ``days`` over ``span``.

    A stretch in which nothing starts is drawn narrow when it is longer than a
    twenty-fifth of the span (and two months): about ``share`` of the drawn
    time, at least a bin and a half. The bin is chosen from the time left
    (weeks for a burst of weeks in a span of years), so that a burst in a
    long, mostly empty span takes most of the width and can be selected in
    one drag.

    >>> days = day_numbers(["2019-01-01", "2025-11-21", "2025-12-08"])
    >>> axis = overview_axis(days, (date(2019, 1, 1), date(2025, 12, 11)))
    >>> axis.unit, len(axis.gaps), round(axis.length)
    ('day', 1, 24)
    """
    first, last = span
    total = (last - first).days + 1
    ends = day_numbers([first, last + timedelta(days=1)])
    starts = distinct(np.asarray(days, dtype=np.int64))
    starts = starts[(starts >= ends[0]) & (starts < ends[1])]
    threshold = max(60.0, total / 25)
    between = np.diff(np.concatenate([ends[:1], starts, ends[1:]]))
    unit = _overview_unit(total - between[between > threshold].sum())
    edges = bin_edges(first, last, unit)
    filled = np.zeros(len(edges) - 1, dtype=bool)
    filled[np.searchsorted(edges, starts, side="right") - 1] = True
    # runs of empty bins long enough to draw narrow become one bin each
    kept, gaps, index = [int(edges[0])], [], 0
    while index < len(filled):
        run = index
        while run < len(filled) and not filled[run]:
            run += 1
        if run - index >= 2 and edges[run] - edges[index] > threshold:
            gaps.append(len(kept) - 1)
            kept.append(int(edges[run]))
            index = run
        else:
            kept.append(int(edges[index + 1]))
            index += 1
    kept_edges = np.array(kept, dtype=np.int64)
    widths = np.diff(kept_edges).astype(float)
    busy = widths.sum() - widths[gaps].sum() if gaps else widths.sum()
    widths[gaps] = max(1.5 * UNIT_DAYS[unit], share * busy)
    positions = np.concatenate([[0.0], np.cumsum(widths)])
    return TimeAxis(
        unit=unit,
        edges=tuple(kept_edges.tolist()),
        positions=tuple(positions.tolist()),
        gaps=tuple(gaps),
    )


@dataclass(frozen=True)
class Detail:
    """What the detail of a window counts: the relations shown that start in
    it, per ``unit`` bin between ``edges`` (day numbers) and by stance; those
    that started ``before`` it and are still on; and the days the standing
    ones are known as of (their start is unknown). Together, every relation
    shown: ``total``."""

    unit: str
    edges: np.ndarray
    counts: dict[str, np.ndarray]
    before: int
    standing: np.ndarray

    @property
    def total(self) -> int:
        started = sum(int(counts.sum()) for counts in self.counts.values())
        return started + self.before + len(self.standing)


def count_detail(
    firsts: np.ndarray,
    stances: np.ndarray,
    standing: np.ndarray,
    window: tuple[date, date],
    names,
    *,
    months: np.ndarray | None = None,
) -> Detail:
    """The `Detail` of the relations shown in ``window``: their first days
    (day numbers), stances (``names`` lists those counted) and which are
    standing (a boolean array). ``months``: the months of ``firsts`` (since
    January 1970), when known already.

    >>> detail = count_detail(day_numbers(["2025-11-21", "2025-11-30", "2025-12-11"]),
    ...     np.array(["neutral"] * 3), np.array([False, False, True]),
    ...     (date(2025, 11, 25), date(2025, 12, 11)), ["neutral"])
    >>> detail.unit, int(detail.counts["neutral"].sum()), detail.before, detail.total
    ('day', 1, 1, 3)
    """
    start, end = window
    unit = detail_unit(start, end)
    edges = bin_edges(start, end, unit)
    counted = firsts >= day_numbers([start])[0]
    counted &= ~standing
    # bins by arithmetic, not by search: a large window has 100,000 relations
    if unit in ("day", "week"):
        bins = firsts[counted] - edges[0]
        if unit == "week":
            bins //= 7
    else:
        months = month_numbers(firsts) if months is None else months
        bins = months[counted] - month_numbers(edges[:1])[0]
        if _MONTHS[unit] > 1:
            bins //= _MONTHS[unit]
    return Detail(
        unit=unit,
        edges=edges,
        counts=_count_groups(bins, stances[counted], names, len(edges) - 1),
        before=len(firsts) - int(standing.sum()) - len(bins),
        standing=np.sort(firsts[standing]),
    )


def _count_groups(
    bins: np.ndarray, groups: np.ndarray, names, length: int
) -> dict[object, np.ndarray]:
    """How many of ``bins`` (from 0) there are of each of ``names`` (those
    whose ``groups`` value it is), at least ``length`` bins each.

    Codes 0, 1, ... (``names`` a ``range``) are counted in one pass, one bin
    per code and bin: a third of the time of a pass per name at 100,000
    relations. Any other names, or a bin past ``length`` (which lengthens
    that name's counts), are counted a name at a time.

    >>> counts = _count_groups(np.array([0, 1, 1]), np.array([1, 0, 1]), range(2), 3)
    >>> [counts[n].tolist() for n in range(2)]
    [[0, 1, 0], [1, 1, 0]]
    """
    size = len(names)
    if (
        isinstance(names, range)
        and names.start == 0
        and names.step == 1
        and groups.dtype.kind in "iu"
        and (
            not len(bins)
            or (
                0 <= bins.min() <= bins.max() < length
                and 0 <= groups.min() <= groups.max() < size
            )
        )
    ):
        flat = np.bincount(
            groups.astype(np.intp) * length + bins, minlength=size * length
        )
        return dict(zip(names, flat.reshape(size, length)))
    return {name: np.bincount(bins[groups == name], minlength=length) for name in names}


def month_numbers(days) -> np.ndarray:
    """The months (since January 1970) day numbers fall in.

    >>> month_numbers(day_numbers(["1970-02-28", "2025-12-11"])).tolist()
    [1, 671]
    """
    days = np.asarray(days, dtype=np.int64)
    return days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
