"""The ``par`` Typer application: the object every command module registers on.

It lives apart from the commands so that each command module imports it and nothing imports a
command module back (``main`` gathers them). Every ``ParError`` is turned into a message and an
exit code here (``_ParGroup``) and nowhere else.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer._click import exceptions as click_errors
from typer._click.utils import make_default_short_help
from typer.core import TyperCommand
from typer.models import CommandFunctionType, CommandInfo

from vanthuy_cli import __version__
from vanthuy_cli.cli import cli_output as out
from vanthuy_cli.cli.cli_framework import ParCommand, ParGroup, usage_error
from vanthuy_cli.cli.cli_options import LANG_META
from vanthuy_cli.errors import EXIT_USAGE, ParError
from vanthuy_cli.render.catalog import Translator, safe_lang

# par uses no pydantic plugins; looking for them scans every installed package's entry points
# (about 15 ms of start-up on each command).
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

if TYPE_CHECKING:
    # Typer ships its own copy of click; the group below overrides some of its methods.
    from typer._click import Command as ClickCommand
    from typer._click import Context as ClickContext


class _ParGroup(ParGroup):
    """The one place where a ``ParError`` becomes a message on stderr and an exit code.

    The framework's own usage errors (an unknown option, a bad value) become par's
    ``UsageError`` first, so they read like every other error: one translated line, exit 2.
    """

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: ClickContext | None = None,
        **extra: Any,
    ) -> ClickContext:
        try:
            ctx = super().make_context(info_name, args, parent=parent, **extra)
        except click_errors.NoArgsIsHelpError:
            raise
        except click_errors.UsageError as exc:
            out.report_error(usage_error(exc), Translator(safe_lang(_lang_in(args))))
            raise typer.Exit(EXIT_USAGE) from None
        # Kept for errors met before the command reads its --lang (a bad option value).
        ctx.meta["par.args"] = list(args)
        return ctx

    def list_commands(self, ctx: ClickContext) -> list[str]:
        return [*super().list_commands(ctx), *(n for n in _LAZY if n not in self.commands)]

    def get_command(self, ctx: ClickContext, cmd_name: str) -> ClickCommand | None:
        found = super().get_command(ctx, cmd_name)
        if found is None and cmd_name in _LAZY:
            from typer.main import get_command_from_info

            found = get_command_from_info(
                _LAZY[cmd_name], pretty_exceptions_short=True, rich_markup_mode=None
            )
            self.commands[cmd_name] = found
        return found

    def command_summary(self, ctx: ClickContext, name: str, limit: int) -> tuple[str, bool]:
        """A command's first sentence and whether it is hidden, without building it."""
        info = _LAZY.get(name)
        if info is None or name in self.commands:
            return super().command_summary(ctx, name, limit)
        hidden = bool(info.hidden)
        if info.short_help:
            return inspect.cleandoc(info.short_help).strip(), hidden
        text = info.help if info.help is not None else inspect.getdoc(info.callback) or ""
        return make_default_short_help(inspect.cleandoc(text), limit).strip(), hidden

    def invoke(self, ctx: ClickContext) -> object:
        try:
            try:
                return super().invoke(ctx)
            except click_errors.NoArgsIsHelpError:
                raise
            except click_errors.UsageError as exc:
                raise usage_error(exc) from None
        except ParError as exc:
            out.report_error(exc, Translator(self._lang(ctx)))
            ctx.exit(exc.exit_code)
        except (typer.Abort, EOFError) as exc:
            # A prompt left with Ctrl-D or refused: the framework would say "Aborted!" in English.
            if isinstance(exc, EOFError):
                typer.echo(err=True)
            typer.echo(Translator(self._lang(ctx))("help.aborted"), err=True)
            ctx.exit(1)

    @staticmethod
    def _lang(ctx: ClickContext) -> str:
        """The language the command resolved (cli_options.LangOpt), else the raw --lang."""
        lang: str = ctx.meta.get(LANG_META) or safe_lang(_lang_in(ctx.meta.get("par.args", [])))
        return lang


def _lang_in(args: list[str]) -> str | None:
    """The value of ``--lang`` among raw command-line arguments, if any."""
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


class _ParTyper(typer.Typer):
    """Every command of ``par`` is a ``ParCommand`` (Vietnamese help page).

    Run from the command line, commands are built only when used (``_ParGroup.get_command``):
    Typer otherwise turns every registered function (35 with the aliases) into a command on each
    run, reading each signature and evaluating its annotations, which costs more than everything
    ``par status`` does on a cached plan. ``par --help`` lists them from their docstrings and
    builds none. Tests call Typer's ``get_command`` directly and get every command built.
    """

    def command(
        self, name: str | None = None, *, cls: type[TyperCommand] | None = None, **kwargs: Any
    ) -> Callable[[CommandFunctionType], CommandFunctionType]:
        return super().command(name, cls=cls or ParCommand, **kwargs)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        every = self.registered_commands
        _LAZY.update((_command_name(info), info) for info in every)
        self.registered_commands = []  # the group is made empty; _ParGroup builds on demand
        try:
            return super().__call__(*args, **kwargs)
        finally:
            self.registered_commands = every
            _LAZY.clear()


#: The registered commands by name while ``app()`` runs (``_ParTyper.__call__``).
_LAZY: dict[str, CommandInfo] = {}


def _command_name(info: CommandInfo) -> str:
    return info.name or (info.callback.__name__ if info.callback else "")


app = _ParTyper(
    cls=_ParGroup,
    name="par",
    help=(
        "par: theo dõi Kế hoạch nâng cao Chỉ số PAR INDEX và SIPAS của UBND xã.\n\n"
        "Kế hoạch và các phụ lục là tệp YAML trong thư mục plans/. "
        "Ví dụ: par validate · par status · par overdue · par report 2024-Q3"
    ),
    no_args_is_help=True,
    add_completion=True,
    # Plain help pages (cli_framework.py says why): no rich renderer at start-up.
    rich_markup_mode=None,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"par {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version_callback, is_eager=True, help="In phiên bản rồi thoát."
        ),
    ] = False,
) -> None:
    """par: theo dõi Kế hoạch nâng cao Chỉ số PAR INDEX và SIPAS của UBND xã."""
