"""The ``par`` command line: parse options, call one library function, render the result.

Heavy libraries (pydantic, PyYAML, rich, Jinja, docx) are imported inside the commands that need
them, so ``par --help``, shell completion and light commands start fast. Every ``ParError`` is
turned into a message and an exit code in ``main`` and nowhere else.
"""

from __future__ import annotations

import errno
import io
import os
import sys
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer._click import exceptions as click_errors
from typer.core import TyperCommand
from typer.models import CommandFunctionType

from vanthuy_cli import __version__
from vanthuy_cli.catalog import Translator, resolve_lang, safe_lang
from vanthuy_cli.cli_framework import ParCommand, ParGroup, usage_error
from vanthuy_cli.errors import EXIT_PROBLEMS, EXIT_USAGE, ParError, UsageError

# par uses no pydantic plugins; looking for them scans every installed package's entry points
# (about 15 ms of start-up on each command).
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

if TYPE_CHECKING:
    # Typer 0.29 ships its own copy of click; the group below overrides one of its methods.
    from rich.console import Console
    from typer._click import Context as ClickContext

    from vanthuy_cli.findings import Finding
    from vanthuy_cli.loaded import LoadedPlan


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
            _report_error(usage_error(exc), Translator(safe_lang(_lang_in(args))))
            raise typer.Exit(EXIT_USAGE) from None
        # Kept for errors met before the command reads its --lang (a bad option value); the
        # language of a previous run in the same process (tests) must not leak into this one.
        ctx.meta["par.args"] = list(args)
        _STATE.clear()
        return ctx

    def invoke(self, ctx: ClickContext) -> object:
        try:
            try:
                return super().invoke(ctx)
            except click_errors.NoArgsIsHelpError:
                raise
            except click_errors.UsageError as exc:
                raise usage_error(exc) from None
        except ParError as exc:
            lang = _STATE.get("lang") or safe_lang(_lang_in(ctx.meta.get("par.args", [])))
            _report_error(exc, Translator(lang))
            ctx.exit(exc.exit_code)


def _lang_in(args: list[str]) -> str | None:
    """The value of ``--lang`` among raw command-line arguments, if any."""
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


class _ParTyper(typer.Typer):
    """Every command of ``par`` is a ``ParCommand`` (Vietnamese help page)."""

    def command(
        self, name: str | None = None, *, cls: type[TyperCommand] | None = None, **kwargs: Any
    ) -> Callable[[CommandFunctionType], CommandFunctionType]:
        return super().command(name, cls=cls or ParCommand, **kwargs)


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
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


# --------------------------------------------------------------------------- shared options


def _parse_date_option(value: str | None) -> date | None:
    """A date typed on the command line; a ``UsageError`` (exit 2) in the user's language."""
    if value is None:
        return None
    from vanthuy_cli.periods import YEARS
    from vanthuy_cli.records import NotADate, parse_day

    try:
        day = parse_day(value)
    except NotADate:
        raise UsageError("error.bad_date", value=value) from None
    if day.year not in YEARS:  # 1/1/0001 or 31/12/9999 would overflow period arithmetic
        raise UsageError("error.bad_date", value=value)
    return day


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
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="NGÀY",
        help="Ngày xét, ví dụ 2024-09-30 hoặc 30/9/2024 (mặc định: hôm nay).",
    ),
]
LangOpt = Annotated[
    str | None,
    typer.Option(
        "--lang",
        envvar="PAR_LANG",
        metavar="vi|en",
        help="Ngôn ngữ hiển thị: vi (mặc định) hoặc en.",
    ),
]


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


_STATE: dict[str, str] = {}


def _translator(lang: str | None) -> Translator:
    """The command's translator; remembered so that ``main`` reports errors in the same language."""
    _STATE["lang"] = resolve_lang(lang)
    return Translator(_STATE["lang"])


def _today() -> date:
    """Today in Vietnam (UTC+7, no daylight saving), whatever the machine's time zone."""
    from datetime import datetime, timedelta, timezone

    return datetime.now(timezone(timedelta(hours=7))).date()


