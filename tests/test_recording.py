"""The writing commands, end to end on a copy of the shipped plans: what they write, and every
refusal path (invalid value, file changed underneath, lock held, --commit with staged changes)
leaving the file byte for byte as it was."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import Result

from tests.conftest import SHIPPED_PLANS
from tests.helpers import commune_repo, git
from vanthuy_cli.recording import recording
from vanthuy_cli.storage.yamlio import parse_text

APPENDIX_I = "phu-luc-I-par-index.yaml"
EVIDENCE = "Quyết định số 45/QĐ-UBND ngày 12/8/2024"


_git = git


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A git repository holding a copy of the shipped plans; the test runs inside it."""
    work = commune_repo(tmp_path, monkeypatch)
    shutil.copytree(SHIPPED_PLANS, work / "plans")
    _git(work, "add", ".")
    _git(work, "commit", "-qm", "Kế hoạch 64/KH-UBND")
    yield work


def _file(repo: Path) -> Path:
    return repo / "plans" / APPENDIX_I


def _task(repo: Path, task_id: str) -> dict[str, object]:
    data = parse_text(_file(repo).read_text(encoding="utf-8"), "x").data
    for group in data["nhom"]:
        for task in group.get("nhiem_vu") or []:
            if task["ma"] == task_id:
                return dict(task)
    raise AssertionError(task_id)


def test_progress_appends_an_entry_and_touches_nothing_else(
    repo: Path, run: Callable[..., Result]
) -> None:
    before = _file(repo).read_bytes()
    result = run(
        "progress", "I.3.5", "Đã xây dựng chuyên mục", "--percent", "40", "--date", "2024-09-20"
    )
    assert result.exit_code == 0, result.output
    assert "I.3.5: đang thực hiện, 40% — Đã xây dựng chuyên mục" in result.output
    assert _task(repo, "I.3.5")["tien_do"] == [
        {
            "ngay": "20/9/2024",
            "trang_thai": "dang_thuc_hien",
            "phan_tram": "40",
            "ghi_chu": "Đã xây dựng chuyên mục",
        }
    ]
    diff = _git(repo, "diff", "-U0", "--", "plans")
    added = [line for line in diff.splitlines() if line.startswith("+") and "+++" not in line]
    assert [line for line in diff.splitlines() if line.startswith("-") and "---" not in line] == []
    assert len(added) == 5 and added[0] == "+        tien_do:"
    assert len(_file(repo).read_bytes()) > len(before)
    shown = run("show", "I.3.5", "--as-of", "2024-09-30")
    assert "Đã xây dựng chuyên mục" in shown.output


def test_vietnamese_status_and_occurrence_forms(repo: Path, run: Callable[..., Result]) -> None:
    result = run(
        "tien-do",
        "I.1.3 (2024-Q4)",
        "Đôn đốc số liệu",
        "--trang-thai",
        "dang thuc hien",
        "--date",
        "2024-12-18",
    )
    assert result.exit_code == 0, result.output
    entry = _task(repo, "I.1.3")["tien_do"][-1]  # type: ignore[index]
    assert entry["ky"] == "2024-Q4" and entry["trang_thai"] == "dang_thuc_hien"
    same = run("show", "I.1.3 (2024-Q4)", "--as-of", "2024-12-31")
    assert same.exit_code == 0 and "I.1.3" in same.output
    not_recurring = run("progress", "I.3.5", "x", "--ky", "2024-Q3", "--date", "2024-09-01")
    assert not_recurring.exit_code == 2
    assert "không phải việc định kỳ" in not_recurring.output


def test_yaml_status_in_words_is_accepted(repo: Path, run: Callable[..., Result]) -> None:
    path = _file(repo)
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("trang_thai: dang_thuc_hien", "trang_thai: đang thực hiện", 1).replace(
            "trang_thai: hoan_thanh", "trang_thai: Hoan Thanh", 1
        ),
        encoding="utf-8",
    )
    assert run("validate", "--as-of", "2024-12-31").exit_code == 0


