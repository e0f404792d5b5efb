"""The command-line options that several commands share, declared once, and how their values are
read: dates, choices from a fixed list, the display language.

A command names an option by its type here (``plans: PlansOpt = None``) or, when only the help
text differs, by calling its declaration (``Annotated[Path | None, output_option("…")]``). Values
that can be wrong are read in the command body, after the language is known, so that a mistake
is a translated usage error (exit 2), never the framework's English message.
"""

from __future__ import annotations

import os
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from vanthuy_cli.errors import UsageError
from vanthuy_cli.render.catalog import resolve_lang

if TYPE_CHECKING:
    from vanthuy_cli.rules.classify import Cls

#: Where the language of the running command is kept: the click context's ``meta``, shared by the
#: group and its command, so that errors are reported in the language the command was asked for.
LANG_META = "par.lang"


def _remember_lang(ctx: typer.Context, value: str) -> str:
    """``--lang``/``PAR_LANG`` resolved once (an unknown language is a usage error)."""
    lang = resolve_lang(value)
    ctx.meta[LANG_META] = lang
    return lang


PlansOpt = Annotated[
    Path | None,
    typer.Option(
        "--plans",
        "-p",
        envvar="PAR_PLANS",
        file_okay=False,
        help="Thư mục plans/ (mặc định: tìm ở thư mục hiện tại rồi các thư mục cha).",
    ),
]


def as_of_option(help: str) -> Any:
    """``--as-of``: the day the plan is looked at."""
    return typer.Option("--as-of", metavar="NGÀY", help=help)


#: ``--year``: which year's plan (``plans-<year>/`` beside ``plans/``; see newyear.py). Every
#: command that reads or writes the plan takes it; ``plans_dir`` turns it into the folder.
YearOpt = Annotated[
    int | None,
    typer.Option(
        "--year",
        "--nam",
        metavar="NĂM",
        help="Kế hoạch của năm này (mặc định: năm nay nếu đã có, không thì plans/).",
    ),
]


def plans_dir(plans: Path | None, year: int | None) -> Path:
    """The plans folder a command works on: ``--plans`` or the folder found from here, then the
    folder of ``--year`` (or of this year, when next year's plan was made with par init)."""
    from vanthuy_cli.reading.workspace import resolve_plans_dir

    found = resolve_plans_dir(plans)
    if year is None and not found.parent.joinpath(f"{found.name}-{today().year}").is_dir():
        return found  # the usual case, decided without reading or importing anything more
    from vanthuy_cli.recording.newyear import plans_for_year

    return plans_for_year(found, year, today())


AsOfOpt = Annotated[
    str | None,
    as_of_option("Ngày xét, ví dụ 2024-09-30 hoặc 30/9/2024 (mặc định: hôm nay)."),
]
#: The resolved language code, "vi" or "en" (``lang: LangOpt = "vi"``; PAR_LANG when not given).
LangOpt = Annotated[
    str,
    typer.Option(
        "--lang",
        envvar="PAR_LANG",
        metavar="vi|en",
        callback=_remember_lang,
        show_default=False,
        help="Ngôn ngữ hiển thị: vi (mặc định) hoặc en.",
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="In kết quả dạng JSON (cho script).")]
LeadOpt = Annotated[
    str | None,
    typer.Option(
        "--lead", "-l", help="Lọc theo người chủ trì: mã (vp-tk) hoặc chữ trong chức danh."
    ),
]
AppendixOpt = Annotated[
    str | None, typer.Option("--appendix", "-a", help="Lọc theo phụ lục: I hoặc II.")
]
GroupOpt = Annotated[
    str | None,
    typer.Option("--group", "-g", help="Lọc theo lĩnh vực/yếu tố: số (3, I.3) hoặc chữ trong tên."),
]


def output_option(help: str) -> Any:
    """``--output``/``-o``: the file a command writes."""
    return typer.Option("--output", "-o", help=help)


def template_option(help: str) -> Any:
    """``--template``/``-t``: a template of the clerk's own."""
    return typer.Option("--template", "-t", dir_okay=False, help=help)


def format_option(choices: type[StrEnum], help: str) -> Any:
    """``--format``/``-f``: one of ``choices``, read by ``parse_choice`` in the command."""
    return typer.Option("--format", "-f", metavar="|".join(c.value for c in choices), help=help)


#: File name endings and the format they mean.
EXTENSIONS = {".md": "md", ".markdown": "md", ".docx": "docx", ".xlsx": "xlsx", ".zip": "zip"}


