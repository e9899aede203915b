"""The events and rankings tables (AG Grid): sortable, filterable, keyed by
id so that a row click selects the relation or the actor everywhere."""

from __future__ import annotations

import dash_ag_grid as dag

from dashboard.web import ids

__all__ = ["EVENT_COLUMNS", "RANKING_COLUMNS", "events_grid", "rankings_grid"]


def events_grid(rows: list[dict]):
    """The events table (id ``events-table``) holding ``rows``."""
    return _grid(ids.EVENTS_TABLE, EVENT_COLUMNS, rows)


def rankings_grid(rows: list[dict]):
    """The rankings table (id ``rankings``) holding ``rows``."""
    return _grid(ids.RANKINGS, RANKING_COLUMNS, rows)


def _grid(grid_id: str, columns: list[dict], rows: list[dict]):
    """A sortable, filterable AG Grid table; rows are keyed by id for clicks."""
    return dag.AgGrid(
        id=grid_id,
        columnDefs=columns,
        rowData=rows,
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
        },
        className="ag-theme-quartz atlas-grid",
        style={"height": "100%", "width": "100%"},
    )


EVENT_COLUMNS = [
    {
        # sorted and filtered on the first day (ISO text), shown as its label
        "field": "first",
        "headerName": "Date",
        "sort": "asc",
        "width": 190,
        "valueFormatter": {"function": "params.data.date"},
        "tooltipField": "date",
        "filter": "agDateColumnFilter",
        "filterParams": {"comparator": {"function": "isoDateComparator"}},
    },
    {"field": "source_name", "headerName": "From", "width": 120},
    {"field": "kind", "headerName": "Kind", "width": 130},
    {"field": "target_name", "headerName": "To", "width": 120},
    {"field": "stance", "headerName": "Stance", "width": 110},
    {"field": "confidence", "headerName": "Confidence", "width": 115},
    {
        "field": "sources",
        "headerName": "Sources",
        "width": 95,
        "filter": "agNumberColumnFilter",
    },
    {
        "field": "summary",
        "headerName": "Summary",
        "flex": 1,
        "minWidth": 220,
        "tooltipField": "summary",
    },
    {"field": "reported_by", "headerName": "Reported by", "width": 160},
]
RANKING_COLUMNS = [
    {"field": "name", "headerName": "Actor", "width": 170, "pinned": "left"},
    {"field": "kind", "headerName": "Kind", "width": 100},
    {
        "field": "degree",
        "headerName": "Relations",
        "width": 110,
        "sort": "desc",
        "filter": "agNumberColumnFilter",
    },
    {
        "field": "cooperative",
        "headerName": "Cooperative",
        "width": 120,
        "filter": "agNumberColumnFilter",
    },
    {
        "field": "conflictual",
        "headerName": "Conflictual",
        "width": 115,
        "filter": "agNumberColumnFilter",
    },
    {
        "field": "neutral",
        "headerName": "Neutral",
        "width": 95,
        "filter": "agNumberColumnFilter",
    },
    {
        "field": "betweenness",
        "headerName": "Betweenness",
        "width": 125,
        "filter": "agNumberColumnFilter",
    },
    {
        "field": "sources",
        "headerName": "Sources",
        "width": 100,
        "filter": "agNumberColumnFilter",
    },
]
