"""The command-line framework's own words, in par's language.

Typer (and the Click it carries) writes its help pages and usage errors in English: "Show this
message and exit.", "No such command 'done'.", "Invalid value for '--format'…", value types shown
as ``<bool>`` or ``<str>``, panels titled "Options". A clerk reads Vietnamese, so:

* ``ParCommand``/``ParGroup`` give every command a Vietnamese help option, name what an option
  takes in Vietnamese (a flag takes nothing and shows nothing), and say "Cách dùng:";
* help pages are plain text drawn by the framework's own formatter (``rich_markup_mode=None``):
  Typer's rich renderer imports rich's Markdown, syntax and traceback modules (about 120 ms,
  more than the rest of ``par --help``), and plain text reads the same in a terminal, a pipe or
  a screen reader. ``_format_options``/``_format_commands`` give its sections and its notes
  ("[biến môi trường: …]", "[mặc định: …]") Vietnamese titles;
* ``usage_error`` turns the framework's usage errors into par's own ``UsageError``, so they are
  printed like every other error: one translated line, exit code 2.

Help pages are always Vietnamese (``--help`` has no ``--lang``); errors follow ``--lang``.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from typer._click import Context
from typer._click import exceptions as click_errors
from typer.core import TyperCommand, TyperGroup

from vanthuy_cli.errors import UsageError
from vanthuy_cli.render.catalog import Translator

_VI = Translator("vi")

#: What an option without its own metavar takes, by the framework's type label.
_METAVARS = {
    "<str>": "CHỮ",
    "<dir>": "THƯ_MỤC",
    "<directory>": "THƯ_MỤC",
    "<file>": "TỆP",
    "<path>": "ĐƯỜNG_DẪN",
    "<int>": "SỐ",
    "<float>": "SỐ",
}


#: The notes the framework appends to an option's help, in English: "[env var: X; default: Y;
#: required]". Each becomes its own Vietnamese bracket.
_NOTES = re.compile(r"\s*\[(?P<inner>(?:env var: |default: |required)[^\[\]]*)\]$")


def _vi_record(record: tuple[str, str]) -> tuple[str, str]:
    """An option's help line with the framework's notes in Vietnamese."""
    term, text = record
    found = _NOTES.search(text)
    if found is None:
        return term, text
    notes = []
    for note in found["inner"].split("; "):
        if note.startswith("env var: "):
            notes.append(_VI("help.envvar").format(note.removeprefix("env var: ")))
        elif note.startswith("default: "):
            notes.append(_VI("help.default").format(note.removeprefix("default: ")))
        elif note == "required":
            notes.append(_VI("help.required"))
        else:
            notes.append(f"[{note}]")
    head = text[: found.start()]
    return term, f"{head}  {' '.join(notes)}" if head else " ".join(notes)


def _format_options(command: Any, ctx: Context, formatter: Any) -> None:
    """Arguments, then options, as Typer's plain formatter lists them, under Vietnamese titles."""
    arguments: list[tuple[str, str]] = []
    options: list[tuple[str, str]] = []
    for param in command.get_params(ctx):
        record = param.get_help_record(ctx)
        if record is not None:
            rows = arguments if param.param_type_name == "argument" else options
            rows.append(_vi_record(record))
    for title, rows in (("help.arguments", arguments), ("help.options", options)):
        if rows:
            with formatter.section(_VI(title)):
                formatter.write_dl(rows)


def _help_option(option: Any) -> Any:
    if option is not None:
        option.help = _VI("help.help_option")
        option.metavar = ""  # a flag: no value to name
    return option


def _localise(command: Any, ctx: Context) -> None:
    """Vietnamese help option and value names for ``command`` (idempotent)."""
    _help_option(command.get_help_option(ctx))
    for param in command.params:
        if param.name in ("install_completion", "show_completion"):
            param.help = _VI(f"help.{param.name}")
        if param.metavar is not None:
            continue
        if getattr(param, "is_flag", False):
            param.metavar = ""  # a flag takes no value: nothing to show
            continue
        # Typer 0.29's click names the type with display_type; 0.28's through make_metavar.
        label = param.display_type(ctx) if hasattr(param, "display_type") else None
        if label is None and param.param_type_name == "option":
            label = param.make_metavar(ctx)
        if isinstance(label, str) and label.startswith("<"):
            param.metavar = _METAVARS.get(label, label.strip("<>").upper())


def _usage(text: str) -> str:
    return text.replace("Usage: ", _VI("help.usage") + " ", 1)


