"""Hostile input and faults: nothing crashes, nothing is lost, nothing escapes.

One section per failure family of the hardening issue. Tests run as root in CI, where chmod
cannot deny anything: permission problems are produced with fakes at the operating-system
boundary (``os.stat`` raising EACCES for one folder), a non-executable ``git`` is a real file
without the x bit (root cannot run it either), a hanging ``git`` is a script that sleeps, with
``PAR_GIT_TIMEOUT`` set to one second.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from tests.helpers import APPENDIX, PLAN, write_plans
from vanthuy_cli.errors import InputError, OutputError
from vanthuy_cli.history import gitio
from vanthuy_cli.storage import fileio

Run = Callable[..., Result]
LONG = "a" * 300  # one path component over 255 bytes


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_plans(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def one_line_error(result: Result) -> str:
    """The CLI's error output; asserts it is a message, not a traceback."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output
    return result.stderr


# ------------------------------------------------------------- names over 255 bytes (5 cases)


@pytest.mark.parametrize(
    "args",
    [
        ("report", "2024-Q3", "-f", "md", "-o", f"{LONG}.md"),
        ("report", "2024-Q3", "-f", "md", "--template", f"{LONG}.j2"),
        ("status", "--plans", LONG),
        ("validate", f"{LONG}.yaml"),
        ("schema", "-o", f"{LONG}.json"),
    ],
)
def test_names_over_255_bytes_are_messages(run: Run, project: Path, args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.exit_code in (1, 2)
    message = one_line_error(result) + result.stdout
    assert "too long" in message or "không tìm thấy mẫu" in message


def test_a_name_of_255_bytes_can_be_written(run: Run, project: Path) -> None:
    name = "b" * 252 + ".md"  # the temporary file's name must not be longer than the target's
    result = run("report", "2024-Q3", "-f", "md", "-o", name)
    assert result.exit_code == 0, result.output
    assert (project / name).is_file()
    assert [p.name for p in project.iterdir() if p.name.startswith(".par-")] == []


# -------------------------------------------------- permission denied (fakes: tests run as root)


def _deny(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Make every ``os.stat``/``os.open`` below ``folder`` fail with EACCES, as for another
    user's folder without search permission."""
    real_stat, real_open = os.stat, os.open
    denied = str(folder)

    def below(path: object) -> bool:
        try:
            text = os.fspath(path)  # type: ignore[arg-type]
        except TypeError:
            return False
        text = os.path.abspath(text) if isinstance(text, str) else text
        return isinstance(text, str) and text.startswith(denied + os.sep)

    def fake_stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        if below(path):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))  # type: ignore[arg-type]
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    def fake_open(path: object, *args: object, **kwargs: object) -> int:
        if below(path):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))  # type: ignore[arg-type]
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", fake_stat)
    monkeypatch.setattr(os, "open", fake_open)


