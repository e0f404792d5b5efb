"""The ``par`` command line: parse options, call one library function, render the result.

Heavy libraries (pydantic, PyYAML, rich, Jinja, docx) are imported inside the commands that need
them, so ``par --help``, shell completion and light commands start fast. Every ``ParError`` is
turned into a message and an exit code in ``main`` and nowhere else.
"""

from __future__ import annotations

import contextlib
import sys
from enum import StrEnum
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Annotated, Any

import typer

from vanthuy_cli.cli import cli_output as out
from vanthuy_cli.cli.app import app
from vanthuy_cli.cli.cli_import import import_cmd
from vanthuy_cli.cli.cli_options import (
    AppendixOpt,
    AsOfOpt,
    GroupOpt,
    JsonOpt,
    LangOpt,
    LeadOpt,
    PlansOpt,
    YearOpt,
    as_of_date,
    as_of_option,
    force_option,
    format_option,
    output_format,
    output_option,
    parse_choice,
    parse_classes,
    parse_date_option,
    plans_dir,
    template_option,
    today,
)
from vanthuy_cli.errors import EXIT_PROBLEMS, UsageError
from vanthuy_cli.render.catalog import Translator

if TYPE_CHECKING:
    # Typer 0.29 ships its own copy of click; the group below overrides one of its methods.
    from datetime import date

    from vanthuy_cli.cli.cli_replay import Replay
    from vanthuy_cli.documents.revision import Snapshot
    from vanthuy_cli.plan.loaded import LoadedPlan
    from vanthuy_cli.plan.periods import Period
    from vanthuy_cli.rules.scoring import Scorecard


class OutputFormat(StrEnum):
    """``validate --format``."""

    text = "text"
    json = "json"
    github = "github"


class DocFormat(StrEnum):
    """``report --format`` and ``plan --format``."""

    md = "md"
    docx = "docx"


class SchemaKind(StrEnum):
    """``par schema``: the two kinds of file (``schema.SCHEMA_FILES``)."""

    plan = "ke-hoach"
    appendix = "phu-luc"
    figures = "so-lieu"
    catalogue = "bo-tieu-chi"


# --------------------------------------------------------------------------------- commands


def _load(plans: Path | None, year: int | None = None) -> LoadedPlan:
    """The plan to show; stops with the findings if the files have errors."""
    from vanthuy_cli.reading.plancache import load_plan

    return load_plan(plans_dir(plans, year))


def _load_usable(plans: Path | None, year: int | None, t: Translator) -> LoadedPlan:
    """The valid part of the plan, for the views (status, overdue, list, show): tasks with errors
    are left out (a whole appendix when it does not parse or its error is not inside a task) and
    a banner on stderr counts the errors and names the first few; the
    exit code stays 0 (``par validate`` is the check that fails). A plan file with errors still
    stops the command, as does any error for ``par report``."""
    from vanthuy_cli.reading.plancache import load_plan

    ws = load_plan(plans_dir(plans, year), partial=True)
    if ws.has_errors:
        out.partial_banner(ws, t)
    return ws


def _views() -> ModuleType:
    """The rich views (imported when drawn: the plain path and ``--json`` need no rich)."""
    from vanthuy_cli.render import render_views

    return render_views


def _plain() -> ModuleType:
    from vanthuy_cli.render import plain

    return plain


def _with_errors(ws: LoadedPlan, data: dict[str, Any]) -> dict[str, Any]:
    """A view's ``--json`` document with ``plan_errors`` when the plan shown is partial."""
    if ws.has_errors:
        data["plan_errors"] = sum(1 for f in ws.findings if f.is_error)
    return data


def _report_dir(plans: Path | None, year: int | None, period_year: int) -> Path:
    """A report reads the plan of its period's year: ``plans-<year>/`` when that year has its
    own folder, else the folder found (never this year's by default: last year's report must
    read last year's plan)."""
    from vanthuy_cli.reading.workspace import resolve_plans_dir

    if year is not None:
        return plans_dir(plans, year)
    found = resolve_plans_dir(plans)
    if found.parent.joinpath(f"{found.name}-{period_year}").is_dir():
        return plans_dir(plans, period_year)
    return found