#: The framework's English placeholders in a usage line, in the words of the help page below it.
_USAGE_WORDS = {"[OPTIONS]": "[TÙY_CHỌN]", "COMMAND [ARGS]...": "LỆNH [ĐỐI_SỐ]..."}


def _format_usage(command: Any, ctx: Context, formatter: Any) -> None:
    pieces = " ".join(_USAGE_WORDS.get(p, p) for p in command.collect_usage_pieces(ctx))
    formatter.write_usage(ctx.command_path, pieces, prefix=_VI("help.usage") + " ")


class _VietnameseHelp:
    """The Vietnamese help page, shared by a command and the group (put first in the bases, so
    that ``super()`` reaches the framework's class)."""

    def get_help_option(self, ctx: Context) -> Any:
        return _help_option(super().get_help_option(ctx))  # type: ignore[misc]

    def get_usage(self, ctx: Context) -> str:
        return _usage(super().get_usage(ctx))  # type: ignore[misc]

    def format_help(self, ctx: Context, formatter: Any) -> None:
        _localise(self, ctx)
        super().format_help(ctx, formatter)  # type: ignore[misc]

    def format_usage(self, ctx: Context, formatter: Any) -> None:
        _format_usage(self, ctx, formatter)

    def format_options(self, ctx: Context, formatter: Any) -> None:
        _format_options(self, ctx, formatter)


class ParCommand(_VietnameseHelp, TyperCommand):
    """A par command: Vietnamese help page."""


class ParGroup(_VietnameseHelp, TyperGroup):
    """The ``par`` group: Vietnamese help page, and unknown commands as par's usage errors."""

    def format_options(self, ctx: Context, formatter: Any) -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: Context, formatter: Any) -> None:
        """Each command and the first sentence of its help, under "Lệnh"."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            text, hidden = self.command_summary(ctx, name, limit)
            if not hidden:
                rows.append((name, text))
        if rows:
            with formatter.section(_VI("help.commands")):
                formatter.write_dl(rows)

    def command_summary(self, ctx: Context, name: str, limit: int) -> tuple[str, bool]:
        """A command's first sentence and whether it is hidden from the list."""
        command = self.get_command(ctx, name)
        if command is None:
            return "", True
        return command.get_short_help_str(limit), command.hidden

    def resolve_command(self, ctx: Context, args: list[str]) -> Any:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            commands = list(self.list_commands(ctx))
            raise UsageError(
                "error.no_command",
                name=name,
                choices=", ".join(commands),
                suggestions=", ".join(difflib.get_close_matches(name, commands, n=3)),
            )
        return super().resolve_command(ctx, args)


def usage_error(exc: click_errors.UsageError) -> UsageError:
    """The framework's usage error as par's own: a catalogue key and its parameters."""
    command = exc.ctx.command_path if exc.ctx is not None else "par"
    if isinstance(exc, click_errors.NoSuchOption):
        return UsageError(
            "error.no_option",
            name=exc.option_name,
            command=command,
            suggestions=", ".join(sorted(exc.possibilities or ())),
        )
    if isinstance(exc, click_errors.MissingParameter):
        return UsageError("error.missing", name=_param_name(exc), command=command)
    if isinstance(exc, click_errors.BadParameter):
        return _bad_value(exc)
    if isinstance(exc, click_errors.BadOptionUsage):
        return UsageError("error.option_usage", name=exc.option_name, detail=exc.message)
    return UsageError("error.usage", detail=exc.message)


def _param_name(exc: click_errors.BadParameter) -> str:
    if exc.param is not None:
        opts = [o for o in getattr(exc.param, "opts", ()) if o.startswith("--")]
        if opts:
            return str(opts[0])
        if exc.ctx is not None:  # Typer 0.28's click asks for the context
            return str(exc.param.get_error_hint(exc.ctx)).strip("'")
        return exc.param.name or ""
    hint = exc.param_hint
    if isinstance(hint, str):
        return hint
    return " / ".join(hint or ())


_NOT_ONE_OF = re.compile(r"'(?P<value>[^']*)' is not one of (?P<choices>.*?)\.?$")


def _bad_value(exc: click_errors.BadParameter) -> UsageError:
    name = _param_name(exc)
    found = _NOT_ONE_OF.search(exc.message)
    if found:  # a choice: say which value and what to choose, in our words
        choices = ", ".join(re.findall(r"'([^']*)'", found["choices"]))
        return UsageError("error.bad_choice", name=name, value=found["value"], choices=choices)
    return UsageError("error.bad_value", name=name, detail=exc.message)
