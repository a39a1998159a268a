"""Wording and layout shared by the commands' output: plurals, one-line text, aligned tables,
progress bars."""

from __future__ import annotations

import itertools
import re
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import click


def plural(count: int, noun: str) -> str:
    """``1 record``, ``2 records``: the count and the noun, plural unless the count is one."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


ELLIPSIS = "\u2026"

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def one_line(text: str, /) -> str:
    """Text from a record as one line a terminal shows as it is: runs of white space become
    one space, and control characters (a terminal's escape sequences) a replacement mark."""
    return _CONTROL.sub("\ufffd", " ".join(text.split()))


def table_lines(
    rows: Sequence[Mapping[str, str]],
    columns: Sequence[str],
    /,
    *,
    width: int,
    shrink: Sequence[tuple[str, int]] = (),
    gap: int = 2,
) -> list[str]:
    """Rows as an aligned table under a header of their ``columns``, at most ``width``
    characters wide when it can be: the ``shrink`` columns, in their order, are narrowed down
    to at least their given width, a cut cell ending in ``…``. Cells are made
    :func:`one_line`."""
    rows = [{c: one_line(row[c]) for c in columns} for row in rows]
    widths = {c: max([len(c), *(len(row[c]) for row in rows)]) for c in columns}
    excess = sum(widths.values()) + gap * (len(columns) - 1) - width
    for column, floor in shrink:
        cut = min(excess, widths[column] - max(floor, len(column)))
        if cut > 0:
            widths[column] -= cut
            excess -= cut
    lines = []
    for row in [dict(zip(columns, columns, strict=True)), *rows]:
        cells = [_fit(row[c], widths[c]).ljust(widths[c]) for c in columns]
        lines.append((" " * gap).join(cells).rstrip())
    return lines


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + ELLIPSIS


def stderr_is_terminal() -> bool:
    """Whether a person watches standard error (a bar is drawn there only then)."""
    return sys.stderr.isatty()


@contextmanager
def progress_bar(label: str, /) -> Iterator[Callable[[int, int | None], None] | None]:
    """A progress callback for a library function (``(done, in all)``, as
    :data:`coopmap.formats.options.Progress`) that draws a bar on standard error, or ``None``
    when standard error is not a terminal (a log or a pipe gets no bar). While ``in all`` is
    not known (``None``) the bar counts what is done."""
    if not stderr_is_terminal():
        yield None
        return
    bars: list[Any] = []

    def report(done: int, total: int | None) -> None:
        if not bars:
            counting = None if total else itertools.count()  # no length: a count
            bars.append(
                click.progressbar(
                    counting, length=total or None, label=label, show_pos=True, file=sys.stderr
                )
            )
            bars[0].__enter__()
        if total:
            bars[0].length = total
        bars[0].update(done - bars[0].pos)

    try:
        yield report
    finally:
        for bar in bars:
            bar.__exit__(None, None, None)