@app.command()
def status(
    plans: PlansOpt = None,
    year: YearOpt = None,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
    lang: LangOpt = "vi",
) -> None:
    """Bảng tổng hợp tình hình thực hiện kế hoạch (the dashboard).

    Số việc theo tình trạng, tiến độ từng phụ lục và lĩnh vực, việc quá hạn, việc sắp đến hạn
    (trong sap_den_han_ngay ngày của kế hoạch, mặc định 7), khối lượng theo người chủ trì, kỳ báo
    cáo tiếp theo chưa gửi.

    Nhiệm vụ có lỗi thì bị bỏ qua (cả phụ lục nếu tệp không đọc được hoặc lỗi nằm ngoài các
    nhiệm vụ): lệnh vẫn chạy (mã thoát 0), in cảnh báo đếm lỗi và vị trí; overdue, list, show
    cũng vậy. Chạy par validate để sửa.

    Ví dụ: par status · par status --as-of 2024-09-30 · par status --json
    """
    from vanthuy_cli.render.score_text import status_line
    from vanthuy_cli.rules.views import dashboard

    t = Translator(lang)
    ws = _load_usable(plans, year, t)
    dash = dashboard(ws, as_of_date(as_of))
    card = _scorecard(ws, dash.as_of) if ws.catalogue is not None else None
    score_line = status_line(card, t) if card is not None else None

    def document() -> dict[str, Any]:
        from vanthuy_cli.render.render_score import summary_json

        data = _views().dashboard_json(dash)
        data["self_assessment"] = summary_json(card) if card is not None else None
        return _with_errors(ws, data)

    def view(console: Any) -> None:  # a rich Console (cli.py builds no view itself)
        _views().dashboard(console, dash, t, ws.plan.doc_type)
        if score_line is not None:
            console.print()
            console.print(score_line)

    def text(width: int) -> str | None:  # no terminal: the same dashboard without rich
        from vanthuy_cli.render import dashboard_text

        return dashboard_text.dashboard(dash, t, ws.plan.doc_type, width, score_line)

    out.emit(as_json, document, view, text)