def test_checking_a_path_in_a_denied_folder(
    run: Run, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = project / "other-user"
    other.mkdir()
    _deny(monkeypatch, other)
    result = run("validate", str(other / "ke-hoach.yaml"))
    assert result.exit_code == 1
    assert "FILE-READ" in result.stdout and "Permission denied" in result.stdout
    result = run("status", "--plans", str(other / "plans"))
    assert result.exit_code == 1
    assert "Permission denied" in one_line_error(result)


def test_unreadable_templates_folder_falls_back_to_the_built_in_template(
    run: Run, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "templates").mkdir()
    (project / "templates" / "report.md.j2").write_text("mine", encoding="utf-8")
    _deny(monkeypatch, project / "templates")
    result = run("report", "2024-Q3", "-f", "md", "-o", "-")
    assert result.exit_code == 0, result.output
    assert "BÁO CÁO" in result.stdout


def test_plans_folder_git_cannot_enter_is_a_git_error(tmp_path: Path) -> None:
    # subprocess reports the folder it could not chdir into as the error's file name.
    error = gitio._start_error(
        PermissionError(errno.EACCES, "Permission denied", str(tmp_path)), tmp_path
    )
    assert error.key == "git.folder" and error.params["reason"] == "Permission denied"


def test_unreadable_notes_file_is_a_message(
    run: Run, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "reports").mkdir()
    (project / "reports" / "2024-Q3.notes.md").write_text("x", encoding="utf-8")
    _deny(monkeypatch, project / "reports")
    result = run("report", "2024-Q3", "-f", "md", "-o", "-")
    assert result.exit_code == 1
    assert "Permission denied" in one_line_error(result)


# ------------------------------------------------- commit timestamps (5 cases through history)


def _git(cwd: Path, *args: str, stdin: bytes | None = None, **env: str) -> str:
    full = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", **env}
    out = subprocess.run(
        ["git", *args], cwd=cwd, input=stdin, env=full, capture_output=True, check=True
    )
    return out.stdout.decode().strip()


@pytest.fixture
def git_project(project: Path) -> Path:
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    _git(
        project,
        "-c",
        "user.name=Lan",
        "-c",
        "user.email=lan@x.vn",
        "commit",
        "-q",
        "-m",
        "Khởi tạo",
        GIT_AUTHOR_DATE="2024-06-20T09:00:00+07:00",
        GIT_COMMITTER_DATE="2024-06-20T09:00:00+07:00",
    )
    return project


@pytest.mark.parametrize(
    "stamp", ["253402300799", "253402200000", "abc", "99999999999999999999", "-99999999999"]
)
def test_hand_made_commit_dates_do_not_crash(run: Run, git_project: Path, stamp: str) -> None:
    tree = _git(git_project, "write-tree")
    parent = _git(git_project, "rev-parse", "HEAD")
    raw = (
        f"tree {tree}\nparent {parent}\nauthor A <a@x> {stamp} +0000\n"
        f"committer A <a@x> {stamp} +0700\n\nNgày hỏng\n"
    ).encode()
    sha = _git(
        git_project, "hash-object", "-t", "commit", "-w", "--stdin", "--literally", stdin=raw
    )
    _git(git_project, "update-ref", "HEAD", sha)
    with (git_project / "plans" / "phu-luc-I.yaml").open("a", encoding="utf-8") as f:
        f.write("# sửa\n")
    _git(git_project, "-c", "user.name=B", "-c", "user.email=b@x", "commit", "-qam", "sau")
    for args in (("history",), ("diff", "HEAD~2"), ("report", "2024-Q3", "-f", "md", "-o", "-")):
        result = run(*args)
        assert result.exit_code == 0, (args, result.output)


def test_timestamps_are_parsed_defensively() -> None:
    assert gitio._when("253402300799") is None  # 31/12/9999 23:59 UTC is year 10000 in UTC+7
    assert gitio._when("") is None
    assert gitio._when("12abc") is None
    assert gitio._when("1718848800").year == 2024  # type: ignore[union-attr]


# ----------------------------------------------------------------- git that cannot run or hangs


def _fake_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, mode: int) -> None:
    bindir = tmp_path / "fakebin"
    bindir.mkdir()
    git = bindir / "git"
    git.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    git.chmod(mode)
    monkeypatch.setenv("PATH", str(bindir))


def test_git_that_is_not_executable(
    run: Run, project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_git(tmp_path, monkeypatch, "exit 0", 0o644)  # no x bit: even root cannot run it
    result = run("history")
    assert result.exit_code == 1
    assert "không chạy được chương trình git" in one_line_error(result)


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script as git needs a POSIX shell")
def test_git_that_hangs_is_stopped_by_the_timeout(
    run: Run, project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_git(tmp_path, monkeypatch, f"exec {shutil.which('sleep')} 30", 0o755)
    monkeypatch.setenv("PAR_GIT_TIMEOUT", "1")
    for args in (("history",), ("diff", "HEAD")):
        result = run(*args)
        assert result.exit_code == 1
        assert "PAR_GIT_TIMEOUT" in one_line_error(result)


def test_git_timeout_setting() -> None:
    env = os.environ.copy()
    try:
        for value, expected in (("2.5", 2.5), ("-1", gitio.GIT_TIMEOUT), ("x", gitio.GIT_TIMEOUT)):
            os.environ["PAR_GIT_TIMEOUT"] = value
            assert gitio.git_timeout() == expected
    finally:
        os.environ.clear()
        os.environ.update(env)


# ------------------------------------------------------------- the process's own streams


def _par(
    *args: str, shell_redirect: str = "", cwd: Path, **env: str
) -> subprocess.CompletedProcess[bytes]:
    """Run par as a real process (``python -m vanthuy_cli``), with a shell redirection."""
    command = " ".join([f'"{sys.executable}"', "-m", "vanthuy_cli", *args, shell_redirect])
    full = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent), **env}
    return subprocess.run(
        ["/bin/sh", "-c", command], cwd=cwd, env=full, capture_output=True, timeout=120, check=False
    )