def _as_of(value: str | None) -> date:
    parsed = _parse_date_option(value)
    return parsed if parsed is not None else _today()


def _console(stderr: bool = False) -> Console:
    from vanthuy_cli.termsafe import SafeConsole

    # markup=False: plan text such as "[vp-tk]" must print as written, never as rich markup.
    # SafeConsole: escape sequences in plan text or commit messages are shown, never obeyed.
    return SafeConsole(stderr=stderr, highlight=False, soft_wrap=False, markup=False, emoji=False)


# --------------------------------------------------------------------------------- commands


def _load(plans: Path | None) -> LoadedPlan:
    """The plan to show; stops with the findings if the files have errors."""
    from vanthuy_cli.plancache import load_plan
    from vanthuy_cli.workspace import resolve_plans_dir

    return load_plan(resolve_plans_dir(plans))


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


@app.command()
def status(
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Bảng tổng hợp tình hình thực hiện kế hoạch (the dashboard).

    Số việc theo tình trạng, tiến độ từng phụ lục và lĩnh vực, việc quá hạn, việc sắp đến hạn
    (trong sap_den_han_ngay ngày của kế hoạch, mặc định 7), khối lượng theo người chủ trì, kỳ báo
    cáo tiếp theo chưa gửi.

    Ví dụ: par status · par status --as-of 2024-09-30 · par status --json
    """
    from vanthuy_cli import render_views as rv
    from vanthuy_cli.views import dashboard

    t = _translator(lang)
    ws = _load(plans)
    dash = dashboard(ws, _as_of(as_of))
    if as_json:
        typer.echo(rv.dumps(rv.dashboard_json(dash)))
        return
    rv.dashboard(_console(), dash, t, ws.plan.doc_type)


@app.command()
def overdue(
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
    lead: LeadOpt = None,
    appendix: AppendixOpt = None,
    group: GroupOpt = None,
    fail: Annotated[
        bool,
        typer.Option(
            "--fail", help="Thoát với mã 1 khi có việc quá hạn (cho hook pre-push hoặc CI)."
        ),
    ] = False,
    as_json: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Liệt kê mọi việc quá hạn: số ngày trễ, người chủ trì, ghi chú gần nhất.

    Việc định kỳ được tính từng kỳ (ví dụ I.1.3 (2024-Q2)). Việc trễ nhất đứng đầu.

    Ví dụ: par overdue · par overdue --lead vp-tk · par overdue --appendix II --fail
    """
    from vanthuy_cli import render_views as rv
    from vanthuy_cli.classify import Cls
    from vanthuy_cli.views import Filter, select
    from vanthuy_cli.views import overdue as overdue_items

    t = _translator(lang)
    ws = _load(plans)
    day = _as_of(as_of)
    flt = Filter(
        classes=frozenset({Cls.OVERDUE}),
        lead=lead,
        appendix=appendix,
        group=group,
        people=ws.roster,
    )
    items = overdue_items(select(ws, day, flt))
    if as_json:
        typer.echo(rv.dumps(rv.items_json(items, day)))
    else:
        console = _console()
        if items:
            rv.item_table(console, items, t, late=True)
            console.print(t("overdue.count", count=len(items), as_of=t.value(day)))
        else:
            console.print(t("overdue.none", as_of=t.value(day)))
    if fail and items:
        raise typer.Exit(EXIT_PROBLEMS)


@app.command("list")
def list_items(
    text: Annotated[
        str | None,
        typer.Argument(
            metavar="TỪ_KHÓA",
            help='Cụm từ cần tìm: "so hoa" tìm được "số hóa" (không dấu thì bỏ qua dấu, có dấu '
            'thì phân biệt: "sổ" khác "số"); việc khớp ở mã, nội dung đứng trước.',
        ),
    ] = None,
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
    cls: Annotated[
        list[str] | None,
        typer.Option(
            "--class",
            "-c",
            metavar="TÌNH_TRẠNG",
            help="Lọc theo tình trạng (lặp lại được): overdue, due_soon, not_started, in_progress, "
            "undetermined, no_deadline, paused, done_late, done_on_time, cancelled.",
        ),
    ] = None,
    lead: LeadOpt = None,
    appendix: AppendixOpt = None,
    group: GroupOpt = None,
    due_before: Annotated[
        str | None,
        typer.Option("--due-before", metavar="NGÀY", help="Chỉ việc có hạn trước ngày này."),
    ] = None,
    due_after: Annotated[
        str | None,
        typer.Option("--due-after", metavar="NGÀY", help="Chỉ việc có hạn sau ngày này."),
    ] = None,
    as_json: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Liệt kê các việc, có lọc theo tình trạng, người chủ trì, lĩnh vực, hạn và từ khóa.

    Ví dụ: par list "mot cua" · par list --class overdue --class due_soon · par list --lead tp-ht
    """
    from vanthuy_cli import render_views as rv
    from vanthuy_cli.classify import Cls
    from vanthuy_cli.views import Filter, select

    t = _translator(lang)
    classes = set()
    for name in cls or []:
        try:
            classes.add(Cls(name.strip().lower().replace("-", "_")))
        except ValueError:
            raise UsageError(
                "error.bad_class", value=name, choices=", ".join(c.value for c in Cls)
            ) from None
    ws = _load(plans)
    flt = Filter(
        classes=frozenset(classes),
        lead=lead,
        appendix=appendix,
        group=group,
        due_before=_parse_date_option(due_before),
        due_after=_parse_date_option(due_after),
        text=text,
        people=ws.roster,
    )
    day = _as_of(as_of)
    items = select(ws, day, flt)
    if as_json:
        typer.echo(rv.dumps(rv.items_json(items, day, query=text)))
        return
    console = _console()
    if not items:
        console.print(t("list.none"))
        return
    rv.item_table(console, items, t, late=False, search=text)
    console.print(t("list.count", count=len(items)))


@app.command()
def show(
    task_id: Annotated[
        str,
        typer.Argument(metavar="MÃ", help="Mã nhiệm vụ, ví dụ I.3.2, hoặc «I.1.3 (2024-Q3)»."),
    ],
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Toàn bộ thông tin một nhiệm vụ và dòng thời gian tiến độ của nó.

    Ví dụ: par show I.1.3 · par show ii.2.1 --as-of 2024-09-30
    """
    from dataclasses import replace

    from vanthuy_cli import render_views as rv
    from vanthuy_cli.recording import split_occurrence
    from vanthuy_cli.views import record

    t = _translator(lang)
    ws = _load(plans)
    # "I.1.3 (2024-Q3)", as par overdue prints an occurrence: that occurrence only.
    the_id, occurrence = split_occurrence(task_id)
    rec = record(ws, the_id, _as_of(as_of))
    if occurrence:
        chosen = tuple(i for i in rec.items if i.occurrence and i.occurrence.name == occurrence)
        if not chosen:
            raise UsageError("record.not_recurring", id=rec.ref.id, period=occurrence)
        rec = replace(rec, items=chosen)
    if as_json:
        typer.echo(rv.dumps(rv.record_json(rec)))
        return
    rv.task_record(_console(), rec, t)


class DocFormat(StrEnum):
    md = "md"
    docx = "docx"


@app.command()
def report(
    period: Annotated[
        str,
        typer.Argument(
            metavar="KỲ",
            help="Kỳ báo cáo: 2024-Q3 (quý), 2024-H1 (6 tháng), 2024 (năm), 2024-09 (tháng).",
        ),
    ],
    fmt: Annotated[
        DocFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="docx (mặc định, văn bản theo Nghị định 30/2020) hoặc md; "
            "khi có -o, định dạng theo đuôi tệp (.docx, .md).",
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="Tệp kết quả (mặc định reports/<kỳ>-bao-cao.<định dạng>; "
            "'-' in Markdown ra màn hình; 'thư-mục/' ghi vào thư mục đó với tên mặc định).",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", metavar="NGÀY", help="Ngày lấy số liệu (mặc định: ngày chốt số liệu của kỳ)."
        ),
    ] = None,
    signed: Annotated[
        str | None,
        typer.Option(
            "--date", metavar="NGÀY", help="Ngày ghi trên báo cáo (mặc định: ngày lấy số liệu)."
        ),
    ] = None,
    template: Annotated[
        Path | None,
        typer.Option(
            "--template",
            "-t",
            dir_okay=False,
            help="Mẫu riêng (mặc định templates/report.md.j2 hoặc templates/report.docx, "
            "nếu không có thì dùng mẫu có sẵn).",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Ghi đè tệp đã có.")] = False,
    plans: PlansOpt = None,
    lang: LangOpt = None,
) -> None:
    """Lập báo cáo định kỳ kết quả thực hiện kế hoạch (DOCX hoặc Markdown) từ mẫu.

    Phần V (đề xuất, kiến nghị) lấy từ tệp reports/<kỳ>.notes.md nếu có.

    Ví dụ: par report 2024-Q3 · par report 2024-H1 --format md · par report 2024 -o bc-nam.docx
    """
    from vanthuy_cli.periods import label, parse_period
    from vanthuy_cli.reporting import make_report, output_format

    t = _translator(lang)
    wanted = parse_period(period)
    chosen = output_format(output, fmt.value if fmt else None)
    ws = _load(plans)
    rendered = make_report(
        ws,
        wanted,
        fmt=chosen,
        output=output,
        as_of=_parse_date_option(as_of),
        signed=_parse_date_option(signed),
        template=template,
        force=force,
    )
    errors = _console(stderr=True)
    for key in rendered.warnings:
        errors.print(t(key), soft_wrap=True)
    if rendered.path is None:
        _write_stdout(rendered.data)
        return
    errors.print(
        t("report.written", period=label(wanted, t), path=_display(rendered.path)), soft_wrap=True
    )


@app.command("plan")
def plan_document(
    fmt: Annotated[
        DocFormat, typer.Option("--format", "-f", help="md (mặc định, in ra màn hình) hoặc docx.")
    ] = DocFormat.md,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            help="Tệp kết quả (Markdown mặc định in ra màn hình; DOCX mặc định "
            "reports/ke-hoach.docx).",
        ),
    ] = None,
    template: Annotated[
        Path | None,
        typer.Option(
            "--template",
            "-t",
            dir_okay=False,
            help="Mẫu riêng (mặc định templates/plan.md.j2 hoặc templates/plan.docx).",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Ghi đè tệp đã có.")] = False,
    plans: PlansOpt = None,
    lang: LangOpt = None,
) -> None:
    """In lại văn bản kế hoạch cùng các phụ lục (dạng bảng) từ tệp YAML.

    Ví dụ: par plan · par plan --format docx · par plan -f md -o ke-hoach.md
    """
    from vanthuy_cli.reporting import make_plan_document

    t = _translator(lang)
    ws = _load(plans)
    rendered = make_plan_document(ws, fmt=fmt.value, output=output, template=template, force=force)
    if rendered.path is None:
        _write_stdout(rendered.data)
        return
    _console(stderr=True).print(t("plan.written", path=_display(rendered.path)), soft_wrap=True)


# ------------------------------------------------------------------------- history


class _ScanProgress:
    """A progress bar on stderr while the git log is read: only on a terminal and for long scans.

    Called by the library as ``progress(done, total)``; the library itself never prints.
    """

    MIN_COMMITS = 300  # below this the scan takes well under a second: a bar would only flicker

    def __init__(self, label: str) -> None:
        self._label = label
        self._console = _console(stderr=True)
        self._enabled = self._console.is_terminal
        self._bar: object | None = None
        self._task: object | None = None

    def __call__(self, done: int, total: int) -> None:
        if not self._enabled or total < self.MIN_COMMITS:
            return
        from rich.progress import Progress

        if self._bar is None:
            self._bar = Progress(console=self._console, transient=True)
            self._bar.start()
            self._task = self._bar.add_task(self._label, total=total)
        self._bar.update(self._task, completed=done)  # type: ignore[attr-defined]

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()  # type: ignore[attr-defined]


def _bound(value: str | None) -> date | str | None:
    from vanthuy_cli.history import parse_bound

    return parse_bound(value) if value is not None else None


@app.command("history")
def history_cmd(
    task_id: Annotated[
        str | None,
        typer.Argument(metavar="MÃ", help="Chỉ xem lịch sử một nhiệm vụ, ví dụ I.3.2."),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="NGÀY|REV",
            help="Từ ngày này (2024-09-30 hoặc 30/9/2024, tính cả ngày đó), hoặc sau một phiên bản "
            "git (mã commit, nhánh, thẻ).",
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--until",
            metavar="NGÀY|REV",
            help="Đến hết ngày này, hoặc đến một phiên bản git (tính cả phiên bản đó).",
        ),
    ] = None,
    author: Annotated[
        str | None,
        typer.Option(
            "--author", metavar="TÊN", help="Chỉ commit có tên hoặc email người sửa chứa chữ này."
        ),
    ] = None,
    plans: PlansOpt = None,
    as_json: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Lịch sử thay đổi kế hoạch theo git, từng nhiệm vụ (task history from git).

    Thêm/xóa/chuyển nhiệm vụ, đổi thời hạn, người chủ trì, trạng thái, chỉ tiêu, thêm dòng tiến
    độ; sửa, chèn hoặc xóa dòng tiến độ đã ghi được đánh dấu ⚠. Mỗi thay đổi có commit, người
    sửa, ngày và lời nhắn; cuối bảng đếm số lần đổi thời hạn của từng nhiệm vụ. Thay đổi chưa
    commit hiện sau cùng.

    Ví dụ: par history · par history I.1.3 · par history --since 2024-07-01 --until 30/9/2024 ·
    par history --author lan --json
    """
    from vanthuy_cli import render_history as rh
    from vanthuy_cli.history import history
    from vanthuy_cli.workspace import resolve_plans_dir

    t = _translator(lang)
    folder = resolve_plans_dir(plans)
    bar = _ScanProgress(t("history.scanning"))
    try:
        result = history(
            folder,
            task_id=task_id,
            since=_bound(since),
            until=_bound(until),
            author=author,
            progress=bar,
        )
    finally:
        bar.close()
    if as_json:
        typer.echo(rh.dumps(rh.history_json(result, t)))
        return
    rh.timeline(_console(), result, t)


@app.command("diff")
def diff_cmd(
    rev1: Annotated[
        str, typer.Argument(metavar="REV1", help="Phiên bản gốc: mã commit, nhánh, thẻ, HEAD~3…")
    ],
    rev2: Annotated[
        str | None,
        typer.Argument(
            metavar="REV2",
            help="Phiên bản so sánh (mặc định: các tệp đang sửa, kể cả chưa commit).",
        ),
    ] = None,
    plans: PlansOpt = None,
    as_json: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """So sánh kế hoạch giữa hai phiên bản git, theo từng nhiệm vụ (semantic diff).

    Cùng các loại thay đổi như par history, nhưng gộp lại giữa hai thời điểm, ví dụ giữa lần báo
    cáo trước (một thẻ git) và bây giờ.

    Ví dụ: par diff bao-cao-2024-Q2 · par diff HEAD~5 HEAD · par diff a1b2c3d --json
    """
    from vanthuy_cli import render_history as rh
    from vanthuy_cli.history import diff
    from vanthuy_cli.workspace import resolve_plans_dir

    t = _translator(lang)
    result = diff(resolve_plans_dir(plans), rev1, rev2)
    if as_json:
        typer.echo(rh.dumps(rh.diff_json(result, t)))
        return
    rh.diff_view(_console(), result, t)


# ---------------------------------------------------------------------- plan files


@app.command()
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="ĐƯỜNG_DẪN",
            help="Thư mục plans/ hoặc từng tệp; mặc định là thư mục plans/ tìm được.",
        ),
    ] = None,
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
    output: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            "-f",
            help="text (mặc định), json, hoặc github (chú thích cho GitHub Actions).",
        ),
    ] = OutputFormat.text,
    strict: Annotated[
        bool, typer.Option("--strict", help="Coi cảnh báo như lỗi (mã thoát 1).")
    ] = False,
    rules: Annotated[
        bool, typer.Option("--rules", help="Liệt kê các quy tắc kiểm tra rồi thoát.")
    ] = False,
    lang: LangOpt = None,
) -> None:
    """Kiểm tra các tệp kế hoạch và phụ lục (validate the plan files).

    Mỗi vấn đề in một dòng ĐƯỜNG_DẪN:DÒNG:CỘT: MÃ-QUY-TẮC mức: nội dung. Mã thoát: 0 không có
    lỗi, 1 có lỗi (hoặc cảnh báo với --strict), 2 dùng sai lệnh.

    Ví dụ: par validate · par validate --format json · par validate plans/ke-hoach.yaml
    """
    from vanthuy_cli import render_findings as rf
    from vanthuy_cli.workspace import check_paths

    t = _translator(lang)
    if rules:
        from rich.table import Table

        table = Table(box=None, show_header=False, pad_edge=False)
        for rule_id, severity, text in rf.rules_table(t):
            table.add_row(rule_id, severity, text)
        console = _console()
        console.print(t("validate.rules_header"))
        console.print(table)
        return
    result = check_paths(list(paths or []), plans, today=_as_of(as_of))
    if output is OutputFormat.json:
        typer.echo(rf.as_json(result.findings, result.files, result.tasks, t))
    elif output is OutputFormat.github:
        if result.findings:
            from vanthuy_cli.termsafe import safe

            typer.echo(safe(rf.as_github(result.findings, t)))
        typer.echo(rf.summary(result.findings, result.files, result.tasks, t))
    else:
        _print_findings(result.findings, t)
        _console().print(rf.summary(result.findings, result.files, result.tasks, t), soft_wrap=True)
    errors = sum(1 for f in result.findings if f.is_error)
    if errors or (strict and result.findings):
        raise typer.Exit(EXIT_PROBLEMS)


@app.command()
def schema(
    kind: Annotated[
        str,
        typer.Argument(
            metavar="ke-hoach|phu-luc|so-lieu",
            help="Lược đồ của tệp kế hoạch, tệp phụ lục hay tệp số liệu của kỳ.",
        ),
    ] = "phu-luc",
    output: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", help="Ghi vào tệp thay vì in ra ('-o thư-mục/': tên mặc định)."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Ghi đè tệp đã có.")] = False,
    lang: LangOpt = None,
) -> None:
    """In JSON Schema (draft-07) của tệp kế hoạch hoặc phụ lục, cho trình soạn thảo YAML.

    Ví dụ: par schema phu-luc · par schema ke-hoach -o schemas/ke-hoach.schema.json --force
    """
    from vanthuy_cli.fileio import write_output
    from vanthuy_cli.schema import SCHEMA_FILES, json_schema_text

    _translator(lang)
    if kind not in SCHEMA_FILES:
        raise UsageError("error.bad_schema_kind", value=kind, choices=", ".join(SCHEMA_FILES))
    text = json_schema_text(kind)
    if output is None:
        typer.echo(text, nl=False)
    else:
        write_output(output, text.encode("utf-8"), force=force, default_name=f"{kind}.schema.json")


def _write_stdout(data: bytes) -> None:
    """A rendered Markdown document, byte for byte (UTF-8 whatever the console's encoding); on a
    terminal, control characters from the plan are made visible instead of obeyed."""
    if sys.stdout.isatty():
        from vanthuy_cli.termsafe import safe_bytes

        data = safe_bytes(data)
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def _display(path: Path) -> str:
    from vanthuy_cli.fileio import display_name

    return display_name(path)


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


# ------------------------------------------------------------------------------ rendering


def _print_findings(findings: list[Finding], t: Translator, *, stderr: bool = False) -> None:
    from vanthuy_cli import render_findings as rf

    rf.print_text(_console(stderr), findings, t)


def _report_error(exc: ParError, t: Translator) -> None:
    from rich.text import Text

    console = _console(stderr=True)
    findings = exc.params.get("findings")
    if findings:
        _print_findings([f for f in findings], t, stderr=True)
    params = {k: v for k, v in exc.params.items() if k != "findings"}
    text = t(exc.key, **params)
    if params.get("suggestions"):
        text += " " + t("task.hint.suggestions", suggestions=params["suggestions"])
    # soft_wrap: a path in the message must stay whole for the terminal to make it clickable.
    console.print(Text.assemble((f"{t('error.prefix')}: ", "bold red"), text), soft_wrap=True)


def main() -> None:
    """Entry point of the ``par`` console script and ``python -m vanthuy_cli``.

    The one place where the process's own streams are looked after: closed descriptors, a full
    disk or a broken pipe on standard output end with a message and exit code 1, never a
    traceback; an absurd ``COLUMNS`` is capped before anything lays out text.
    """
    _prepare_streams()
    code: int | str | None = 0
    try:
        app()
    except SystemExit as exc:
        code = exc.code
    except OSError as exc:  # writing standard output failed (disk full, closed), or reading
        code = _os_failure(exc)
    except MemoryError:
        code = _os_failure(OSError(errno.ENOMEM, os.strerror(errno.ENOMEM)))
    sys.exit(_flush_stdout(code))


class _ClosedDescriptor(io.RawIOBase):
    """Standard output when par was started with it closed (``par --version >&-``): writing to
    it fails like writing to a closed descriptor does, so the failure is reported."""

    failed = False

    def writable(self) -> bool:
        return True

    def write(self, data: object) -> int:
        if self.failed:  # reported once; what is still buffered at exit goes nowhere, quietly
            return len(memoryview(data))  # type: ignore[arg-type]
        self.failed = True
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))


def _prepare_streams() -> None:
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            # A closed descriptor would be reused by the next file par opens: a report opened
            # as descriptor 1 would then receive whatever is printed. Park /dev/null there.
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
    if sys.stdout is None:
        sys.stdout = io.TextIOWrapper(io.BufferedWriter(_ClosedDescriptor()), encoding="utf-8")
    if sys.stderr is None:  # messages are best effort: losing them must not fail the command
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives until exit
    from vanthuy_cli.termsafe import capped_width

    for name in ("COLUMNS", "LINES"):
        capped = capped_width(os.environ.get(name))
        if capped is not None:
            os.environ[name] = capped
    for stream in (sys.stdout, sys.stderr):
        if _can_write_vietnamese(stream):
            continue
        if stream.isatty():
            # A terminal set to another encoding: show what it can, never crash on "ạ".
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]
        else:
            # A pipe or file (on Windows the ANSI code page): write UTF-8.
            stream.reconfigure(encoding="utf-8")  # type: ignore[union-attr]


def _os_failure(exc: OSError) -> int:
    """Say on stderr (if it still works) that the output could not be written; exit code 1."""
    t = Translator(_STATE.get("lang") or resolve_lang())
    where = f" ({exc.filename})" if exc.filename else ""
    reason = (exc.strerror or str(exc) or type(exc).__name__) + where
    try:
        sys.stderr.write(f"{t('error.prefix')}: {t('error.io', reason=reason)}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    return EXIT_PROBLEMS


def _flush_stdout(code: int | str | None) -> int | str | None:
    """Flush standard output now, while a failure can still be reported (at exit it could not)."""
    try:
        sys.stdout.flush()
    except (OSError, ValueError) as exc:
        failure = _os_failure(exc if isinstance(exc, OSError) else OSError(errno.EBADF, str(exc)))
        try:  # what is still buffered would fail again at exit: let it go to /dev/null
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, sys.stdout.fileno())
            os.close(null)
        except (OSError, ValueError):
            sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
        return code if code not in (0, None) else failure
    return code


def _can_write_vietnamese(stream: object) -> bool:
    try:
        "Vạn Thủy ở".encode(getattr(stream, "encoding", None) or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


# par import lives in its own module; registered here so it is one command among the others.
from vanthuy_cli.cli_import import import_cmd  # noqa: E402

app.command("import")(import_cmd)

# The commands that write the plan files live in their own module; importing it registers them.
from vanthuy_cli import cli_record  # noqa: E402, F401
