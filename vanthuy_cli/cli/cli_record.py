"""The commands that write: record progress, completion, pauses, deadline moves, assignments,
add/remove tasks, open the editor. Each calls one function of ``recording`` and prints one line.

Names: English like the other commands (``progress``, ``done``, ``deadline``…), each with a
Vietnamese alias without diacritics (``tien-do``, ``xong``, ``doi-han``…) because that is what a
clerk types in a terminal where Telex input is off; options have both spellings too
(``--evidence``/``--minh-chung``). The aliases are hidden from the command list to keep it short
and listed in each command's help.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from vanthuy_cli.cli.app import app
from vanthuy_cli.cli.cli_options import LangOpt, PlansOpt, YearOpt, parse_date_option, plans_dir
from vanthuy_cli.cli.cli_options import today as today_in_vietnam
from vanthuy_cli.cli.cli_output import console as new_console
from vanthuy_cli.cli.cli_output import print_findings
from vanthuy_cli.errors import EXIT_PROBLEMS, GitError
from vanthuy_cli.render.catalog import Translator

if TYPE_CHECKING:
    from vanthuy_cli.plan.loaded import LoadedPlan
    from vanthuy_cli.recording.recording import Guard, Recorded

CommitOpt = Annotated[
    bool | None,
    typer.Option(
        "--commit/--no-commit",
        help="Commit riêng thay đổi này vào git với lời nhắn tiếng Việt (mặc định: theo "
        "git config par.commit).",
    ),
]
DateOpt = Annotated[
    str | None,
    typer.Option(
        "--date", "--ngay", metavar="NGÀY", help="Ngày ghi (mặc định: hôm nay, giờ Việt Nam)."
    ),
]
PeriodOpt = Annotated[
    str | None,
    typer.Option(
        "--ky",
        "--period",
        metavar="KỲ",
        help="Việc định kỳ: lượt được ghi, ví dụ 2024-Q3 (hoặc viết mã «I.1.3 (2024-Q3)»).",
    ),
]
ReasonArg = Annotated[str, typer.Argument(metavar="LÝ_DO", help="Lý do.")]


def _alias(name: str, command: Callable[..., None]) -> None:
    """Register ``command`` under a second (Vietnamese) name, hidden from the command list."""
    app.command(name, hidden=True)(command)


def _commit_wanted(root: Path, commit: bool | None) -> bool:
    if commit is not None:
        return commit
    from vanthuy_cli.history.gitio import Repo

    try:
        repo = Repo.find(root)
    except GitError:
        return False
    value = (repo.config("par.commit") or "") if repo else ""
    return value.strip().lower() in ("true", "yes", "on", "1")


def _run(
    where: tuple[Path | None, int | None],
    commit: bool | None,
    lang: str,
    action: Callable[[Path, date, Guard | None], Recorded],
) -> None:
    """Resolve the folder (``--plans``, ``--year``), set up ``--commit``, run ``action``, print
    what was written."""
    from vanthuy_cli.storage.fileio import display_name

    t = Translator(lang)
    root = plans_dir(*where)
    guard = None
    repo = None
    if _commit_wanted(root, commit):
        from vanthuy_cli.history.gitio import Repo

        repo = Repo.open(root)
        guard = _commit_guard(repo)
    done = action(root, today_in_vietnam(), guard)
    console = new_console()
    shown = display_name(done.file)
    if done.lines:
        console.print(
            t(
                "record.written",
                path=shown,
                first=done.lines[0],
                last=done.lines[1],
                summary=done.summary,
            ),
            soft_wrap=True,
        )
    else:
        console.print(t("record.removed", path=shown, summary=done.summary), soft_wrap=True)
    if repo is not None:
        sha = repo.commit_paths([repo.relative(done.file)], done.summary)
        console.print(t("record.committed", sha=sha[:7], summary=done.summary), soft_wrap=True)


def _commit_guard(repo: object) -> Guard:
    from vanthuy_cli.history.gitio import Repo
    from vanthuy_cli.storage.fileio import display_name

    assert isinstance(repo, Repo)

    def guard(path: Path) -> None:
        staged = repo.staged()
        if staged:
            raise GitError("git.other_staged", files=", ".join(staged[:5]))
        if repo.is_dirty(repo.relative(path)):
            raise GitError("git.file_dirty", path=display_name(path))

    return guard


def _day(value: str | None) -> date:
    parsed = parse_date_option(value)
    return parsed if parsed is not None else today_in_vietnam()


# ---------------------------------------------------------------------------------- progress


@app.command("progress")
def progress(
    task_id: Annotated[
        str, typer.Argument(metavar="MÃ", help="Mã nhiệm vụ: I.3.2, hoặc «I.1.3 (2024-Q3)».")
    ],
    note: Annotated[
        str | None, typer.Argument(metavar="[GHI_CHÚ]", help="Đã làm gì, hoặc vì sao chậm.")
    ] = None,
    percent: Annotated[
        float | None,
        typer.Option("--percent", "--phan-tram", metavar="SỐ", help="Phần trăm hoàn thành."),
    ] = None,
    value: Annotated[
        float | None,
        typer.Option(
            "--value", "--gia-tri", metavar="SỐ", help="Giá trị đo được của chỉ tiêu (82.5)."
        ),
    ] = None,
    evidence: Annotated[
        str | None,
        typer.Option("--evidence", "--minh-chung", metavar="VĂN_BẢN", help="Văn bản minh chứng."),
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            "--trang-thai",
            metavar="TRẠNG_THÁI",
            help="đang thực hiện (mặc định), hoàn thành, tạm dừng, hủy bỏ, chưa thực hiện; có "
            "dấu hay không dấu đều được.",
        ),
    ] = None,
    day: DateOpt = None,
    period: PeriodOpt = None,
    plans: PlansOpt = None,
    year: YearOpt = None,
    commit: CommitOpt = None,
    lang: LangOpt = "vi",
) -> None:
    """Ghi tiến độ một nhiệm vụ: ghi chú, phần trăm, giá trị đo, minh chứng (bí danh: tien-do).

    Thêm một dòng vào cuối tien_do của nhiệm vụ; chỉ các dòng đó của tệp thay đổi.

    Ví dụ: par progress I.3.2 "Đã niêm yết 112 TTHC" --percent 60 ·
    par tien-do "I.1.3 (2024-Q3)" "Đôn đốc số liệu" · par progress I.3.2 --gia-tri 98.5
    """
    from vanthuy_cli.recording.recording import (
        Entry,
        record_progress,
        split_occurrence,
        status_from_text,
    )

    the_id, ky = split_occurrence(task_id, period)
    chosen = status_from_text(status) if status else None
    entry = Entry(_day(day), chosen, note, percent, value, evidence, ky)
    _run(
        (plans, year),
        commit,
        lang,
        lambda root, today, guard: record_progress(root, the_id, entry, today=today, guard=guard),
    )


def _state(
    task_id: str,
    status_code: str,
    note: str | None,
    evidence: str | None,
    day: str | None,
    period: str | None,
    where: tuple[Path | None, int | None],
    commit: bool | None,
    lang: str,
) -> None:
    from vanthuy_cli.plan.records import Status
    from vanthuy_cli.recording.recording import Entry, record_progress, split_occurrence

    the_id, ky = split_occurrence(task_id, period)
    entry = Entry(_day(day), Status(status_code), note, None, None, evidence, ky)
    _run(
        where,
        commit,
        lang,
        lambda root, today, guard: record_progress(root, the_id, entry, today=today, guard=guard),
    )


@app.command("done")
def done(
    task_id: Annotated[str, typer.Argument(metavar="MÃ", help="Mã nhiệm vụ.")],
    evidence: Annotated[
        str,
        typer.Option(
            "--evidence",
            "--minh-chung",
            metavar="VĂN_BẢN",
            help="Văn bản minh chứng (bắt buộc): «Quyết định số 45/QĐ-UBND ngày 12/8/2024».",
        ),
    ],
    note: Annotated[str | None, typer.Argument(metavar="[GHI_CHÚ]")] = None,
    day: DateOpt = None,
    period: PeriodOpt = None,
    plans: PlansOpt = None,
    year: YearOpt = None,
    commit: CommitOpt = None,
    lang: LangOpt = "vi",
) -> None:
    """Báo hoàn thành, kèm minh chứng (bí danh: xong, hoan-thanh).

    Ví dụ: par done I.3.2 --minh-chung "Quyết định số 45/QĐ-UBND ngày 12/8/2024" --commit
    """
    _state(task_id, "hoan_thanh", note, evidence, day, period, (plans, year), commit, lang)


def _change_of_state(name: str, status_code: str, help_text: str) -> Callable[..., None]:
    """``par pause``, ``cancel`` and ``resume``: one command each, alike but for the status they
    record and their help page (``help_text``, the docstring Typer shows)."""

    def command(
        task_id: Annotated[str, typer.Argument(metavar="MÃ")],
        reason: ReasonArg,
        day: DateOpt = None,
        period: PeriodOpt = None,
        plans: PlansOpt = None,
        year: YearOpt = None,
        commit: CommitOpt = None,
        lang: LangOpt = "vi",
    ) -> None:
        _state(task_id, status_code, reason, None, day, period, (plans, year), commit, lang)

    command.__name__ = command.__qualname__ = name
    command.__doc__ = help_text
    app.command(name)(command)
    return command


pause = _change_of_state(
    "pause",
    "tam_dung",
    """Tạm dừng một nhiệm vụ, nêu lý do (bí danh: tam-dung).

    Ví dụ: par pause I.5.2 "Chờ tỉnh cấp kinh phí"
    """,
)
cancel = _change_of_state(
    "cancel",
    "huy_bo",
    """Hủy bỏ một nhiệm vụ, nêu lý do (bí danh: huy).

    Ví dụ: par cancel I.4.2 "Đã sáp nhập bộ phận theo Nghị quyết của HĐND tỉnh"
    """,
)
resume = _change_of_state(
    "resume",
    "dang_thuc_hien",
    """Tiếp tục một nhiệm vụ đã tạm dừng, nêu lý do (bí danh: tiep-tuc).

    Ví dụ: par resume I.5.2 "Đã có kinh phí"
    """,
)


# --------------------------------------------------------------------------- plan changes


@app.command("deadline")
def deadline(
    task_id: Annotated[str, typer.Argument(metavar="MÃ")],
    new: Annotated[
        str, typer.Argument(metavar="THỜI_HẠN_MỚI", help="Viết như văn bản: «Quý IV/2024».")
    ],
    reason: Annotated[str, typer.Option("--reason", "--ly-do", metavar="LÝ_DO", help="Lý do.")],
    decision: Annotated[
        str,
        typer.Option(
            "--decision",
            "--van-ban",
            metavar="VĂN_BẢN",
            help="Văn bản cho phép đổi hạn: «Công văn số 12/UBND-VP ngày 25/9/2024».",
        ),
    ],
    day: DateOpt = None,
    plans: PlansOpt = None,
    year: YearOpt = None,
    commit: CommitOpt = None,
    lang: LangOpt = "vi",
) -> None:
    """Đổi thời hạn, ghi lý do và văn bản quyết định (bí danh: doi-han).

    Thời hạn cũ, mới, lý do và văn bản được ghi vào dieu_chinh của nhiệm vụ; par history và mục
    «Điều chỉnh kế hoạch» của báo cáo hiện lý do này.

    Ví dụ: par deadline I.5.2 "Quý IV/2024" --ly-do "Chờ hướng dẫn của tỉnh"
    --van-ban "Công văn số 12/UBND-VP ngày 25/9/2024"
    """
    from vanthuy_cli.recording.recording import move_deadline

    when = _day(day)
    _run(
        (plans, year),
        commit,
        lang,
        lambda root, today, guard: move_deadline(
            root,
            task_id,
            new,
            reason=reason,
            decided_by=decision,
            day=when,
            today=today,
            guard=guard,
        ),
    )


def _codes(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


@app.command("assign")
def assign_cmd(
    task_id: Annotated[str, typer.Argument(metavar="MÃ")],
    lead: Annotated[
        str | None,
        typer.Option("--lead", "--chu-tri", metavar="MÃ", help="Người/bộ phận chủ trì."),
    ] = None,
    support: Annotated[
        list[str] | None,
        typer.Option(
            "--support",
            "--phoi-hop",
            metavar="MÃ,…",
            help="Đơn vị phối hợp (thay cả danh sách); --phoi-hop '' để bỏ trống.",
        ),
    ] = None,
    plans: PlansOpt = None,
    year: YearOpt = None,
    commit: CommitOpt = None,
    lang: LangOpt = "vi",
) -> None:
    """Đổi người chủ trì hoặc đơn vị phối hợp (bí danh: giao).

    Nhận mã (mot-cua) hoặc chức danh viết đủ («Bộ phận Một cửa xã», có dấu hay không).

    Ví dụ: par assign I.3.2 --chu-tri vp-tk --phoi-hop mot-cua,tp-ht
    """
    from vanthuy_cli.errors import UsageError
    from vanthuy_cli.recording.recording import assign

    if lead is None and support is None:
        raise UsageError("record.nothing", id=task_id)
    _run(
        (plans, year),
        commit,
        lang,
        lambda root, today, guard: assign(
            root, task_id, lead=lead, support=_codes(support), today=today, guard=guard
        ),
    )


@app.command("add")
def add_cmd(
    group: Annotated[str, typer.Argument(metavar="LĨNH_VỰC", help="Phụ lục.lĩnh vực: I.3.")],
    text: Annotated[str, typer.Argument(metavar="NỘI_DUNG")],
    lead: Annotated[
        str, typer.Option("--lead", "--chu-tri", metavar="MÃ", help="Người/bộ phận chủ trì.")
    ],
    deadline_text: Annotated[
        str,
        typer.Option("--deadline", "--thoi-han", metavar="THỜI_HẠN", help="«Quý IV/2024»…"),
    ],
    task_id: Annotated[
        str | None,
        typer.Option("--id", "--ma", metavar="MÃ", help="Mã (mặc định: số tiếp theo)."),
    ] = None,
    support: Annotated[
        list[str] | None, typer.Option("--support", "--phoi-hop", metavar="MÃ,…")
    ] = None,
    output: Annotated[str | None, typer.Option("--output", "--ket-qua", metavar="KẾT_QUẢ")] = None,
    plans: PlansOpt = None,
    year: YearOpt = None,
    commit: CommitOpt = None,
    lang: LangOpt = "vi",
) -> None:
    """Thêm nhiệm vụ vào cuối một lĩnh vực, mã tự đánh tiếp (bí danh: them).

    Ví dụ: par add I.3 "Số hóa kết quả giải quyết TTHC" --chu-tri mot-cua --thoi-han "Quý IV/2024"
    """
    from vanthuy_cli.recording.recording import add_new_task

    _run(
        (plans, year),
        commit,
        lang,
        lambda root, today, guard: add_new_task(
            root,
            group,
            text=text,
            lead=lead,
            deadline=deadline_text,
            task_id=task_id,
            support=_codes(support),
            output=output,
            today=today,
            guard=guard,
        ),
    )


@app.command("remove")
def remove_cmd(
    task_id: Annotated[str, typer.Argument(metavar="MÃ")],
    reason: Annotated[str, typer.Option("--reason", "--ly-do", metavar="LÝ_DO")],
    plans: PlansOpt = None,
    year: YearOpt = None,
    commit: CommitOpt = None,
    lang: LangOpt = "vi",
) -> None:
    """Xóa một nhiệm vụ khỏi phụ lục, nêu lý do (bí danh: xoa). Git vẫn giữ lịch sử của nó.

    Ví dụ: par remove I.3.6 --ly-do "Trùng với I.3.2" --commit
    """
    from vanthuy_cli.recording.recording import remove_existing_task

    _run(
        (plans, year),
        commit,
        lang,
        lambda root, today, guard: remove_existing_task(
            root, task_id, reason=reason, today=today, guard=guard
        ),
    )


# ----------------------------------------------------------------------------------- par edit


def editor_command() -> list[str]:
    """$VISUAL, else $EDITOR, else the platform's usual editor."""
    chosen = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if chosen:
        return shlex.split(chosen, posix=os.name != "nt")
    if os.name == "nt":
        return ["notepad"]
    if sys.platform == "darwin":
        return ["nano"]
    return ["nano"] if _which("nano") else ["vi"]


