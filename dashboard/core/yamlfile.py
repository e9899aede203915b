"""Small YAML (or JSON) files written by others, such as stories, read with
limits: no file can exhaust the memory or the stack of the app, and none of
its texts holds what the page cannot send (docs/stories.md).

The limits: a file size; a nesting depth (composing recurses); no anchors or
aliases (a few lines of them expand to billions of nodes, "billion laughs");
no number of more than `MAX_DIGITS` digits. Every text is checked as the
data's are (`text.control_at`), after joining the two escaped halves of a
character beyond U+FFFF ("\\ud83d\\udca3", as JSON writes an emoji) into the
character; every value is made one at a time, so that one Python cannot make
is reported on its line; a key given twice in one mapping is a problem, not
the last one silently kept.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from dashboard.core.problems import Problem
from dashboard.core.text import control_at, in_western, joined_surrogates, visible

__all__ = ["MAX_BYTES", "MAX_DEPTH", "MAX_DIGITS", "read_yaml"]

#: A story is a few kilobytes, four levels deep (the story, its steps, a step,
#: a list in it).
MAX_BYTES = 256 * 1024
MAX_DEPTH = 20
#: A story's numbers are small (a depth); Python refuses to make an integer
#: of more than 4,300 digits, in words of its own.
MAX_DIGITS = 100
_INT = "tag:yaml.org,2002:int"


def read_yaml(path: Path, file: str) -> tuple[object, object, list[Problem]]:
    """(node, document, problems) of the YAML file ``path`` (named ``file`` in
    problems): the composed node (its keys' lines) and the document, or the
    problems that keep it from being read, each with its line where known.
    """
    text, problem = _text_of(path, file)
    if problem:
        return None, None, [problem]
    try:
        return _parse(text, file)
    except _Refused as error:
        line = error.problem_mark.line + 1
        return None, None, [Problem(file, line, None, None, error.problem)]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None
        reason = getattr(error, "problem", None) or str(error)
        message = f"is not valid YAML: {reason}"
        return None, None, [Problem(file, line, None, None, message)]


def _text_of(path: Path, file: str) -> tuple[str, Problem | None]:
    """The text of the file, or the problem that keeps it from being read."""

    def problem(message: str) -> tuple[str, Problem]:
        return "", Problem(file, None, None, None, message)

    if control_at(path.name) is not None:
        return problem("has a control character or a byte that is not UTF-8 in its "
                       "name: rename it")  # fmt: skip
    try:
        if not path.is_file():  # a folder, a device, a pipe that never ends
            return problem("is not a file")
        size = path.stat().st_size
        if size > MAX_BYTES:
            return problem(f"is {size:,} bytes: at most {MAX_BYTES:,} are allowed")
        raw = path.read_bytes()
    except OSError as error:
        return problem(f"cannot be read: {error.strerror or error}")
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as error:
        return "", _not_utf8(raw, error.start, file)


def _not_utf8(raw: bytes, at: int, file: str) -> Problem:
    """The problem of a file that is not UTF-8 (its first bad byte ``at``),
    as a CSV file's (`csvfile`): its line, the words around the byte, and
    what they read as in Windows-1252, what Notepad's "ANSI" writes on
    Western Windows.

    >>> print(_not_utf8(b"title: Nicol\\xe1s\\n", 12, "s.yaml"))
    s.yaml, line 1: 'title: Nicol\\xe1s' is not UTF-8 (in Windows-1252: 'title: Nicolás'); save the file as UTF-8
    """
    number = raw[:at].count(b"\n") + 1
    line = raw.split(b"\n")[number - 1].decode("utf-8", "surrogateescape").strip()
    bad = raw[at : at + 1].decode("utf-8", "surrogateescape")
    shown, western = in_western(line, line.find(bad))
    western = f" (in Windows-1252: '{western}')" if western else ""
    message = f"is not UTF-8{western}; save the file as UTF-8"
    return Problem(file, number, None, shown, message)


def _parse(text: str, file: str):
    """(node, document, problems) of a YAML text: its texts checked and
    every value made before the document is; a value that cannot be made
    (``2025-13-45`` read as a date, an integer of thousands of digits) is a
    problem on its line."""
    loader = _LimitedLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None, []
        problems = []
        for scalar in _scalars(node):
            problem = _scalar_problem(scalar, file) or _number_problem(scalar, file)
            if problem is None:
                try:  # made once, and kept by the loader for the document
                    loader.construct_object(scalar)
                except (ValueError, OverflowError) as error:
                    line = scalar.start_mark.line + 1
                    message = f"cannot be read: {error}"
                    problem = Problem(file, line, None, scalar.value, message)
            if problem:
                problems.append(problem)
        problems += _repeated_keys(node, loader.constructed_objects, file)
        if problems:
            return node, None, sorted(problems, key=lambda p: p.line)
        return node, loader.construct_document(node), []
    finally:
        loader.dispose()


class _Refused(yaml.MarkedYAMLError):
    """A file beyond the limits of `_LimitedLoader`."""


class _LimitedLoader(yaml.SafeLoader):
    """YAML's safe loader, with no anchors or aliases (a few lines of aliases
    expand to billions of nodes: "billion laughs") and no nesting deeper than
    MAX_DEPTH (composing recurses, and a deep file would exhaust the stack)."""

    _depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            refused = "uses an anchor or an alias (&name, *name): write each out"
        elif self._depth >= MAX_DEPTH:
            refused = f"nests deeper than {MAX_DEPTH} levels"
        else:
            refused = None
        if refused:
            raise _Refused(problem=refused, problem_mark=event.start_mark)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _nodes(node) -> list:
    """Every node (key or value) of a composed document."""
    found, pending = [], [node]
    while pending:
        current = pending.pop()
        found.append(current)
        if isinstance(current, yaml.MappingNode):
            pending += [part for pair in current.value for part in pair]
        elif isinstance(current, yaml.SequenceNode):
            pending += current.value
    return found


def _scalars(node) -> list:
    """Every scalar node (key or value) of a composed document."""
    return [found for found in _nodes(node) if isinstance(found, yaml.ScalarNode)]


def _number_problem(node, file: str) -> Problem | None:
    """A number of more than `MAX_DIGITS` digits, on its line: Python makes
    none of more than 4,300 and says so in words of its own ("use
    sys.set_int_max_str_digits()"), and one of fewer takes long to make."""
    if node.tag != _INT:
        return None
    digits = sum(character.isdigit() for character in node.value)
    if digits <= MAX_DIGITS:
        return None
    message = f"is a number of {digits:,} digits: at most {MAX_DIGITS} are read"
    return Problem(file, node.start_mark.line + 1, None, node.value, message)


def _repeated_keys(node, made: dict, file: str) -> list[Problem]:
    """A key given twice in one mapping, on the line of the second, with the
    first's: YAML's loader keeps the last, unsaid, as JSON's does (a step's
    second ``start`` replaced its first). Keys are compared as the values
    they make (``made``: by node), so that ``1`` and ``01`` are one key."""
    problems = []
    for mapping in _nodes(node):
        if not isinstance(mapping, yaml.MappingNode):
            continue
        seen: dict = {}
        for key, _ in mapping.value:
            if not isinstance(key, yaml.ScalarNode):
                continue  # refused where the document is made
            value = made.get(key, (key.tag, key.value))
            line = key.start_mark.line + 1
            if value in seen:
                message = f"is given twice (first on line {seen[value]}): keep one"
                problems.append(Problem(file, line, None, key.value, message))
            else:
                seen[value] = line
    return problems


def _scalar_problem(node, file: str) -> Problem | None:
    """A scalar's text, before it is made into a value: a character beyond
    U+FFFF written as two escaped halves ("\\ud83d\\udca3", as JSON writes an
    emoji) made whole; a lone half, or another control character, is a
    problem on its line (the page could not send it)."""
    node.value = joined_surrogates(node.value)
    where = control_at(node.value)
    if where is None:
        return None
    code = ord(node.value[where])
    what = (
        f"a lone surrogate U+{code:04X} (half of a character: write the "
        "character itself, or both of its halves)"
        if 0xD800 <= code <= 0xDFFF
        else f"the control character U+{code:04X}"
    )
    value = visible(node.value, 60, around=where)
    return Problem(file, node.start_mark.line + 1, None, value, f"holds {what}")
