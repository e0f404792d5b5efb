"""``par report`` and ``par plan`` in Markdown: the golden report, inputs, templates, errors."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import SHIPPED_PLANS
from tests.helpers import appendix_with, done, entry, task, write_plans
from tests.test_views_cli import check_golden


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the shipped plans outside any git repository (no "changes" section)."""
    shutil.copytree(SHIPPED_PLANS, tmp_path / "plans")
    return tmp_path


def report(run, project: Path, *args: str):
    return run("report", *args, "--plans", str(project / "plans"))


def test_q3_report_matches_the_golden_file(run, project: Path) -> None:
    result = report(run, project, "2024-Q3", "--format", "md")
    assert result.exit_code == 0, result.output
    written = project / "reports" / "2024-Q3-bao-cao.md"
    assert "reports/2024-Q3-bao-cao.md" in result.stderr.replace(os.sep, "/")
    check_golden("report-2024-Q3.md", written.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "period", ["2024-Q2", "2024-Q3", "2024-Q4", "2024-H1", "2024-H2", "2024", "2024-09"]
)
def test_every_period_of_2024_renders(run, project: Path, period: str) -> None:
    result = report(run, project, period, "--format", "md", "-o", "-")
    assert result.exit_code == 0, result.output
    text = result.stdout
    for heading in (
        "# BÁO CÁO",
        "## I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH",
        "## II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH",
        "## III. ĐÁNH GIÁ CHUNG",
        "## IV. PHƯƠNG HƯỚNG, NHIỆM VỤ",
        "## V. ĐỀ XUẤT, KIẾN NGHỊ",
        "**PHỤ LỤC I**",
        "***Nơi nhận:***",
        "**Lưu Văn Hữu**",
    ):
        assert heading in text
    assert "{{" not in text and "{%" not in text


def test_report_lists_every_task_and_counts(run, project: Path) -> None:
    from vanthuy_cli.reading.workspace import load_workspace

    text = report(run, project, "2024", "--format", "md", "-o", "-").stdout
    appendix = text.split("**PHỤ LỤC I**", 1)[1]
    for ref in load_workspace(project / "plans").tasks:
        wanted = " ".join(ref.task.text.split()).rstrip(".").replace("&", "&")
        assert f"| {wanted}" in appendix, ref.id
    assert "số liệu tính từ ngày 15/12/2023 đến ngày 14/12/2024" in text


def test_report_refuses_to_overwrite_without_force(run, project: Path) -> None:
    assert report(run, project, "2024-Q3", "-f", "md").exit_code == 0
    again = report(run, project, "2024-Q3", "-f", "md")
    assert again.exit_code == 1
    assert "--force" in again.stderr and "Traceback" not in again.output
    assert report(run, project, "2024-Q3", "-f", "md", "--force").exit_code == 0


def test_notes_file_becomes_section_iv(run, project: Path) -> None:
    notes = project / "reports" / "2024-Q3.notes.md"
    notes.parent.mkdir()
    notes.write_text(
        "Đề nghị UBND huyện hỗ trợ kinh phí\nmua máy scan.\n\nĐề nghị tập huấn.\n", encoding="utf-8"
    )
    text = report(run, project, "2024-Q3", "-f", "md", "-o", "-").stdout
    section = text.split("## V. ĐỀ XUẤT, KIẾN NGHỊ", 1)[1]
    assert "Đề nghị UBND huyện hỗ trợ kinh phí mua máy scan." in section
    assert "Đề nghị tập huấn." in section
    assert "Không có." not in section.split("Trên đây")[0]