@app.command()
def overdue(
    plans: PlansOpt = None,
    year: YearOpt = None,
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
    lang: LangOpt = "vi",
) -> None:
    """Liệt kê mọi việc quá hạn: số ngày trễ, người chủ trì, ghi chú gần nhất.

    Việc định kỳ được tính từng kỳ (ví dụ I.1.3 (2024-Q2)). Việc trễ nhất đứng đầu.

    Ví dụ: par overdue · par overdue --lead vp-tk · par overdue --appendix II --fail
    """
    from vanthuy_cli.rules.classify import Cls
    from vanthuy_cli.rules.views import Filter, select
    from vanthuy_cli.rules.views import overdue as overdue_items

    t = Translator(lang)
    ws = _load_usable(plans, year, t)
    day = as_of_date(as_of)
    flt = Filter(
        classes=frozenset({Cls.OVERDUE}),
        lead=lead,
        appendix=appendix,
        group=group,
        people=ws.roster,
    )
    items = overdue_items(select(ws, day, flt))
    out.emit(
        as_json,
        lambda: _with_errors(ws, _views().items_json(items, day)),
        lambda console: _views().overdue_view(console, items, day, t),
        lambda width: _plain().overdue_view(items, day, t, width),
    )
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
    year: YearOpt = None,
    as_of: AsOfOpt = None,
    cls: Annotated[
        list[str] | None,
        typer.Option(
            "--class",
            "-c",
            metavar="TÌNH_TRẠNG",
            help="Lọc theo tình trạng (lặp lại được), viết như bảng in ra, có dấu hay không dấu, "
            "hoặc mã: quá hạn (overdue), sắp đến hạn (due_soon), chưa thực hiện (not_started), "
            "đang thực hiện (in_progress), chưa xác định được hạn (undetermined), không có "
            "thời hạn (no_deadline), tạm dừng (paused), hoàn thành quá hạn (done_late), hoàn "
            "thành đúng hạn (done_on_time), hoàn thành (cả hai), hủy bỏ (cancelled).",
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
    lang: LangOpt = "vi",
) -> None:
    """Liệt kê các việc, có lọc theo tình trạng, người chủ trì, lĩnh vực, hạn và từ khóa.

    Ví dụ: par list "mot cua" · par list --class "quá hạn" --class "sap den han" ·
    par list --class overdue --lead tp-ht
    """
    from vanthuy_cli.rules.views import Filter, select

    t = Translator(lang)
    classes = parse_classes(cls, lang)
    ws = _load_usable(plans, year, t)
    flt = Filter(
        classes=classes,
        lead=lead,
        appendix=appendix,
        group=group,
        due_before=parse_date_option(due_before),
        due_after=parse_date_option(due_after),
        text=text,
        people=ws.roster,
    )
    day = as_of_date(as_of)
    items = select(ws, day, flt)
    out.emit(
        as_json,
        lambda: _with_errors(ws, _views().items_json(items, day, query=text)),
        lambda console: _views().list_view(console, items, t, search=text),
        lambda width: _plain().list_view(items, t, width),
    )


@app.command()
def show(
    task_id: Annotated[
        str,
        typer.Argument(metavar="MÃ", help="Mã nhiệm vụ, ví dụ I.3.2, hoặc «I.1.3 (2024-Q3)»."),
    ],
    plans: PlansOpt = None,
    year: YearOpt = None,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
    lang: LangOpt = "vi",
) -> None:
    """Toàn bộ thông tin một nhiệm vụ và dòng thời gian tiến độ của nó.

    Ví dụ: par show I.1.3 · par show ii.2.1 --as-of 2024-09-30
    """
    from vanthuy_cli.plan.periods import split_occurrence
    from vanthuy_cli.recordtype import replace
    from vanthuy_cli.render import render_views as rv
    from vanthuy_cli.rules.views import record

    t = Translator(lang)
    ws = _load_usable(plans, year, t)
    # "I.1.3 (2024-Q3)", as par overdue prints an occurrence: that occurrence only.
    the_id, occurrence = split_occurrence(task_id)
    rec = record(ws, the_id, as_of_date(as_of))
    if occurrence:
        chosen = tuple(i for i in rec.items if i.occurrence and i.occurrence.name == occurrence)
        if not chosen:
            raise UsageError("record.not_recurring", id=rec.ref.id, period=occurrence)
        rec = replace(rec, items=chosen)
    out.emit(
        as_json,
        lambda: _with_errors(ws, rv.record_json(rec)),
        lambda console: rv.task_record(console, rec, t),
    )


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
        str | None,
        format_option(
            DocFormat,
            "docx (mặc định, văn bản theo Nghị định 30/2020) hoặc md; "
            "khi có -o, định dạng theo đuôi tệp (.docx, .md).",
        ),
    ] = None,
    output: Annotated[
        str | None,
        output_option(
            "Tệp kết quả (mặc định reports/<kỳ>-bao-cao.<định dạng>; "
            "'-' in Markdown ra màn hình; 'thư-mục/' ghi vào thư mục đó với tên mặc định)."
        ),
    ] = None,
    as_of: Annotated[
        str | None, as_of_option("Ngày lấy số liệu (mặc định: ngày chốt số liệu của kỳ).")
    ] = None,
    signed: Annotated[
        str | None,
        typer.Option(
            "--date", metavar="NGÀY", help="Ngày ghi trên báo cáo (mặc định: ngày lấy số liệu)."
        ),
    ] = None,
    template: Annotated[
        Path | None,
        template_option(
            "Mẫu riêng (mặc định templates/report.md.j2 hoặc templates/report.docx, "
            "nếu không có thì dùng mẫu có sẵn)."
        ),
    ] = None,
    force: Annotated[bool, force_option()] = False,
    rev: Annotated[
        str | None,
        typer.Option(
            "--rev",
            metavar="PHIÊN_BẢN",
            help=(
                "Lập từ kế hoạch đã commit ở phiên bản này (mã commit, nhãn, HEAD~1, hoặc ngày: "
                "commit cuối cùng của ngày đó); không đụng đến thư mục làm việc."
            ),
        ),
    ] = None,
    tag: Annotated[
        bool,
        typer.Option(
            "--tag",
            help=(
                "Gắn nhãn git bao-cao-<kỳ> cho commit dùng để lập báo cáo (HEAD, hoặc --rev); "
                "chỉ khi kế hoạch, ghi chú và mẫu không có thay đổi chưa commit."
            ),
        ),
    ] = False,
    plans: PlansOpt = None,
    year: YearOpt = None,
    lang: LangOpt = "vi",
) -> None:
    """Lập báo cáo định kỳ kết quả thực hiện kế hoạch (DOCX hoặc Markdown) từ mẫu.

    Phần V (đề xuất, kiến nghị) và các mục công chức tự viết lấy từ reports/<kỳ>.notes.md.

    Ví dụ: par report 2024-Q3 · par report 2024-H1 --format md · par report 2024 -o bc-nam.docx
    · par report 2024-Q3 --rev 2024-09-14 · par report 2024-Q3 --tag
    """
    from vanthuy_cli.documents.reporting import Source, make_report
    from vanthuy_cli.plan.periods import parse_period
    from vanthuy_cli.render.catalog import period_label

    t = Translator(lang)
    wanted = parse_period(period)
    requested = parse_choice(DocFormat, fmt, option="--format").value if fmt is not None else None
    chosen = output_format(output, requested, allowed=("md", "docx"), default="docx")
    folder = _report_dir(plans, year, wanted.year)
    snapshot = None
    source = None
    if rev is None and not tag:
        from vanthuy_cli.reading.plancache import load_plan

        ws = load_plan(folder)
    else:
        # --tag alone builds from HEAD too: the tag must mark exactly what the report reads.
        snapshot, already_tagged = _report_revision(folder, rev or "HEAD", wanted, template, tag)
        ws = snapshot.loaded
        source = Source(snapshot.commit, snapshot.notes)
    rendered = make_report(
        ws,
        wanted,
        fmt=chosen,
        output=output,
        as_of=parse_date_option(as_of),
        signed=parse_date_option(signed),
        template=template,
        force=force,
        today=today(),
        source=source,
    )
    for key, params in rendered.warnings:
        out.say(t(key, **params))
    if snapshot is not None:
        commit = snapshot.commit
        when = commit.committed.strftime("%d/%m/%Y") if commit.committed else "?"
        out.say(t("report.from_commit", commit=commit.short, date=when, message=commit.message))
    if rendered.path is None:
        out.write_stdout(rendered.data)
    else:
        out.say(
            t("report.written", period=period_label(wanted, t), path=out.display(rendered.path))
        )
    if snapshot is not None and tag:
        from vanthuy_cli.documents.revision import tag_name

        name = tag_name(wanted)
        if not already_tagged:
            snapshot.repo.tag(name, snapshot.commit.sha or "HEAD")
        key = "report.tag_kept" if already_tagged else "report.tagged"
        out.say(t(key, tag=name, commit=snapshot.commit.short))


