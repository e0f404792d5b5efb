"""What the command line prints and how: the console, a result as JSON or as a view, documents
written to standard output, errors on standard error, the progress bar of long git scans.

rich is imported inside the functions, so that commands that print little start fast.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from vanthuy_cli.errors import ParError
from vanthuy_cli.render.catalog import Translator

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID

    from vanthuy_cli.findings import Finding
    from vanthuy_cli.plan.loaded import LoadedPlan


def console(stderr: bool = False) -> Console:
    from vanthuy_cli.render.termsafe import SafeConsole

    # markup=False: plan text such as "[vp-tk]" must print as written, never as rich markup.
    # SafeConsole: escape sequences in plan text or commit messages are shown, never obeyed.
    return SafeConsole(stderr=stderr, highlight=False, soft_wrap=False, markup=False, emoji=False)


def emit(
    as_json: bool,
    document: Callable[[], dict[str, Any]],
    render: Callable[[Console], None],
    plain: Callable[[int], str | None] | None = None,
) -> None:
    """Print a command's result: its ``--json`` document, or its view on the terminal.

    ``plain``: the same view as plain text at a given width (``render/plain.py``), used when
    standard output is not a terminal; it returns ``None`` where only rich can lay it out.
    """
    if as_json:
        from vanthuy_cli.render.jsonout import dumps

        typer.echo(dumps(document()))
        return
    if plain is not None:
        from vanthuy_cli.render import plain as plain_text

        if plain_text.wanted():
            text = plain(plain_text.output_width())
            if text is not None:
                sys.stdout.write(text)
                return
    render(console())


def write_stdout(data: bytes) -> None:
    """A rendered Markdown document, byte for byte (UTF-8 whatever the console's encoding); on a
    terminal, control characters from the plan are made visible instead of obeyed."""
    if sys.stdout.isatty():
        from vanthuy_cli.render.termsafe import safe_bytes

        data = safe_bytes(data)
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def say(text: str) -> None:
    """A message about what was done (a file written…), on stderr so stdout stays the result."""
    console(stderr=True).print(text, soft_wrap=True)


def display(path: Path) -> str:
    from vanthuy_cli.storage.fileio import display_name

    return display_name(path)


def print_findings(findings: list[Finding], t: Translator, *, stderr: bool = False) -> None:
    from vanthuy_cli.render import render_findings as rf

    rf.print_text(console(stderr), findings, t)


def report_error(exc: ParError, t: Translator) -> None:
    """The one place a ``ParError`` becomes text: its findings, then ``Lỗi: …`` on stderr."""
    from rich.text import Text

    err = console(stderr=True)
    findings = exc.params.get("findings")
    if findings:
        print_findings(list(findings), t, stderr=True)
    params = {k: v for k, v in exc.params.items() if k != "findings"}
    text = t(exc.key, **params)
    if params.get("suggestions"):
        text += " " + t("task.hint.suggestions", suggestions=params["suggestions"])
    # soft_wrap: a path in the message must stay whole for the terminal to make it clickable.
    err.print(Text.assemble((f"{t('error.prefix')}: ", "bold red"), text), soft_wrap=True)


BANNER_SHOWN = 3  # error locations named in the banner; par validate lists them all


def partial_banner(ws: LoadedPlan, t: Translator) -> None:
    """On stderr, before a view of a partial plan: how many errors, which files and tasks are
    left out, the first few ``file:line:col RULE``, and ``par validate`` as the next step."""
    from rich.text import Text

    from vanthuy_cli.render.render_findings import location

    errors = [f for f in ws.findings if f.is_error]
    kept = {name for _, name in ws.appendices}
    skipped = sorted({f.path for f in errors if f.path not in kept and f.path != ws.plan_file})
    left_out = ws.left_out()  # tasks with errors, their files' other tasks shown
    if left_out:
        skipped.append(t("plans.partial_tasks", tasks=", ".join(left_out)))
    err = console(stderr=True)
    text = t("plans.partial", errors=len(errors), files=", ".join(skipped) or "-")
    err.print(Text(text, style="bold yellow"), soft_wrap=True)
    for f in errors[:BANNER_SHOWN]:
        err.print(f"  {location(f)} {f.rule}", soft_wrap=True)
    if len(errors) > BANNER_SHOWN:
        err.print("  " + t("plans.partial_more", more=len(errors) - BANNER_SHOWN))
    err.print()


class ScanProgress:
    """A progress bar on stderr while the git log is read: only on a terminal and for long scans.

    Called by the library as ``progress(done, total)``; the library itself never prints.
    """

    MIN_COMMITS = 300  # below this the scan takes well under a second: a bar would only flicker

    def __init__(self, label: str) -> None:
        self._label = label
        self._console = console(stderr=True)
        self._enabled = self._console.is_terminal
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    def __call__(self, done: int, total: int) -> None:
        if not self._enabled or total < self.MIN_COMMITS:
            return
        from rich.progress import Progress

        if self._bar is None or self._task is None:
            self._bar = Progress(console=self._console, transient=True)
            self._bar.start()
            self._task = self._bar.add_task(self._label, total=total)
        self._bar.update(self._task, completed=done)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