def test_special_characters_are_escaped_in_markdown_tables(run, tmp_path: Path) -> None:
    tricky = 'Hỏi & đáp | "TTHC" <b>mới</b> *nhanh*'
    plans = write_plans(
        tmp_path,
        appendix=appendix_with(
            [task("I.1.1", "30/9/2024", [entry("1/8/2024"), done("20/8/2024")], noi_dung=tricky)]
        ),
    )
    text = run("report", "2024-Q3", "-f", "md", "-o", "-", "--plans", str(plans)).stdout
    row = next(line for line in text.splitlines() if line.startswith("| 1 | Hỏi"))
    assert row.count(" | ") == 5  # the "|" in the text did not add a column
    assert r"Hỏi & đáp \| \"TTHC\"".replace('\\"', '"') in row
    assert r"\<b\>mới\</b\> \*nhanh\*" in row


def test_user_template_wins_and_errors_name_the_template_and_line(run, project: Path) -> None:
    templates = project / "templates"
    templates.mkdir()
    (templates / "report.md.j2").write_text("Kỳ {{ period.label }}\n", encoding="utf-8")
    assert report(run, project, "2024-Q3", "-f", "md", "-o", "-").stdout == "Kỳ Quý III năm 2024\n"

    (templates / "report.md.j2").write_text("a\nb {{ period.labell }}\n", encoding="utf-8")
    result = report(run, project, "2024-Q3", "-f", "md", "-o", "-")
    assert result.exit_code == 1
    assert "report.md.j2:2" in result.stderr and "labell" in result.stderr
    assert "Traceback" not in result.output

    (templates / "report.md.j2").write_text("{% for x in y %}\n", encoding="utf-8")
    result = report(run, project, "2024-Q3", "-f", "md", "-o", "-")
    assert result.exit_code == 1 and "report.md.j2:1" in result.stderr


def test_templates_are_sandboxed(run, project: Path) -> None:
    evil = project / "evil.md.j2"
    evil.write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}", encoding="utf-8")
    result = report(run, project, "2024-Q3", "-f", "md", "-o", "-", "--template", str(evil))
    assert result.exit_code == 1
    assert "evil.md.j2" in result.stderr


def test_missing_template_file(run, project: Path) -> None:
    result = report(run, project, "2024-Q3", "-f", "md", "--template", "khong-co.md.j2")
    assert result.exit_code == 1
    assert "không tìm thấy mẫu «khong-co.md.j2»" in result.stderr


def test_bad_period_is_a_usage_error(run, project: Path) -> None:
    result = report(run, project, "2024-Q5")
    assert result.exit_code == 2 and "2024-Q5" in result.stderr


@pytest.mark.parametrize("period", ["2023", "2030-Q1", "2025-Q1", "2023-12"])
def test_a_period_outside_the_plan_year_is_refused_with_the_plan_range(
    run, project: Path, period: str
) -> None:
    result = report(run, project, period, "-o", "-")
    assert result.exit_code == 2, result.output
    assert f"kỳ {period} nằm ngoài năm của kế hoạch 64/KH-UBND" in result.stderr
    assert "từ ngày 01/01/2024 đến ngày 31/12/2024" in result.stderr
    assert result.stdout == "" and not (project / "reports").exists()


def test_the_output_extension_chooses_the_format(run, project: Path) -> None:
    result = report(run, project, "2024-Q3", "-o", str(project / "x.md"))
    assert result.exit_code == 0, result.output
    text = (project / "x.md").read_bytes()
    assert not text.startswith(b"PK")  # not a zip (DOCX) in a .md file
    assert text.decode("utf-8").count("# BÁO CÁO") == 1
    docx_result = report(run, project, "2024-Q3", "-o", str(project / "x.docx"))
    assert docx_result.exit_code == 0 and (project / "x.docx").read_bytes().startswith(b"PK")


def test_a_format_that_contradicts_the_extension_is_an_error(run, project: Path) -> None:
    result = report(run, project, "2024-Q3", "-o", str(project / "x.md"), "-f", "docx")
    assert result.exit_code == 2
    assert "đuôi .md" in result.stderr and "--format là docx" in result.stderr
    assert not (project / "x.md").exists()
    agreed = report(run, project, "2024-Q3", "-o", str(project / "y.md"), "-f", "md")
    assert agreed.exit_code == 0


