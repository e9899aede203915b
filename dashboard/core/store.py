"""An event store opened as tables: its manifest (``store.json``), the repeated
reports merged across its Parquet parts with DuckDB, and the result validated
once and kept beside the data as Arrow files that every process maps.

A store is a directory holding ``store.json`` (README "Event store"):

```
STORE/store.json                         the manifest: files, counts, parts
STORE/events/month=2015-02/<name>.parquet  one part per raw file and month
STORE/cache/<version>.c3.{actors,relations}.arrow  the merged tables, validated
STORE/raw/, STORE/fetch.json             the downloader's (read only here)
```

Only the parts ``store.json`` lists are read: a part left by an import that
stopped half-way is never counted. The parts hold each file's events already
filtered, coded and merged within the file (`dashboard.importing.parts`);
opening merges them across files. The merged tables are keyed by the store's
version, so that a server starts by mapping two files, without reading or
validating an event (validation runs once, when the version is new).
"""

from __future__ import annotations

import hashlib
import json
import logging
import mmap
import os
import uuid
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.core.cameo import CAMEO_KINDS, CAMEO_KINDS_BY_CODE, quad_class, stance
from dashboard.core.columns import ARROW_TEXT, frame_of
from dashboard.core.problems import DataError, Problem
from dashboard.core.text import limit_of, more_urls, most_sources, shortened
from dashboard.core.validate import validate_actors, validate_relations

__all__ = [
    "CACHE",
    "MANIFEST",
    "PART_FORMAT",
    "STORE_FORMAT",
    "doubled",
    "doubled_note",
    "FETCH_LOG",
    "awaits_import",
    "is_store",
    "merged_tables",
    "read_manifest",
    "read_store",
    "twin",
]

MANIFEST = "store.json"
#: the layout of store.json and of the parts; a store of another format is refused
STORE_FORMAT = 1
CACHE = "cache"
#: part of the cached tables' names: raise it when what opening makes of the
#: parts changes (`_relations`, the validation), so that no server reads a
#: cache made the old way
CACHE_FORMAT = 7  # 6: data_end, and a between event's end as the data's; 7: 062

_log = logging.getLogger(__name__)

#: the layout of a part (`importing.parts`), kept per file in store.json: 2 has
#: each article's counts (``by_url``) and ICEWS's ``sentences``; a store's
#: parts of an earlier import open as they did (their rows stand for their
#: first URL), beside the new ones
PART_FORMAT = 2

