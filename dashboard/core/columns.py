"""How the tables' text columns are held: most as Python strings, each
distinct text once and shared by the rows that hold it (`TEXT`), the mostly
distinct texts of large tables in Arrow (`ARROW_TEXT`); and Arrow columns,
as files are read, made so (`compact`, `frame_of`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = [
    "ARROW_FROM",
    "ARROW_TEXT",
    "LOOKED_UP",
    "TEXT",
    "compact",
    "frame_of",
    "joined_chunks",
    "model_texts",
    "text_array",
]

#: Text as files are read: held by Arrow, checked a whole column at a time.
ARROW_TEXT = pd.StringDtype("pyarrow", na_value=np.nan)
#: Text as the model holds most of it: a Python string per distinct text,
#: shared by every row that has it (`model_texts`). Callbacks read cells as
#: Python objects, which this gives at no cost, and a copy of some rows (the
#: states-only view's) copies a pointer per cell, not the texts.
TEXT = pd.StringDtype("python", na_value=np.nan)


def text_array(
    values: Sequence, numbers: np.ndarray | None = None
) -> pd.api.extensions.ExtensionArray:
    """``values`` (texts) as a text column (`TEXT`); with ``numbers``, the
    column whose rows hold ``values[number]``, each distinct text one object.

    >>> list(text_array(["day", "year"], np.array([1, 0, 1])))
    ['year', 'day', 'year']
    """
    objects = np.empty(len(values), dtype=object)
    objects[:] = list(values)
    return pd.array(
        objects if numbers is None else objects[numbers], dtype=TEXT, copy=False
    )


def compact(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its Arrow text columns as the model keeps them
    (`model_texts`)."""
    for name in frame.columns:
        column = frame[name]
        if (
            isinstance(column.dtype, pd.StringDtype)
            and column.dtype.storage == "pyarrow"
        ):
            texts = model_texts(column.array.__arrow_array__(), name=name)
            # a Series, not an array: assigned as it is, not copied
            frame[name] = pd.Series(texts, index=frame.index, copy=False)
    return frame


def frame_of(
    columns: pa.Table | Iterable[tuple[str, pa.ChunkedArray]],
) -> pd.DataFrame:
    """Arrow columns (a table, or (name, column) pairs one at a time) as the
    model's DataFrame: texts as `model_texts` keeps them, the other columns
    as pandas reads them."""
    if isinstance(columns, pa.Table):
        columns = zip(columns.column_names, columns.columns)
    made = {}
    for name, column in columns:
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            made[name] = pd.Series(model_texts(column, name=name), copy=False)
        else:  # copied: a view would keep a mapped file's every page resident
            made[name] = column.to_pandas().copy()
    return pd.DataFrame(made, columns=list(made), copy=False)


#: Columns the model looks rows up by: Python strings, however many.
LOOKED_UP = ("id", "source", "target", "via_source", "via_target")
#: Tables of fewer rows keep every text as Python strings (as they always
#: did): what Arrow saves there is not worth a second kind of column.
ARROW_FROM = 50_000


def model_texts(
    texts: pa.ChunkedArray, *, name: str = ""
) -> pd.api.extensions.ExtensionArray:
    """A column of texts as the model keeps it. Repeated texts (kinds, dates,
    sources: a million relations have a few thousand) become `TEXT`, each
    distinct one a Python string shared by the rows that hold it, which the
    callbacks read at no cost and a copy of the rows copies as pointers.
    Mostly distinct texts (summaries, addresses) of a large table stay in
    Arrow (`ARROW_TEXT`):
    a Python string each would take 50 bytes more than its text, or twice
    the text and more beyond Latin-1; ids (`LOOKED_UP`) become Python strings,
    which pandas would make of them to look them up anyway."""
    count = len(texts)
    sample = texts.take(pa.array(np.arange(0, count, max(1, count // 65_536))))
    if pc.count_distinct(sample, mode="all").as_py() > 0.9 * len(sample):
        if name not in LOOKED_UP and count >= ARROW_FROM:
            # one chunk: taking rows from a column of many (a file is read in
            # blocks) costs ten times as much
            return pd.array(texts.combine_chunks(), dtype=ARROW_TEXT)
        objects = texts.to_numpy(zero_copy_only=False)
    else:
        encoded = texts.combine_chunks().dictionary_encode()
        numbers = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False)
        distinct = np.empty(len(encoded.dictionary) + 1, dtype=object)
        distinct[:-1] = encoded.dictionary.to_pylist()
        distinct[-1] = None  # a missing text: at number -1
        objects = distinct[numbers]
    return pd.array(objects, dtype=TEXT, copy=False)


def joined_chunks(chunks: list[pa.Array]) -> pa.Array:
    """Arrow texts made a piece at a time (``chunks``, emptied as it goes) as
    one array: each piece's bytes copied into place and let go, so that the
    texts are not held twice, as concatenating would.

    >>> joined_chunks([pa.array(["a", "bc"]), pa.array(["", "d"])]).to_pylist()
    ['a', 'bc', '', 'd']
    """
    given, chunks = (
        chunks,
        [chunk.cast(pa.large_string()) for chunk in reversed(chunks)],
    )
    given.clear()  # the pieces are let go as they are copied
    count = sum(len(chunk) for chunk in chunks)
    size = sum(_bounds(chunk)[1] - _bounds(chunk)[0] for chunk in chunks)
    offsets = np.zeros(count + 1, dtype=np.int64)
    data = np.empty(size, dtype=np.uint8)
    row = at = 0
    while chunks:
        chunk = chunks.pop()  # the last of the reversed: in order
        if chunk.null_count:
            raise ValueError("a missing text among texts to join")
        start, stop = _bounds(chunk)
        _, chunk_offsets, chunk_data = chunk.buffers()
        ends = np.frombuffer(chunk_offsets, dtype=np.int64)[
            chunk.offset + 1 : chunk.offset + len(chunk) + 1
        ]
        offsets[row + 1 : row + len(chunk) + 1] = ends - start + at
        if stop > start:
            data[at : at + stop - start] = np.frombuffer(chunk_data, dtype=np.uint8)[
                start:stop
            ]
        row, at = row + len(chunk), at + stop - start
        del chunk, chunk_offsets, chunk_data
        pa.default_memory_pool().release_unused()  # its memory, to the system
    return pa.LargeStringArray.from_buffers(
        count, pa.py_buffer(offsets), pa.py_buffer(data)
    )


def _bounds(chunk: pa.Array) -> tuple[int, int]:
    """Where a large_string chunk's texts start and stop in its data."""
    offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int64)
    return int(offsets[chunk.offset]), int(offsets[chunk.offset + len(chunk)])