def test_sample_appendices_warn_on_stderr_not_in_the_body(run, project: Path) -> None:
    result = report(run, project, "2024-Q3", "-o", "-")
    assert "dữ liệu mẫu" in result.stderr and "DỰ THẢO" in result.stderr
    assert "dữ liệu mẫu" not in result.stdout.lower()
    assert result.stdout.startswith("**DỰ THẢO**")
    for path in (project / "plans").glob("*.yaml"):  # appendices and the period's figures
        path.write_text(
            path.read_text(encoding="utf-8").replace("du_lieu_mau: true", "du_lieu_mau: false"),
            encoding="utf-8",
        )
    official = report(run, project, "2024-Q3", "-o", "-")
    assert "DỰ THẢO" not in official.stdout and "DỰ THẢO" not in official.stderr


def test_plan_document_in_markdown_is_faithful(run) -> None:
    result = run("plan", "--plans", str(SHIPPED_PLANS))
    assert result.exit_code == 0
    text = result.stdout
    seed = Path(__file__).with_name("data") / "ke-hoach-64-goc.txt"  # the source document
    for phrase in (
        "Số: 64/KH-UBND",
        "Vạn Thủy, ngày 10 tháng 6 năm 2024",
        "# KẾ HOẠCH",
        "sáng tạo bút phá",
        "Định kỳ tổng hợp, báo cáo UBND huyện, Phòng Nội vụ theo quy định.",
        "nghiêm túc triển khai thực hiện./.",
        "- UBND các xã, thị trấn;",
        "- Lưu: VT.",
        "**KT. CHỦ TỊCH<br>PHÓ CHỦ TỊCH**",
        "**Lưu Văn Hữu**",
        "## PHỤ LỤC I",
        "## PHỤ LỤC II",
    ):
        assert phrase in text, phrase
    # Every numbered paragraph of the source survives the round trip through YAML.
    body = seed.read_text(encoding="utf-8")
    for number in ("1.1.", "1.2.", "1.3.", "2.1.", "2.2.", "2.3."):
        para = body.split(f"\n{number} ", 1)[1].split("\n", 1)[0].replace("*", "").strip()
        assert para in text.replace("*", ""), number


def _git(cwd: Path, *args: str, when: str = "2024-08-01T09:00:00+07:00") -> None:
    import subprocess

    # The machine's git configuration (signing, hooks) must not decide the test.
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "GIT_AUTHOR_NAME": "Nguyễn Văn Thư",
        "GIT_AUTHOR_EMAIL": "thu@xa.invalid",
        "GIT_COMMITTER_NAME": "Nguyễn Văn Thư",
        "GIT_COMMITTER_EMAIL": "thu@xa.invalid",
    }
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def test_report_lists_plan_changes_of_the_period_from_git(run, tmp_path: Path) -> None:
    tasks = [task("I.1.1", "30/9/2024", [entry("1/8/2024")]), task("I.1.2", "Quý IV/2024")]
    plans = write_plans(tmp_path, appendix=appendix_with(tasks))
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "Kế hoạch", when="2024-06-20T09:00:00+07:00")
    moved = appendix_with(
        [
            task("I.1.1", "Quý IV/2024", [entry("1/8/2024"), entry("5/9/2024")]),
            task("I.1.2", "Quý IV/2024"),
        ]
    )
    (plans / "phu-luc-I.yaml").write_text(moved, encoding="utf-8")
    _git(tmp_path, "commit", "-qam", "Lùi hạn I.1.1", when="2024-09-05T10:00:00+07:00")

    text = run("report", "2024-Q3", "-f", "md", "-o", "-", "--plans", str(plans)).stdout
    section = text.split("### 3. Điều chỉnh Kế hoạch", 1)[1].split("## II.", 1)[0]
    assert "- Ngày 05/9/2024, nhiệm vụ I.1.1: đổi thời hạn: 30/9/2024 → Quý IV/2024." in section
    assert "Thêm dòng tiến độ" not in section  # routine updates are results, not plan changes
    assert "Thêm nhiệm vụ" not in section  # the plan's first commit (20/6) is an import

    # Outside the window (Q2 report), the same history has nothing to say.
    q2 = run("report", "2024-Q2", "-f", "md", "-o", "-", "--plans", str(plans)).stdout
    assert "Trong kỳ, Kế hoạch không có điều chỉnh." in q2


