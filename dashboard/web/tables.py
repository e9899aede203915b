"""The events and rankings tables (AG Grid): sortable, filterable, keyed by
id so that a row click selects the relation or the actor everywhere.

Each grid is made once and then only given new rows and a new selected row
(web/views.py `update_tables`): AG Grid matches the rows by id, so the
analyst's sort, filters, scroll and column widths stay as they were."""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Mapping

import dash_ag_grid as dag

from dashboard.figures.labels import text_width
from dashboard.web import ids

__all__ = [
    "EVENT_COLUMNS",
    "RANKING_COLUMNS",
    "date_width",
    "events_grid",
    "full_widths",
    "rankings_grid",
]


def events_grid(
    rows: list[dict] = (),
    selected: dict | None = None,
    *,
    full_widths: Mapping[str, int] | None = None,
):
    """The events table (id ``events-table``) holding ``rows``, the rows of
    ``selected`` (``{"ids": [...]}``) selected. ``full_widths``: the widths
    (px) of the columns a full-screen card widens, by field, as the data
    needs them (`full_widths`); those left out take their least."""
    full_widths = full_widths or {}
    columns = [
        {**column, "context": {"fullWidth": full_widths.get(column["field"], least)}}
        if (least := column.get("context", {}).get("fullWidth"))
        else column
        for column in EVENT_COLUMNS
    ]
    return _grid(ids.EVENTS_TABLE, columns, rows, selected)


def full_widths(dates: Iterable[str], names: Iterable[str], kinds: Iterable[str]):
    """How wide (px) a full-screen card's events table makes its Date, From
    and To, and Kind columns to show the data's ``dates``, actors' ``names``
    and relation ``kinds`` whole, within each column's bounds: at a width
    of their own, "Alexander Lukashenko" and "economic cooperation" were cut
    there too.

    >>> full_widths(["2019"], ["Putin"], ["call"])["source_name"]
    150
    """
    name = text_column_width(names, *NAME_WIDTH)  # From's and To's
    return {
        "first": date_width(dates),
        "source_name": name,
        "target_name": name,
        "kind": text_column_width(kinds, *NAME_WIDTH),
    }


#: The Date column's least width (px) and its most in a full-screen card: a
#: label wider than that (two ends in two years) is cut, whole in its tooltip.
DATE_WIDTH = (190, 320)
#: Its least width in the card: From, Kind and To beside it in a card of a
#: 1366 px window (at the full-screen width, To and all after it were out of
#: sight, "Russia ... support" with no target); a longer date is cut, whole
#: in its tooltip and in full screen.
CARD_DATE_WIDTH = 150
#: An actor's name in the rankings of a full-screen card (in the card: 170).
FULL_NAME_WIDTH = 300
#: The events table's From, To and Kind in a full-screen card: their least
#: width and their most (px).
NAME_WIDTH = (150, 260)
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
    return text_column_width(labels, *DATE_WIDTH)


def text_column_width(labels: Iterable[str], least: int, most: int) -> int:
    """How wide (px) a column must be to show the widest of ``labels``
    whole, at the table's type size and with the cell's padding, from
    ``least`` to ``most``."""
    # measured: the longest few (a label's width follows its letters)
    longest = heapq.nlargest(WIDEST_OF, set(labels), key=len)
    widest = max((text_width(label, 14) for label in longest), default=0.0)
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
        "context": {"fullWidth": DATE_WIDTH[0]},
        "valueFormatter": {"function": "params.data.date"},
        "tooltipField": "date",
        "filter": "agDateColumnFilter",
        "filterParams": {"comparator": {"function": "isoDateComparator"}},
    },
    # narrow enough in the card for From, Kind and To to show beside the
    # date; as wide as the data needs in full screen (`full_widths`)
    *(
        {
            "field": field,
            "headerName": header,
            "width": width,
            "tooltipField": field,
            "context": {"fullWidth": NAME_WIDTH[0]},
        }
        for field, header, width in (
            ("source_name", "From", 110),
            ("kind", "Kind", 120),
            ("target_name", "To", 110),
        )
    ),  # fmt: skip
    # what happened, next: after the badges it was out of sight in a
    # full-screen card of a 1280 px window
    {
        "field": "summary",
        "headerName": "Summary",
        "flex": 3,
        "minWidth": 220,
        "tooltipField": "summary",
    },
    {"field": "stance", "headerName": "Stance", "width": 110},
    {"field": "confidence", "headerName": "Confidence", "width": 130},
    {
        "field": "sources",
        "headerName": "Sources",
        "width": 110,
        "filter": "agNumberColumnFilter",
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