# One row per repeated event (same day, actors and code) across every part: the
# first file's texts (a part has one row per event, and its files' GDELT names
# sort in time), the scores and tones in file order for the mean, the reporters
# as a set, the first 20 event ids (and ICEWS's sentences). Sources, articles
# and mentions count each article (its URL) once, at the most one file gives
# it, and add up the reports without a URL, as `importing.report.by_article`
# counts them in a file: an event of one part row (most) is counted as the
# part counted it, and only those of several files are taken apart by article
# (a row without ``by_url`` is of one article, its ``url``).
_MERGE = """
WITH parts AS NOT MATERIALIZED (
    SELECT * FROM {parts}
), merged AS (
SELECT day, source, target, code,
    arg_min(source_name, file) AS source_name,
    arg_min(source_kind, file) AS source_kind,
    arg_min(source_country, file) AS source_country,
    arg_min(target_name, file) AS target_name,
    arg_min(target_kind, file) AS target_kind,
    arg_min(target_country, file) AS target_country,
    arg_min(kind, file) AS kind,
    arg_min(stance, file) AS stance,
    arg_min(quad, file) AS quad,
    arg_min(summary, file) AS summary,
    arg_min(url, file) AS url,
    flatten(list(scores ORDER BY file)) AS scores,
    flatten(list(tones ORDER BY file)) AS tones,
    sum(reports)::BIGINT AS reports,
    list_sort(list_distinct(flatten(list(reporters)))) AS reporters,
    flatten(list(event_ids ORDER BY file))[1:20] AS event_ids,
    {sentences} AS sentences,
    count(*) AS rows,
    sum(sources)::BIGINT AS sources,
    sum(articles)::BIGINT AS articles,
    sum(mentions)::BIGINT AS mentions,
    any_value(by_url) AS by_url
FROM parts
GROUP BY day, source, target, code
), reports AS (
    SELECT day, source, target, code, file,
        unnest(coalesce(by_url, [{{'url': url, 'sources': sources,
            'articles': articles, 'mentions': mentions}}]), recursive := true),
        generate_subscripts(coalesce(by_url, [NULL]), 1) AS place
    FROM parts SEMI JOIN (SELECT day, source, target, code FROM merged WHERE rows > 1)
        USING (day, source, target, code)
), articles AS (
    SELECT day, source, target, code, url, min(file) AS first_file,
        arg_min(place, file) AS place,
        CASE WHEN url = '' THEN sum(sources) ELSE max(sources) END AS sources,
        CASE WHEN url = '' THEN sum(articles) ELSE max(articles) END AS articles,
        CASE WHEN url = '' THEN sum(mentions) ELSE max(mentions) END AS mentions
    FROM reports
    GROUP BY day, source, target, code, url
), counted AS (
    SELECT day, source, target, code,
        sum(sources)::BIGINT AS sources,
        sum(articles)::BIGINT AS articles,
        sum(mentions)::BIGINT AS mentions,
        list(url ORDER BY first_file, place) FILTER (WHERE url <> '') AS urls
    FROM articles
    GROUP BY day, source, target, code
)
SELECT merged.* EXCLUDE (rows, sources, articles, mentions, by_url),
    coalesce(counted.sources, merged.sources) AS sources,
    coalesce(counted.articles, merged.articles) AS articles,
    coalesce(counted.mentions, merged.mentions) AS mentions,
    coalesce(counted.urls, [a.url FOR a IN merged.by_url IF a.url <> '']) AS urls
FROM merged LEFT JOIN counted USING (day, source, target, code)
ORDER BY day, source, target, code
"""
#: the parts, as each store's files were written (`PART_FORMAT` or earlier)
_NEW_PARTS = "read_parquet($parts)"
_MIXED_PARTS = "read_parquet($parts, union_by_name = true)"
_OLD_PARTS = (
    "(SELECT *, NULL::STRUCT(url VARCHAR, sources BIGINT, articles BIGINT, "
    "mentions BIGINT)[] AS by_url, NULL::VARCHAR[] AS sentences "
    "FROM read_parquet($parts))"
)


def _merge_query(manifest: dict) -> str:
    """`_MERGE` for the store's parts: ICEWS's sentences gathered only for
    ICEWS, parts of an earlier format read with the columns they lack."""
    formats = {entry.get("part_format", 1) for entry in manifest.get("files", [])}
    if formats == {PART_FORMAT}:
        parts = _NEW_PARTS
    elif PART_FORMAT in formats:
        parts = _MIXED_PARTS
    else:
        parts = _OLD_PARTS
    icews = manifest.get("relations", {}).get("origin", "").strip() == "ICEWS"
    sentences = (
        "flatten(list(coalesce(sentences, []) ORDER BY file))[1:20]"
        if icews
        else "[]::VARCHAR[]"
    )
    return _MERGE.format(parts=parts, sentences=sentences)


def is_store(path: str | Path) -> bool:
    """Whether ``path`` is an event store (a directory with ``store.json``)."""
    return (Path(path) / MANIFEST).is_file()


#: What ``fetch`` writes in a store before any import (importing/fetch.py).
FETCH_LOG = "fetch.json"


def awaits_import(path: str | Path) -> bool:
    """Whether ``path`` is an event store that files were fetched into and
    nothing imported from yet (``fetch --download-only``, or a fetch whose
    files all failed): it has a fetch log and no ``store.json``."""
    return (Path(path) / FETCH_LOG).is_file() and not is_store(path)


def read_manifest(store: str | Path) -> dict:
    """The store's ``store.json``.

    Raises:
        DataError: it cannot be read, is not JSON, or is of another format.
    """
    path = Path(store) / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DataError(
            [Problem(MANIFEST, None, None, None, f"cannot be read: {error}")]
        ) from error
    if not isinstance(manifest, dict) or manifest.get("format") != STORE_FORMAT:
        found = manifest.get("format") if isinstance(manifest, dict) else None
        raise DataError(
            [Problem(MANIFEST, None, "format", str(found),
                     f"is not an event store of format {STORE_FORMAT}: import "
                     "its raw files into a new store")]
        )  # fmt: skip
    wrong = shape_problem(manifest)
    if wrong:
        field, value, expected = wrong
        raise DataError(
            [Problem(MANIFEST, None, None, None,
                     f"'{field}' is {_shown(value)}, where it should be {expected}: "
                     "the file was changed by hand or broken; import the raw "
                     "files into a new store")]
        )  # fmt: skip
    return manifest