def test_report_outside_git_has_no_changes_section(run, project: Path) -> None:
    text = report(run, project, "2024-Q3", "-f", "md", "-o", "-").stdout
    assert "Điều chỉnh Kế hoạch" not in text


def test_occurrences_are_reported_in_the_window_they_fall_due(run, tmp_path: Path) -> None:
    # The June occurrence (due 30/6) falls in Q3's data window (15/6–14/9), not Q2's (–14/6).
    plans = write_plans(
        tmp_path,
        appendix=appendix_with([task("I.1.1", "Hằng tháng", [done("28/6/2024", ky="2024-06")])]),
    )
    q2 = run("report", "2024-Q2", "-f", "md", "-o", "-", "--plans", str(plans)).stdout
    q3 = run("report", "2024-Q3", "-f", "md", "-o", "-", "--plans", str(plans)).stdout
    assert "(tháng 6 năm 2024)" not in q2.split("**PHỤ LỤC I**")[1]
    june = next(line for line in q3.splitlines() if "(tháng 6 năm 2024)" in line)
    assert "| 30/06/2024 |" in june and "Hoàn thành đúng hạn" in june
    assert "(tháng 9 năm 2024)" not in q3.split("**PHỤ LỤC I**")[1]  # due 30/9: next window


def test_subject_keeps_an_acronym_at_its_start(run, tmp_path: Path) -> None:
    from tests.helpers import PLAN

    plan = PLAN.replace(
        "trich_yeu: Nâng cao Chỉ số PAR INDEX và SIPAS năm 2024",
        "trich_yeu: UBND xã nâng cao Chỉ số PAR INDEX năm 2024",
    )
    plans = write_plans(tmp_path, plan=plan)
    text = run("report", "2024", "-f", "md", "-o", "-", "--plans", str(plans)).stdout
    assert "**Kết quả thực hiện Kế hoạch UBND xã nâng cao Chỉ số PAR INDEX năm 2024**" in text
    assert "về UBND xã nâng cao" in text


def test_bullets_in_the_notes_file_keep_their_lines(run, project: Path) -> None:
    notes = project / "reports" / "2024-Q3.notes.md"
    notes.parent.mkdir()
    notes.write_text("Đề nghị:\n- Hỗ trợ kinh phí;\n- Tập huấn.\n", encoding="utf-8")
    section = report(run, project, "2024-Q3", "-f", "md", "-o", "-").stdout.split("## V.")[1]
    assert "Đề nghị:\n\n- Hỗ trợ kinh phí;\n\n- Tập huấn." in section


NOTES = """Đề nghị UBND huyện hỗ trợ **kinh phí** sửa chữa cụm loa
trung tâm.

* Tập huấn *kỹ năng số* cho công chức.

## Nguyên nhân

### a) Khách quan

- Ảnh hưởng của cơn bão số 3 (Yagi).
"""


def test_causes_split_into_objective_and_subjective_from_the_entries(run, project: Path) -> None:
    text = report(run, project, "2024-Q3", "-o", "-").stdout
    causes = text.split("### 3. Nguyên nhân", 1)[1].split("## IV.", 1)[0]
    objective, subjective = causes.split("***b) Nguyên nhân chủ quan***")
    assert objective.lstrip().startswith("***a) Nguyên nhân khách quan***")
    # Marked nguyen_nhan: khach_quan in the entry: a storm, a document awaited from above.
    assert "cơn bão số 3 (Yagi)" in objective and "dông sét" in objective
    assert "chờ hướng dẫn của Phòng Tài chính - Kế hoạch huyện" in objective
    # Not marked: subjective (par never calls a cause objective by itself).
    assert "Báo cáo quý II gửi chậm 13 ngày" in subjective
    assert "chờ ý kiến Thường trực Đảng ủy xã" in subjective
    assert "cơn bão" not in subjective