def _report_revision(
    folder: Path, rev: str, period: Period, template: Path | None, tag: bool
) -> tuple[Snapshot, bool]:
    """The plan of ``folder`` as committed at ``rev``; with ``tag``, whether the period's tag
    already marks that commit (checked before anything is written: a refused tag writes no
    report)."""
    from vanthuy_cli.documents import revision
    from vanthuy_cli.documents.report import notes_path

    project = folder.parent
    notes = notes_path(project, period)
    snapshot = revision.load_at(folder, rev, notes)
    if not tag:
        return snapshot, False
    inputs = [folder, notes, project / "templates"]
    if template is not None:
        inputs.append(template)
    paths = revision.report_inputs(snapshot.repo, inputs)
    return snapshot, revision.check_taggable(snapshot.repo, snapshot.commit, period, paths)


@app.command("plan")
def plan_document(
    fmt: Annotated[
        str | None,
        format_option(
            DocFormat, "md (mặc định, in ra màn hình) hoặc docx; mặc định theo đuôi tệp của -o."
        ),
    ] = None,
    output: Annotated[
        str | None,
        output_option(
            "Tệp kết quả (Markdown mặc định in ra màn hình; DOCX mặc định reports/ke-hoach.docx)."
        ),
    ] = None,
    template: Annotated[
        Path | None,
        template_option("Mẫu riêng (mặc định templates/plan.md.j2 hoặc templates/plan.docx)."),
    ] = None,
    force: Annotated[bool, force_option()] = False,
    plans: PlansOpt = None,
    year: YearOpt = None,
    lang: LangOpt = "vi",
) -> None:
    """In lại văn bản kế hoạch cùng các phụ lục (dạng bảng) từ tệp YAML.

    Ví dụ: par plan · par plan --format docx · par plan -f md -o ke-hoach.md
    """
    from vanthuy_cli.documents.reporting import make_plan_document

    t = Translator(lang)
    requested = parse_choice(DocFormat, fmt, option="--format").value if fmt is not None else None
    chosen = output_format(output, requested, allowed=("md", "docx"), default="md")
    ws = _load(plans, year)
    rendered = make_plan_document(ws, fmt=chosen, output=output, template=template, force=force)
    if rendered.path is None:
        out.write_stdout(rendered.data)
        return
    out.say(t("plan.written", path=out.display(rendered.path)))


