"""Long listings as plain aligned text, for standard output that is not a terminal.

``par list`` and ``par overdue`` draw a rich table on a terminal. Laying out a rich table costs
far more than the data (measuring and wrapping every cell through rich's renderables: about
half of ``par list`` at 12,000 items), and a file or a pipe gets no colour anyway. When the output
is not a terminal the same table is written here, as plain text, with rich's own layout rules:
the same column widths (content, fixed, capped; the wrapping column gives way first), the same
greedy word wrap (words longer than the column are folded), the same padding and justification.
The result is the text rich would have printed, character for character (a test compares both
on the sample plans at several widths; only text with control characters differs: they are made
visible before the layout here, after it in rich), in a fraction of the time, without rich.

Nothing here prints; ``cli_output.emit`` decides which path a command takes.
"""

from __future__ import annotations

import functools
import itertools
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date
from typing import Literal

from vanthuy_cli.recordtype import Record
from vanthuy_cli.render.catalog import Translator
from vanthuy_cli.rules.classify import Item
from vanthuy_cli.textutil import MAX_WIDTH, safe

_WORD = re.compile(r"\s*\S+\s*")
_NONBLANK = re.compile("[^ ]")
#: A blank other than the space (no-break space, tab...): words are then split the slow way.
_OTHER_SPACE = re.compile(r"[^\S ]")
_OTHER_SPACE_LINES = re.compile(r"[^\S \n]")
_TRAILING = re.compile(r"\s+$")


def wanted() -> bool:
    """Whether standard output takes the plain path: not a terminal, and no one forcing rich's
    terminal behaviour (``FORCE_COLOR``, ``TTY_COMPATIBLE``), which would add colour."""
    if os.environ.get("FORCE_COLOR") or os.environ.get("TTY_COMPATIBLE"):
        return False
    try:
        return not sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def output_width() -> int:
    """The width rich gives its console: ``COLUMNS``, else the size of the terminal standard
    input, output or error is attached to (``par list > file`` typed in one), else 80; capped
    at ``MAX_WIDTH`` as ``termsafe.SafeConsole`` does."""
    columns = os.environ.get("COLUMNS")
    width: int | None = int(columns) if columns is not None and columns.isdigit() else None
    if width is None:
        if os.environ.get("TERM", "").lower() in ("dumb", "unknown"):
            width = 80
        for fd in (0, 1, 2):
            if width is not None:
                break
            try:
                width = os.get_terminal_size(fd).columns
            except (AttributeError, ValueError, OSError):
                continue
    return min(width or 80, MAX_WIDTH)


# --------------------------------------------------------------------------------- cells


#: Characters that may not be one column wide: everything outside Latin (Vietnamese included:
#: its precomposed letters are U+1EA0–U+1EF9), general punctuation, arrows and box drawing.
#: (A dozen symbols there are wide: ⌚ ⌛ 〈 〉 ⏩–⏬ ⏰ ⏳ ◽ ◾.)
_NOT_SIMPLE = re.compile(
    "[^\x20-\x7e\xa0-\u02ff\u1e00-\u1eff\u2010-\u2027\u2030-\u205e\u2190-\u2319\u231c-\u2328"
    "\u232b-\u23e8\u23ed-\u23ef\u23f1\u23f2\u23f4-\u23ff\u2500-\u25fc\u25ff]"
)


def one_column_each(text: str) -> bool:
    """Whether every character of ``text`` takes one column and prints as written: no wide
    character, combining mark, control character, tab or line break. Such text is laid out
    here exactly as rich lays it out, whatever rich's width tables say of other characters."""
    return not _NOT_SIMPLE.search(text)


#: ``_NOT_SIMPLE`` for text of several lines.
_NOT_SIMPLE_LINES = re.compile(_NOT_SIMPLE.pattern.replace("[^", "[^\n", 1))


def _simple(text: str) -> bool:
    """Whether ``text``'s columns are its ``len``: ASCII, or nothing ``_NOT_SIMPLE`` finds.
    Unlike ``one_column_each`` it lets ASCII control characters through: it measures, it does
    not promise the text prints as written."""
    return text.isascii() or not _NOT_SIMPLE.search(text)


def cell_len(text: str) -> int:
    """Columns ``text`` takes on a terminal: wide characters two, combining marks none."""
    if _simple(text):
        return len(text)
    total = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        total += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return total