def test_a_notes_heading_nguyen_nhan_replaces_the_whole_causes_section(run, project: Path) -> None:
    notes = project / "reports" / "2024-Q3.notes.md"
    notes.parent.mkdir()
    notes.write_text("## Nguyên nhân\n\nDo thời tiết và nhân lực.\n", encoding="utf-8")
    text = report(run, project, "2024-Q3", "-o", "-").stdout
    causes = text.split("### 3. Nguyên nhân", 1)[1].split("## IV.", 1)[0]
    assert causes.split() == ["Do", "thời", "tiết", "và", "nhân", "lực."]


def test_notes_headings_name_sections_and_replace_them(run, project: Path) -> None:
    notes = project / "reports" / "2024-Q3.notes.md"
    notes.parent.mkdir()
    notes.write_text(NOTES, encoding="utf-8")
    text = report(run, project, "2024-Q3", "-o", "-").stdout
    causes = text.split("### 3. Nguyên nhân", 1)[1].split("## IV.", 1)[0]
    # "a) Khách quan" replaces the objective part only; the subjective part is par's own.
    objective, subjective = causes.split("***b) Nguyên nhân chủ quan***")
    expected = "***a) Nguyên nhân khách quan*** - Ảnh hưởng của cơn bão số 3 (Yagi)."
    assert " ".join(objective.split()) == expected
    assert "- Báo cáo quý II gửi chậm 13 ngày" in subjective
    assert "Cụm loa" not in causes  # an objective cause par found, replaced by the notes
    proposals = text.split("## V. ĐỀ XUẤT, KIẾN NGHỊ", 1)[1].split("Trên đây", 1)[0]
    assert "Đề nghị UBND huyện hỗ trợ **kinh phí** sửa chữa cụm loa trung tâm." in proposals
    assert "- Tập huấn *kỹ năng số* cho công chức." in proposals
    assert "\n## Nguyên nhân" not in text and "\n### a)" not in text  # never a heading of its own


def test_notes_render_bold_and_italic_in_word(run, project: Path) -> None:
    import docx

    notes = project / "reports" / "2024-Q3.notes.md"
    notes.parent.mkdir()
    notes.write_text(NOTES + "\n### Lưu ý\n\nBão gây mất điện 3 ngày.\n", encoding="utf-8")
    out = project / "bc.docx"
    assert report(run, project, "2024-Q3", "-o", str(out)).exit_code == 0
    doc = docx.Document(str(out))
    texts = [p.text for p in doc.paragraphs]
    assert "Đề nghị UBND huyện hỗ trợ kinh phí sửa chữa cụm loa trung tâm." in texts
    assert not any("**" in t or "*kỹ" in t for t in texts)
    para = next(p for p in doc.paragraphs if p.text.startswith("Đề nghị UBND huyện"))
    assert [r.text for r in para.runs if r.bold] == ["kinh phí"]
    listed = next(p for p in doc.paragraphs if p.text.startswith("- Tập huấn"))
    assert [r.text for r in listed.runs if r.italic] == ["kỹ năng số"]
    part = texts.index("a) Nguyên nhân khách quan")
    assert doc.paragraphs[part].style.name == "Heading 4"
    assert texts[part + 1] == "- Ảnh hưởng của cơn bão số 3 (Yagi)."
    assert "b) Nguyên nhân chủ quan" in texts[part:]
    # A heading that names no section is a bold line where it stands.
    heading = next(p for p in doc.paragraphs if p.text == "Lưu ý")
    assert heading.style.name == "Normal"
    assert [r.text for r in heading.runs if r.bold] == ["Lưu ý"]
    assert "3. Nguyên nhân" in texts