#: What store.json's fields hold, as the readers use them: field -> (type,
#: in words); a file's entry as `_FILE` says (`_FILE_NEEDS` it must have).
_MANIFEST = {
    "files": (list, "a list of the files imported"),
    "relations": (dict, "an object"),
    "source": (str, "a text"),
    "countries": (list, "a list of country codes"),
    "version": (str, "a text"),
}
_FILE = {
    "name": (str, "a file's name"),
    "parts": (list, "a list of the file's parts"),
    "sha256": (str, "a text"),
    "kept": (int, "a whole number"),
    "part_format": (int, "a whole number"),
    "imported": (str, "a text"),
}
_FILE_NEEDS = ("name", "parts", "kept")


def shape_problem(manifest: dict) -> tuple[str, object, str] | None:
    """The first field of ``manifest`` not as the store's readers use it, as
    (field, its value, what it should be); None when all are. A store.json
    changed by hand ("files": "abc", a part without its "path") had opening
    the store end in a traceback.

    >>> shape_problem({"format": 1, "files": [{"name": "a", "kept": 0, "parts": [{}]}]})
    ('files[1].parts[1].path', None, 'a path inside the store')
    """
    for field, (kind, words) in _MANIFEST.items():
        if field in manifest and not isinstance(manifest[field], kind):
            return field, manifest[field], words
    if not all(isinstance(code, str) for code in manifest.get("countries", [])):
        return "countries", manifest["countries"], _MANIFEST["countries"][1]
    for field, value in manifest.get("relations", {}).items():
        if not isinstance(value, str):
            return f"relations.{field}", value, "a text"
    for number, entry in enumerate(manifest.get("files", []), 1):
        where = f"files[{number}]"
        if not isinstance(entry, dict):
            return where, entry, "an object"
        for field, (kind, words) in _FILE.items():
            value = entry.get(field)
            missing = value is None and field in _FILE_NEEDS
            if missing or (value is not None and not _is(value, kind)):
                return f"{where}.{field}", value, words
        for place, part in enumerate(entry["parts"], 1):
            path = part.get("path") if isinstance(part, dict) else None
            if not isinstance(path, str) or not _inside(path):
                return f"{where}.parts[{place}].path", path, "a path inside the store"
    return None


def _is(value: object, kind: type) -> bool:
    """isinstance, but True is no whole number."""
    return isinstance(value, kind) and not (kind is int and isinstance(value, bool))


def _inside(path: str) -> bool:
    """Whether ``path`` names a file inside the store: relative, never up.

    >>> _inside("parts/a.parquet"), _inside("../x.parquet"), _inside("/etc/x")
    (True, False, False)
    """
    parts = Path(path).parts
    return bool(path) and not Path(path).is_absolute() and ".." not in parts