posix_only = pytest.mark.skipif(sys.platform == "win32", reason="uses /bin/sh and /dev/full")


@posix_only
def test_closed_stdout_is_reported_not_a_traceback(project: Path) -> None:
    proc = _par("--version", shell_redirect=">&-", cwd=project)
    assert proc.returncode == 1
    assert b"Traceback" not in proc.stderr and b"Bad file descriptor" in proc.stderr


@posix_only
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize("args", [("status",), ("validate",), ("--version",)])
def test_full_disk_on_stdout(project: Path, args: tuple[str, ...]) -> None:
    proc = _par(*args, shell_redirect=">/dev/full", cwd=project)
    assert proc.returncode == 1
    assert b"Traceback" not in proc.stderr and b"Exception ignored" not in proc.stderr
    assert b"No space left on device" in proc.stderr


@posix_only
def test_closed_stderr_still_writes_the_report(project: Path) -> None:
    proc = _par("report", "2024-Q3", "-f", "md", shell_redirect="2>&-", cwd=project)
    assert proc.returncode == 0, proc.stdout
    assert (project / "reports" / "2024-Q3-bao-cao.md").is_file()


@posix_only
def test_absurd_columns_is_capped(project: Path) -> None:
    for args in (("status", "--as-of", "2024-09-30"), ("--help",)):
        proc = _par(*args, cwd=project, COLUMNS="99999999999")
        assert proc.returncode == 0, proc.stderr
        widest = max(len(line) for line in proc.stdout.decode().splitlines())
        assert widest <= 400


# ------------------------------------------------------------------------ where -o writes


def test_dangling_symlink_and_loop_are_not_replaced(run: Run, project: Path) -> None:
    (project / "dangling.md").symlink_to(project / "nowhere.md")
    (project / "loop.md").symlink_to(project / "loop.md")
    for name in ("dangling.md", "loop.md"):
        result = run("report", "2024-Q3", "-f", "md", "-o", name)
        assert result.exit_code == 1
        assert "đã có" in one_line_error(result)
        assert (project / name).is_symlink()
    assert not (project / "nowhere.md").exists()


def test_force_refuses_symlinks_fifos_devices_and_folders(run: Run, project: Path) -> None:
    target = project / "real.md"
    target.write_text("giữ nguyên", encoding="utf-8")
    (project / "link.md").symlink_to(target)
    os.mkfifo(project / "fifo.md")
    (project / "folder.md").mkdir()
    cases = {"link.md": "liên kết", "fifo.md": "FIFO", os.devnull: "thiết bị", "folder.md": ""}
    for name, words in cases.items():
        result = run("report", "2024-Q3", "-f", "md", "-o", name, "--force")
        if name == "folder.md":  # an existing folder means "inside it"
            assert result.exit_code == 0
            assert (project / "folder.md" / "2024-Q3-bao-cao.md").is_file()
            continue
        assert result.exit_code == 1, name
        assert words in one_line_error(result)
    assert target.read_text(encoding="utf-8") == "giữ nguyên"
    assert stat.S_ISFIFO(os.lstat(project / "fifo.md").st_mode)


def test_concurrent_writers_without_force_never_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    barrier = threading.Barrier(8)
    outcomes: list[str] = []

    def writer(n: int) -> None:
        barrier.wait()
        try:
            fileio.write_output(target, f"run {n}".encode(), force=False)
            outcomes.append(f"run {n}")
        except OutputError as exc:
            outcomes.append(exc.key)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    winners = [o for o in outcomes if o.startswith("run")]
    assert len(winners) == 1 and outcomes.count("output.exists") == 7
    assert target.read_text() == winners[0]


