"""The time bar's two axes and what they count: the overview of the whole span,
its empty stretches drawn narrow, and the detail of the window at a bin that
reads well at its length. Pure: dates and numpy arrays."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cached_property

import numpy as np

from dashboard.core.codes import distinct

__all__ = [
    "Detail",
    "FilteredStarts",
    "StartSlots",
    "TimeAxis",
    "bin_edges",
    "count_by_bin",
    "count_detail",
    "day_date",
    "day_number",
    "day_numbers",
    "detail_unit",
    "floor_days",
    "month_numbers",
    "overview_axis",
    "relation_start_lasts",
    "start_lasts",
]

#: A bin's length in days, about.
UNIT_DAYS = {"day": 1.0, "week": 7.0, "month": 30.44, "quarter": 91.31, "year": 365.25}
#: The overview counts by day, and names days, not months, when it draws at
#: most this many days.
SHORT_TICKS = 45
_MONTHS = {"month": 1, "quarter": 3, "year": 12}


def day_numbers(values) -> np.ndarray:
    """Dates, timestamps or datetime64 values as whole days since 1970-01-01.

    >>> day_numbers([date(1970, 1, 2)]).tolist()
    [1]
    """
    return np.asarray(values, dtype="datetime64[D]").astype(np.int64)


_EPOCH = date(1970, 1, 1)


def day_number(day: date) -> int:
    """One `date` as `day_numbers` counts it (a window's ends, per call).

    >>> day_number(date(1970, 1, 2))
    1
    """
    return (day - _EPOCH).days


def day_date(number: float) -> date:
    """The `date` of a day number (a whole one, or the day it falls in).

    >>> day_date(1.5)
    datetime.date(1970, 1, 2)
    """
    return _EPOCH + timedelta(days=int(number))


def floor_days(days, unit: str) -> np.ndarray:
    """The first day (as a day number) of the ``unit`` each of ``days`` (day
    numbers) falls in: weeks start on Monday, quarters in January, April,
    July and October.

    >>> [str(day_date(n)) for n in floor_days(day_numbers(["2025-12-11"]), "week")]
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

    >>> [str(day_date(n)) for n in bin_edges(date(2025, 11, 20), date(2025, 12, 2), "month")]
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
    days: np.ndarray,
    edges: np.ndarray,
    groups: np.ndarray,
    names,
    *,
    lasts: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """How many of ``days`` (day numbers) fall in each bin between ``edges``,
    for each of ``names`` (those whose ``groups`` value it is); days outside
    the edges are not counted. ``lasts``: the last day each may be (a date
    known to the month or year, `start_lasts`): one that may fall in several
    bins counts in each by the share of its days there.

    >>> count_by_bin(np.array([0, 1, 1, 5]), np.array([0, 2, 4]),
    ...              np.array(["a", "a", "b", "a"]), ["a", "b"])["a"].tolist()
    [2, 0]
    >>> count_by_bin(np.array([0]), np.array([0, 1, 4]), np.array(["a"]), ["a"],
    ...              lasts=np.array([3]))["a"].tolist()
    [0.25, 0.75]
    """
    bins = np.searchsorted(edges, days, side="right") - 1
    inside = (bins >= 0) & (bins < len(edges) - 1)
    length = len(edges) - 1
    if lasts is None or not (lasts > days).any():
        return {
            name: np.bincount(bins[inside & (groups == name)], minlength=length)
            for name in names
        }
    ends = np.minimum(np.searchsorted(edges, lasts, side="right") - 1, length - 1)
    several = inside & (ends > bins)
    counts = {
        name: np.bincount(
            bins[inside & ~several & (groups == name)], minlength=length
        ).astype(float)
        for name in names
    }
    # each spread over its bins by the days of its span each holds: the
    # overview's bins run from days to years
    chosen = np.flatnonzero(several)
    widths = ends[chosen] - bins[chosen] + 1
    items = np.repeat(np.arange(len(chosen)), widths)
    spread = bins[chosen][items] + (
        np.arange(len(items)) - np.repeat(np.cumsum(widths) - widths, widths)
    )
    low = np.maximum(edges[spread], days[chosen][items])
    high = np.minimum(edges[spread + 1] - 1, lasts[chosen][items])
    overlap = np.maximum(high - low + 1, 0).astype(float)
    weights = overlap / np.bincount(items, weights=overlap)[items]
    kept = groups[chosen][items]
    for name in names:
        counts[name] += np.bincount(
            spread[kept == name], weights=weights[kept == name], minlength=length
        )
    return counts


def start_lasts(
    firsts: np.ndarray, lasts: np.ndarray, precisions: np.ndarray
) -> np.ndarray:
    """The last day (day number) each relation may have begun on: its first
    day when dated to the day, else the end of its week, month or year, or
    of its "between" span; never past its ``lasts`` (the data's end, for one
    still on).

    >>> start_lasts(day_numbers(["2019-01-01", "2025-12-08", "2025-11-21"]),
    ...     day_numbers(["2019-12-31", "2025-12-11", "2025-11-21"]),
    ...     np.array(["year", "between", "day"], dtype=object)).tolist() == (
    ...     day_numbers(["2019-12-31", "2025-12-11", "2025-11-21"]).tolist())
    True
    """
    firsts = np.asarray(firsts, dtype=np.int64)
    ends = firsts.copy()
    for unit in ("week", "month", "year"):
        chosen = precisions == unit
        if chosen.any():
            ends[chosen] = _unit_end(firsts[chosen], unit)
    between = precisions == "between"
    ends[between] = lasts[between]
    return np.maximum(np.minimum(ends, lasts), firsts)


def relation_start_lasts(relations) -> np.ndarray:
    """`start_lasts` of a relations table (its ``first``, ``last`` and
    ``precision`` columns): the first day where it says no precision."""
    firsts = day_numbers(relations["first"].to_numpy())
    if "precision" not in relations or "last" not in relations:
        return firsts
    return start_lasts(
        firsts,
        day_numbers(relations["last"].to_numpy()),
        relations["precision"].to_numpy(dtype=object),
    )


def _unit_end(days: np.ndarray, unit: str) -> np.ndarray:
    """The last day of the ``unit`` (week, month or year) each of ``days``
    begins."""
    if unit == "week":
        return days + 6
    period = "datetime64[M]" if unit == "month" else "datetime64[Y]"
    following = days.astype("datetime64[D]").astype(period) + 1
    return following.astype("datetime64[D]").astype(np.int64) - 1


def _shared(
    firsts: np.ndarray, lasts: np.ndarray, codes: np.ndarray, size: int, length: int
) -> np.ndarray:
    """How many items of each code (0 to ``size``) fall in each of ``length``
    bins, each spread evenly over its bins from ``firsts`` to ``lasts`` (bin
    numbers, within the bins): a (size, length) table of shares. Counted as
    a difference array (its share added at its first bin, taken off past its
    last, then summed along), not as one row per item and bin: a year's
    relation by day is 365 bins.

    >>> _shared(np.array([0, 2]), np.array([1, 2]), np.array([0, 0]), 1, 3).tolist()
    [[0.5, 0.5, 1.0]]
    """
    share = 1.0 / (lasts - firsts + 1)
    width = length + 1
    keys = codes.astype(np.intp) * width
    steps = np.bincount(keys + firsts, weights=share, minlength=size * width)
    steps -= np.bincount(keys + lasts + 1, weights=share, minlength=size * width)
    table = np.cumsum(steps.reshape(size, width), axis=1)[:, :length]
    table[np.abs(table) < 1e-9] = 0  # what the sums' rounding left: 0, not 1e-17
    return table


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
    if days <= SHORT_TICKS:
        return "day"
    if days <= 730:
        return "week"
    return "month" if days <= 366 * 15 else "year"


@dataclass(frozen=True)
class TimeAxis:
    """The overview's axis: its bins between ``edges`` (day numbers) are drawn
    from ``positions`` to the next; most are as wide as their days, but a
    long stretch in which no relation's first day falls is one bin (listed
    in ``gaps``), drawn narrow. Positions are in days of drawn time, from 0."""

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

    def bin_label(self, index: int) -> str:
        """The words for bin ``index``: "week of 1 Dec 2025", "Nov 2025", or
        for a gap "nothing from 7 Jan 2019 to 29 Dec 2024"."""
        first = day_date(self.edges[index])
        if index in self.gaps:
            last = day_date(self.edges[index + 1] - 1)
            # no relation's first day falls in it; a share of one known only
            # to its year may
            return f"{_day(first)} to {_day(last)}: no start known to fall here"
        return {
            "day": _day(first),
            "week": f"week of {_day(first)}",
            "month": f"{first:%b %Y}",
            "quarter": f"Q{(first.month - 1) // 3 + 1} {first.year}",
            "year": f"{first.year}",
        }[self.unit]

    def ticks(self, count: int = 8) -> tuple[list[float], list[str]]:
        """Up to about ``count`` labelled ticks, evenly spread: the first of
        each month (of each year when the drawn time is long; the middle of
        a day when it is short) and of each stretch after a gap, none inside
        a gap, the year written when it changes ("Nov", "Dec", "Jan 2026";
        "18 Feb 2015", "20 Feb")."""
        first, last = day_date(self.edges[0]), day_date(self.edges[-1] - 1)
        drawn = sum(
            self.edges[i + 1] - self.edges[i]
            for i in range(len(self.edges) - 1)
            if i not in self.gaps
        )
        days = drawn <= SHORT_TICKS
        if drawn > 800:
            candidates = [date(year, 1, 1) for year in range(first.year, last.year + 2)]
        elif days:
            # a few weeks (a day of GDELT files) hold no first of a month,
            # or one or two: each day is named, mid-bin, as it is counted
            candidates = [
                day_date(day)
                for i in range(len(self.edges) - 1)
                if i not in self.gaps
                for day in range(self.edges[i], self.edges[i + 1])
            ]
        else:
            months = np.arange(
                np.datetime64(first, "M"), np.datetime64(last, "M") + 2
            ).astype("datetime64[D]")
            candidates = [day_date(n) for n in months.astype(np.int64)]
        if not days:
            # a stretch after a gap that holds no first of a month (of a
            # year) is named from its first day: 2025's bars stood after
            # "Apr" of 2024 with no tick of their own
            numbers = day_numbers(candidates)
            bounds = [self.edges[i + 1] for i in self.gaps]
            ends = [self.edges[i] for i in self.gaps[1:]] + [self.edges[-1]]
            candidates = sorted({
                *candidates,
                *(day_date(start) for start, end in zip(bounds, ends)
                  if start < self.edges[-1]
                  and not ((numbers >= start) & (numbers < end)).any()),
            })  # fmt: skip
        gaps = [(self.edges[i], self.edges[i + 1]) for i in self.gaps]
        spacing = self.length / max(count, 1)
        values: list[float] = []
        labels: list[str] = []
        year = None
        for day in candidates:
            number = day_numbers([day])[0]
            if not self.edges[0] <= number <= self.edges[-1]:
                continue
            # a month that starts where a gap does has nothing of it drawn
            # ("Apr" at the gap before 2025 crowded out 2025's own tick)
            if any(low <= number < high for low, high in gaps):
                continue
            where = float(self.position(number + 0.5 if days else number))
            if values and where - values[-1] < spacing:
                continue
            if drawn > 800:
                labels.append(f"{day.year}")
            elif days:
                labels.append(
                    f"{day.day} {day:%b}" + ("" if day.year == year else f" {day.year}")
                )
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
    # the first and last bins cut at the span's ends, as the window is: the
    # last week of the data, drawn to its Sunday, stood out of "All"
    kept_edges[0], kept_edges[-1] = ends[0], ends[1]
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

    def named(self, names) -> Detail:
        """This detail, its counts by code (0, 1, ...) named by ``names``."""
        counts = {name: self.counts[code] for code, name in enumerate(names)}
        return replace(self, counts=counts)

    @cached_property  # the time bar reads it three times
    def started(self) -> int:
        """How many relations shown start in the window (the counts add up to
        it, shares of a roughly dated one's bins included)."""
        return round(sum(float(counts.sum()) for counts in self.counts.values()))

    @property
    def total(self) -> int:
        return self.started + self.before + len(self.standing)


def count_detail(
    firsts: np.ndarray,
    stances: np.ndarray,
    standing: np.ndarray,
    window: tuple[date, date],
    names,
    *,
    months: np.ndarray | None = None,
    rough: np.ndarray | None = None,
    lasts: np.ndarray | None = None,
    last_months: np.ndarray | None = None,
) -> Detail:
    """The `Detail` of the relations shown in ``window``: their first days
    (day numbers), stances (``names`` lists those counted) and which are
    standing (a boolean array). ``months``: the months of ``firsts`` (since
    January 1970), when known already.

    ``rough``: the positions of those dated only roughly (to the week, month
    or year, or "between" two days), with ``lasts``, the last day each may
    have begun on (`start_lasts`), and ``last_months``, their months when
    known: each counts in every bin of the window it may have begun in, by
    its share of them, not all of it at its first day (six meetings "between
    8 and 11 December" were a spike on the 8th). One whose first possible
    day is before the window began earlier; one that may begin after its
    end is shared among its last days.

    >>> detail = count_detail(day_numbers(["2025-11-21", "2025-11-30", "2025-12-11"]),
    ...     np.array(["neutral"] * 3), np.array([False, False, True]),
    ...     (date(2025, 11, 25), date(2025, 12, 11)), ["neutral"])
    >>> detail.unit, int(detail.counts["neutral"].sum()), detail.before, detail.total
    ('day', 1, 1, 3)
    """
    start, end = window
    unit = detail_unit(start, end)
    edges = bin_edges(start, end, unit)
    first_day, last_day = day_numbers([start, end])
    counted = firsts >= first_day
    counted &= ~standing
    shares = rough is not None and lasts is not None and len(rough) > 0
    if shares and (not isinstance(names, range) or names.start != 0):
        # texts: as codes first (others: the last)
        codes = np.full(len(stances), len(names), dtype=np.intp)
        for code, name in enumerate(names):
            codes[stances == name] = code
        return count_detail(
            firsts, codes, standing, window, range(len(names) + 1),
            months=months, rough=rough, lasts=lasts, last_months=last_months,
        ).named(names)  # fmt: skip
    # bins by arithmetic, not by search: a large window has 100,000 relations
    bins = _bin_numbers(
        firsts[counted], edges, unit, None if months is None else months[counted]
    )
    length = len(edges) - 1
    counts = _count_groups(bins, stances[counted], names, length)
    # (one starting after the window, which the page never shows, lengthens
    # the counts as `_count_groups` does: nothing is shared then)
    if shares and bins.max(initial=0) < length:
        counts = _rough_shares(
            counts, firsts[rough], stances[rough], counted[rough],
            np.minimum(lasts, last_day), edges, unit, names,
            months=None if months is None else months[rough],
            last_months=None if last_months is None else np.minimum(
                last_months, month_numbers([last_day])[0]
            ),
        )  # fmt: skip
    return Detail(
        unit=unit,
        edges=edges,
        counts=counts,
        before=len(firsts) - int(standing.sum()) - int(counted.sum()),
        standing=np.sort(firsts[standing]),
    )


@dataclass(frozen=True, eq=False)
class FilteredStarts:
    """The start slots of the relations some filters keep at any date
    (`StartSlots.starts_of`), counted once: a window moves more often than the
    filters change, and its days are then a slice of these counts."""

    table: np.ndarray  # how many start on each day (slot), by stance code
    #: the roughly dated that are not standing, in the order of their row
    #: labels: their places among the roughly dated and their first days
    rough: np.ndarray
    rough_firsts: np.ndarray
    #: the standing: the days they are known as of, and the last they are on
    standing_firsts: np.ndarray
    standing_lasts: np.ndarray


@dataclass(frozen=True)
class StartSlots:
    """Every relation's first day and stance as one number, its slot (stance
    code times the days of the data plus its day; the standing in a slot of
    their own), made once per data set: a window's detail is then one gather
    and one bincount of its relations' slots, counted per day and summed per
    bin, where `count_detail` over the columns gathered one by one took five
    gathers and a dozen passes over a large window's relations (0.7 ms at
    36,000). The roughly dated keep the bins they may begin in, per unit,
    counted from 1970: a window's are those less its first bin's number."""

    firsts: np.ndarray  # by row label: day numbers
    stances: np.ndarray  # codes, 0 to ``size``
    standing: np.ndarray
    lasts: np.ndarray  # the last day each may have begun on (`start_lasts`)
    rough: np.ndarray  # whether ``lasts`` is past ``firsts``
    size: int
    first: int  # the day number of slot 0
    days: int  # the slots of a stance, one per day
    slots: np.ndarray
    #: of the roughly dated, by their place among them (``rank``, by row
    #: label): the first day each counts from (none for the standing), its
    #: stance code, and per unit the bins of its first and last days
    rank: np.ndarray
    rough_from: np.ndarray
    rough_stances: np.ndarray
    rough_bins: dict[str, tuple[np.ndarray, np.ndarray]]

    @classmethod
    def of(cls, firsts, stances, standing, lasts, size: int) -> StartSlots:
        """The slots of relations (by row label) starting on ``firsts``
        (day numbers), of stance codes ``stances`` (0 to ``size``), standing
        or not, and possibly beginning as late as ``lasts``."""
        firsts = np.asarray(firsts, dtype=np.int64)
        if len(stances) and not 0 <= stances.min() <= stances.max() < size:
            raise ValueError(f"stance codes outside 0 to {size}")
        first = int(firsts.min()) if len(firsts) else 0
        days = int(firsts.max()) - first + 1 if len(firsts) else 1
        # 32-bit: a window's are gathered in a third of the time of 64-bit ones
        if (size + 1) * days >= 2**31:
            raise ValueError("too many days for 32-bit slots")
        slots = np.where(standing, size, stances).astype(np.int32) * days
        slots += (firsts - first).astype(np.int32)
        rough = lasts > firsts
        chosen = np.flatnonzero(rough)
        rank = np.full(len(firsts), -1, dtype=np.int32)
        rank[chosen] = np.arange(len(chosen), dtype=np.int32)
        begins, ends = firsts[chosen], lasts[chosen]
        months, last_months = month_numbers(begins), month_numbers(ends)
        return cls(
            firsts=firsts, stances=stances, standing=standing, lasts=lasts,
            rough=rough, size=size, first=first, days=days, slots=slots,
            rank=rank,
            rough_from=np.where(standing[chosen], np.iinfo(np.int64).min, begins),
            rough_stances=stances[chosen],
            rough_bins={
                unit: (
                    _unit_numbers(begins, months, unit),
                    _unit_numbers(ends, last_months, unit),
                )
                for unit in UNIT_DAYS
            },
        )  # fmt: skip

    def detail(self, labels: np.ndarray, window: tuple[date, date]) -> Detail:
        """`count_detail` of the relations with these row labels in
        ``window``, stances counted by code: the same `Detail`.

        >>> slots = StartSlots.of(day_numbers(["2025-12-01", "2025-11-03"]),
        ...     np.array([0, 1]), np.array([False, False]),
        ...     day_numbers(["2025-12-01", "2025-11-30"]), 2)
        >>> detail = slots.detail(np.array([0, 1]), (date(2025, 11, 10),
        ...     date(2025, 12, 5)))
        >>> detail.unit, detail.before, detail.counts[0].tolist()
        ('day', 1, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0])
        """
        start, end = window
        unit = detail_unit(start, end)
        edges = bin_edges(start, end, unit)
        first_day, last_day = day_numbers([start, end])
        size, days, first = self.size, self.days, self.first
        table = np.bincount(self.slots.take(labels), minlength=(size + 1) * days)
        table = table.reshape(size + 1, days)
        # days (slots) from the window's first to its last bin's end
        low = min(max(int(first_day) - first, 0), days)
        high = min(max(int(edges[-1]) - first, low), days)
        if table[:size, high:].any():
            # one starting after the window: counted as `count_detail` does
            return self._gathered(labels, window)
        ranks = self.rank.take(labels)  # -1: not roughly dated
        rough = ranks[ranks >= 0]
        # those starting in the window (the standing never do)
        rough = rough[self.rough_from.take(rough) >= first_day]
        return self._binned(
            table[:size], low, high, rough, len(labels), window,
            np.repeat(np.arange(first, first + days), table[size]),
        )  # fmt: skip

    def starts_of(
        self, labels: np.ndarray, firsts: np.ndarray, lasts: np.ndarray
    ) -> FilteredStarts | None:
        """The slots of the relations with these row labels (those some
        filters keep at any date), counted once for every window of theirs
        (`window_detail`), given the first and last days each is active
        (`graph.DaySpans`); None when one is active on days before its start
        day or not through it (a first day past midnight, a last day before
        the first, NaT): a window would then not hold every relation that
        starts in it."""
        if not (
            np.array_equal(self.firsts[labels], firsts) and (lasts >= firsts).all()
        ):
            return None
        ranks = self.rank[labels]
        rough = np.flatnonzero((ranks >= 0) & ~self.standing[labels])
        standing = np.flatnonzero(self.standing[labels])
        return FilteredStarts(
            table=np.bincount(
                self.slots.take(labels), minlength=(self.size + 1) * self.days
            ).reshape(self.size + 1, self.days)[: self.size],
            rough=ranks[rough],
            rough_firsts=firsts[rough],
            standing_firsts=firsts[standing].astype(np.int64),
            standing_lasts=lasts[standing],
        )

    def window_detail(
        self, starts: FilteredStarts, count: int, window: tuple[date, date]
    ) -> Detail:
        """`detail` of the ``count`` relations among ``starts`` active in
        ``window``: every one of those starting in it is, so that its days
        are a slice of their counts, not a gather and a count of its own
        relations (a large window's tens of thousands) in every window."""
        first_day, last_day = (day_number(day) for day in window)
        low = min(max(first_day - self.first, 0), self.days)
        high = min(max(last_day + 1 - self.first, low), self.days)
        starting = starts.rough_firsts >= first_day
        starting &= starts.rough_firsts <= last_day
        active = starts.standing_lasts >= first_day
        active &= starts.standing_firsts <= last_day
        return self._binned(
            starts.table, low, high, starts.rough[starting], count, window,
            np.sort(starts.standing_firsts[active]),
        )  # fmt: skip

    def _binned(
        self, table, low: int, high: int, rough, count: int, window, standing
    ) -> Detail:
        """The `Detail` of ``count`` relations in ``window``: those starting
        on the days from slot ``low`` to ``high`` of ``table`` (by stance and
        day), ``rough`` (places among the roughly dated, those starting in
        the window) shared among their bins, and the days of those
        ``standing``; the rest began before it."""
        start, end = window
        unit = detail_unit(start, end)
        edges = bin_edges(start, end, unit)
        shift = self.first - edges[0]
        daily = np.zeros((self.size, int(edges[-1] - edges[0])), dtype=table.dtype)
        daily[:, low + shift : high + shift] = table[:, low:high]
        binned = daily if unit == "day" else np.add.reduceat(
            daily, edges[:-1] - edges[0], axis=1
        )  # fmt: skip
        counts = dict(zip(range(self.size), binned))
        if len(rough):
            counts = self._shares(counts, rough, edges, unit)
        return Detail(
            unit=unit,
            edges=edges,
            counts=counts,
            before=count - len(standing) - int(daily.sum()),
            standing=standing,
        )

    def _shares(self, counts, rough, edges, unit) -> dict:
        """``counts`` with the roughly dated relations at ``rough`` (places
        among them, starting in the window) that may begin in several bins
        spread over those, as `_rough_shares` does: the same arrays, in the
        same order."""
        starts, ends = self.rough_bins[unit]
        length = len(edges) - 1
        # bins from the window's first; ends past the window in its last
        opening = _unit_numbers(edges[:1], month_numbers(edges[:1]), unit)[0]
        bins = starts.take(rough) - opening
        last_bins = np.minimum(ends.take(rough) - opening, length - 1)
        several = np.flatnonzero(last_bins > bins)
        if not len(several):
            return counts
        bins, last_bins = bins[several], last_bins[several]
        stances = self.rough_stances.take(rough[several])
        names = range(self.size)
        table = _shared(bins, last_bins, stances, self.size, length)
        whole = _count_groups(bins, stances, names, length)
        return {name: counts[name] - whole[name] + table[name] for name in names}

    def _gathered(self, labels: np.ndarray, window: tuple[date, date]) -> Detail:
        """`count_detail` of the columns at ``labels``."""
        rough = np.flatnonzero(self.rough[labels])
        chosen = labels[rough]
        return count_detail(
            self.firsts[labels], self.stances[labels], self.standing[labels],
            window, range(self.size), rough=rough, lasts=self.lasts[chosen],
        )  # fmt: skip


def _unit_numbers(days: np.ndarray, months: np.ndarray, unit: str) -> np.ndarray:
    """The ``unit`` bins (counted from the one of 1 January 1970) that
    ``days`` (day numbers, in ``months``) fall in: weeks from Monday,
    quarters from January, as `bin_edges` has them.

    >>> _unit_numbers(np.array([0, 4]), np.array([0, 0]), "week").tolist()
    [0, 1]
    """
    if unit == "day":
        return days
    if unit == "week":  # 1 January 1970 was a Thursday
        return (days + 3) // 7
    return months // _MONTHS[unit]


def _rough_shares(
    counts, firsts, stances, counted, ends, edges, unit, names, *, months, last_months
) -> dict:
    """``counts`` (each relation in its first day's bin) with the roughly
    dated ones (``firsts`` to ``ends``, those ``counted``) moved from that bin
    to their share of each bin they may have begun in."""
    firsts, stances, ends = firsts[counted], stances[counted], ends[counted]
    months = None if months is None else months[counted]
    last_months = None if last_months is None else last_months[counted]
    bins = _bin_numbers(firsts, edges, unit, months)
    last_bins = _bin_numbers(ends, edges, unit, last_months)
    several = last_bins > bins
    if not several.any():
        return counts
    length = len(edges) - 1
    bins, last_bins, stances = bins[several], last_bins[several], stances[several]
    table = _shared(bins, last_bins, stances, len(names), length)
    whole = _count_groups(bins, stances, names, length)
    return {name: counts[name] - whole[name] + table[name] for name in names}


def _bin_numbers(
    days: np.ndarray, edges: np.ndarray, unit: str, months: np.ndarray | None = None
) -> np.ndarray:
    """The bins (from 0) of the window starting at ``edges[0]`` that ``days``
    fall in, by arithmetic (``months``: theirs, when known: numpy takes a
    while to find them)."""
    if unit in ("day", "week"):
        bins = days - edges[0]
        return bins // 7 if unit == "week" else bins
    months = month_numbers(days) if months is None else months
    bins = months - month_numbers(edges[:1])[0]
    return bins // _MONTHS[unit] if _MONTHS[unit] > 1 else bins


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