def _shown(value: object) -> str:
    """A manifest's value in a message, cut short."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:59] + "…"


def twin(name: str) -> str:
    """The same file's name zipped, or unzipped ("X.export.CSV" and
    "X.export.CSV.zip"): one file, whose events a store holds once, though
    the two contents (and hashes) differ.

    >>> twin("X.export.CSV"), twin("X.export.CSV.ZIP")
    ('X.export.CSV.zip', 'X.export.CSV')
    """
    return name[:-4] if name.lower().endswith(".zip") else f"{name}.zip"


def doubled(manifest: dict) -> dict[str, str]:
    """Files a store lists twice, zipped and not ("X.export.CSV" beside
    "X.export.CSV.zip": one file, its events twice), as imports made them
    before an import kept one: the name left out -> the name counted, the
    one imported last (as an import now replaces the other)."""
    entries = {
        entry.get("name"): entry
        for entry in manifest.get("files", [])
        if isinstance(entry, dict) and isinstance(entry.get("name"), str)
    }
    left = {}
    for name, entry in entries.items():
        plain = entries.get(twin(name)) if name.lower().endswith(".zip") else None
        if plain is not None:
            zip_first = str(entry.get("imported", "")) < str(plain.get("imported", ""))
            old, new = (name, twin(name)) if zip_first else (twin(name), name)
            left[old] = new
    return left


def doubled_note(store: Path, left: dict[str, str]) -> str:
    """What opening the store makes of `doubled` files, in a line."""
    pairs = ", ".join(f"{old} beside {new}" for old, new in sorted(left.items()))
    return (
        f"{store}: {len(left)} file(s) imported both zipped and not ({pairs}): "
        "their events counted once, the last imported (store.json left as it is)"
    )


def read_store(store: str | Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(actors, relations) of an event store, validated, with the columns
    `core.load.load_dataset` gives a data directory.

    The merged tables of the store's version are read from its cache, mapped
    from disk; without them the parts are merged (`merged_tables`), validated,
    and the result cached when the store is writable.

    Raises:
        DataError: the manifest is unreadable, the store holds no event, or
            (a bug of the import, not of the data) the merged tables break a rule.
    """
    store = Path(store)
    manifest = read_manifest(store)
    left = doubled(manifest)
    if left:
        _log.warning(doubled_note(store, left))
    version = str(manifest.get("version", ""))
    cached = _read_cache(store, version)
    if cached is not None:
        return cached
    actors, relations = merged_tables(store, manifest)
    problems: list[Problem] = []
    actors = validate_actors(actors, list(range(2, len(actors) + 2)), problems)
    relations = validate_relations(
        relations, list(range(2, len(relations) + 2)), set(actors["id"]), problems
    )
    if problems:
        raise DataError(problems)
    _write_cache(store, version, actors, relations)
    return actors, relations


