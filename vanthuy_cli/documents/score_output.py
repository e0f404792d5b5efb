"""Files the appraisal team expects: the self-assessment table (DOCX, Markdown), the workbook
(.xlsx) and the evidence bundle (.zip with an index by criterion).

The table has the columns of the provinces' self-assessment forms: STT, field/criterion/
sub-criterion, maximum, self-score, evidence, explanation. DOCX and Markdown come from templates
(``score.docx``, ``score.md.j2``) the clerk may edit, like the reports; the workbook and the zip
are built here. Every file is written atomically and never over an existing one without --force.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from vanthuy_cli.documents.docxfinish import finish_document
from vanthuy_cli.documents.officialdoc import letterhead_context, signer_context
from vanthuy_cli.documents.templating import find_template, render_docx, render_markdown
from vanthuy_cli.errors import OutputError
from vanthuy_cli.plan.loaded import LoadedPlan
from vanthuy_cli.render.catalog import Translator
from vanthuy_cli.render.score_text import evidence_text, explain, num, risk_text
from vanthuy_cli.rules import evidence
from vanthuy_cli.rules.scoring import LeafScore, Scorecard
from vanthuy_cli.storage.fileio import write_output

TEMPLATE_NAMES = {"md": "score.md.j2", "docx": "score.docx"}
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
INDEX_NAME = "muc-luc.md"


@dataclass(frozen=True)
class Rendered:
    data: bytes
    path: Path | None  # None: for standard output


def default_output(ws: LoadedPlan, card: Scorecard, fmt: str) -> Path:
    reports = ws.root.parent / "reports"
    year = card.catalogue.year
    if fmt == "zip":
        return reports / f"minh-chung-{year}.zip"
    return reports / f"tu-cham-{year}.{fmt}"


def make_output(
    ws: LoadedPlan,
    card: Scorecard,
    *,
    fmt: str,
    output: Path | str | None,
    force: bool,
    t: Translator,
) -> Rendered:
    """Render ``card`` as ``fmt`` (md, docx, xlsx, zip) and write it (``-o -``: Markdown out;
    ``-o folder/``: the default name in that folder)."""
    if output is not None and str(output) == "-":
        if fmt != "md":
            raise OutputError("output.stdout_md")
        return Rendered(markdown(ws, card, t).encode("utf-8"), None)
    if fmt == "md":
        data = markdown(ws, card, t).encode("utf-8")
    elif fmt == "docx":
        data = docx(ws, card, t)
    elif fmt == "xlsx":
        data = workbook(ws, card, t)
    else:
        data = bundle(ws, card, t)
    default = default_output(ws, card, fmt)
    if output is None:
        return Rendered(data, write_output(default, data, force=force))
    return Rendered(data, write_output(output, data, force=force, default_name=default.name))


# ---------------------------------------------------------------------------- the table


def rows(card: Scorecard, t: Translator) -> list[dict[str, Any]]:
    """The table's rows in order: each field, each criterion, each sub-criterion."""
    out: list[dict[str, Any]] = []
    by_number = {s.number: s for s in card.leaves}
    for area in card.areas:
        out.append(_total_row("field", area.number, area.title, area.max_points, area.points))
        source = next(a for a in card.catalogue.areas if a.number == area.number)
        for criterion in source.criteria:
            if criterion.children:
                total = card.criteria[criterion.number]
                out.append(
                    _total_row(
                        "criterion", total.number, total.title, total.max_points, total.points
                    )
                )
                out.extend(_leaf_row("sub", by_number[c.number], t) for c in criterion.children)
            else:
                out.append(_leaf_row("criterion", by_number[criterion.number], t))
    return out


def _total_row(level: str, number: str, title: str, top: float, points: float) -> dict[str, Any]:
    return {
        "level": level,
        "number": number,
        "title": title,
        "max": top,
        "points": points,
        "evidence": [],
        "explanation": "",
        "missing": False,
    }


def _leaf_row(level: str, score: LeafScore, t: Translator) -> dict[str, Any]:
    parts = [explain(score, t)]
    if score.explanation:
        parts.append(t("score.explanation", text=score.explanation.rstrip(".")))
    if score.evidence_missing:
        parts.append(t("score.missing_explained" if score.explanation else "score.missing"))
    explanation = ". ".join(parts)
    return {
        "level": level,
        "number": score.number,
        "title": score.leaf.title,
        "max": score.max_points,
        "points": score.points,
        "evidence": evidence_text(score),
        "explanation": explanation,
        "missing": score.evidence_missing,
    }


def context(ws: LoadedPlan, card: Scorecard, t: Translator) -> dict[str, Any]:
    """What ``score.md.j2`` and ``score.docx`` are given (documented in docs/cham-diem.md)."""
    plan = ws.plan
    return {
        "doc": {
            **letterhead_context(plan),
            "date": card.as_of,
            "recipients": list(plan.reporting.recipients or plan.recipients),
            "signer": signer_context(plan.reporting.signer or plan.signer),
            "draft": card.catalogue.sample,
        },
        "catalogue": {
            "title": card.catalogue.title,
            "year": card.catalogue.year,
            "basis": card.catalogue.basis,
            "sample": card.catalogue.sample,
        },
        "as_of": card.as_of,
        "rows": [
            {**row, "max": num(row["max"], t), "points": num(row["points"], t)}
            for row in rows(card, t)
        ],
        "total": {
            "max": num(card.total.max_points, t),
            "points": num(card.total.points, t),
            "last_year": num(card.total.last_year, t) if card.total.last_year is not None else "",
        },
        "risks": [risk_text(r, card, t) for r in card.risks] if card.before_window else [],
        "window_opens": card.window_opens,
    }