def _chop(text: str, width: int) -> list[str]:
    """``text`` cut into pieces of at most ``width`` columns."""
    pieces, line, size = [], "", 0
    for char in text:
        cells = cell_len(char)
        if size + cells > width and line:
            pieces.append(line)
            line, size = "", 0
        line += char
        size += cells
    if line:
        pieces.append(line)
    return pieces


def _breaks(text: str, width: int, fold: bool) -> list[int]:
    """Where a greedy word wrap at ``width`` breaks ``text`` (rich's ``divide_line``)."""
    if width >= 1 and _simple(text) and not _OTHER_SPACE.search(text):
        return _spaced_breaks(text, width, fold)
    breaks: list[int] = []
    offset = 0
    size = len if _simple(text) else cell_len
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group(0)
        length = size(word.rstrip())
        if width - offset >= length:
            offset += size(word)
        elif length > width:
            if fold:
                pieces = _chop(word, width)
                for index, piece in enumerate(pieces):
                    if start:
                        breaks.append(start)
                    if index == len(pieces) - 1:
                        offset = cell_len(piece)
                    else:
                        start += len(piece)
            else:
                if start:
                    breaks.append(start)
                offset = cell_len(word)
        elif offset and start:
            breaks.append(start)
            offset = cell_len(word)
    return breaks


def _spaced_breaks(text: str, width: int, fold: bool) -> list[int]:
    """``_breaks`` for text of one-column characters whose only blank is the space: a jump
    from line to line instead of a step from word to word.

    The word loop keeps a running offset; here it is ``position - line start`` (every
    character is one column and words are contiguous), so a word fits on the current line when
    its last non-blank character ends within ``line start + width``. The first word that does
    not is the one holding the first non-blank at or after that limit: found with one search,
    it is moved to a new line, or folded into ``width``-long pieces when it is longer than a
    line (its leading spaces count when it opens the text, its trailing spaces are folded
    with it), exactly as the word loop would."""
    n = len(text)
    breaks: list[int] = []
    if n <= width:
        return breaks
    first = n - len(text.lstrip(" "))  # where the first word's letters start
    line = 0  # where the current line starts
    done = 0  # where the words not yet placed start
    nonblank = _NONBLANK.search
    while True:
        found = nonblank(text, max(line + width, done))
        if found is None:
            return breaks
        hit = found.start()
        run = text.rfind(" ", line, hit) + 1  # the letters of the word that does not fit
        start = 0 if run <= first else run  # the text's first word owns its leading spaces
        run_end = text.find(" ", hit)
        if run_end < 0:
            run_end = done = n
        else:
            after = nonblank(text, run_end)
            done = n if after is None else after.start()
        if run_end - start > width and fold:
            last = start + (done - start - 1) // width * width  # the last piece's start
            if start:
                breaks.append(start)
            breaks.extend(range(start + width, last + 1, width))
            line = last
        else:
            if start:
                breaks.append(start)
            line = start


def _set_width(text: str, width: int) -> str:
    """``text`` cut or padded with spaces to exactly ``width`` columns."""
    size = cell_len(text)
    if size <= width:
        return text + " " * (width - size)
    out, used = "", 0
    for char in text:
        cells = cell_len(char)
        if used + cells > width:
            break
        out += char
        used += cells
    return out + " " * (width - used)


Justify = Literal["left", "right"]
Overflow = Literal["fold", "ellipsis"]


def _fit(line: str, width: int, justify: Justify, overflow: Overflow) -> str:
    if justify == "right":
        line = line.rstrip()
    if cell_len(line) > width:
        line = _set_width(line, width - 1) + "…" if overflow == "ellipsis" else line
        line = _set_width(line, width)
    if justify == "right":
        return " " * (width - cell_len(line)) + line
    return _set_width(line, width)