class ScoreFormat(StrEnum):
    text = "text"
    md = "md"
    docx = "docx"
    xlsx = "xlsx"
    zip = "zip"


def _scorecard(ws: LoadedPlan, day: date) -> Scorecard:
    from vanthuy_cli.rules.scoring import scorecard

    return scorecard(ws, day)


@app.command()
def score(
    plans: PlansOpt = None,
    year: YearOpt = None,
    as_of: AsOfOpt = None,
    fmt: Annotated[
        str | None,
        format_option(
            ScoreFormat,
            "text (mặc định, in ra màn hình), md, docx (bảng tự chấm theo Nghị định 30), "
            "xlsx (bảng tính), zip (gói tài liệu kiểm chứng kèm mục lục); mặc định theo đuôi "
            "tệp của -o.",
        ),
    ] = None,
    output: Annotated[
        str | None,
        output_option(
            "Tệp kết quả (mặc định reports/tu-cham-<năm>.<định dạng>, "
            "reports/minh-chung-<năm>.zip; '-' in Markdown ra màn hình)."
        ),
    ] = None,
    force: Annotated[bool, force_option()] = False,
    as_json: JsonOpt = False,
    lang: LangOpt = "vi",
) -> None:
    """Tự đánh giá, chấm điểm Chỉ số CCHC theo bộ tiêu chí (self-assessment score).

    Từng tiêu chí: điểm tự chấm, cách chấm, giá trị và nguồn, tài liệu kiểm chứng (cảnh báo khi
    thiếu); tổng điểm từng lĩnh vực và toàn bộ, cạnh điểm thẩm định năm trước; trước đợt tự chấm,
    liệt kê điểm có nguy cơ mất và việc cần làm để giữ điểm.

    Ví dụ: par score --as-of 2024-12-14 · par score -f docx · par score -f xlsx · par score -f zip
    """
    from vanthuy_cli.errors import PlanNotFound
    from vanthuy_cli.render import render_score as rs
    from vanthuy_cli.rules.scoring import scorecard

    t = Translator(lang)
    requested = parse_choice(ScoreFormat, fmt, option="--format") if fmt is not None else None
    chosen = ScoreFormat(
        output_format(
            output,
            requested.value if requested else None,
            allowed=("md", "docx", "xlsx", "zip"),
            default="text",
        )
    )
    if chosen is ScoreFormat.text and output is not None and not as_json:
        # The text card is for the screen: an -o it cannot honour must not be ignored silently.
        raise UsageError("score.output_text", path=output)
    ws = _load(plans, year)
    if ws.catalogue is None:
        raise PlanNotFound("score.no_catalogue", root=out.display(ws.root))
    card = scorecard(ws, as_of_date(as_of))
    if as_json or chosen is ScoreFormat.text:
        out.emit(as_json, lambda: rs.card_json(card, t), lambda c: rs.scorecard(c, card, t))
        return
    from vanthuy_cli.documents.score_output import make_output

    rendered = make_output(ws, card, fmt=chosen.value, output=output, force=force, t=t)
    if rendered.path is None:
        out.write_stdout(rendered.data)
        return
    out.say(t("score.written", path=out.display(rendered.path)))


