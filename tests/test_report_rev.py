"""``par report --rev`` (the plan as committed at a revision) and ``--tag`` (bao-cao-<period>)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.helpers import appendix_with, entry, task, write_plans


def _git(cwd: Path, *args: str, when: str = "2024-08-01T09:00:00+07:00") -> str:
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
    done = subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)
    return done.stdout.decode().strip()


@pytest.fixture
def history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project whose plan was committed in June 2024 with the Q3 notes, then changed on
    5/10/2024 (a deadline moved, the notes rewritten): after the Q3 cut-off (14/9/2024)."""
    # par --tag runs git itself: the same isolation as _git.
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    tasks = [task("I.1.1", "30/9/2024", [entry("1/8/2024")]), task("I.1.2", "Quý IV/2024")]
    plans = write_plans(tmp_path, appendix=appendix_with(tasks))
    notes = tmp_path / "reports" / "2024-Q3.notes.md"
    notes.parent.mkdir()
    notes.write_text("Đề nghị tập huấn phần mềm một cửa.\n", encoding="utf-8")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "Kế hoạch", when="2024-06-20T09:00:00+07:00")
    moved = appendix_with(
        [task("I.1.1", "Quý IV/2024", [entry("1/8/2024")]), task("I.1.2", "Quý IV/2024")]
    )
    (plans / "phu-luc-I.yaml").write_text(moved, encoding="utf-8")
    notes.write_text("Đề nghị cấp thêm máy quét.\n", encoding="utf-8")
    _git(tmp_path, "commit", "-qam", "Lùi hạn I.1.1", when="2024-10-05T10:00:00+07:00")
    return plans


def _report(run, plans: Path, *args: str):
    return run("report", "2024-Q3", "-f", "md", "--plans", str(plans), *args)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".git" not in p.parts
    }


def test_rev_builds_from_the_committed_plan_and_notes_leaving_the_tree_alone(
    run, history: Path
) -> None:
    project = history.parent
    # An uncommitted edit: --rev must neither read it nor touch it.
    notes = project / "reports" / "2024-Q3.notes.md"
    notes.write_text("Bản nháp chưa commit.\n", encoding="utf-8")
    before = _snapshot(project)
    status = _git(project, "status", "--porcelain")

    result = _report(run, history, "--rev", "2024-09-14", "-o", "-")

    assert result.exit_code == 0, result.output
    text = result.stdout
    appendix = text.split("**PHỤ LỤC I**", 1)[1]
    assert "| 30/09/2024 |" in appendix  # the deadline as committed before the cut-off
    assert "Quý IV/2024" not in appendix.split("\n| 2 |")[0]
    assert "Đề nghị tập huấn phần mềm một cửa." in text  # the notes as committed then
    assert "máy quét" not in text and "Bản nháp" not in text
    assert "Sau ngày chốt số liệu" not in text  # that plan had no later change
    assert "Cảnh báo: kế hoạch đã có" not in result.stderr
    assert "Lập từ kế hoạch đã commit" in result.stderr and "20/06/2024" in result.stderr
    assert _snapshot(project) == before
    assert _git(project, "status", "--porcelain") == status


def test_rev_head_lists_the_later_changes_and_names_the_commands(run, history: Path) -> None:
    head = _git(history.parent, "rev-parse", "--short=7", "HEAD")
    result = _report(run, history, "--rev", "HEAD", "-o", "-")
    assert result.exit_code == 0, result.output
    section = result.stdout.split("### 3. Điều chỉnh Kế hoạch", 1)[1].split("## II.", 1)[0]
    assert "Sau ngày chốt số liệu, Kế hoạch tiếp tục được điều chỉnh" in section
    assert "- Ngày 05/10/2024, nhiệm vụ I.1.1: đổi thời hạn: 30/9/2024 → Quý IV/2024." in section
    assert "Đề nghị cấp thêm máy quét." in result.stdout
    warning = " ".join(result.stderr.split())
    assert "1 điều chỉnh sau ngày chốt số liệu 14/09/2024" in warning
    assert f"par history --since 2024-09-15 --until {head}" in warning
    assert "par report 2024-Q3 --rev 2024-09-14" in warning
    assert "git worktree" not in warning