def wrap(
    text: str,
    width: int,
    *,
    no_wrap: bool = False,
    justify: Justify = "left",
    overflow: Overflow = "fold",
) -> list[str]:
    """``text`` as lines of exactly ``width`` columns, as a rich table cell lays it out."""
    lines: list[str] = []
    fold = overflow == "fold"
    for line in text.split("\n"):
        if width < 1 or not _simple(line):
            cut = [line] if no_wrap else pieces(line, width, fold)
            lines.extend(_fit(piece, width, justify, overflow) for piece in cut)
            continue
        # Most lines: one-column characters, so columns are len(); a line that fits the width
        # has no break (every word ends within it) and needs only its padding.
        if no_wrap or len(line) <= width:
            cut = [line]
        elif _OTHER_SPACE.search(line):
            cut = pieces(line, width, fold)
        else:
            cut = _cut(line, _spaced_breaks(line, width, fold), width)
        lines.extend(_fit_simple(piece, width, justify, overflow) for piece in cut)
    return lines


def _fit_simple(line: str, width: int, justify: Justify, overflow: Overflow) -> str:
    """``_fit`` for a line of one-column characters (``width`` >= 1)."""
    if justify == "right":
        line = line.rstrip()
    if len(line) > width:
        line = line[: width - 1] + "…" if overflow == "ellipsis" else line[:width]
    if justify == "right":
        return " " * (width - len(line)) + line
    return line + " " * (width - len(line))


def pieces(line: str, width: int, fold: bool = True) -> list[str]:
    """One line of text cut where the word wrap breaks it, unpadded (rich's ``Text.divide``
    then ``rstrip_end``: trailing spaces are kept unless they overflow the width)."""
    return _cut(line, _breaks(line, width, fold), width)


def _cut(line: str, breaks: list[int], width: int) -> list[str]:
    """``line`` cut at ``breaks``, each piece's trailing blanks dropped as far as they overflow
    ``width`` (counted in characters, as rich does)."""
    if not breaks:
        cuts = [line]
    else:
        cuts = [line[a:b] for a, b in itertools.pairwise([0, *breaks, len(line)])]
    out = []
    for piece in cuts:
        excess = len(piece) - width
        if excess > 0:
            trailing = _TRAILING.search(piece)
            if trailing:
                piece = piece[: len(piece) - min(len(trailing.group(0)), excess)]
        out.append(piece)
    return out


# --------------------------------------------------------------------------------- tables


class Column(Record, kw_only=False):
    """A column as ``rich.table.Table.add_column`` declares it (the options par uses)."""

    header: str
    justify: Justify = "left"
    overflow: Overflow = "fold"
    no_wrap: bool = False
    width: int | None = None
    min_width: int | None = None
    max_width: int | None = None


def _measure(column: Column, cells: Sequence[str], pad: int, available: int) -> int:
    """The widest the column can be, padding included (rich's measurement; its narrowest
    width only matters to tables that expand, which par's do not)."""
    if column.width is not None:
        return min(column.width + pad, available)
    room = available - pad
    if room < 1:
        return available
    every = "\n".join((column.header, *cells))
    if every.isascii() or not _NOT_SIMPLE_LINES.search(every):
        widest = max(map(len, every.split("\n")))  # one column a character: one pass in C
    else:
        widest = max(map(cell_len, every.split("\n")))
    high = min(min(widest, room) + pad, available)
    if column.min_width is not None:
        high = max(high, column.min_width + pad)
    if column.max_width is not None:
        high = min(high, column.max_width + pad)
    return high