# ------------------------------------------------------------------------- history


def _bound(value: str | None) -> date | str | None:
    from vanthuy_cli.history.history import parse_bound

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
    year: YearOpt = None,
    as_json: JsonOpt = False,
    lang: LangOpt = "vi",
) -> None:
    """Lịch sử thay đổi kế hoạch theo git, từng nhiệm vụ (task history from git).

    Thêm/xóa/chuyển nhiệm vụ, đổi thời hạn, người chủ trì, trạng thái, chỉ tiêu, thêm dòng tiến
    độ; sửa, chèn hoặc xóa dòng tiến độ đã ghi được đánh dấu ⚠. Mỗi thay đổi có commit, người
    sửa, ngày và lời nhắn; cuối bảng đếm số lần đổi thời hạn của từng nhiệm vụ. Thay đổi chưa
    commit hiện sau cùng.

    Ví dụ: par history · par history I.1.3 · par history --since 2024-07-01 --until 30/9/2024 ·
    par history --author lan --json
    """
    t = Translator(lang)
    folder = plans_dir(plans, year)
    replay = _history_replay(folder, task_id, since, until, author, lang, as_json)
    if replay is not None and (text := replay.text()) is not None:
        sys.stdout.write(text)
        return
    from vanthuy_cli.history.history import history
    from vanthuy_cli.render import render_history as rh

    bar = out.ScanProgress(t("history.scanning"))
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
    with replay.recording() if replay is not None else contextlib.nullcontext():
        out.emit(
            as_json,
            lambda: rh.history_json(result, t),
            lambda console: rh.timeline(console, result, t),
        )