def test_the_working_tree_report_names_rev_in_its_warning(run, history: Path) -> None:
    result = _report(run, history, "-o", "-")
    assert result.exit_code == 0, result.output
    warning = " ".join(result.stderr.split())
    assert "par history --since 2024-09-15." in warning  # up to today: no --until
    assert "par report 2024-Q3 --rev 2024-09-14" in warning
    assert "nhiệm vụ I.1.1: đổi thời hạn" in result.stdout.split("## II.", 1)[0]


def test_rev_naming_nothing_is_a_usage_error(run, history: Path) -> None:
    result = _report(run, history, "--rev", "khong-co", "-o", "-")
    assert result.exit_code == 2
    assert "khong-co" in result.stderr
    assert "Traceback" not in result.output


def test_rev_outside_git_says_so(run, tmp_path: Path) -> None:
    plans = write_plans(tmp_path, appendix=appendix_with([task()]))
    result = _report(run, plans, "--rev", "HEAD", "-o", "-")
    assert result.exit_code == 1
    assert "git" in result.stderr and "Traceback" not in result.output


def test_an_error_in_the_committed_plan_names_the_revision(run, history: Path) -> None:
    project = history.parent
    (history / "phu-luc-I.yaml").write_text("loai: phu_luc\nso: I\nnhom: [\n", encoding="utf-8")
    _git(project, "commit", "-qam", "Hỏng", when="2024-10-06T10:00:00+07:00")
    bad = _git(project, "rev-parse", "--short=7", "HEAD")
    result = _report(run, history, "--rev", "HEAD", "-o", "-")
    assert result.exit_code == 1
    assert f"{bad}:plans/phu-luc-I.yaml:" in result.stderr
    # The commit before is sound and still reports.
    assert _report(run, history, "--rev", "HEAD~1", "-o", "-").exit_code == 0


def test_tag_marks_the_commit_and_never_moves(run, history: Path) -> None:
    project = history.parent
    head = _git(project, "rev-parse", "HEAD")
    out = project / "bc.md"

    first = _report(run, history, "--tag", "-o", str(out))
    assert first.exit_code == 0, first.output
    assert _git(project, "rev-parse", "bao-cao-2024-Q3^{commit}") == head
    assert f"Đã gắn nhãn bao-cao-2024-Q3 cho phiên bản {head[:7]}." in first.stderr

    again = _report(run, history, "--tag", "-o", str(out), "--force")
    assert again.exit_code == 0, again.output
    assert "đã gắn cho phiên bản" in again.stderr

    (history / "ghi-chu.txt").write_text("không phải YAML", encoding="utf-8")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "Thêm", when="2024-10-07T10:00:00+07:00")
    moved = _report(run, history, "--tag", "-o", str(project / "bc2.md"))
    assert moved.exit_code == 1
    assert "nhãn bao-cao-2024-Q3 đã gắn cho phiên bản" in moved.stderr
    assert _git(project, "rev-parse", "bao-cao-2024-Q3^{commit}") == head
    assert not (project / "bc2.md").exists()  # refused before anything is written

    # An older revision may be tagged under its own period's name.
    q2 = run("report", "2024-Q2", "-f", "md", "--plans", str(history), "--rev", head, "--tag")
    assert q2.exit_code == 0, q2.output
    assert _git(project, "rev-parse", "bao-cao-2024-Q2^{commit}") == head


def test_tag_refuses_a_tree_with_uncommitted_inputs(run, history: Path) -> None:
    project = history.parent
    (project / "reports" / "2024-Q3.notes.md").write_text("Sửa dở.\n", encoding="utf-8")
    out = project / "bc.md"
    result = _report(run, history, "--tag", "-o", str(out))
    assert result.exit_code == 1
    message = " ".join(result.stderr.split())
    assert "không gắn nhãn được" in message and "reports/2024-Q3.notes.md" in message
    assert not out.exists()
    assert _git(project, "tag", "--list") == ""
    # A report written beside the plan is no input: it does not block the tag.
    _git(project, "checkout", "--", "reports/2024-Q3.notes.md")
    (project / "reports" / "2024-Q3-bao-cao.md").write_text("cũ", encoding="utf-8")
    assert _report(run, history, "--tag", "-o", str(out)).exit_code == 0