def test_exclusive_create_without_hard_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_link(*_a: object, **_k: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")  # FAT, some network shares

    monkeypatch.setattr(os, "link", no_link)
    fileio.write_output(tmp_path / "a.md", b"one", force=False)
    with pytest.raises(OutputError):
        fileio.write_output(tmp_path / "a.md", b"two", force=False)
    assert (tmp_path / "a.md").read_bytes() == b"one"


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP", "SIGINT"])
def test_signal_during_a_write_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, signame: str
) -> None:
    if not hasattr(signal, signame):
        pytest.skip(f"no {signame} on this platform")
    number = getattr(signal, signame)
    if signal.getsignal(number) is signal.SIG_IGN:
        # Started as a background job (``cmd &`` without job control): the parent made the
        # signal ignored, so it cannot interrupt anything here, par or not.
        pytest.skip(f"{signame} is ignored by this process")
    real_fsync = os.fsync

    def interrupted_fsync(fd: int) -> None:
        os.kill(os.getpid(), number)  # arrives in the middle of the write
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", interrupted_fsync)
    with pytest.raises((SystemExit, KeyboardInterrupt)) as caught:
        fileio.write_output(tmp_path / "big.md", b"x" * 1_000_000, force=False)
    if isinstance(caught.value, SystemExit):
        assert caught.value.code == 128 + number
    assert list(tmp_path.iterdir()) == []
    assert signal.getsignal(number) in (signal.SIG_DFL, signal.default_int_handler)


def test_force_keeps_permissions_and_hard_links(run: Run, project: Path) -> None:
    first = project / "bc.md"
    first.write_text("báo cáo cũ", encoding="utf-8")
    first.chmod(0o600)
    os.link(first, project / "copy.md")
    result = run("report", "2024-Q3", "-f", "md", "-o", "bc.md", "--force")
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(first.stat().st_mode) == 0o600
    assert first.stat().st_nlink == 2
    assert (project / "copy.md").read_bytes() == first.read_bytes()
    assert "BÁO CÁO" in first.read_text(encoding="utf-8")
    (project / "copy.md").unlink()
    first.chmod(0o640)  # a single link: atomic replace, mode kept
    assert run("report", "2024-Q3", "-f", "md", "-o", "bc.md", "--force").exit_code == 0
    assert stat.S_IMODE(first.stat().st_mode) == 0o640


def test_output_naming_a_folder(run: Run, project: Path) -> None:
    result = run("report", "2024-Q3", "-f", "md", "-o", "newdir/")
    assert result.exit_code == 0, result.output
    assert (project / "newdir" / "2024-Q3-bao-cao.md").is_file()
    assert run("schema", "-o", "schemas/").exit_code == 0
    assert (project / "schemas" / "phu-luc.schema.json").is_file()
    assert run("plan", "-f", "docx", "-o", "newdir").exit_code == 0
    assert (project / "newdir" / "ke-hoach.docx").is_file()


def test_reports_being_a_file_names_it(run: Run, project: Path) -> None:
    (project / "reports").write_text("", encoding="utf-8")
    result = run("report", "2024-Q3", "-f", "md")
    assert result.exit_code == 1
    assert "«reports» là một tệp, không phải thư mục" in one_line_error(result)


# ------------------------------------------------------------------- where par reads from