def test_a_misnamed_notes_file_is_named_in_a_warning(run, project: Path) -> None:
    reports = project / "reports"
    reports.mkdir()
    (reports / "2024-q3.note.md").write_text("Đề nghị.\n", encoding="utf-8")
    (reports / "2024-Q2.notes.md").write_text("Kỳ khác.\n", encoding="utf-8")
    result = report(run, project, "2024-Q3", "-o", "-")
    assert "reports/2024-q3.note.md»" in result.stderr.replace("\\", "/")
    assert "«2024-Q3.notes.md»" in result.stderr
    assert "2024-Q2.notes.md" not in result.stderr  # another period's notes are not a mistake
    year = report(run, project, "2024", "-o", "-")
    assert "2024-q3.note.md" not in year.stderr


def test_a_past_report_names_plan_changes_after_its_cut_off(run, tmp_path: Path) -> None:
    tasks = [task("I.1.1", "30/9/2024", [entry("1/8/2024")]), task("I.1.2", "Quý IV/2024")]
    plans = write_plans(tmp_path, appendix=appendix_with(tasks))
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "Kế hoạch", when="2024-06-20T09:00:00+07:00")
    moved = appendix_with(
        [task("I.1.1", "30/11/2024", [entry("1/8/2024")]), task("I.1.2", "Quý IV/2024")]
    )
    (plans / "phu-luc-I.yaml").write_text(moved, encoding="utf-8")
    _git(tmp_path, "commit", "-qam", "Lùi hạn I.1.1", when="2024-10-02T10:00:00+07:00")

    result = run("report", "2024-Q3", "-f", "md", "-o", "-", "--plans", str(plans))
    assert result.exit_code == 0, result.output
    assert "kế hoạch đã có 1 điều chỉnh sau ngày chốt số liệu 14/09/2024" in result.stderr
    assert "par history --since 2024-09-15" in result.stderr
    section = result.stdout.split("### 3. Điều chỉnh Kế hoạch", 1)[1].split("## II.", 1)[0]
    assert "Trong kỳ, Kế hoạch không có điều chỉnh." in section
    assert "Sau ngày chốt số liệu, Kế hoạch tiếp tục được điều chỉnh" in section
    assert "- Ngày 02/10/2024, nhiệm vụ I.1.1: đổi thời hạn: 30/9/2024 → 30/11/2024." in section


def test_plan_and_score_follow_the_output_extension_too(run, project: Path) -> None:
    # Was: ``par plan -o ke-hoach.docx`` wrote Markdown into the .docx file, and
    # ``par score -o tu-cham.docx`` printed the text card and wrote nothing (both exit 0).
    plans = ("--plans", str(project / "plans"))
    assert run("plan", "-o", str(project / "kh.docx"), *plans).exit_code == 0
    assert (project / "kh.docx").read_bytes().startswith(b"PK")  # a real DOCX (zip)
    for name in ("tc.docx", "tc.xlsx"):
        result = run("score", "-o", str(project / name), "--as-of", "2024-12-14", *plans)
        assert result.exit_code == 0, result.output
        assert (project / name).read_bytes().startswith(b"PK")
    markdown = run("score", "-o", str(project / "tc.md"), "--as-of", "2024-12-14", *plans)
    assert markdown.exit_code == 0 and not (project / "tc.md").read_bytes().startswith(b"PK")


def test_plan_and_score_refuse_an_output_they_cannot_honour(run, project: Path) -> None:
    plans = ("--plans", str(project / "plans"))
    conflict = run("plan", "-o", str(project / "kh.md"), "-f", "docx", *plans)
    assert conflict.exit_code == 2 and "--format là docx" in conflict.stderr
    text_card = run("score", "-o", str(project / "tc.txt"), *plans)
    assert text_card.exit_code == 2 and "tc.txt" in text_card.stderr
    assert not (project / "kh.md").exists() and not (project / "tc.txt").exists()