def _history_replay(
    folder: Path,
    task_id: str | None,
    since: str | None,
    until: str | None,
    author: str | None,
    lang: str,
    as_json: bool,
) -> Replay | None:
    """The cached text of this ``par history`` (``cli_replay``): plain text only (a terminal gets
    rich's colours, drawn each time), keyed by the arguments, language and width."""
    from vanthuy_cli.render import plain

    if as_json or not plain.wanted():
        return None
    from vanthuy_cli.cli.cli_replay import Replay
    from vanthuy_cli.history.gitio import Repo

    def state() -> object:
        repo = Repo.find(folder)
        # Bounds as ``parse_bound`` reads them (trimmed): " main" must follow the branch.
        bounds = (b.strip() for b in (since, until) if b is not None)
        return None if repo is None else repo.state(bounds)

    identity = (str(folder.resolve()), str(task_id), str(since), str(until), str(author), lang)
    return Replay.open("history-text", (*identity, str(plain.output_width())), state)


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
    year: YearOpt = None,
    as_json: JsonOpt = False,
    lang: LangOpt = "vi",
) -> None:
    """So sánh kế hoạch giữa hai phiên bản git, theo từng nhiệm vụ (semantic diff).

    Cùng các loại thay đổi như par history, nhưng gộp lại giữa hai thời điểm, ví dụ giữa lần báo
    cáo trước (một thẻ git) và bây giờ.

    Ví dụ: par diff bao-cao-2024-Q2 · par diff HEAD~5 HEAD · par diff a1b2c3d --json
    """
    from vanthuy_cli.history.history import diff
    from vanthuy_cli.render import render_history as rh

    t = Translator(lang)
    result = diff(plans_dir(plans, year), rev1, rev2)
    out.emit(
        as_json,
        lambda: rh.diff_json(result, t),
        lambda console: rh.diff_view(console, result, t),
    )


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
    year: YearOpt = None,
    as_of: AsOfOpt = None,
    fmt: Annotated[
        str,
        format_option(
            OutputFormat, "text (mặc định), json, hoặc github (chú thích cho GitHub Actions)."
        ),
    ] = OutputFormat.text.value,
    strict: Annotated[
        bool, typer.Option("--strict", help="Coi cảnh báo như lỗi (mã thoát 1).")
    ] = False,
    rules: Annotated[
        bool, typer.Option("--rules", help="Liệt kê các quy tắc kiểm tra rồi thoát.")
    ] = False,
    lang: LangOpt = "vi",
) -> None:
    """Kiểm tra các tệp kế hoạch và phụ lục (validate the plan files).

    Mỗi vấn đề in một dòng ĐƯỜNG_DẪN:DÒNG:CỘT: MÃ-QUY-TẮC mức: nội dung. Mã thoát: 0 không có
    lỗi, 1 có lỗi (hoặc cảnh báo với --strict), 2 dùng sai lệnh.

    Ví dụ: par validate · par validate --format json · par validate plans/ke-hoach.yaml
    """
    from vanthuy_cli.reading.workspace import check_paths
    from vanthuy_cli.render import render_findings as rf

    t = Translator(lang)
    output = parse_choice(OutputFormat, fmt, option="--format")
    if rules:
        rf.print_rules(out.console(), t)
        return
    result = check_paths(list(paths or []), _validated(plans, year), today=as_of_date(as_of))
    if output is OutputFormat.json:
        typer.echo(rf.as_json(result.findings, result.files, result.tasks, t))
    elif output is OutputFormat.github:
        if result.findings:
            from vanthuy_cli.render.termsafe import safe

            typer.echo(safe(rf.as_github(result.findings, t)))
        typer.echo(rf.summary(result.findings, result.files, result.tasks, t))
    else:
        out.print_findings(result.findings, t)
        out.console().print(
            rf.summary(result.findings, result.files, result.tasks, t), soft_wrap=True
        )
    errors = sum(1 for f in result.findings if f.is_error)
    if errors or (strict and result.findings):
        raise typer.Exit(EXIT_PROBLEMS)


def _validated(plans: Path | None, year: int | None) -> Path | None:
    """The folder ``par validate`` checks when no path is named: that of ``--year`` (or this
    year's); a folder that cannot be found is left to ``check_paths``, which reports it as a
    finding like any other problem."""
    from vanthuy_cli.errors import PlanNotFound

    try:
        return plans_dir(plans, year)
    except PlanNotFound:
        return plans


@app.command()
def schema(
    kind: Annotated[
        str,
        typer.Argument(
            metavar="ke-hoach|phu-luc|so-lieu|bo-tieu-chi",
            help="Lược đồ của tệp kế hoạch, phụ lục, số liệu của kỳ hay bộ tiêu chí.",
        ),
    ] = SchemaKind.appendix.value,
    output: Annotated[
        str | None, output_option("Ghi vào tệp thay vì in ra ('-o thư-mục/': tên mặc định).")
    ] = None,
    force: Annotated[bool, force_option()] = False,
    lang: LangOpt = "vi",
) -> None:
    """In JSON Schema (draft-07) của tệp kế hoạch hoặc phụ lục, cho trình soạn thảo YAML.

    Ví dụ: par schema phu-luc · par schema ke-hoach -o schemas/ke-hoach.schema.json --force
    """
    from vanthuy_cli.reading.schema import json_schema_text
    from vanthuy_cli.storage.fileio import write_output

    chosen = parse_choice(
        SchemaKind, kind, option="ke-hoach|phu-luc|so-lieu|bo-tieu-chi", key="error.bad_schema_kind"
    )
    text = json_schema_text(chosen.value)
    if output is None:
        typer.echo(text, nl=False)
    else:
        write_output(
            output, text.encode("utf-8"), force=force, default_name=f"{chosen.value}.schema.json"
        )


# par import lives in its own module; registered here so it is one command among the others.
app.command("import")(import_cmd)