def test_done_needs_evidence_and_commit_writes_a_vietnamese_message(
    repo: Path, run: Callable[..., Result]
) -> None:
    before = _file(repo).read_bytes()
    missing = run("done", "I.3.5", "--date", "2024-09-25")
    assert missing.exit_code == 2 and _file(repo).read_bytes() == before
    result = run("xong", "I.3.5", "--minh-chung", EVIDENCE, "--date", "2024-09-25", "--commit")
    assert result.exit_code == 0, result.output
    log = _git(repo, "log", "-1", "--format=%an|%s", "--name-only")
    assert log.splitlines()[0] == f"Nguyễn Thị Lan|I.3.5: hoàn thành — {EVIDENCE}"
    assert log.split("\n")[2:] == [f"plans/{APPENDIX_I}", ""]
    assert _git(repo, "status", "--porcelain") == ""


def test_commit_can_be_the_default(repo: Path, run: Callable[..., Result]) -> None:
    _git(repo, "config", "par.commit", "true")
    result = run("progress", "I.3.5", "Bắt đầu", "--date", "2024-09-20")
    assert result.exit_code == 0, result.output
    assert _git(repo, "log", "-1", "--format=%s").strip() == "I.3.5: đang thực hiện — Bắt đầu"


def test_commit_refuses_when_other_changes_are_staged(
    repo: Path, run: Callable[..., Result]
) -> None:
    (repo / "ghi-chu.txt").write_text("x", encoding="utf-8")
    _git(repo, "add", "ghi-chu.txt")
    before = _file(repo).read_bytes()
    result = run("done", "I.3.5", "--evidence", EVIDENCE, "--date", "2024-09-25", "--commit")
    assert result.exit_code == 1
    assert "ghi-chu.txt" in result.output and "git add" in result.output
    assert _file(repo).read_bytes() == before
    assert len(_git(repo, "log", "--format=%H").split()) == 1


@pytest.mark.parametrize(
    "args",
    [
        ("deadline", "I.3.5", "Quý 5/2024", "--ly-do", "x", "--van-ban", "CV 1"),  # unreadable
        ("progress", "I.1.3 (2024-Q3)", "muộn", "--date", "2024-09-10"),  # out of date order
        ("assign", "I.3.5", "--phoi-hop", "khong-co"),  # not in the roster
        ("progress", "I.3.5", "--percent", "140"),
        ("progress", "I.3.5", "x", "--date", "2099-01-01"),  # in the future
        ("progress", "I.3.2", "--gia-tri", "abc"),
        (
            "add",
            "I.3",
            "Việc",
            "--chu-tri",
            "vp-tk",
            "--thoi-han",
            "Quý III/2024",
            "--ma",
            "I.3.1",
        ),  # id taken
    ],
)
def test_invalid_values_leave_the_file_untouched(
    repo: Path, run: Callable[..., Result], args: tuple[str, ...]
) -> None:
    before = {p.name: p.read_bytes() for p in (repo / "plans").iterdir()}
    result = run(*args)
    assert result.exit_code in (1, 2), result.output
    assert "Traceback" not in result.output
    assert {p.name: p.read_bytes() for p in (repo / "plans").iterdir()} == before


def test_refused_edit_names_the_error_line(repo: Path, run: Callable[..., Result]) -> None:
    result = run(
        "deadline",
        "I.3.5",
        "Quý 5/2024",
        "--ly-do",
        "x",
        "--van-ban",
        "CV 1",
        "--date",
        "2024-09-01",
    )
    assert result.exit_code == 1
    assert f"plans/{APPENDIX_I}:" in result.output and "DEADLINE-PARSE" in result.output
    assert "giữ nguyên" in result.output


def test_lead_near_miss_gets_did_you_mean(repo: Path, run: Callable[..., Result]) -> None:
    result = run("assign", "I.3.5", "--chu-tri", "mot-cuaa")
    assert result.exit_code == 2
    assert "mot-cua (Bộ phận Một cửa xã)" in result.output
    by_title = run("giao", "I.3.5", "--chu-tri", "bo phan mot cua xa")
    assert by_title.exit_code == 0, by_title.output
    assert _task(repo, "I.3.5")["chu_tri"] == "mot-cua"


