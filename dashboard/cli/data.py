"""The data commands: ``check`` a data directory, ``export`` a view's data,
``generate`` a synthetic data set. None of them imports Dash."""

from __future__ import annotations

import dataclasses
import io
import stat
import sys
import zipfile
from pathlib import Path

from dashboard.cli.common import (
    data_out_problem,
    fail,
    inside_data,
    what_is_wrong,
    window_dates,
    write,
)
from dashboard.config import DEFAULT_DATA
from dashboard.core.describe import plural
from dashboard.core.live import waiting_words
from dashboard.core.load import load_dataset, load_datasets
from dashboard.core.problems import DataError


def check(args) -> int:
    """Validate a data directory and its stories; with ``--source``, also find
    every quote verbatim in the source documents."""
    from dashboard.core.stories import load_stories

    directories = args.directory
    # several: checked together, as the app loads them (`load_datasets`:
    # actors merged across them), each problem naming its directory
    directory = " + ".join(str(d) for d in directories)
    try:
        dataset = (
            load_dataset(directories[0])
            if len(directories) == 1
            else load_datasets(directories)
        )
    except DataError as error:
        return fail(f"{directory}: {error}", 1)
    try:
        documents = [_source_text(Path(f)) for f in args.source]
    except ValueError as error:
        return fail(f"--source {error}")
    stories, problems = load_stories(directories, dataset)
    if problems:
        lines = "\n".join(f"  - {problem}" for problem in problems)
        print(f"{directory}: {len(problems)} problem(s) in the stories:\n{lines}",
              file=sys.stderr)  # fmt: skip
    missing = [
        relation
        for folder in (directories if args.source else [])
        for relation in _missing_quotes(Path(folder), documents)
    ]
    if problems or missing:
        # which part is wrong: an analyst read exit status 1 as the data's
        said = []
        if problems:
            count = len(stories)
            kept = f" ({count:,} other {'story' if count == 1 else 'stories'} kept)"
            kept = kept if count else ""
            said.append(f"the app starts on them without the stories above{kept}")
        if missing:
            said.append("the quotes above are in none of the sources given")
        said = "; ".join(said)
        print(f"{directory}: the actors and relations are valid "
              f"({plural(len(dataset.actors), 'actor')}, "
              f"{plural(len(dataset.relations), 'relation')}); {said}",
              file=sys.stderr)  # fmt: skip
        return 1
    print(f"{directory}: valid\n{dataset.summary()}")
    if dataset.waiting:  # left out, as the app leaves it out beside the others
        print(f"left out: {waiting_words(dataset.waiting)}")
    for name, story in stories.items():
        print(f"story '{name}': {story.title} ({plural(len(story.steps), 'step')})")
    if args.source:
        quoted = int((dataset.relations["quote"] != "").sum())
        print(f"quotes: all {quoted} found verbatim in "
              f"{plural(len(documents), 'source document')}")  # fmt: skip
    return 0


#: The most a ``--source`` document may hold (docs/data-format.md): an
#: article, a transcript or a report is kilobytes of text, a book a few
#: megabytes. A device or a file that never ends (/dev/zero) was read until
#: the memory ran out.
SOURCE_LIMIT = 16 * 1024 * 1024


def _source_text(path: Path) -> str:
    """The text of a ``--source`` document, a file of at most `SOURCE_LIMIT`
    bytes: a device or a pipe is refused unread (a pipe's reader waits for a
    writer), and a file is read no further than the limit (one may grow, or
    say it holds nothing as /proc's do).

    Raises:
        ValueError: naming the file and what is wrong with it, in words (of
            several sources, "'utf-8' codec can't decode byte 0xb8" named none).
    """
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise ValueError(f"{path}: is a folder; give a document")
        if not stat.S_ISREG(mode):
            raise ValueError(f"{path}: is not a file (a device or a pipe); give a "
                             "document")  # fmt: skip
        with path.open("rb") as file:
            raw = file.read(SOURCE_LIMIT + 1)
        if len(raw) > SOURCE_LIMIT:
            raise ValueError(f"{path}: holds more than {SOURCE_LIMIT // 2**20} MiB; "
                             "give one document's text (an article, a transcript, "
                             "a report)")  # fmt: skip
        return raw.decode("utf-8")
    except FileNotFoundError:
        raise ValueError(f"{path}: no such file") from None
    except UnicodeDecodeError as error:
        raise ValueError(
            f"{path}: not UTF-8 text (byte {error.object[error.start]:#04x} at "
            f"position {error.start}); save it as UTF-8 text"
        ) from None
    except OSError as error:
        raise ValueError(f"{path}: {error.strerror or error}") from None