def _which(name: str) -> bool:
    import shutil

    return shutil.which(name) is not None


def _at_line(command: list[str], path: Path, line: int) -> list[str]:
    """The editor's own way of opening a file at a line (``+N`` for the terminal editors)."""
    name = Path(command[0]).name.lower().removesuffix(".exe")
    if name in ("code", "codium", "code-insiders"):
        return [*command, "--goto", f"{path}:{line}"]
    if name in ("subl", "sublime_text", "zed"):
        return [*command, f"{path}:{line}"]
    if name in ("notepad", "notepad++", "gedit", "xed", "kate", "open"):
        return [*command, str(path)]
    return [*command, f"+{line}", str(path)]


def _task_to_edit(ws: LoadedPlan, task_id: str) -> tuple[str, str]:
    """(id, file) of the task to open: a loaded one, or one left out for its own errors (a bad
    status, a missing key): opening it is how the clerk fixes it. ``UnknownTask`` otherwise."""
    from vanthuy_cli.errors import UnknownTask

    try:
        ref = ws.task(task_id)
    except UnknownTask:
        found = ws.left_out_task(task_id)
        if found is None:
            raise
        return found
    return ref.id, ref.file


@app.command("edit")
def edit_cmd(
    task_id: Annotated[str, typer.Argument(metavar="MÃ")],
    plans: PlansOpt = None,
    year: YearOpt = None,
    commit: CommitOpt = None,
    lang: LangOpt = "vi",
) -> None:
    """Mở tệp chứa nhiệm vụ trong trình soạn thảo, ở đúng dòng (bí danh: sua).

    Trình soạn thảo: biến VISUAL, rồi EDITOR, nếu không có thì nano (vi), trên Windows là
    notepad. Sửa trên một bản sao; khi lưu và đóng, par kiểm tra toàn bộ kế hoạch: hợp lệ thì
    thay tệp thật; có lỗi thì hỏi sửa lại (mở ở dòng lỗi) hay bỏ thay đổi, như visudo.

    Ví dụ: par edit I.3.2 · EDITOR="code --wait" par sua I.3.2
    """
    from vanthuy_cli.recording.recording import (
        _Pending,
        _source,
        load,
        plans_lock,
        split_occurrence,
        validate_with,
        write_edit,
    )
    from vanthuy_cli.storage.fileio import display_name
    from vanthuy_cli.storage.yamledit import Result, Source, task_line

    t = Translator(lang)
    root = plans_dir(plans, year)
    ws, before = load(root)
    the_id, file = _task_to_edit(ws, split_occurrence(task_id)[0])
    path = Path(os.path.abspath(file))
    src = _source(path, file)
    line = task_line(src, the_id) or 1
    command = editor_command()
    console = new_console()
    today = today_in_vietnam()
    import tempfile  # only here: every command imports this module to register its commands

    with tempfile.TemporaryDirectory(prefix="par-edit-") as scratch:
        copy = Path(scratch) / path.name
        copy.write_bytes(src.raw)
        while True:
            try:
                subprocess.run(_at_line(command, copy, line), check=False)
            except OSError as exc:
                from vanthuy_cli.storage.yamledit import EditError

                raise EditError(
                    "edit.no_editor", editor=" ".join(command), reason=exc.strerror or str(exc)
                ) from None
            new = copy.read_bytes()
            if new == src.raw:
                console.print(t("edit.unchanged"))
                return
            fresh = validate_with(root, path, new, today=today, before=before)
            if not fresh:
                break
            print_findings(fresh, t)
            console.print(t("edit.invalid_after"))
            try:
                answer = typer.prompt(t("edit.ask").rstrip(), default="s", show_default=False)
            except (typer.Abort, EOFError):  # no one to answer (a pipe, Ctrl-D): keep the file
                answer = "b"
            if answer.strip().lower()[:1] in ("b", "d", "q", "k"):
                console.print(t("edit.discarded", path=display_name(path)))
                raise typer.Exit(EXIT_PROBLEMS)
            same_file = [f for f in fresh if f.path == file and f.line]
            line = same_file[0].line if same_file else line
    guard = None
    repo = None
    if _commit_wanted(root, commit):
        from vanthuy_cli.history.gitio import Repo

        repo = Repo.open(root)
        guard = _commit_guard(repo)
    with plans_lock(root):
        _, now = load(root)
        result = Result(new, None, None)
        # The original bytes are what the user started from: refuse if they changed since.
        pending = _Pending(path, file, Source.from_bytes(src.raw, file), result)
        write_edit(root, now, pending, today=today, guard=guard)
    console.print(t("edit.saved", path=display_name(path)))
    if repo is not None:
        message = f"{the_id}: sửa bằng par edit"
        sha = repo.commit_paths([repo.relative(path)], message)
        console.print(t("record.committed", sha=sha[:7], summary=message))