def output_format(
    output: str | None, requested: str | None, *, allowed: tuple[str, ...], default: str
) -> str:
    """The format a command writes: ``-o``'s extension decides and ``--format`` may only agree,
    so that ``-o ke-hoach.docx`` never holds Markdown (``-o folder/`` names a folder, whatever
    its name ends with). ``-o -`` is Markdown on standard output unless ``--format`` says else."""
    implied = None
    if output is not None and output != "-" and not output.endswith(("/", os.sep)):
        implied = EXTENSIONS.get(Path(output).suffix.lower())
        implied = implied if implied in allowed else None
    if implied and requested and implied != requested:
        raise UsageError("report.format_conflict", path=output, ext=implied, fmt=requested)
    if implied:
        return implied
    if output == "-":
        return requested or "md"
    return requested or default


def force_option(help: str = "Ghi đè tệp đã có.") -> Any:
    """``--force``: replace a file that exists."""
    return typer.Option("--force", help=help)


E = TypeVar("E", bound=StrEnum)


def parse_choice(choices: type[E], value: str, *, option: str, key: str = "error.bad_choice") -> E:
    """``value`` as a member of ``choices`` (case and ``-``/``_`` ignored); a translated
    ``UsageError`` listing the choices otherwise. ``key`` picks a more specific message."""
    wanted = value.strip().lower().replace("-", "_")
    for member in choices:
        if member.value.lower().replace("-", "_") == wanted:
            return member
    listed = ", ".join(member.value for member in choices)
    raise UsageError(key, name=option, value=value, choices=listed)


def parse_date_option(value: str | None) -> date | None:
    """A date typed on the command line; a ``UsageError`` (exit 2) in the user's language."""
    if value is None:
        return None
    from vanthuy_cli.plan.periods import YEARS
    from vanthuy_cli.plan.records import NotADate, parse_day

    try:
        day = parse_day(value)
    except NotADate:
        raise UsageError("error.bad_date", value=value) from None
    if day.year not in YEARS:  # 1/1/0001 or 31/12/9999 would overflow period arithmetic
        raise UsageError("error.bad_date", value=value)
    return day


def today() -> date:
    """Today in Vietnam (UTC+7, no daylight saving), whatever the machine's time zone."""
    from datetime import datetime, timedelta, timezone

    return datetime.now(timezone(timedelta(hours=7))).date()


def as_of_date(value: str | None) -> date:
    """``--as-of`` or today."""
    parsed = parse_date_option(value)
    return parsed if parsed is not None else today()


def parse_classes(values: list[str] | None, lang: str) -> frozenset[Cls]:
    """``--class``: each value a code (``due_soon``) or the name the views print, in Vietnamese
    or English, with or without diacritics ("Quá hạn", "sap den han", "done late"), like
    statuses; "hoàn thành"/"done" is both kinds of done. A ``UsageError`` listing the names (in
    ``lang``) and the codes otherwise."""
    from vanthuy_cli.render.catalog import Translator
    from vanthuy_cli.rules.classify import Cls

    names: dict[str, frozenset[Cls]] = {}
    for language in ("vi", "en"):
        t = Translator(language)
        for member in Cls:
            label = t(f"cls.{member.value}")
            # "Đang thực hiện, trong hạn" is also "đang thực hiện" (as the status is written).
            for name in (member.value, label, label.split(",")[0]):
                names.setdefault(_class_words(name), frozenset({member}))
    both_done = frozenset({Cls.DONE_ON_TIME, Cls.DONE_LATE})
    for name in ("hoàn thành", "done"):
        names.setdefault(_class_words(name), both_done)
    chosen: set[Cls] = set()
    for value in values or []:
        found = names.get(_class_words(value))
        if found is None:
            shown = Translator(lang)
            raise UsageError(
                "error.bad_class_name",
                value=value,
                names="; ".join(_lowered(shown(f"cls.{m.value}")) for m in Cls),
                codes=", ".join(m.value for m in Cls),
            )
        chosen |= found
    return frozenset(chosen)


def _class_words(text: str) -> str:
    from vanthuy_cli.textutil import fold

    return fold(text.replace("_", " ").replace("-", " "))


def _lowered(label: str) -> str:
    """A label as it reads inside a sentence: "Quá hạn" → "quá hạn"."""
    return label[:1].lower() + label[1:]
