"""The events and rankings tables (AG Grid): sortable, filterable, keyed by
id so that a row click selects the relation or the actor everywhere.

Each grid is made once and then only given new rows and a new selected row
(web/views.py `update_tables`): AG Grid matches the rows by id, so the
analyst's sort, filters, scroll and column widths stay as they were."""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable

import dash_ag_grid as dag

from dashboard.figures.labels import text_width
from dashboard.web import ids

__all__ = [
    "EVENT_COLUMNS",
    "RANKING_COLUMNS",
    "date_width",
    "events_grid",
    "rankings_grid",
]


def events_grid(
    rows: list[dict] = (),
    selected: dict | None = None,
    *,
    widest_date: int = 0,
):
    """The events table (id ``events-table``) holding ``rows``, the rows of
    ``selected`` (``{"ids": [...]}``) selected; its Date column at least
    ``widest_date`` px wide (`date_width` of the data's dates)."""
    date, *others = EVENT_COLUMNS
    date = {**date, "context": {"fullWidth": max(widest_date, DATE_WIDTH[0])}}
    return _grid(ids.EVENTS_TABLE, [date, *others], rows, selected)


#: The Date column's least width (px) and its most in a full-screen card: a
#: label wider than that (two ends in two years) is cut, whole in its tooltip.
DATE_WIDTH = (190, 320)
#: Its least width in the card: From, Kind and To beside it in a card of a
#: 1366 px window (at the full-screen width, To and all after it were out of
#: sight, "Russia ... support" with no target); a longer date is cut, whole
#: in its tooltip and in full screen.
CARD_DATE_WIDTH = 150
#: An actor's name in a full-screen card: the rankings' (in the card: 170),
#: and half of it in the events table's From and To (and Kind).
FULL_NAME_WIDTH = 300
#: What a cell adds to its text (px): its padding on both sides.
CELL_PADDING = 40
#: How many of the longest labels are measured.
WIDEST_OF = 20


def date_width(labels: Iterable[str]) -> int:
    """How wide (px) the Date column must be to show the widest of
    ``labels`` whole, at the full-screen table's type size: "between 12 Nov
    and 1 Dec 2025" was cut to "between 12 Nov and 1…", even in full screen.

    >>> date_width(["2019"]), date_width(["between 12 Nov and 1 Dec 2025"])
    (190, 271)
    """
    # measured: the longest few (a label's width follows its letters)
    longest = heapq.nlargest(WIDEST_OF, set(labels), key=len)
    widest = max((text_width(label, 14) for label in longest), default=0.0)
    least, most = DATE_WIDTH
    return int(min(max(least, math.ceil(widest) + CELL_PADDING), most))


def rankings_grid(rows: list[dict] = (), selected: dict | None = None):
    """The rankings table (id ``rankings``) holding ``rows``, the rows of
    ``selected`` selected."""
    return _grid(ids.RANKINGS, RANKING_COLUMNS, rows, selected)


def _grid(grid_id: str, columns: list[dict], rows: list[dict], selected=None):
    """A sortable, filterable AG Grid table; rows are keyed by id for clicks
    and for the selected row."""
    return dag.AgGrid(
        id=grid_id,
        columnDefs=columns,
        rowData=list(rows),
        selectedRows=selected or {"ids": []},
        defaultColDef={
            "sortable": True,
            "filter": True,
            "resizable": True,
            "minWidth": 70,
        },
        getRowId="params.data.id",
        dashGridOptions={
            "rowHeight": 28,
            "headerHeight": 30,
            "animateRows": False,
            "tooltipShowDelay": 300,
            # the app's selection, shown; several rows for a busy edge
            "rowSelection": {
                "mode": "multiRow",
                "checkboxes": False,
                "headerCheckbox": False,
                "enableClickSelection": True,
            },
        },
        # the sort and the filters survive a reload of the page too
        persistence=True,
        persisted_props=["columnState", "filterModel"],
        persistence_type="session",
        className="ag-theme-quartz atlas-grid",
        style={"height": "100%", "width": "100%"},
    )


EVENT_COLUMNS = [
    {
        # sorted and filtered on the first day (ISO text), shown as its label
        "field": "first",
        "headerName": "Date",
        "sort": "asc",
        # a narrow card scrolls; a wide one shares its width out; full
        # screen widens it to the data's longest date (`date_width`, in
        # `context`: assets/clientside.js `fitColumns`)
        "minWidth": CARD_DATE_WIDTH,
        "flex": 1,
        "valueFormatter": {"function": "params.data.date"},
        "tooltipField": "date",
        "filter": "agDateColumnFilter",
        "filterParams": {"comparator": {"function": "isoDateComparator"}},
    },
    # narrow enough in the card for From, Kind and To to show beside the
    # date; wider in full screen ("United St…" whole there)
    *(
        {
            "field": field,
            "headerName": header,
            "width": width,
            "tooltipField": field,
            "context": {"fullWidth": FULL_NAME_WIDTH // 2},
        }
        for field, header, width in (
            ("source_name", "From", 110),
            ("kind", "Kind", 120),
            ("target_name", "To", 110),
        )
    ),  # fmt: skip
    {"field": "stance", "headerName": "Stance", "width": 110},
    {"field": "confidence", "headerName": "Confidence", "width": 130},
    {
        "field": "sources",
        "headerName": "Sources",
        "width": 110,
        "filter": "agNumberColumnFilter",
    },
    {
        "field": "summary",
        "headerName": "Summary",
        "flex": 3,
        "minWidth": 220,
        "tooltipField": "summary",
    },
    {"field": "reported_by", "headerName": "Reported by", "width": 160},
]
#: A count with its thousands marked, as the page writes counts elsewhere.
THOUSANDS = {
    "function": "params.value == null ? '' : params.value.toLocaleString('en-US')"
}

#: The name stays pinned at the left; the other columns, wide enough for their
#: headings, scroll beside it in a narrow card. (Fixed widths: with flex ones
#: AG Grid draws the rows empty until it has measured the card.)
RANKING_COLUMNS = [
    {
        "field": "name",
        "headerName": "Actor",
        "width": 170,
        "pinned": "left",
        "tooltipField": "name",
        "context": {"fullWidth": FULL_NAME_WIDTH},
    },
    {"field": "kind", "headerName": "Kind", "width": 125},
    *(
        {
            "field": field,
            "headerName": header,
            "width": width,
            "filter": "agNumberColumnFilter",
            **({"sort": "desc"} if field == "degree" else {}),
            # counts as the header writes them: "13,565", not "13565"
            **({} if field == "betweenness" else {"valueFormatter": THOUSANDS}),
        }
        for field, header, width in (
            ("degree", "Relations", 135),
            # the stances in the filters' and legends' order
            ("cooperative", "Cooperative", 140),
            ("neutral", "Neutral", 112),
            ("conflictual", "Conflictual", 132),
            ("betweenness", "Betweenness", 145),
            ("sources", "Sources", 115),
        )
    ),
]