def merged_tables(
    store: Path, manifest: dict | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The store's events merged into (actors, relations) as text tables in
    the data format (as ``python -m dashboard import`` writes them), not yet
    validated. A relation's id is its origin's prefix, its day and a hash of
    its actors and code: the same in every version of the store. A file
    listed zipped and not (`doubled`) is counted once.

    Raises:
        DataError: the store holds no event yet.
    """
    manifest = manifest or read_manifest(store)
    left = doubled(manifest)
    parts = [
        str(store / part["path"])
        for entry in manifest.get("files", [])
        if entry.get("name") not in left
        for part in entry.get("parts", [])
    ]
    merged = None
    if parts:
        try:
            with duckdb.connect() as con:
                con.execute("SET enable_progress_bar = false")  # none on a terminal
                # as Arrow columns, made texts a column at a time: a Python
                # tuple per merged row (its lists, floats and texts) made
                # 640,000 relations in 28 s, against 20 s this way
                query = _merge_query(manifest)
                merged = con.sql(query, params={"parts": parts}).to_arrow_table()
        except duckdb.Error as error:  # a part removed or broken by hand
            raise DataError(
                [Problem(MANIFEST, None, None, None,
                         f"lists parts that cannot be read ({error}): import "
                         "the raw files into a new store")]
            ) from error  # fmt: skip
    if merged is None or not merged.num_rows:
        raise DataError(
            [Problem(MANIFEST, None, None, None,
                     "lists no event yet: import event files into the store "
                     "(python -m dashboard import gdelt FILES --store STORE)")]
        )  # fmt: skip
    merged = merged.combine_chunks()
    return _actors(merged), _relations(merged, manifest.get("relations", {}))


def _text(values) -> pd.Series:
    """An Arrow text column as the tables read from files hold it."""
    return pd.Series(pd.array(values, dtype=ARROW_TEXT))


def _actors(merged: pa.Table) -> pd.DataFrame:
    """Each actor as the first relation (in the relations' order) names it:
    its source, then its target."""
    columns = {}
    for name in ("", "_name", "_kind", "_country"):
        pair = np.empty(2 * merged.num_rows, dtype=object)
        pair[0::2] = merged.column(f"source{name}").to_numpy(zero_copy_only=False)
        pair[1::2] = merged.column(f"target{name}").to_numpy(zero_copy_only=False)
        columns[name.strip("_") or "id"] = pair
    first = pd.DataFrame(columns).drop_duplicates("id", keep="first")
    first = first.assign(_other=first["kind"] != "state")
    first = first.sort_values(["_other", "id"], kind="stable")
    names = ("id", "name", "kind", "country")
    return pd.DataFrame({name: _text(first[name].to_numpy()) for name in names})


#: the relations' columns taken from the data, whose cells are stripped as a
#: data directory's are read (the others are made here, and have no blanks)
_FROM_DATA = (
    "source", "target", "kind", "stance", "summary", "reported_by", "url",
    "cameo_code", "event_ids",
)  # fmt: skip


def _relations(merged: pa.Table, how: dict) -> pd.DataFrame:
    """The relations' columns as `importing.events` writes them, as text."""
    prefix = how.get("id_prefix", "events").lstrip()
    score_column = how.get("score_column", "score")
    count_reporters = how.get("source_count") == "reporters"
    limit = limit_of("relations.csv", "reported_by")
    rows = merged.num_rows
    column = merged.column

    def constant(text: str) -> pa.Array:
        return pa.array(np.full(rows, text, dtype=object), pa.string())

    def number(name: str) -> pa.Array:
        return pc.cast(column(name), pa.string())

    # the same id in every version of the store: a hash of actors and code,
    # made once per distinct actors and code
    keys = pc.binary_join_element_wise(
        column("source"), column("target"), column("code"), "|"
    )
    codes, distinct = pd.factorize(keys.to_numpy(zero_copy_only=False))
    hashes = np.array(
        [hashlib.sha1(key.encode()).hexdigest()[:12] for key in distinct],
        dtype=object,
    )
    ids = pc.binary_join_element_wise(
        constant(prefix), pc.strftime(column("day"), format="%Y%m%d"),
        pa.array(hashes[codes], pa.string()), "-",
    )  # fmt: skip
    # kinds and classes from the codes, as the importers give them now: a
    # part written before a change of CAMEO's mapping (root 09 became
    # 'investigation', cooperative, on 30 Nov 2026) reads as a new one
    roots = pc.utf8_slice_codeunits(column("code"), 0, 2)
    reporters = column("reporters")
    reported_by = pc.binary_join(pc.list_slice(reporters, 0, 10), "; ")
    if pc.max(pc.utf8_length(reported_by)).as_py() > limit:
        reported_by = pa.array(
            [shortened(text, limit) if len(text) > limit else text
             for text in reported_by.to_pylist()],
            pa.string(),
        )  # fmt: skip
    sources = (  # a sum of many reports cut to what the data holds
        pc.list_value_length(reporters) if count_reporters
        else pc.min_element_wise(column("sources"), most_sources())
    )  # fmt: skip
    table = {
        "id": ids, "source": column("source"), "target": column("target"),
        # a code of its own kind first ("062": military cooperation)
        "kind": _by_root(
            pc.utf8_slice_codeunits(column("code"), 0, 3),
            CAMEO_KINDS_BY_CODE,
            _by_root(roots, CAMEO_KINDS, column("kind")),
        ),
        "stance": _by_root(roots, STANCES, column("stance")),
        "start": pc.strftime(column("day"), format="%Y-%m-%d"),
        "end": constant(""), "confidence": constant("reported"),
        "summary": column("summary"), "reported_by": reported_by,
        "source_count": pc.cast(sources, pa.string()),
        "url": column("url"), "quote": constant(""),
        "origin": constant(how.get("origin", "").strip()),
        "cameo_code": column("code"), "quad_class": _by_root(roots, QUADS, number("quad")),
        score_column: [_mean(v, 2) for v in column("scores").to_pylist()],
        "num_mentions": number("mentions"), "num_articles": number("articles"),
        "avg_tone": [_mean(v, 3) for v in column("tones").to_pylist()],
        "report_count": number("reports"),
        "event_ids": pc.binary_join(column("event_ids"), ";"),
    }  # fmt: skip
    origin = how.get("origin", "").strip()
    if origin == "ICEWS":
        table["story_sentences"] = _sentences(column("sentences"))
    elif origin == "GDELT":
        table["more_urls"] = _more_urls(column("urls"), column("url"))
    relations = pd.DataFrame({name: _text(values) for name, values in table.items()})
    for name in _FROM_DATA:  # cells as a data directory reads them
        relations[name] = relations[name].str.strip()
    return relations


def _sentences(sentences: pa.ChunkedArray) -> pa.Array:
    """ICEWS's story and sentence of each event id, ";"-joined; "" when it
    gives none (as `importing.events` writes them)."""
    joined = pc.binary_join(sentences, ";")
    blank = pc.equal(pc.utf8_length(pc.replace_substring(joined, ";", "")), 0)
    return pc.if_else(blank, "", joined)


def _more_urls(urls: pa.ChunkedArray, first: pa.ChunkedArray) -> pa.Array:
    """`text.more_urls` of each relation's articles, worked out only where it
    has more than one."""
    rows = np.flatnonzero(
        pc.fill_null(pc.greater(pc.list_value_length(urls), 1), False)
    )
    values = np.full(len(urls), "", dtype=object)
    if len(rows):
        many, firsts = urls.take(rows).to_pylist(), first.take(rows).to_pylist()
        values[rows] = [more_urls(u, f) for u, f in zip(many, firsts)]
    return pa.array(values, pa.string())


#: what each CAMEO root becomes, beside `CAMEO_KINDS`
QUADS = {root: str(quad_class(root)) for root in CAMEO_KINDS}
STANCES = {root: stance(quad_class(root)) for root in CAMEO_KINDS}


def _by_root(
    roots: pa.ChunkedArray, values: dict[str, str], otherwise: pa.ChunkedArray
) -> pa.ChunkedArray:
    """``values`` of each row's CAMEO root; ``otherwise`` (the part's own)
    where the root is not known: the importers keep no such code, but a part
    changed by hand had stopped the store from opening, with a TypeError."""
    known = pa.array(list(values))
    found = pc.take(
        pa.array(list(values.values()), pa.string()), pc.index_in(roots, known)
    )
    return pc.coalesce(found, otherwise)


def _mean(values: list[float], digits: int) -> str:
    """The mean as `importing.events` computes it (summed in file order), or ""."""
    return str(round(sum(values) / len(values), digits)) if values else ""


def _cache_paths(store: Path, version: str) -> tuple[Path, Path]:
    folder, key = store / CACHE, f"{version}.c{CACHE_FORMAT}"
    return folder / f"{key}.actors.arrow", folder / f"{key}.relations.arrow"


def _read_cache(store: Path, version: str) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """The validated tables of ``version``, mapped from the cache; None when
    there are none (or they cannot be read: they are merged again)."""
    if not version:
        return None
    tables = []
    for path in _cache_paths(store, version):
        try:
            tables.append(_read_columns(path))
        except (OSError, ValueError, pa.ArrowException):
            return None
    return tables[0], tables[1]


def _read_columns(path: Path) -> pd.DataFrame:
    """A cached table mapped from disk, made the model's a column at a time
    (`columns.frame_of`), each column's pages let go once it is made: a million
    relations' file is never resident whole beside what is made of it."""
    with open(path, "rb") as file:
        mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    table = pa.ipc.open_file(pa.BufferReader(pa.py_buffer(mapped))).read_all()

    let_go = getattr(mmap, "MADV_DONTNEED", None)  # Linux, macOS

    def columns():
        for name, column in zip(table.column_names, table.columns):
            yield name, column
            if let_go is not None:
                mapped.madvise(let_go)  # read again from disk if need be

    return frame_of(columns())


def _write_cache(
    store: Path, version: str, actors: pd.DataFrame, relations: pd.DataFrame
) -> None:
    """Keep the validated tables of ``version`` (and only them) beside the
    data, each file written whole or not at all; a store that cannot be
    written (read-only) is merged at every opening instead."""
    if not version:
        return
    folder = store / CACHE
    staging = folder / f".{version}.{uuid.uuid4().hex[:8]}.tmp"
    try:
        folder.mkdir(exist_ok=True)
        for table, path in zip((actors, relations), _cache_paths(store, version)):
            arrow = pa.Table.from_pandas(table, preserve_index=False)
            with pa.OSFile(str(staging), "wb") as sink:
                with pa.ipc.new_file(sink, arrow.schema) as writer:
                    writer.write_table(arrow)
            os.replace(staging, path)
        keep = {path.name for path in _cache_paths(store, version)}
        for old in folder.glob("*.arrow"):
            if old.name not in keep:
                old.unlink(missing_ok=True)
    except OSError:
        staging.unlink(missing_ok=True)