@app.command("init")
def init_cmd(
    year: Annotated[int, typer.Argument(metavar="NĂM", help="Năm của kế hoạch mới, ví dụ 2025.")],
    carry: Annotated[
        str,
        typer.Option(
            "--carry",
            "--chuyen",
            metavar="ask|all|none",
            help="Việc chưa xong của năm cũ: hỏi từng việc (ask, mặc định), chuyển hết (all) "
            "hoặc không chuyển (none).",
        ),
    ] = "ask",
    plans: PlansOpt = None,
    lang: LangOpt = "vi",
) -> None:
    """Lập kế hoạch năm sau bên cạnh kế hoạch năm nay (bí danh: nam-moi).

    Tạo thư mục plans-NĂM/ cạnh plans/ (không sửa gì trong plans/): tệp kế hoạch với các ô cần
    điền (số hiệu, ngày, người ký, nơi nhận, cơ quan chủ quản), nhân sự và cài đặt báo cáo chép
    sang, việc định kỳ và thường xuyên chuyển sang, từng việc chưa hoàn thành được hỏi có
    chuyển tiếp không (kèm ghi chú nguồn gốc). Các lệnh khác đọc kế hoạch năm nay, --year để
    chọn năm khác.

    Ví dụ: par init 2025 · par nam-moi 2025 --carry all · par status --year 2024
    """
    from vanthuy_cli.errors import UsageError
    from vanthuy_cli.recording.newyear import init_year
    from vanthuy_cli.storage.fileio import display_name

    t = Translator(lang)
    mode = carry.strip().lower()
    if mode not in ("ask", "all", "none"):
        raise UsageError("error.bad_class", value=carry, choices="ask, all, none")
    console = new_console()

    def decide(ref: object) -> bool:
        if mode != "ask":
            return mode == "all"
        if not sys.stdin.isatty():
            return False
        task = getattr(ref, "task", None)
        text = f"{getattr(ref, 'id', '?')} {getattr(task, 'text', '')}"[:90]
        return bool(typer.confirm(t("init.ask", task=text), default=True))

    result = init_year(_previous_year(plans, year), year, carry=decide, today=today_in_vietnam())
    for path in result.files:
        console.print(t("init.written", path=display_name(path)), soft_wrap=True)
    console.print(
        t(
            "init.summary",
            folder=display_name(result.folder),
            carried=len(result.carried),
            offered=len(result.offered),
            left=", ".join(result.left) or "—",
        ),
        soft_wrap=True,
    )


def _previous_year(plans: Path | None, year: int) -> Path:
    """The plan ``par init YEAR`` starts from: the year before's (``plans-2025/`` for 2026)
    when there is one, else the folder found (``plans/``)."""
    from vanthuy_cli.errors import UsageError
    from vanthuy_cli.reading.workspace import resolve_plans_dir
    from vanthuy_cli.recording.newyear import plans_for_year

    found = resolve_plans_dir(plans)
    try:
        return plans_for_year(found, year - 1, today_in_vietnam())
    except UsageError:  # no plan for the year before: start from the folder found
        return found


for _name, _command in (
    ("tien-do", progress),
    ("xong", done),
    ("hoan-thanh", done),
    ("tam-dung", pause),
    ("huy", cancel),
    ("tiep-tuc", resume),
    ("doi-han", deadline),
    ("giao", assign_cmd),
    ("them", add_cmd),
    ("xoa", remove_cmd),
    ("sua", edit_cmd),
    ("nam-moi", init_cmd),
):
    _alias(_name, _command)
