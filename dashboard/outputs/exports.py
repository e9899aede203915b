"""Exports of what is shown, for other tools: CSV (our own format), GraphML,
GEXF with time spells for Gephi's timeline, and node-link JSON.

Each writer returns bytes, so the page can offer them as downloads and the
command line can write them to a file.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import zipfile
from datetime import UTC, date, datetime
from xml.sax.saxutils import escape as xml_escape

import networkx as nx
import pandas as pd

from dashboard.core.describe import chains_words
from dashboard.core.load import csv_safe
from dashboard.core.model import AppData, shown_view
from dashboard.core.notes import no_chain_words
from dashboard.core.urlstate import to_query
from dashboard.core.validate import RELATION_DERIVED
from dashboard.core.view import Shown, View
from dashboard.core.vocabulary import stance_of

__all__ = [
    "FORMATS",
    "export_bytes",
    "export_graph",
    "export_view",
    "file_name",
    "path_words",
]

FORMATS = {
    "csv": ("zip", "application/zip"),
    "graphml": ("graphml", "application/xml"),
    "gexf": ("gexf", "application/xml"),
    "json": ("json", "application/json"),
}
# Columns the loader derives; the CSV export writes the files as a user wrote them.
_DERIVED = list(RELATION_DERIVED)
#: The states-only view's actors behind each relation between states, under
#: names of the file's own: the app's would be refused by `check`.
_ACTING = {"via_source": "source_actor", "via_target": "target_actor"}


def _free_names(names: dict[str, str], taken) -> dict[str, str]:
    """``names`` (old -> new) with each new name that ``taken`` holds given a
    number (``source_actor_2``): a data set's own ``source_actor`` column
    was written twice, and the export failed `check`.

    >>> _free_names({"via_source": "source_actor"}, ["id", "source_actor"])
    {'via_source': 'source_actor_2'}
    """
    free = {}
    for old, new in names.items():
        name, number = new, 1
        while name in taken:
            number += 1
            name = f"{new}_{number}"
        free[old] = name
    return free


def file_name(fmt: str, start: date, end: date, query: str = "") -> str:
    """``alliance-atlas_2025-11-20_2025-12-12_3f9a1c.graphml``: the window, and a
    short fingerprint of the whole view so that two filtered exports differ."""
    stamp = hashlib.sha1(query.encode()).hexdigest()[:6] if query else ""
    window = f"{start.isoformat()}_{end.isoformat()}"
    return f"alliance-atlas_{window}{'_' + stamp if stamp else ''}.{FORMATS[fmt][0]}"


def export_bytes(
    fmt: str,
    actors: pd.DataFrame,
    relations: pd.DataFrame,
    *,
    about: dict | None = None,
    data_ends: dict[str, pd.Timestamp] | None = None,
    on_path: set[str] | None = None,
) -> bytes:
    """The shown actors and relations in ``fmt`` (csv, graphml, gexf or json).

    ``about`` (the view as a URL query, the data's origins, the time) travels
    with the file: as graph attributes, or a README.txt in the CSV zip, so a
    shared file can be traced to what was on screen. ``data_ends``: each
    origin's last day in the whole data, for the CSV (`_csv_zip`).
    ``on_path``: the ids of a path view's relations on its chains, marked in
    a column of their own (`_marked`).
    """
    if on_path is not None:
        relations = _marked(relations, on_path, text=fmt == "csv")
    if fmt == "csv":
        return _csv_zip(actors, relations, about or {}, data_ends)
    graph = export_graph(actors, relations, dynamic=fmt == "gexf")
    graph.graph.update({key: str(value) for key, value in (about or {}).items()})
    if fmt == "json":
        data = nx.node_link_data(graph, edges="edges")
        return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(graph, buffer)
    elif fmt == "gexf":
        nx.write_gexf(graph, buffer)
        return _described_gexf(buffer.getvalue(), about or {})
    else:
        raise ValueError(f"unknown export format '{fmt}': use {', '.join(FORMATS)}")
    return buffer.getvalue()


def _marked(relations: pd.DataFrame, on_path: set[str], *, text: bool) -> pd.DataFrame:
    """``relations`` with an ``on_path`` column (``on_path_2`` where the data
    has one of its own): whether each lies on the path's chains, as yes or
    blank (``text``, a spreadsheet's) or true or false. A path view's
    export held the whole window, the chains unmarked: an analyst could not
    pick them out in Gephi or a spreadsheet."""
    name = _free_names({"mark": "on_path"}, relations.columns)["mark"]
    marked = relations["id"].isin(on_path)
    return relations.assign(
        **{name: marked.map({True: "yes", False: ""}) if text else marked}
    )


def _counted(relations: pd.DataFrame) -> pd.DataFrame:
    """``relations`` with ``source_count`` as the page counts it (given, else
    the sources ``reported_by`` names: `sources`): an exported file says the
    same as the hover, and opens again with the same counts."""
    if "sources" not in relations.columns:
        return relations
    return relations.assign(source_count=relations["sources"].astype("int64"))


def _described_gexf(content: bytes, about: dict) -> bytes:
    """GEXF keeps no graph attributes (networkx drops them), so the view goes
    into the file's ``<meta><description>``, which Gephi shows."""
    if not about or b"</meta>" not in content:
        return content
    text = xml_escape("; ".join(f"{key}: {value}" for key, value in about.items()))
    return content.replace(
        b"</meta>", f"<description>{text}</description></meta>".encode(), 1
    )


def export_graph(
    actors: pd.DataFrame, relations: pd.DataFrame, *, dynamic: bool = False
) -> nx.MultiDiGraph:
    """A MultiDiGraph whose attributes every format can carry: text, numbers,
    booleans; dates as ISO text; nothing missing.

    ``dynamic`` (for GEXF) gives each relation a ``start``/``end`` spell and
    each actor the span of its relations, so that Gephi's timeline plays it;
    the data's own ``start``/``end`` texts move to ``date_start``/``date_end``.
    """
    graph = nx.MultiDiGraph(name="Alliance Atlas export")
    relations = _counted(relations)
    involved = set(relations["source"]) | set(relations["target"])
    spells = _actor_spells(relations) if dynamic else {}
    for actor in actors.to_dict("records"):
        if actor["id"] not in involved:  # what is shown: actors with relations
            continue
        # the id is the node itself; as an attribute too it would clash in node-link JSON
        attributes = _clean({k: v for k, v in actor.items() if k != "id"})
        if dynamic:
            attributes = _unreserved(attributes, _GEXF_NODE)
        attributes["label"] = actor.get("label") or actor["name"]
        if actor["id"] in spells:
            attributes["spells"] = spells[actor["id"]]
        graph.add_node(actor["id"], **attributes)
    for relation in relations.to_dict("records"):
        # id, source and target are the edge's key and ends already
        skip = {"hover", "id", "source", "target"}
        attributes = _unreserved(
            _clean({k: v for k, v in relation.items() if k not in skip}),
            _GEXF_EDGE if dynamic else _EDGE_KEYS,
        )
        if dynamic:
            attributes["date_start"] = attributes.pop("start", "")
            attributes["date_end"] = attributes.pop("end", "")
            attributes["start"] = relation["first"].date().isoformat()
            attributes["end"] = relation["last"].date().isoformat()
            attributes["id"] = relation["id"]  # GEXF's edge id: r04, not 0..n
        graph.add_edge(
            relation["source"], relation["target"], key=relation["id"], **attributes
        )
    return graph


#: Attribute names the graph writers take as their own: a column of the data
#: under one of them is exported as ``data_<name>``. networkx's add_edge takes
#: ``key`` (a relation's column ``key`` had every graph export answer 500);
#: its GEXF writer takes the rest (``viz`` or ``spells`` broke GEXF, and
#: ``weight="heavy"`` or ``type`` wrote a file Gephi refuses). An actor's
#: ``label`` is the format's own, and a relation's ``date_start`` and
#: ``date_end`` are its ``start`` and ``end`` texts (`export_graph`): a
#: column of that name was overwritten by them.
_EDGE_KEYS = frozenset({"key"})
_GEXF_NODE = frozenset({"pid", "start", "end", "viz", "parents", "slices", "spells"})
_GEXF_EDGE = _EDGE_KEYS | {"label", "weight", "type", "viz", "slices", "spells",
                           "date_start", "date_end"}  # fmt: skip


def _unreserved(attributes: dict, reserved: frozenset[str]) -> dict:
    """``attributes`` with each name in ``reserved`` renamed ``data_<name>``
    (more underscores while that is taken).

    >>> _unreserved({"key": "k", "data_key": "d", "kind": "x"}, frozenset({"key"}))
    {'data_key': 'd', 'kind': 'x', 'data__key': 'k'}
    """
    clashes = [name for name in attributes if name in reserved]
    if not clashes:
        return attributes
    kept = {name: value for name, value in attributes.items() if name not in reserved}
    for name in clashes:
        renamed = f"data_{name}"
        while renamed in kept or renamed in attributes:
            renamed = renamed.replace("data_", "data__", 1)
        kept[renamed] = attributes[name]
    return kept


def _actor_spells(relations: pd.DataFrame) -> dict[str, list[tuple[str, str]]]:
    """For each actor, the stretches of time it has a relation: its relations'
    spans, overlapping ones merged, so Gephi's timeline shows it only then."""
    spans: dict[str, list[tuple[pd.Timestamp, pd.Timestamp]]] = {}
    for source, target, first, last in zip(
        relations["source"], relations["target"], relations["first"], relations["last"]
    ):
        for actor in (source, target):
            spans.setdefault(actor, []).append((first, last))
    spells = {}
    for actor, intervals in spans.items():
        merged: list[list[pd.Timestamp]] = []
        for first, last in sorted(intervals):
            if merged and first <= merged[-1][1] + pd.Timedelta(days=1):
                merged[-1][1] = max(merged[-1][1], last)
            else:
                merged.append([first, last])
        spells[actor] = [
            (a.date().isoformat(), b.date().isoformat()) for a, b in merged
        ]
    return spells


def _clean(record: dict) -> dict:
    """Attributes as plain text, numbers and booleans; missing values dropped."""
    clean = {}
    for key, value in record.items():
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        if isinstance(value, pd.Timestamp):
            value = value.date().isoformat()
        elif hasattr(value, "item"):  # numpy scalars
            value = value.item()
        if isinstance(value, (str, int, float, bool)):
            clean[key] = value
    return clean


def _csv_zip(
    actors: pd.DataFrame,
    relations: pd.DataFrame,
    about: dict,
    data_ends: dict[str, pd.Timestamp] | None = None,
) -> bytes:
    """actors.csv and relations.csv in the project's own format, zipped: the
    export opens again in Alliance Atlas and in any spreadsheet, which runs
    none of it as a formula (`csv_safe`). ``data_ends``: each origin's last
    day in the data exported from, written as each relation's ``data_end``,
    so that a window's relations open with the ends they had."""
    involved = set(relations["source"]) | set(relations["target"])
    actors = actors[actors["id"].isin(involved)]
    relations = _counted(relations)
    if data_ends:
        ends = relations["origin"].map(data_ends)
        relations = relations.assign(data_end=ends.dt.strftime("%Y-%m-%d").fillna(""))
    relations = relations.rename(columns=_free_names(_ACTING, relations.columns))
    table = relations.drop(columns=[c for c in _DERIVED if c in relations.columns])
    table = table.assign(approximate=table["approximate"].map({True: "yes", False: ""}))
    table = _own_stances(table)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("actors.csv", csv_safe(actors).to_csv(index=False))
        archive.writestr("relations.csv", csv_safe(table).to_csv(index=False))
        readme = ["Alliance Atlas export: the actors and relations of one view.", ""]
        readme += [f"{key}: {value}" for key, value in about.items()]
        archive.writestr("README.txt", "\n".join(readme) + "\n")
    return buffer.getvalue()


def _own_stances(table: pd.DataFrame) -> pd.DataFrame:
    """``stance`` only where a row's differs from its kind's (the loader gives
    the kind's to a blank), and no column when none does: event data's stance
    comes from its QuadClass ("statement", cooperative), and without it an
    export loaded back with other colours than it was shown."""
    if "stance" not in table.columns:
        return table
    usual = table["kind"].map(stance_of)
    own = table["stance"].where(table["stance"] != usual, "")
    if not (own != "").any():
        return table.drop(columns="stance")
    return table.assign(stance=own)


def export_view(data: AppData, view: View, fmt: str) -> tuple[bytes, str, int]:
    """What ``view`` shows of ``data`` as ``fmt``: (content, file name, number
    of relations). The page and the command line both use it."""
    shown = shown_view(data, view)
    query = to_query(view)
    about = {
        "view": query,
        "window": f"{view.start.isoformat()} to {view.end.isoformat()}",
        "data": ", ".join(dict.fromkeys(shown.relations["origin"]))
        if len(shown.relations)
        else "",
        "relations": len(shown.relations),
        "exported": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "made with": "Alliance Atlas",
    }
    on_path = None
    if view.path:
        about["path"] = path_words(data, view, shown)
        if shown.path is not None and shown.path.paths:
            on_path = set(shown.path.relations["id"])
    ends = None
    if fmt == "csv":  # the data's own end, not the window's last relation's
        ends = data.dataset.origin_ends()
    content = export_bytes(
        fmt, shown.actors, shown.relations, about=about, data_ends=ends,
        on_path=on_path,
    )  # fmt: skip
    return content, file_name(fmt, view.start, view.end, query), len(shown.relations)


def path_words(data: AppData, view: View, shown: Shown) -> str:
    """A path view's chains in words, as the Path tab says them (``Lukashenko
    → Putin → Trump``), or why it found none; "" for another view."""
    if not view.path:
        return ""
    path = shown.path
    heading, chains = chains_words(
        path.paths if path else [], view.path, data.names, path.total if path else 0
    )
    if not chains:
        return no_chain_words(data, view, shown) or heading
    # not "; ": the GEXF description joins its fields with it
    return f"{heading}: {' | '.join(chains)}"
