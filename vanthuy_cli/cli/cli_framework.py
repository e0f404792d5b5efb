"""The command-line framework's own words, in par's language.

Typer (and the Click it carries) writes its help pages and usage errors in English: "Show this
message and exit.", "No such command 'done'.", "Invalid value for '--format'…", value types shown
as ``<bool>`` or ``<str>``, panels titled "Options". A clerk reads Vietnamese, so:

* ``ParCommand``/``ParGroup`` give every command a Vietnamese help option, name what an option
  takes in Vietnamese (a flag takes nothing and shows nothing), and say "Cách dùng:";
* ``localise_help`` (run when a help page is drawn) sets Typer's panel titles and notes
  ("[biến môi trường: …]");
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
    "<file>": "TỆP",
    "<path>": "ĐƯỜNG_DẪN",
    "<int>": "SỐ",
    "<float>": "SỐ",
}


def localise_help() -> None:
    """Typer's help-page words in Vietnamese (module settings Typer reads when it renders).

    Called when a help page is drawn, not at import: Typer's renderer pulls in most of rich, which
    a command that prints no help should not pay for at start-up.
    """
    from typer import rich_utils

    rich_utils.OPTIONS_PANEL_TITLE = _VI("help.options")
    rich_utils.ARGUMENTS_PANEL_TITLE = _VI("help.arguments")
    rich_utils.COMMANDS_PANEL_TITLE = _VI("help.commands")
    rich_utils.ERRORS_PANEL_TITLE = _VI("error.prefix")
    rich_utils.ENVVAR_STRING = _VI("help.envvar")
    rich_utils.DEFAULT_STRING = _VI("help.default")
    rich_utils.REQUIRED_LONG_STRING = _VI("help.required")
    rich_utils.ABORTED_TEXT = _VI("help.aborted")
    rich_utils.RICH_HELP = _VI("help.try")


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
        label = param.display_type(ctx) if hasattr(param, "display_type") else None
        if isinstance(label, str):
            param.metavar = _METAVARS.get(label, label.strip("<>").upper())


def _usage(text: str) -> str:
    return text.replace("Usage: ", _VI("help.usage") + " ", 1)


class ParCommand(TyperCommand):
    """A par command: Vietnamese help page."""

    def get_help_option(self, ctx: Context) -> Any:
        return _help_option(super().get_help_option(ctx))

    def get_usage(self, ctx: Context) -> str:
        return _usage(super().get_usage(ctx))

    def format_help(self, ctx: Context, formatter: Any) -> None:
        localise_help()
        _localise(self, ctx)
        super().format_help(ctx, formatter)


class ParGroup(TyperGroup):
    """The ``par`` group: Vietnamese help page, and unknown commands as par's usage errors."""

    def get_help_option(self, ctx: Context) -> Any:
        return _help_option(super().get_help_option(ctx))

    def get_usage(self, ctx: Context) -> str:
        return _usage(super().get_usage(ctx))

    def format_help(self, ctx: Context, formatter: Any) -> None:
        localise_help()
        _localise(self, ctx)
        super().format_help(ctx, formatter)

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