@pytest.mark.parametrize("where", ["../outside.yaml", "/etc/passwd", "link.yaml"])
def test_appendix_outside_plans_is_refused(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    plans = write_plans(tmp_path / "p", plan=PLAN.replace("tep: phu-luc-I.yaml", f"tep: {where}"))
    (tmp_path / "p" / "outside.yaml").write_text(APPENDIX, encoding="utf-8")
    (plans / "link.yaml").symlink_to(tmp_path / "p" / "outside.yaml")
    monkeypatch.chdir(tmp_path / "p")
    result = run("validate")
    assert result.exit_code == 1
    assert "APPENDIX-MISSING" in result.stdout and "nằm ngoài thư mục plans/" in result.stdout
    assert "root:" not in result.stdout


def test_template_includes_stay_in_the_template_folder(
    run: Run, project: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("MẬT KHẨU", encoding="utf-8")
    folder = project / "templates"
    folder.mkdir()
    (folder / "part.j2").symlink_to(secret)
    cases = {
        '{% include "part.j2" %}': "nằm ngoài thư mục",
        '{% include "../secret.txt" %}': "không tìm thấy tệp «../secret.txt»",
        f'{{% include "{secret}" %}}': "không tìm thấy tệp",
    }
    for body, words in cases.items():
        (folder / "report.md.j2").write_text(body, encoding="utf-8")
        result = run("report", "2024-Q3", "-f", "md", "-o", "-")
        assert result.exit_code == 1, body
        assert words in one_line_error(result)
        assert "MẬT KHẨU" not in result.output


def test_missing_include_names_the_missing_file(run: Run, project: Path) -> None:
    (project / "t.md.j2").write_text('A\n{% include "chan-trang.md.j2" %}', encoding="utf-8")
    result = run("report", "2024-Q3", "-f", "md", "-t", "t.md.j2", "-o", "-")
    assert "chan-trang.md.j2" in one_line_error(result)


def test_project_path_with_a_newline_reads_its_own_repository(tmp_path: Path) -> None:
    outer = tmp_path / "a"
    outer.mkdir()
    _git(outer, "init", "-q")  # the repository a naive split of "a\nb" would find
    inner = tmp_path / "a\nb"
    plans = write_plans(inner)
    _git(inner, "init", "-q")
    repo = gitio.Repo.find(plans)
    assert repo is not None
    assert repo.top == inner.resolve() and repo.prefix == "plans/"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_notes_file_must_be_a_regular_file_of_bounded_size(run: Run, project: Path) -> None:
    notes = project / "reports" / "2024-Q3.notes.md"
    notes.parent.mkdir()
    os.mkfifo(notes)
    result = run("report", "2024-Q3", "-f", "md", "-o", "-")  # would hang before
    assert "không phải tệp thường" in one_line_error(result)
    notes.unlink()
    notes.symlink_to("/dev/zero")
    assert "không phải tệp thường" in one_line_error(
        run("report", "2024-Q3", "-f", "md", "-o", "-")
    )
    notes.unlink()
    notes.write_bytes(b"x" * (1024 * 1024 + 1))
    assert "quá lớn" in one_line_error(run("report", "2024-Q3", "-f", "md", "-o", "-"))


def test_plan_file_that_is_a_fifo_is_a_finding(run: Run, project: Path) -> None:
    os.mkfifo(project / "plans" / "phu-luc-II.yaml")
    plan = PLAN.replace("\nnhan_su:", "\n  - so: II\n    tep: phu-luc-II.yaml\nnhan_su:")
    (project / "plans" / "ke-hoach.yaml").write_text(plan, encoding="utf-8")
    result = run("validate")
    assert result.exit_code == 1
    assert "phu-luc-II.yaml" in result.stdout


def test_read_regular_rules(tmp_path: Path) -> None:
    small = tmp_path / "a.txt"
    small.write_bytes(b"12345")
    assert fileio.read_regular(small, limit=5) == b"12345"
    with pytest.raises(InputError) as caught:
        fileio.read_regular(small, limit=4)
    assert caught.value.key == "input.too_large"
    with pytest.raises(InputError) as caught:
        fileio.read_regular(tmp_path, limit=10)
    assert caught.value.key == "input.not_regular"
    with pytest.raises(FileNotFoundError):
        fileio.read_regular(tmp_path / "none", limit=10)
    with pytest.raises(InputError) as caught:
        fileio.read_regular(tmp_path / ".." / "x", limit=10, within=tmp_path)
    assert caught.value.key == "input.outside"


# ------------------------------------------------------ text from files reaching the terminal

HOSTILE = "\x1b]0;pwned\x07\x1b]52;c;ZWNobyBoaQ==\x07\x1b[2J\x00\x9b31m"


def hostile_project(root: Path) -> Path:
    appendix = APPENDIX.replace(
        "Ban hành Kế hoạch tuyên truyền CCHC năm 2024",
        '"Ban hành \\e]0;pwned\\a\\e]52;c;ZWNobyBoaQ==\\a\\e[2J\\x9b31m kế hoạch"',
    ).replace("ghi_chu: Đang dự thảo", 'ghi_chu: "Dự thảo \\e[2J\\a"')
    return write_plans(root, appendix=appendix)


@pytest.mark.parametrize(
    "args",
    [
        ("status", "--as-of", "2024-09-30"),
        ("list",),
        ("overdue", "--as-of", "2024-12-31"),
        ("show", "I.1.1"),
        ("report", "2024-Q3", "-f", "md", "-o", "-"),
        ("plan",),
    ],
)
def test_escape_sequences_from_plan_files_are_neutralised(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    hostile_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = run(*args)
    assert result.exit_code == 0, result.output
    for raw in ("\x1b", "\x07", "\x9b"):
        assert raw not in result.stdout, (args, raw)


def test_escape_sequences_in_keys_and_findings_are_neutralised(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_plans(tmp_path, appendix=APPENDIX + '"kh\\e]0;x\\aoa": 1\n')
    monkeypatch.chdir(tmp_path)
    for fmt in ("text", "github"):
        result = run("validate", "--format", fmt)
        assert result.exit_code == 1
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout
        assert "␛" in result.stdout


def test_escape_sequences_in_commit_messages_are_neutralised(run: Run, git_project: Path) -> None:
    with (git_project / "plans" / "phu-luc-I.yaml").open("a", encoding="utf-8") as f:
        f.write("# sửa\n")
    _git(
        git_project,
        "-c",
        "user.name=\x1b]0;x\x07B",
        "-c",
        "user.email=b@x",
        "commit",
        "-qam",
        "Sửa \x1b]52;c;eA==\x07 \x1b[2J",
    )
    for args in (("history",), ("diff", "HEAD~1", "HEAD")):
        result = run(*args)
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout


def test_safe_filter_keeps_vietnamese_and_layout() -> None:
    from vanthuy_cli.render.termsafe import safe

    assert safe("Vạn Thủy\tđúng hạn\n") == "Vạn Thủy\tđúng hạn\n"
    assert safe(HOSTILE) == "␛]0;pwned␇␛]52;c;ZWNobyBoaQ==␇␛[2J␀\ufffd31m"
    assert safe("a\u202eb") == "a\ufffdb"  # a bidi override would reorder what the clerk reads


# --------------------------------------------------------- Markdown structure of the report


def test_markdown_report_escapes_every_value(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    appendix = APPENDIX.replace("ma: I.1.2", 'ma: "I.1.2|<b>x</b>"').replace(
        "Niêm yết thủ tục hành chính tại Bộ phận Một cửa",
        '"Niêm yết <script>alert(1)</script>\\n# Tiêu đề giả | ô"',
    )
    plan = PLAN.replace("bao_cao:\n", 'bao_cao:\n  ky_hieu: "BC|<i>x</i>\\n## giả"\n')
    write_plans(tmp_path, plan=plan, appendix=appendix)
    monkeypatch.chdir(tmp_path)
    result = run("report", "2024-Q3", "-f", "md", "-o", "-")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "<script>" not in text and "<b>x" not in text and "<i>x" not in text
    assert "\n# Tiêu đề giả" not in text and "\n## giả" not in text
    lines = text.splitlines()
    rows = [i for i, line in enumerate(lines) if line.startswith("|") and "Niêm yết" in line]
    assert rows
    for i in rows:  # the row has as many cells as its table's separator line
        rule = next(lines[j] for j in range(i, -1, -1) if lines[j].startswith(("| ---", "| :--")))
        assert lines[i].count("|") - lines[i].count("\\|") == rule.count("|")
    assert "\\<script\\>alert(1)" in text  # shown as text, not dropped


def test_markdown_templates_can_still_print_markup_on_purpose(run: Run, project: Path) -> None:
    (project / "t.md.j2").write_text(
        '{{ "<br>"|safe }}{{ "**đậm**"|rich }}{{ "a|b"|md }}{{ "a|b" }}', encoding="utf-8"
    )
    result = run("report", "2024-Q3", "-f", "md", "-t", "t.md.j2", "-o", "-")
    assert result.stdout == "<br>**đậm**a\\|ba\\|b"


# --------------------------------------------------------------- runaway templates (limits)


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("{{ 'x' * 10**9 }}", "giới hạn 100000"),
        ("{{ [1] * 10**8 }}", "giới hạn 100000"),
        ("{{ 10 ** 10000000 }}", "lũy thừa"),
        ("{{ 'x'.ljust(10**9) }}", "giới hạn 100000"),
        ("{{ 'x'|center(10**9) }}", "giới hạn 100000"),
        ("{{ '%0999999999d' % 1 }}", "giới hạn 100000"),
        ("{{ '{:>999999999}'.format(1) }}", "giới hạn 100000"),
        ("{{ '{0:>{1}}'.format(1, 10**8) }}", "giới hạn 100000"),
        (
            (
                "{% set ns = namespace(s='x') %}{% for i in range(60) %}"
                "{% set ns.s = ns.s ~ ns.s %}{% endfor %}"
            ),
            "giới hạn 100000",
        ),
        (
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
            "PAR_TEMPLATE_TIMEOUT",
        ),
        (
            "{% for i in range(100000) %}{% for j in range(1000) %}"
            "xxxxxxxxxx{% endfor %}{% endfor %}",
            "PAR_TEMPLATE_MAX_OUTPUT",
        ),
        ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "RecursionError"),
        ("{{ range(10**9)|list }}", "Range too big"),
    ],
)
def test_template_resource_limits(
    run: Run, project: Path, monkeypatch: pytest.MonkeyPatch, body: str, words: str
) -> None:
    monkeypatch.setenv("PAR_TEMPLATE_TIMEOUT", "2")
    monkeypatch.setenv("PAR_TEMPLATE_MAX_OUTPUT", "1000000")
    (project / "t.md.j2").write_text(body, encoding="utf-8")
    result = run("report", "2024-Q3", "-f", "md", "-t", "t.md.j2", "-o", "-")
    assert result.exit_code == 1
    message = one_line_error(result)
    assert "t.md.j2" in message and words in message


def test_ordinary_numbers_and_widths_still_work(run: Run, project: Path) -> None:
    (project / "t.md.j2").write_text(
        "{{ '{:,}'.format(1234567890) }} {{ '%5d' % 3 }} {{ 2 ** 64 }} {{ 'ab'|center(6) }}",
        encoding="utf-8",
    )
    result = run("report", "2024-Q3", "-f", "md", "-t", "t.md.j2", "-o", "-")
    assert result.stdout == "1,234,567,890     3 18446744073709551616   ab  "


def _docx_with(path: Path, document_xml: bytes) -> Path:
    from vanthuy_cli.documents.templating import BUILTIN

    with (
        zipfile.ZipFile(BUILTIN / "report.docx") as src,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            data = document_xml if item.filename == "word/document.xml" else src.read(item)
            dst.writestr(item.filename, data)
    return path


def test_docx_zip_bomb_is_refused_before_unpacking(run: Run, project: Path) -> None:
    bomb = _docx_with(project / "bomb.docx", b"<w:document>" + b" " * (40 * 1024 * 1024))
    assert bomb.stat().st_size < 1024 * 1024  # small on disk, 40 MB of XML inside
    result = run("report", "2024-Q3", "-t", "bomb.docx")
    assert result.exit_code == 1
    assert "quá lớn" in one_line_error(result)


def test_docx_template_errors_say_what_went_wrong(run: Run, project: Path) -> None:
    from vanthuy_cli.documents.templating import BUILTIN

    with zipfile.ZipFile(BUILTIN / "report.docx") as src:
        xml = src.read("word/document.xml")
    marker = b"<w:body>"
    for body, words in (
        (b"{{ range(10**9)|list }}", "Range too big"),
        (b"{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "RecursionError"),
    ):
        para = b"<w:p><w:r><w:t>" + body + b"</w:t></w:r></w:p>"
        _docx_with(project / "t.docx", xml.replace(marker, marker + para, 1))
        result = run("report", "2024-Q3", "-t", "t.docx", "-o", "x.docx", "--force")
        message = one_line_error(result)
        assert result.exit_code == 1 and words in message
        assert "không phải tệp Word" not in message


# ------------------------------------------------------------------- sizes and counts in plans


def test_occurrences_count_from_the_year_before_the_plan_at_most(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    appendix = APPENDIX.replace(
        "        thoi_han: Trước ngày 15/12/2024",
        "        thoi_han: Hằng tháng\n        bat_dau: 1/1/0001",
    )
    write_plans(tmp_path, appendix=appendix)
    monkeypatch.chdir(tmp_path)
    result = run("validate")
    assert "DEADLINE-RANGE" in result.stdout and "01/01/2023" in result.stdout
    result = run("report", "2024-Q3", "-f", "md", "-o", "-")
    assert result.exit_code == 0, result.output
    assert len(result.stdout) < 100_000
    assert "(2023-01)" not in result.stdout or result.stdout.count("I.1.2 (") < 30
    from datetime import date

    from vanthuy_cli.plan.deadlines import counting_from

    assert counting_from(date(1, 1, 1), date(2024, 6, 10), 2024) == date(2023, 1, 1)
    assert counting_from(None, date(2024, 6, 10), 2024) == date(2024, 6, 10)
    assert counting_from(date(2024, 3, 1), date(2024, 6, 10), 2024) == date(2024, 3, 1)


def test_findings_are_capped_per_file(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_plans(tmp_path, files={"rac.yaml": "loai: phu_luc\n" + "a: 1\n" * 50_000})
    monkeypatch.chdir(tmp_path)
    result = run("validate")
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if line.startswith("plans/rac.yaml")]
    assert len(lines) <= 202
    assert "… và 49" in result.stdout and "vấn đề khác" in result.stdout


def test_merge_conflict_markers_are_named_at_their_line(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = APPENDIX.splitlines()
    at = next(i for i, line in enumerate(lines) if "thoi_han: Quý III/2024" in line)
    conflicted = [
        *lines[:at],
        "<<<<<<< HEAD",
        lines[at],
        "=======",
        lines[at].replace("Quý III", "Quý IV"),
        ">>>>>>> nhanh-lan",
        *lines[at + 1 :],
    ]
    write_plans(tmp_path, appendix="\n".join(conflicted) + "\n")
    monkeypatch.chdir(tmp_path)
    result = run("validate")
    assert result.exit_code == 1
    assert f"plans/phu-luc-I.yaml:{at + 1}:1:" in result.stdout
    assert "xung đột gộp" in result.stdout
    for marker in ("=======", ">>>>>>> x", "||||||| base"):
        only = APPENDIX + marker + "\n"
        write_plans(tmp_path, appendix=only)
        assert "xung đột gộp" in run("validate").stdout, marker


@pytest.mark.parametrize("value", ["1e309", ".inf", "-.inf", ".nan"])
def test_infinite_targets_are_refused(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    appendix = APPENDIX.replace(
        "        thoi_han: Quý III/2024\n",
        "        thoi_han: Quý III/2024\n        chi_tieu:\n          ten: Tỷ lệ\n"
        f"          gia_tri: {value}\n",
    )
    write_plans(tmp_path, appendix=appendix)
    monkeypatch.chdir(tmp_path)
    result = run("validate")
    assert result.exit_code == 1
    assert "SCHEMA-TYPE" in result.stdout and "«gia_tri» phải là" in result.stdout
    if value == "1e309":  # YAML's own infinity; the other spellings are text to par's YAML
        assert "số hữu hạn" in result.stdout


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script as git needs a POSIX shell")
def test_git_that_hangs_while_serving_blobs_is_stopped(
    run: Run, git_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = shutil.which("git")
    sleep = shutil.which("sleep")
    body = f'case " $* " in *" cat-file "*) exec {sleep} 30;; *) exec {real} "$@";; esac'
    _fake_git(tmp_path, monkeypatch, body, 0o755)
    monkeypatch.setenv("PAR_GIT_TIMEOUT", "1")
    result = run("history")
    assert result.exit_code == 1
    message = one_line_error(result)
    assert "git cat-file" in message and "PAR_GIT_TIMEOUT" in message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_working_tree_reads_are_regular_files_of_bounded_size(tmp_path: Path) -> None:
    repo = gitio.Repo(tmp_path, "plans/")
    (tmp_path / "plans").mkdir()
    os.mkfifo(tmp_path / "plans" / "ong.yaml")
    assert repo.read_worktree("plans/ong.yaml") is None  # would block for ever when read
    (tmp_path / "plans" / "lon.yaml").write_bytes(b"#" * (gitio.WORKTREE_MAX_BYTES + 1))
    with pytest.raises(InputError):
        repo.read_worktree("plans/lon.yaml")
    assert repo.read_worktree("plans/none.yaml") is None