def _reduce(total: int, ratios: list[int], maximums: list[int], values: list[int]) -> list[int]:
    """rich's ``ratio_reduce``: take ``total`` off ``values`` in proportion to ``ratios``."""
    ratios = [ratio if most else 0 for ratio, most in zip(ratios, maximums, strict=True)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    remaining, out = total, []
    for ratio, most, value in zip(ratios, maximums, values, strict=True):
        if ratio and total_ratio > 0:
            taken = min(most, round(ratio * remaining / total_ratio))
            out.append(value - taken)
            remaining -= taken
            total_ratio -= ratio
        else:
            out.append(value)
    return out


def _collapse(widths: list[int], wrapable: list[bool], available: int) -> list[int]:
    total = sum(widths)
    excess = total - available
    if not any(wrapable):
        return widths
    while total and excess > 0:
        widest = max(w for w, ok in zip(widths, wrapable, strict=True) if ok)
        second = max(
            (w if ok and w != widest else 0) for w, ok in zip(widths, wrapable, strict=True)
        )
        difference = widest - second
        ratios = [1 if (w == widest and ok) else 0 for w, ok in zip(widths, wrapable, strict=True)]
        if not any(ratios) or not difference:
            break
        widths = _reduce(excess, ratios, [min(excess, difference)] * len(widths), widths)
        total = sum(widths)
        excess = total - available
    return widths


def _paddings(count: int, left: int, right: int, collapse: bool) -> list[tuple[int, int]]:
    """Each column's (left, right) padding as rich gives it to a table without padded edges
    (``pad_edge=False``): none outside the first and last column; with ``collapse_padding`` a
    column's left padding shrinks by its neighbour's right padding."""
    pads = []
    for i in range(count):
        before, after = left, right
        if collapse and i:
            before = max(0, before - after)
        pads.append((0 if i == 0 else before, 0 if i == count - 1 else after))
    return pads


def table(
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    available: int,
    *,
    header: bool = True,
    padding: tuple[int, int] = (0, 1),
    collapse: bool = False,
) -> str | None:
    """The table as rich draws ``Table(box=None, pad_edge=False, padding=(0, 1, 0, 0),
    show_edge=False)``: a header line, then the rows; one space between columns. ``None`` when
    the columns cannot fit ``available`` by wrapping alone (rich would then squeeze every
    column: the caller draws it with rich). ``padding``: the cells' (left, right) padding
    (``Table(padding=(0, 1))`` is ``(1, 1)``), ``collapse``: ``collapse_padding`` (true for
    ``Table.grid``)."""
    sides = _paddings(len(columns), *padding, collapse)
    pads = [before + after for before, after in sides]
    cells = [[row[i] for row in rows] for i in range(len(columns))]
    widths = [_measure(c, cells[i], pads[i], available) or 1 for i, c in enumerate(columns)]
    if sum(widths) > available:
        wrapable = [c.width is None and not c.no_wrap for c in columns]
        widths = _collapse(widths, wrapable, available)
        if sum(widths) > available:
            return None
        widths = [_measure(c, cells[i], pads[i], widths[i]) for i, c in enumerate(columns)]
    layouts = [_layout(c, cells[i], widths[i] - pads[i]) for i, c in enumerate(columns)]
    blank = [" " * (widths[i] - pads[i]) for i in range(len(columns))]
    lefts = [" " * before for before, _ in sides]
    rights = [" " * after for _, after in sides]
    # The common layout, one space after every column but the last: the cells joined by a space.
    spaced = all(side == (0, 1) for side in sides[:-1]) and sides[-1] == (0, 0)
    out: list[str] = []
    for number, row in enumerate(([c.header for c in columns], *rows) if header else rows):
        drawn = [layout(text) for layout, text in zip(layouts, row, strict=True)]
        height = max(map(len, drawn))
        if height > 1:
            # rich aligns the header's cells at the bottom, the rows' at the top
            top = header and number == 0
            drawn = [
                lines
                if len(lines) == height
                else [blank[i]] * (height - len(lines)) + lines
                if top
                else lines + [blank[i]] * (height - len(lines))
                for i, lines in enumerate(drawn)
            ]
        if spaced:
            out.extend(map(" ".join, zip(*drawn, strict=True)))
        else:
            out.extend(
                "".join([lefts[i] + line + rights[i] for i, line in enumerate(lines)])
                for lines in zip(*drawn, strict=True)
            )
    return "\n".join(out) + "\n" if out else ""


def _layout(column: Column, cells: list[str], width: int) -> Callable[[str], list[str]]:
    """How the column lays out a cell as lines of ``width`` columns: ``wrap`` with the
    column's options, or a shorter way to the same lines where the column allows it."""

    def general(text: str) -> list[str]:
        return wrap(
            text, width, no_wrap=column.no_wrap, justify=column.justify, overflow=column.overflow
        )

    if width < 1 or column.justify != "left":
        return general
    # Whether every character is one column wide and every blank a space, asked once of the
    # whole column rather than of each of its 12,000 cells.
    every = "\n".join((column.header, *cells))
    simple = every.isascii() or not _NOT_SIMPLE_LINES.search(every)
    folds = column.overflow == "fold" and not column.no_wrap
    if simple and folds and not _OTHER_SPACE_LINES.search(every):
        return functools.partial(_folded, width=width)

    def cell(text: str) -> list[str]:
        # The common cell: one line of one-column characters that fits.
        if len(text) <= width and "\n" not in text and (simple or _simple(text)):
            return [text.ljust(width)]
        return general(text)

    return cell


def _folded(text: str, width: int) -> list[str]:
    """``wrap(text, width)`` (left, folding) for text of one-column characters whose only
    blanks are spaces and line ends (checked once for the whole column by ``_layout``): every
    piece the wrap cuts holds at most ``width`` characters but trailing spaces, which are cut
    off with the overflow and the rest padded, as ``_cut`` and ``_fit`` do."""
    if len(text) <= width and "\n" not in text:
        return [text.ljust(width)]
    out = []
    for line in text.split("\n"):
        if len(line) <= width:
            out.append(line.ljust(width))
            continue
        start = 0
        for end in _spaced_breaks(line, width, True):
            out.append(line[start:end][:width].ljust(width))
            start = end
        out.append(line[start:][:width].ljust(width))
    return out


def lines(text: str, available: int) -> str:
    """A message as ``console.print`` writes it: wrapped at the width, nothing padded."""
    out: list[str] = []
    for line in text.split("\n"):
        out.extend(pieces(line, available))
    return "\n".join(out) + "\n"


def wrapped(text: str, width: int) -> list[str]:
    """``text`` word-wrapped at ``width``, long words folded, each line right-trimmed: what
    ``Text.wrap(console, width, overflow="fold")`` then ``rstrip`` give."""
    return [piece.rstrip() for line in text.split("\n") for piece in pieces(line, width)]


# --------------------------------------------------------------------- par list / overdue


def _due(day: date | None, t: Translator) -> str:
    return t("due.none") if day is None else str(t.value(day))


def item_table(items: Sequence[Item], t: Translator, width: int, *, late: bool) -> str | None:
    """``render_views.item_table`` as plain text (same columns, same words); ``None`` where
    only rich can lay it out (a narrow width, columns that do not fit)."""
    if width < 72:  # the narrow layout moves columns under the text: rich draws it
        return None
    columns = [
        Column(t("col.id"), no_wrap=True),
        Column(t("col.task")),
        Column(t("col.due"), no_wrap=True),
    ]
    if late:
        columns.append(Column(t("col.late"), justify="right", no_wrap=True))
    else:
        columns.append(Column(t("col.class"), width=14))
    columns.append(Column(t("col.lead"), no_wrap=True, max_width=12, overflow="ellipsis"))
    # Thousands of items share a few dozen due dates, classes and day counts: each is worded once.
    dues: dict[date | None, str] = {}
    states: dict[object, str] = {}
    rows = []
    for item in items:
        text = item.ref.task.text
        if item.last_note:
            text += "\n↳ " + item.last_note
        due = dues.get(item.due)
        if due is None:
            due = dues[item.due] = _due(item.due, t)
        state_key = item.days_late if late else item.cls
        state = states.get(state_key)
        if state is None:
            state = t("days", days=item.days_late) if late else t(f"cls.{item.cls}")
            states[state_key] = state
        rows.append([item.key, text, due, state, item.ref.task.lead])
    every = "\n".join(cell for row in rows for cell in row)
    tabs, unsafe = "\t" in every, safe(every) != every
    del every  # a copy of every cell: not kept while the table is drawn
    if tabs:
        return None  # rich expands tabs to its own stops: let it lay the table out
    if unsafe:
        # Control characters are made visible before the layout (rich does it after, having
        # measured them as zero columns wide; here the columns stay aligned).
        rows = [[safe(cell) for cell in row] for row in rows]
    return table(columns, rows, width)


def overdue_view(items: Sequence[Item], as_of: date, t: Translator, width: int) -> str | None:
    """``render_views.overdue_view`` as plain text."""
    if not items:
        return lines(t("overdue.none", as_of=t.value(as_of)), width)
    drawn = item_table(items, t, width, late=True)
    if drawn is None:
        return None
    return drawn + lines(t("overdue.count", count=len(items), as_of=t.value(as_of)), width)


def list_view(items: Sequence[Item], t: Translator, width: int) -> str | None:
    """``render_views.list_view`` as plain text."""
    if not items:
        return lines(t("list.none"), width)
    drawn = item_table(items, t, width, late=False)
    if drawn is None:
        return None
    return drawn + lines(t("list.count", count=len(items)), width)
