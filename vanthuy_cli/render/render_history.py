"""Show ``par history`` and ``par diff`` results: a timeline for the terminal, or JSON.

The terminal timeline groups changes under their commit (short sha, date in UTC+7, author,
message), uncommitted changes last under "chưa commit". Changes that rewrite the append-only
progress log are marked "⚠" and coloured; each deadline change says how many times that task's
deadline has moved so far, and a closing table gives the totals: the audit a supervisor asks for.
Output fits 80 columns; plan text is never read as rich markup (the console has markup=False).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from vanthuy_cli.history.gitio import Commit
from vanthuy_cli.history.history import Change, ChangeKind, Diff, History, deadline_moves
from vanthuy_cli.render import history_text, jsonout
from vanthuy_cli.render.catalog import Translator
from vanthuy_cli.render.render_findings import message
from vanthuy_cli.render.render_views import plain_ok

FLAG = "⚠ "
_KIND_STYLE = {
    ChangeKind.TASK_ADDED: "green",
    ChangeKind.TASK_REMOVED: "red",
    ChangeKind.TASK_MOVED: "blue",
    ChangeKind.DEADLINE: "yellow",
    ChangeKind.LEAD: "cyan",
    ChangeKind.TARGET: "cyan",
    ChangeKind.STATUS: "magenta",
    ChangeKind.SKIPPED: "dim",
}


# ---------------------------------------------------------------------------- terminal


def timeline(console: Console, result: History, t: Translator) -> None:
    """The ``par history`` timeline, then the deadline-move counts and a one-line summary."""
    if not result.changes:
        console.print(t("history.none"))
        return
    _changes(console, result.changes, t, headers=True)
    _summary(console, result.changes, t, result.deadline_moves, commits=result.commits)


def diff_view(console: Console, result: Diff, t: Translator) -> None:
    """``par diff``: what differs from one revision to another (or to the working tree)."""
    console.print(
        Text(
            t(
                "diff.header",
                old=_commit_label(result.base, t),
                new=_commit_label(result.target, t),
            ),
            style="bold",
        ),
        overflow="fold",
    )
    if not result.changes:
        console.print(t("diff.none"))
        return
    _changes(console, result.changes, t, headers=False)
    _summary(console, result.changes, t, deadline_moves(result.changes), commits=None)


def _changes(console: Console, changes: list[Change], t: Translator, *, headers: bool) -> None:
    """Each change on its own line(s) under its commit: "  ID  what happened", wrapped with a
    hanging indent. Built as one ``Text`` and printed once: a rich ``Table`` per commit costs
    about a millisecond each, which a year of commits turns into seconds."""
    id_width = min(max((len(c.task_id or "") for c in changes), default=0), 14)
    indent = 2 + id_width + 2
    width = max(24, console.width - indent)
    if plain_ok(console) and console.width - indent >= 24:
        _plain_changes(console, changes, t, headers=headers, id_width=id_width, width=width)
        return
    lines: list[Text] = []
    current: str | None = "-"  # no commit shown yet
    for change in changes:
        if headers and change.commit.sha != current:
            current = change.commit.sha
            lines.append(_header(change.commit, t))
        count = change.ordinal  # counted over the whole history, not only what is shown
        first = f"  {(change.task_id or ''):<{id_width}}  "  # longer for an unusually long id
        body = describe(change, t, count=count)
        for n, line in enumerate(
            body.wrap(console, width - (len(first) - indent), overflow="fold")
        ):
            line.rstrip()
            lines.append(Text(first if n == 0 else " " * indent) + line)
    console.print(Text("\n").join(lines), overflow="fold")


def _plain_changes(
    console: Console,
    changes: list[Change],
    t: Translator,
    *,
    headers: bool,
    id_width: int,
    width: int,
) -> None:
    """``_changes`` as plain text, for a console that is no terminal (``render/plain.py``): the
    same lines, without rich laying out one ``Text`` of every change (most of a long history).
    The words are those of ``_header`` and ``describe``, joined as plain strings."""
    from vanthuy_cli.render import plain
    from vanthuy_cli.textutil import safe

    indent = 2 + id_width + 2
    page = console.width  # a property that asks the terminal each time: read once
    out: list[str] = []
    current: str | None = "-"
    for change in changes:
        if headers and change.commit.sha != current:
            current = change.commit.sha
            head = safe("".join(words for words, _ in _header_parts(change.commit, t)))
            out += [head] if _fits(head, page) else plain.pieces(head, page)
        first = f"  {(change.task_id or ''):<{id_width}}  "
        body = safe("".join(words for words, _ in _described(change, t, change.ordinal)))
        room = width - (len(first) - indent)
        lines = [body.rstrip()] if _fits(body, room) else plain.wrapped(body, room)
        for n, piece in enumerate(lines):
            out.append((first if n == 0 else " " * indent) + piece)
    console.file.write("\n".join(out) + "\n")


def _fits(line: str, width: int) -> bool:
    """One line that the word wrap leaves whole: ``plain.pieces(line, width) == [line]``."""
    from vanthuy_cli.render.plain import cell_len

    return len(line) <= width and "\n" not in line and cell_len(line) <= width


def _header_parts(commit: Commit, t: Translator) -> list[tuple[str, str]]:
    """A commit's heading as (words, style) pieces: styled by ``_header``, joined bare by the
    plain timeline."""
    if commit.uncommitted:
        return [(t("history.uncommitted"), "bold yellow")]
    parts = [
        (commit.short, "yellow"),
        (f"  {_when(commit.committed)}  ", ""),
        (commit.author, "cyan"),
    ]
    if commit.message:
        parts.append((f"  {commit.message}", "bold"))
    return parts


def _header(commit: Commit, t: Translator) -> Text:
    (words, style), *more = _header_parts(commit, t)
    text = Text(words, style=style)  # the first piece's style is the line's, as in ``describe``
    for words, style in more:
        text.append(words, style=style)
    return text


def _commit_label(commit: Commit, t: Translator) -> str:
    if commit.uncommitted:
        return t("history.uncommitted")
    return f"{commit.short} ({_when(commit.committed)})"


def _when(moment: datetime | None) -> str:
    return moment.strftime("%d/%m/%Y %H:%M") if moment else ""


def describe(change: Change, t: Translator, *, count: int | None = None) -> Text:
    """One change as a styled line: what happened and, where it helps, from what to what."""
    (words, style), *more = _described(change, t, count)
    text = Text(words, style=style)  # the label's style is the line's (the detail takes it)
    for words, style in more:
        text.append(words, style=style)
    return text


def _described(change: Change, t: Translator, count: int | None) -> list[tuple[str, str]]:
    """The words of ``describe`` and the style of each."""
    kind = change.kind
    label = t(f"history.kind.{kind}")
    style = "bold red" if change.flagged else _KIND_STYLE.get(kind, "")
    parts = [((FLAG if change.flagged else "") + label, style)]
    if change.index is not None:
        parts.append((" " + t("history.entry_line", index=change.index), style))
    detail = history_text.detail(change, t)
    if detail:
        parts.append((": " + detail, ""))
    if count is not None:
        parts.append((" " + t("history.move_count", count=count), "yellow"))
    return parts


def _summary(
    console: Console,
    changes: list[Change],
    t: Translator,
    moves: dict[str, int],
    *,
    commits: int | None,
) -> None:
    if moves:
        console.print()
        console.print(Text(t("history.moves_title"), style="bold"))
        table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 1))
        table.add_column(no_wrap=True, min_width=1)
        table.add_column(no_wrap=True)
        table.add_column(justify="right", no_wrap=True)
        for task_id, count in moves.items():
            table.add_row(
                "",
                task_id,
                Text(t("history.times", count=count), style="bold yellow" if count > 1 else ""),
            )
        console.print(table)
    flagged = sum(1 for c in changes if c.flagged)
    if flagged:
        console.print(Text(FLAG + t("history.flagged", count=flagged), style="bold red"))
    skipped = sum(1 for c in changes if c.kind is ChangeKind.SKIPPED)
    if skipped:
        console.print(Text(t("history.skipped", count=skipped), style="yellow"))
    shas = {c.commit.sha for c in changes if not c.commit.uncommitted}
    real = len(changes) - skipped
    if commits is None:
        console.print(t("diff.summary", changes=real))
    else:
        console.print(t("history.summary", changes=real, commits=len(shas)))


# -------------------------------------------------------------------------------- JSON


def commit_json(commit: Commit) -> dict[str, Any] | None:
    """A commit for ``--json``; ``None`` for the working tree."""
    if commit.uncommitted:
        return None
    return {
        "sha": commit.sha,
        "short": commit.short,
        "author": commit.author,
        "email": commit.email,
        "date": _iso(commit.committed),
        "authored": _iso(commit.authored),
        "message": commit.message,
    }


def change_json(change: Change, t: Translator) -> dict[str, Any]:
    """One change for ``--json``; ``kind`` is a ``ChangeKind`` value, ``label`` its words.

    ``old``/``new`` are the values as written, with the YAML keys inside them in English: the
    deadline or lead text, a target or progress entry object, an English status, a task's text
    (added/removed), ``{"file", "appendix_id", "group_id"}`` for a move, and for other changes an
    object of the changed keys (also named in ``keys``).
    """
    finding = change.finding
    return {
        "commit": commit_json(change.commit),
        "uncommitted": change.commit.uncommitted,
        "kind": str(change.kind),
        "label": t(f"history.kind.{change.kind}"),
        "flagged": change.flagged,
        "task_id": change.task_id,
        "file": change.file,
        "old": _value_json(change, change.old),
        "new": _value_json(change, change.new),
        "entry_index": change.index,
        "keys": [jsonout.task_key(k) for k in change.keys],
        "deadline_move": change.ordinal,
        "reason": change.reason,
        "initial": change.initial,
        "finding": None
        if finding is None
        else {
            "path": finding.path,
            "line": finding.line,
            "column": finding.col,
            "rule": finding.rule,
            "severity": str(finding.severity),
            "message": message(finding, t),
        },
    }


def _value_json(change: Change, value: Any) -> Any:
    kind = change.kind
    if value is None:
        return None
    if kind is ChangeKind.TASK_MOVED and isinstance(value, dict):
        appendix, group = value.get("appendix"), value.get("group")
        return {
            "file": value.get("file"),
            "appendix_id": appendix,
            "group_id": f"{appendix}.{group}" if appendix and group else None,
        }
    if kind is ChangeKind.TARGET:
        return jsonout.target(value)
    if kind is ChangeKind.STATUS and isinstance(value, str):
        return jsonout.STATUS.get(value, value)
    if kind in (
        ChangeKind.PROGRESS_ADDED,
        ChangeKind.PROGRESS_INSERTED,
        ChangeKind.PROGRESS_EDITED,
        ChangeKind.PROGRESS_DELETED,
    ):
        return jsonout.entry(value)
    if kind is ChangeKind.OTHER and isinstance(value, dict) and change.keys:
        return {jsonout.task_key(k): jsonout.task_value(k, v) for k, v in value.items()}
    return value


def history_json(result: History, t: Translator) -> dict[str, Any]:
    return jsonout.document(
        commits_scanned=result.commits,
        uncommitted=result.uncommitted,
        skipped=len(result.skipped),
        changes=[change_json(c, t) for c in result.changes],
        deadline_moves=result.deadline_moves,
    )


def diff_json(result: Diff, t: Translator) -> dict[str, Any]:
    return jsonout.document(
        **{"from": commit_json(result.base), "to": commit_json(result.target)},
        changes=[change_json(c, t) for c in result.changes],
        deadline_moves=deadline_moves(result.changes),
    )


dumps = jsonout.dumps


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