def _missing_quotes(directory: Path, documents: list[str]) -> list:
    """Print, and return, the relations of ``directory`` (valid) whose quote is
    in none of ``documents``, each with its line in relations.csv."""
    from dashboard.core.load import read_table
    from dashboard.core.provenance import missing_quotes
    from dashboard.core.validate import RELATION_COLUMNS, RELATION_OPTIONAL

    path = directory / "relations.csv"
    if not path.is_file():  # an event store: its events carry no quotes
        return []
    # its header read as loading reads it: a "Quote" column is the quotes
    table, lines = read_table(path, RELATION_COLUMNS, [], RELATION_OPTIONAL)
    if "quote" not in table:
        return []
    missing = missing_quotes(table.assign(line=lines), documents)
    for quote in missing:
        print(f"{path}:{quote.line}: {quote}", file=sys.stderr)
    if missing:
        print(f"{path}: {plural(len(missing), 'quote')} not found verbatim in the "
              "sources", file=sys.stderr)  # fmt: skip
    return missing


def export(args) -> int:
    """Write what a view shows; the view as on the page (``--view``, a URL query)
    and/or by flags, which win. Exit 2 on a bad argument, 1 when nothing shows."""
    from dashboard.cli.images import briefing_data
    from dashboard.core.model import view_of
    from dashboard.outputs.briefing import step_slide
    from dashboard.outputs.exports import export_view

    try:
        data = briefing_data(args.data)  # with its stories: a step's link
    except DataError as error:
        return fail(error, 1)
    dataset = data.dataset
    slide, notices = step_slide(data, args.view or "")
    # read as the page reads its URL: a story step's link is the step's view
    view = slide.view if slide else view_of(data, args.view or "")
    if notices or view.notices:
        wrong = "; ".join(what_is_wrong(n) for n in [*notices, *view.notices])
        return fail(f"--view, nothing written: {wrong}")
    try:
        changes = window_dates(args)
    except ValueError as error:
        return fail(error)
    if args.kinds is not None:
        kinds = tuple(k.strip() for k in args.kinds.split(",") if k.strip())
        unknown = [k for k in kinds if k not in data.kinds]
        if unknown:
            return fail(
                f"--kinds: no relation of kind {', '.join(unknown)} in the data"
            )
        changes["kinds"] = kinds
    if args.focus is not None:
        ids = set(dataset.actors["id"])  # an import's own id: the actor shown
        focus = args.focus if args.focus in ids else dataset.merged.get(args.focus)
        if focus not in ids:
            return fail(f"--focus: no actor '{args.focus}' in the data")
        changes["focus"] = focus
    if args.depth is not None:
        if not (args.focus or view.focus):
            return fail("--depth needs --focus: whose neighbourhood?")
        changes["depth"] = args.depth
    if args.states:
        changes["states"] = True
    view = dataclasses.replace(view, **changes)
    if view.end < view.start:
        return fail(f"--end {view.end} is before --start {view.start}")
    out = Path(args.out)
    unzip = args.format == "csv" and out.suffix != ".zip"
    if out.is_dir() and not unzip:
        return fail(f"--out {out} is a directory: give a file name")
    reading = args.data or [DEFAULT_DATA]
    if unzip:
        problem = data_out_problem(out, replace=args.replace, reading=reading)
    else:
        problem = inside_data(out, reading)
    if problem:
        return fail(problem)
    content, _, count = export_view(data, view, args.format)
    if count == 0:
        return fail("nothing to export: no relation in this view", 1)
    if unzip:
        out.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            archive.extractall(out)
    else:
        write(out, content)
    print(
        f"{out}: {plural(count, 'relation')}, {view.start} to {view.end} ({args.format})"
    )
    return 0


def generate(args) -> int:
    """A seeded synthetic data directory, for testing at scale."""
    from dashboard.devtools.synthetic import write_synthetic

    if args.actors < 2 or args.relations < 1:
        return fail("--actors must be at least 2 and --relations at least 1")
    problem = data_out_problem(Path(args.out), replace=args.replace)
    if problem:
        return fail(problem)
    if args.spikes < 0:
        return fail("--spikes must be 0 or more")
    out = write_synthetic(
        Path(args.out), args.relations, args.actors, seed=args.seed, spikes=args.spikes
    )
    spiked = f", {plural(args.spikes, 'spike')}" if args.spikes else ""
    print(
        f"{out}: {args.relations:,} synthetic relations among {args.actors:,} actors "
        f"(seed {args.seed}{spiked})"
    )
    return 0