def markdown(ws: LoadedPlan, card: Scorecard, t: Translator) -> str:
    source = find_template(TEMPLATE_NAMES["md"], ws.root.parent)
    return render_markdown(source, context(ws, card, t))


def docx(ws: LoadedPlan, card: Scorecard, t: Translator) -> bytes:
    source = find_template(TEMPLATE_NAMES["docx"], ws.root.parent)
    return render_docx(source, context(ws, card, t), finish=finish_document)


# ------------------------------------------------------------------------------ workbook

HEADINGS = (
    "STT",
    "Lĩnh vực, tiêu chí, tiêu chí thành phần",
    "Điểm tối đa",
    "Điểm tự chấm",
    "Tài liệu kiểm chứng",
    "Giải trình",
)
WIDTHS = (9, 50, 10, 10, 50, 60)


def workbook(ws: LoadedPlan, card: Scorecard, t: Translator) -> bytes:
    """The table as an .xlsx workbook: points are numbers (not text, not formulas) so the district
    can add them up in any spreadsheet program; a second sheet lists the points at risk."""
    # No stubs ship with openpyxl; the ignore stays harmless once types-openpyxl is installed.
    from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]
    from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped, unused-ignore]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped, unused-ignore]

    plan = ws.plan
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Tự chấm"
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    sheet.append([plan.issuer.upper()])
    sheet.append([f"BẢNG TỰ ĐÁNH GIÁ, CHẤM ĐIỂM {card.catalogue.title.upper()}"])
    sheet.append([f"Số liệu đến ngày {card.as_of:%d/%m/%Y}"])
    for line in (1, 2):
        sheet.cell(row=line, column=1).font = bold
    sheet.append(list(HEADINGS))
    header = sheet.max_row
    for col in range(1, len(HEADINGS) + 1):
        cell = sheet.cell(row=header, column=col)
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    for row in rows(card, t):
        sheet.append(
            [
                row["number"],
                row["title"],
                row["max"],
                row["points"],
                "\n".join(row["evidence"]),
                row["explanation"],
            ]
        )
        current = sheet.max_row
        for col in range(1, len(HEADINGS) + 1):
            cell = sheet.cell(row=current, column=col)
            cell.alignment = wrap
            if row["level"] != "sub" and not (row["level"] == "criterion" and row["explanation"]):
                cell.font = bold
    sheet.append(["", "TỔNG ĐIỂM", card.total.max_points, card.total.points, "", ""])
    for col in (2, 3, 4):
        sheet.cell(row=sheet.max_row, column=col).font = bold
    if card.total.last_year is not None:
        sheet.append(["", "Điểm thẩm định năm trước", "", card.total.last_year, "", ""])
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = sheet.cell(row=header + 1, column=1)
    if card.before_window:
        risks = book.create_sheet("Nguy cơ mất điểm")
        risks.append(["Tiêu chí", "Điểm", "Việc cần làm"])
        for col in (1, 2, 3):
            risks.cell(row=1, column=col).font = bold
        for risk in card.risks:
            risks.append([risk.number, risk.points, risk_text(risk, card, t)])
        risks.column_dimensions["C"].width = 100
    # Fixed properties: the same plan gives the same workbook content.
    stamp = datetime(card.as_of.year, card.as_of.month, card.as_of.day)
    book.properties.created = stamp
    book.properties.modified = stamp
    book.properties.creator = "par"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# -------------------------------------------------------------------------------- bundle


def bundle(ws: LoadedPlan, card: Scorecard, t: Translator) -> bytes:
    """A zip of every evidence file named, one folder per criterion, with ``muc-luc.md``: for
    each criterion its points, every evidence document and where its file is in the zip (or
    that the file is missing, or that the document has no file)."""
    out = io.BytesIO()
    lines = [
        f"# Tài liệu kiểm chứng: {card.catalogue.title}",
        "",
        f"Tự chấm đến ngày {card.as_of:%d/%m/%Y}: "
        + f"{num(card.total.points, t)}/{num(card.total.max_points, t)} điểm.",
        "",
    ]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for score in card.leaves:
            lines.append(
                f"## {score.number}. {score.leaf.title} "
                f"({num(score.points, t)}/{num(score.max_points, t)})"
            )
            lines.append("")
            if not score.evidence:
                lines.append(
                    f"- {t('score.missing')}"
                    + (f" ({score.explanation})" if score.explanation else "")
                )
            for doc in score.evidence:
                named = evidence.file_name(doc)
                where = ""
                if named:
                    found = evidence.resolve(ws.root, named)
                    inside = f"{score.number}/{PurePosixPath(named.replace(chr(92), '/')).name}"
                    if found is None:
                        where = f" — thiếu tệp evidence/{named}"
                    else:
                        info = zipfile.ZipInfo(inside, date_time=ZIP_TIME)
                        info.compress_type = zipfile.ZIP_DEFLATED
                        info.external_attr = 0o644 << 16
                        try:
                            if inside not in archive.namelist():
                                archive.writestr(info, found.read_bytes())
                            where = f" — tệp {inside}"
                        except OSError as exc:
                            where = f" — không đọc được evidence/{named} ({exc.strerror})"
                lines.append(f"- {doc}{where}")
            lines.append("")
        index = zipfile.ZipInfo(INDEX_NAME, date_time=ZIP_TIME)
        index.compress_type = zipfile.ZIP_DEFLATED
        index.external_attr = 0o644 << 16
        archive.writestr(index, "\n".join(lines).encode("utf-8"))
    return out.getvalue()
