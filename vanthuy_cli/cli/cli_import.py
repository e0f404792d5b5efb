"""``par import``: the command and how its result is shown (registered at the end of cli.py).

The work is done by ``vanthuy_cli.importing``; this module only reads options, calls it and
renders the ``ImportResult``: what was recognised, what would be or was written, the table of
guesses, and what is left to fix, each with the row of the source table.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from vanthuy_cli.cli.cli_options import LangOpt, PlansOpt, YearOpt, force_option, plans_dir
from vanthuy_cli.errors import EXIT_PROBLEMS
from vanthuy_cli.render.catalog import Translator

if TYPE_CHECKING:
    from rich.console import Console

    from vanthuy_cli.importing.plan_import import ImportResult, Place


def import_cmd(
    source: Annotated[
        Path,
        typer.Argument(
            metavar="TỆP", dir_okay=False, help="Tệp Word (.docx) hoặc Excel (.xlsx) chứa phụ lục."
        ),
    ],
    appendix: Annotated[
        str | None,
        typer.Option(
            "--appendix",
            "-a",
            help="Số phụ lục (trong phu_luc của kế hoạch) cho mọi bảng của tệp, khi tệp không "
            "ghi «PHỤ LỤC …» trên bảng.",
        ),
    ] = None,
    columns: Annotated[
        str | None,
        typer.Option(
            "--columns",
            "-c",
            metavar="KHÓA=CỘT,…",
            help="Chỉ rõ cột khi tiêu đề bảng không nhận ra được: số cột (1, 2…) hoặc chữ cột "
            "Excel (A, B…), ví dụ noi_dung=C,chu_tri=D,thoi_han=F. Khóa: so_tt, ma, noi_dung, "
            "tieu_chi, chu_tri, phoi_hop, ket_qua, thoi_han, ghi_chu.",
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", "-n", help="Chỉ in những gì sẽ ghi và các chỗ phải đoán; không ghi tệp."
        ),
    ] = False,
    force: Annotated[
        bool,
        force_option("Thay tệp phụ lục đã có bằng phụ lục vừa nhập; thêm người mới vào nhan_su."),
    ] = False,
    plans: PlansOpt = None,
    year: YearOpt = None,
    lang: LangOpt = "vi",
) -> None:
    """Nhập các bảng phụ lục từ tệp Word/Excel thành tệp YAML của từng phụ lục.

    Cột được nhận theo tiêu đề tiếng Việt (có dấu hay không); dòng nhóm, mục con, ô gộp được đọc.

    Người chủ trì, phối hợp được so với nhan_su; ai chưa có được đề xuất thêm.

    Kết quả được kiểm tra như par validate; còn gì phải sửa thì in theo dòng của bảng gốc.

    Không thay tệp đã có (kể cả thêm nhan_su vào ke-hoach.yaml) nếu không có --force.

    Ví dụ: par import phu-luc.docx --dry-run · par import ke-hoach.xlsx --force ·
    par import bang.docx --appendix II --columns noi_dung=2,chu_tri=3,thoi_han=5
    """
    from vanthuy_cli.cli.cli_output import console as new_console
    from vanthuy_cli.importing.plan_import import prepare_import, write_import
    from vanthuy_cli.storage.fileio import display_name

    t = Translator(lang)
    result = prepare_import(source, plans_dir(plans, year), appendix=appendix, columns=columns)
    console = new_console()
    if dry_run:
        for out in result.files:
            if out.appendix is None:
                continue  # the plan file: its new roster entries are listed below
            console.rule(display_name(out.path))
            console.print(out.text, end="", soft_wrap=True)
        console.rule()
    else:
        write_import(result, force=force)
    _render(console, result, t)
    if dry_run:
        console.print(t("import.dry_run"))
    else:
        console.print(t("import.written", count=len(result.files)))
    if any(p.finding.is_error for p in result.problems):
        raise typer.Exit(EXIT_PROBLEMS)


def _render(console: Console, result: ImportResult, t: Translator) -> None:
    from rich.table import Table

    from vanthuy_cli.render import render_findings as rf
    from vanthuy_cli.storage.fileio import display_name

    for table_place, fields in result.columns:
        shown = "; ".join(f"{name} ← {where}" for name, where in fields.items())
        console.print(
            t("import.columns", table=_place(table_place, t), columns=shown), soft_wrap=True
        )
    for out in result.files:
        if out.appendix is None:
            continue
        console.print(
            t(
                "import.file_summary",
                path=display_name(out.path),
                number=out.appendix,
                groups=out.groups,
                tasks=out.tasks,
            ),
            soft_wrap=True,
        )
        if out.progress_replaced and out.exists:
            console.print(t("import.progress_replaced", count=out.progress_replaced))
    if result.new_people:
        plan_file = next((o for o in result.files if o.appendix is None), None)
        console.print(
            t(
                "import.new_people",
                plan=display_name(plan_file.path) if plan_file else "nhan_su",
                count=len(result.new_people),
            ),
            soft_wrap=True,
        )
        for code, title, where in result.new_people:
            seen = f"  ({_place(where, t)})" if where else ""
            console.print(f"  - ma: {code}  ten: {title}{seen}", soft_wrap=True)
    if result.notes:
        console.print(t("import.notes_title", count=len(result.notes)))
        table = Table(show_lines=False, pad_edge=False)
        table.add_column(t("import.col.where"), no_wrap=True)
        table.add_column(t("import.col.what"))
        for note in result.notes:
            table.add_row(_place(note.where, t), t(note.key, **note.params))
        console.print(table)
    else:
        console.print(t("import.notes_none"))
    if result.problems:
        console.print(t("import.problems_title", count=len(result.problems)))
        for problem in result.problems:
            f = problem.finding
            task = f" ({problem.task})" if problem.task else ""
            console.print(
                f"  {_place(problem.where, t)}{task}: {f.rule} {rf.message(f, t)}", soft_wrap=True
            )
    else:
        console.print(t("import.clean"))


def _place(place: Place, t: Translator) -> str:
    """ "bảng 1, dòng 7" / "table 1, row 7", "«PL II», dòng 8", "Phụ lục II"."""
    return t(place.key, table=place.label, row=place.row)