def test_file_changed_underneath_is_refused(
    repo: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _file(repo)
    real = recording.validate_with

    def meanwhile(*args: object, **kw: object) -> list[object]:
        found = real(*args, **kw)  # type: ignore[arg-type]
        # Another program saves the file between par's read and its write.
        path.write_bytes(path.read_bytes() + "# thêm bởi trình soạn thảo\n".encode())
        return found

    monkeypatch.setattr(recording, "validate_with", meanwhile)
    result = run("progress", "I.3.5", "x", "--date", "2024-09-20")
    assert result.exit_code == 1
    assert "vừa bị sửa" in result.output
    assert path.read_bytes().endswith("# thêm bởi trình soạn thảo\n".encode())
    assert b"tien_do:\n          - ngay: 20/9/2024" not in path.read_bytes()


def test_lock_held_by_another_process_is_refused(repo: Path, run: Callable[..., Result]) -> None:
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        (repo / "plans" / recording.LOCK_NAME).write_text(f"{holder.pid}\n", encoding="ascii")
        before = _file(repo).read_bytes()
        result = run("progress", "I.3.5", "x", "--date", "2024-09-20")
        assert result.exit_code == 1
        assert str(holder.pid) in result.output and "đang ghi" in result.output
        assert _file(repo).read_bytes() == before
    finally:
        holder.kill()
        holder.wait()
    # The holder is gone: its lock is stale and is taken over.
    result = run("progress", "I.3.5", "x", "--date", "2024-09-20")
    assert result.exit_code == 0, result.output
    assert not (repo / "plans" / recording.LOCK_NAME).exists()


def test_permissions_are_kept(repo: Path, run: Callable[..., Result]) -> None:
    if os.name == "nt":
        pytest.skip("POSIX permissions")
    os.chmod(_file(repo), 0o640)
    assert run("progress", "I.3.5", "x", "--date", "2024-09-20").exit_code == 0
    assert _file(repo).stat().st_mode & 0o777 == 0o640


def test_permissions_are_on_the_new_file_before_it_takes_the_name(
    repo: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    """No moment where the plan file has the temporary file's 0600 (or any other mode): the
    mode is set on the open temporary file, before the rename."""
    if os.name == "nt":
        pytest.skip("POSIX permissions")
    os.chmod(_file(repo), 0o664)
    seen: list[int] = []
    real_replace = os.replace

    def replace(src: str, dst: object) -> None:
        if Path(str(dst)) == _file(repo):
            seen.append(os.stat(src).st_mode & 0o777)
        real_replace(src, dst)  # type: ignore[arg-type]

    real_chmod = os.chmod

    def no_late_chmod(path: object, mode: int, **kw: object) -> None:
        if Path(str(path)) == _file(repo):
            raise AssertionError("chmod of the plan file after it was replaced")
        real_chmod(path, mode, **kw)  # type: ignore[arg-type]  # the scratch copy of copytree

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "chmod", no_late_chmod)
    assert run("progress", "I.3.5", "x", "--date", "2024-09-20").exit_code == 0
    assert seen == [0o664]
    assert _file(repo).stat().st_mode & 0o777 == 0o664


def test_deadline_move_reason_in_history(repo: Path, run: Callable[..., Result]) -> None:
    result = run(
        "doi-han",
        "I.5.2",
        "Quý IV/2024",
        "--ly-do",
        "Chờ hướng dẫn của tỉnh",
        "--van-ban",
        "Công văn số 12/UBND-VP ngày 25/9/2024",
        "--date",
        "2024-09-25",
        "--commit",
    )
    assert result.exit_code == 0, result.output
    task = _task(repo, "I.5.2")
    assert task["thoi_han"] == "Quý IV/2024"
    assert task["dieu_chinh"] == [
        {
            "ngay": "25/9/2024",
            "thoi_han_cu": "Theo kế hoạch của huyện",
            "thoi_han_moi": "Quý IV/2024",
            "ly_do": "Chờ hướng dẫn của tỉnh",
            "van_ban": "Công văn số 12/UBND-VP ngày 25/9/2024",
        }
    ]
    history = run("history", "I.5.2")
    assert history.exit_code == 0, history.output
    flat = " ".join(history.output.split())
    assert (
        "Theo kế hoạch của huyện → Quý IV/2024; lý do: Chờ hướng dẫn của tỉnh "
        "(Công văn số 12/UBND-VP ngày 25/9/2024)"
    ) in flat
    assert "dieu_chinh" not in flat


def test_add_and_remove_task(repo: Path, run: Callable[..., Result]) -> None:
    before = _file(repo).read_bytes()
    added = run(
        "them",
        "I.3",
        "Số hóa kết quả giải quyết TTHC",
        "--chu-tri",
        "mot-cua",
        "--thoi-han",
        "Quý IV/2024",
    )
    assert added.exit_code == 0, added.output
    assert "I.3.6" in added.output
    assert _task(repo, "I.3.6")["noi_dung"] == "Số hóa kết quả giải quyết TTHC"
    removed = run("xoa", "I.3.6", "--ly-do", "Trùng với I.3.2")
    assert removed.exit_code == 0, removed.output
    assert _file(repo).read_bytes() == before


FAKE_EDITOR = textwrap.dedent("""\
    import pathlib, sys
    args = sys.argv[1:]
    path = pathlib.Path(args[-1])
    log = pathlib.Path(sys.argv[0]).with_suffix(".log")
    with log.open("a", encoding="utf-8") as out:
        out.write(" ".join(args[:-1]) + "\\n")
    calls = len(log.read_text(encoding="utf-8").splitlines())
    replacement = sys.argv[0].endswith("bad.py") and calls == 1
    text = path.read_text(encoding="utf-8")
    new = "Quý 9/2024" if replacement or "always" in sys.argv[0] else "Quý I/2025"
    for old in ("thoi_han: Quý IV/2024", "thoi_han: Quý 9/2024"):
        text = text.replace(old, "thoi_han: " + new, 1)
    path.write_text(text, encoding="utf-8")
    """)


def _editor(tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    script = tmp_path / name
    script.write_text(FAKE_EDITOR, encoding="utf-8")
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    return script.with_suffix(".log")


def test_edit_opens_at_the_task_line_and_saves_when_valid(
    repo: Path, run: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = _editor(tmp_path, "good.py", monkeypatch)
    line = next(
        n
        for n, text in enumerate(_file(repo).read_text(encoding="utf-8").splitlines(), 1)
        if text.strip() == "- ma: I.3.5"
    )
    result = run("edit", "I.3.5")
    assert result.exit_code == 0, result.output
    assert log.read_text(encoding="utf-8").split() == [f"+{line}"]
    assert _task(repo, "I.3.5")["thoi_han"] == "Quý I/2025"


def test_edit_with_errors_offers_reopen_or_keep(
    repo: Path, run: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _file(repo).read_bytes()
    log = _editor(tmp_path, "always.py", monkeypatch)
    kept = run("sua", "I.3.5", input="b\n")
    assert kept.exit_code == 1
    assert "DEADLINE-PARSE" in kept.output and "giữ nguyên" in kept.output
    assert _file(repo).read_bytes() == before
    log.unlink()
    # Re-open: the second session fixes the error and the file is saved.
    log = _editor(tmp_path, "bad.py", monkeypatch)
    fixed = run("sua", "I.3.5", input="s\n")
    assert fixed.exit_code == 0, fixed.output
    calls = log.read_text(encoding="utf-8").splitlines()
    assert len(calls) == 2
    assert _task(repo, "I.3.5")["thoi_han"] == "Quý I/2025"


# Every command that writes, each with arguments that would succeed on task I.3.5.
WRITERS = {
    "progress": ("progress", "I.3.5", "x", "--date", "2024-09-20"),
    "done": ("done", "I.3.5", "--evidence", EVIDENCE, "--date", "2024-09-20"),
    "pause": ("pause", "I.3.5", "Chờ kinh phí", "--date", "2024-09-20"),
    "cancel": ("cancel", "I.3.5", "Không còn phù hợp", "--date", "2024-09-20"),
    "resume": ("resume", "I.3.5", "Đã có kinh phí", "--date", "2024-09-20"),
    "deadline": ("deadline", "I.3.5", "Quý I/2025", "--ly-do", "x", "--van-ban", "CV 1"),
    "assign": ("assign", "I.3.5", "--chu-tri", "tp-ht"),
    "add": ("add", "I.3", "Việc mới", "--chu-tri", "vp-tk", "--thoi-han", "Quý IV/2024"),
    "remove": ("remove", "I.3.5", "--ly-do", "Trùng"),
    "edit": ("edit", "I.3.5"),
}


def _writer(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *extra: str
) -> tuple[str, ...]:
    if name == "edit":
        _editor(tmp_path, "good.py", monkeypatch)
    return (*WRITERS[name], *extra)


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_every_writer_refuses_while_another_process_holds_the_lock(
    repo: Path,
    run: Callable[..., Result],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
) -> None:
    before = {p.name: p.read_bytes() for p in (repo / "plans").iterdir()}
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        (repo / "plans" / recording.LOCK_NAME).write_text(f"{holder.pid}\n", encoding="ascii")
        result = run(*_writer(name, tmp_path, monkeypatch))
    finally:
        holder.kill()
        holder.wait()
    assert result.exit_code == 1, result.output
    assert str(holder.pid) in result.output and "đang ghi" in result.output
    (repo / "plans" / recording.LOCK_NAME).unlink()
    assert {p.name: p.read_bytes() for p in (repo / "plans").iterdir()} == before


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_every_writer_refuses_when_the_file_changed_underneath(
    repo: Path,
    run: Callable[..., Result],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
) -> None:
    path = _file(repo)
    real = recording.validate_with
    saved = "# lưu bởi trình soạn thảo khác\n".encode()

    def meanwhile(*args: object, **kw: object) -> list[object]:
        found = real(*args, **kw)  # type: ignore[arg-type]
        if not path.read_bytes().endswith(saved):  # another program saves the file, once
            path.write_bytes(path.read_bytes() + saved)
        return found

    monkeypatch.setattr(recording, "validate_with", meanwhile)
    original = path.read_bytes()
    result = run(*_writer(name, tmp_path, monkeypatch))
    assert result.exit_code == 1, result.output
    assert "vừa bị sửa" in result.output
    assert path.read_bytes() == original + saved  # the other program's save, nothing of par's


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_every_writer_with_commit_refuses_other_staged_changes(
    repo: Path,
    run: Callable[..., Result],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
) -> None:
    (repo / "ghi-chu.txt").write_text("x", encoding="utf-8")
    _git(repo, "add", "ghi-chu.txt")
    before = {p.name: p.read_bytes() for p in (repo / "plans").iterdir()}
    result = run(*_writer(name, tmp_path, monkeypatch, "--commit"))
    assert result.exit_code == 1, result.output
    assert "ghi-chu.txt" in result.output
    assert {p.name: p.read_bytes() for p in (repo / "plans").iterdir()} == before
    assert len(_git(repo, "log", "--format=%H").split()) == 1


def test_edit_opens_a_task_left_out_for_its_error_so_it_can_be_fixed(
    repo: Path, run: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A task whose status is not a status is left out of the plan (its file's other tasks
    load); par edit still finds it, at its line, and saves the fix."""
    path = _file(repo)
    text = path.read_text(encoding="utf-8")
    start = next(n for n, line in enumerate(text.splitlines()) if line.strip() == "- ma: I.3.5")
    entry = "\n        tien_do: [{ngay: 1/9/2024, trang_thai: xong_roi}]"
    broken = text.replace("- ma: I.3.5\n", "- ma: I.3.5" + entry + "\n", 1)
    assert broken != text
    path.write_text(broken, encoding="utf-8")
    assert run("show", "I.3.5").exit_code == 1  # not shown: it has an error
    script = tmp_path / "fix.py"
    script.write_text(
        textwrap.dedent("""\
            import pathlib, sys
            path = pathlib.Path(sys.argv[-1])
            pathlib.Path(sys.argv[0]).with_suffix(".log").write_text(sys.argv[1])
            path.write_text(path.read_text("utf-8").replace("xong_roi", "dang_thuc_hien"), "utf-8")
            """),
        encoding="utf-8",
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    result = run("edit", "I.3.5")
    assert result.exit_code == 0, result.output
    assert script.with_suffix(".log").read_text() == f"+{start + 1}"
    assert "trang_thai: dang_thuc_hien" in path.read_text(encoding="utf-8")
    assert run("show", "I.3.5").exit_code == 0
