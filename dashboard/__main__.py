"""Command line: ``python -m dashboard check DIR``."""

from __future__ import annotations

import argparse
import sys

from dashboard.data import DataError, Dataset, load_dataset


def summarise(dataset: Dataset) -> str:
    """A few lines that tell a user what a valid data directory holds."""
    first, last = dataset.date_span
    relations = dataset.relations
    kinds = relations["kind"].value_counts()
    lines = [
        f"{len(dataset.actors)} actors ("
        + ", ".join(
            f"{n} {kind}" for kind, n in dataset.actors["kind"].value_counts().items()
        )
        + ")",
        f"{len(relations)} relations from {first:%d %b %Y} to {last:%d %b %Y}",
        "kinds: " + ", ".join(f"{kind} {n}" for kind, n in kinds.items()),
        "confidence: "
        + ", ".join(
            f"{c} {n}" for c, n in relations["confidence"].value_counts().items()
        ),
    ]
    return "\n".join(lines)


def check(directory: str) -> int:
    try:
        dataset = load_dataset(directory)
    except DataError as error:
        print(f"{directory}: {error}", file=sys.stderr)
        return 1
    print(f"{directory}: valid\n{summarise(dataset)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard")
    commands = parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser("check", help="validate a data directory")
    check_parser.add_argument("directory")
    args = parser.parse_args(argv)
    if args.command == "check":
        return check(args.directory)
    return 2


if __name__ == "__main__":
    sys.exit(main())