def test_a_report_number_for_no_period_is_rejected_where_it_is_written(run, tmp_path: Path) -> None:
    from tests.helpers import PLAN

    plan = PLAN.replace("bao_cao:\n", "bao_cao:\n  so_bao_cao:\n    quy-3: 152\n", 1)
    plans = write_plans(tmp_path, plan=plan, appendix=appendix_with([task()]))
    result = run("validate", "--plans", str(plans))
    assert result.exit_code == 1
    line = next(i for i, text in enumerate(plan.splitlines(), 1) if "quy-3" in text)
    assert f"ke-hoach.yaml:{line}:" in result.stdout.replace("\\", "/")


def test_a_rewritten_result_reads_as_an_official_sentence(run, history: Path) -> None:
    project = history.parent
    edited = appendix_with(
        [
            task("I.1.1", "Quý IV/2024", [entry("1/8/2024", gia_tri=60)]),
            task("I.1.2", "Quý IV/2024"),
        ]
    )
    (history / "phu-luc-I.yaml").write_text(edited, encoding="utf-8")
    _git(project, "commit", "-qam", "Sửa số liệu", when="2024-10-06T10:00:00+07:00")
    section = _report(run, history, "-o", "-").stdout.split("## II.", 1)[0]
    # The sentence names the part rewritten, not the entry's raw keys.
    assert "- Ngày 06/10/2024, nhiệm vụ I.1.1: sửa giá trị đo của kết quả ghi ngày 1/8/2024." in (
        section
    )
    assert "trang_thai" not in section and "·" not in section  # no dump of the entry


def _target() -> dict:
    return {"ten": "Tỷ lệ hồ sơ đúng hạn", "so_sanh": "toi_thieu", "gia_tri": 95, "don_vi": "%"}


def test_a_changed_target_reads_as_the_plan_states_it(run, history: Path) -> None:
    project = history.parent
    for when, value in (("2024-10-06T10:00:00+07:00", 95), ("2024-10-07T10:00:00+07:00", 98.5)):
        target = {**_target(), "gia_tri": value}
        tasks = [task("I.1.1", "Quý IV/2024", chi_tieu=target), task("I.1.2", "Quý IV/2024")]
        (history / "phu-luc-I.yaml").write_text(appendix_with(tasks), encoding="utf-8")
        _git(project, "commit", "-qam", "Chỉ tiêu", when=when)
    section = _report(run, history, "-o", "-").stdout.split("## II.", 1)[0]
    assert "Tỷ lệ hồ sơ đúng hạn ≥ 95% → Tỷ lệ hồ sơ đúng hạn ≥ 98,5%" in section
    assert "toi_thieu" not in section  # the YAML's spelling of the comparison is not words


def test_linking_a_target_to_the_figures_is_not_a_change_of_the_plan(run, history: Path) -> None:
    project = history.parent
    for when, extra in (
        ("2024-10-06T10:00:00+07:00", {}),
        ("2024-10-07T10:00:00+07:00", {"so_lieu": "dung_han"}),
    ):
        tasks = [
            task("I.1.1", "Quý IV/2024", chi_tieu={**_target(), **extra}),
            task("I.1.2", "Quý IV/2024"),
        ]
        (history / "phu-luc-I.yaml").write_text(appendix_with(tasks), encoding="utf-8")
        _git(project, "commit", "-qam", "Chỉ tiêu", when=when)
    section = _report(run, history, "-o", "-").stdout.split("## II.", 1)[0]
    assert "Ngày 07/10/2024" not in section  # the link reads the same: nothing to report
    timeline = run("history", "I.1.1", "--plans", str(history)).stdout
    assert "so_lieu: — → dung_han" in " ".join(timeline.split())  # the timeline still shows it


def test_without_a_commit_by_the_cut_off_no_rev_is_suggested(run, tmp_path: Path) -> None:
    plans = write_plans(tmp_path, appendix=appendix_with([task("I.1.1", "30/9/2024")]))
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "Kế hoạch", when="2024-10-01T09:00:00+07:00")
    (plans / "phu-luc-I.yaml").write_text(
        appendix_with([task("I.1.1", "Quý IV/2024")]), encoding="utf-8"
    )
    _git(tmp_path, "commit", "-qam", "Lùi hạn", when="2024-10-02T09:00:00+07:00")
    result = _report(run, plans, "-o", "-")
    warning = " ".join(result.stderr.split())
    assert "1 điều chỉnh sau ngày chốt số liệu" in warning
    assert "--rev" not in warning and "chưa có trong git vào ngày chốt số liệu" in warning
