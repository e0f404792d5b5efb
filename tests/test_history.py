"""``par history`` and ``par diff``: semantic changes read from real git repositories.

Every test builds its own repository in a temporary folder, with fixed authors and dates (passed
through GIT_AUTHOR_DATE/GIT_COMMITTER_DATE) and without the user's global git configuration, so
nothing depends on the machine or on today's date.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from vanthuy_cli.errors import BadRevision, GitError
from vanthuy_cli.history import gitio
from vanthuy_cli.history.history import Change, ChangeKind, changes_in_window, diff, history

K = ChangeKind
LAN = ("Nguyễn Thị Lan", "lan@vanthuy.example")
MINH = ("Trần Văn Minh", "minh@vanthuy.example")
PLAN = """\
loai: ke_hoach
so_hieu: 64/KH-UBND
ngay_ban_hanh: 10/6/2024
dia_danh: Vạn Thủy
co_quan_ban_hanh: UBND xã Vạn Thủy
trich_yeu: Nâng cao Chỉ số PAR INDEX năm 2024
nam: 2024
nguoi_ky:
  chuc_vu: CHỦ TỊCH
  ho_ten: Lưu Văn Hữu
phu_luc:
  - so: I
    tep: phu-luc-I.yaml
"""


# ------------------------------------------------------------------------- building plans


def plan(*appendices: tuple[str, str]) -> str:
    """The plan file listing ``(number, file)`` appendices (the plan's file list is what counts)."""
    head = PLAN.split("phu_luc:")[0]
    return (
        head + "phu_luc:\n" + "".join(f"  - so: {so}\n    tep: {name}\n" for so, name in appendices)
    )


def task(
    ma: str,
    *,
    deadline: str = "Quý III/2024",
    lead: str = "vp-tk",
    progress: tuple[tuple[str, str, str], ...] = (),
    target: str | None = None,
    text: str | None = None,
    support: str | None = None,
) -> str:
    """One task item as the clerk writes it (indented for ``appendix``)."""
    lines = [
        f"      - ma: {ma}",
        f"        noi_dung: {text or 'Nhiệm vụ ' + ma}",
        f"        chu_tri: {lead}",
    ]
    if support:
        lines.append(f"        phoi_hop: [{support}]")
    if target:
        lines += [
            "        chi_tieu:",
            "          ten: Tỷ lệ hồ sơ đúng hạn",
            f"          gia_tri: {target}",
            "          don_vi: '%'",
        ]
    lines.append(f"        thoi_han: {deadline}")
    if progress:
        lines.append("        tien_do:")
        for day, status, note in progress:
            lines += [
                f"          - ngay: {day}",
                f"            trang_thai: {status}",
                f"            ghi_chu: {note}",
            ]
    return "\n".join(lines) + "\n"


def appendix(*tasks: str, so: str = "I", groups: dict[str, tuple[str, ...]] | None = None) -> str:
    """An appendix file; ``tasks`` go in group 1, or give ``groups={"1": (...), "2": (...)}``."""
    text = f"loai: phu_luc\nso: {so}\ntieu_de: Phụ lục {so}\nnhom:\n"
    for number, items in (groups or {"1": tasks}).items():
        text += f'  - so: "{number}"\n    ten: Nhóm {number}\n    nhiem_vu:\n' + "".join(items)
    return text


P1 = (("15/7/2024", "dang_thuc_hien", "Đang dự thảo"),)
P2 = (*P1, ("20/8/2024", "dang_thuc_hien", "Đã trình"))


class Repo:
    """A throw-away git repository with a plans folder, committed at fixed dates."""

    def __init__(self, root: Path, plans: str = "plans") -> None:
        self.root = root
        self.plans = root / plans
        self.plans_rel = plans
        self.moment = datetime.fromisoformat("2024-07-01T09:00:00+07:00")
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.name", LAN[0])
        self.git("config", "user.email", LAN[1])
        self.git("config", "commit.gpgsign", "false")

    def git(
        self,
        *args: str,
        when: datetime | None = None,
        author: tuple[str, str] = LAN,
        check: bool = True,
    ) -> str:
        env = dict(os.environ)
        if when is not None:
            stamp = when.isoformat()
            env.update(
                GIT_AUTHOR_NAME=author[0],
                GIT_AUTHOR_EMAIL=author[1],
                GIT_COMMITTER_NAME=author[0],
                GIT_COMMITTER_EMAIL=author[1],
                GIT_AUTHOR_DATE=stamp,
                GIT_COMMITTER_DATE=stamp,
            )
        out = subprocess.run(
            ["git", *args], cwd=self.root, env=env, capture_output=True, check=False
        )
        if check and out.returncode != 0:
            raise AssertionError(out.stderr.decode("utf-8", "replace"))
        return out.stdout.decode("utf-8").strip()

    def write(self, name: str, text: str) -> None:
        path = self.plans / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))

    def remove(self, name: str) -> None:
        (self.plans / name).unlink()

    def _next(self, when: datetime | None) -> datetime:
        self.moment = when or self.moment + timedelta(days=1)
        return self.moment

    def commit(
        self, message: str, *, when: datetime | None = None, author: tuple[str, str] = LAN
    ) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, when=self._next(when), author=author)
        return self.git("rev-parse", "HEAD")

    def merge(self, branch: str, *, resolve: dict[str, str] | None = None) -> str:
        """Merge ``branch`` into the current branch; ``resolve`` gives the conflict resolution."""
        when = self._next(None)
        self.git("merge", "--no-ff", "--no-edit", "-q", branch, when=when, check=resolve is None)
        for name, text in (resolve or {}).items():
            self.write(name, text)
        if resolve:
            self.git("add", "-A")
            self.git("commit", "-q", "--no-edit", when=when)
        return self.git("rev-parse", "HEAD")


@pytest.fixture(autouse=True)
def _isolated_git(monkeypatch: pytest.MonkeyPatch) -> None:
    """The user's git configuration and a surrounding repository must not leak in."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in (
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_AUTHOR_DATE",
        "GIT_COMMITTER_DATE",
        "GIT_AUTHOR_NAME",
        "GIT_COMMITTER_NAME",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """A repository whose first commit holds the plan and appendix I with tasks I.1.1, I.1.2."""
    r = Repo(tmp_path / "xa")
    r.write("ke-hoach.yaml", PLAN)
    r.write("phu-luc-I.yaml", appendix(task("I.1.1", progress=P1), task("I.1.2")))
    r.commit("Khởi tạo kế hoạch")
    return r


def kinds(changes: list[Change]) -> list[tuple[str, str | None]]:
    return [(str(c.kind), c.task_id) for c in changes]


def at(changes: list[Change], sha: str) -> list[Change]:
    return [c for c in changes if c.commit.sha == sha]


def cli(run: Callable[..., Result], *args: str) -> Result:
    result = run(*args)
    assert "Traceback" not in result.output + (result.stderr or "")
    return result


# -------------------------------------------------------------------- each kind of change

EDITS: dict[str, tuple[str, list[tuple[str, str | None]]]] = {
    "task added": (
        appendix(task("I.1.1", progress=P1), task("I.1.2"), task("I.1.3")),
        [("task_added", "I.1.3")],
    ),
    "task removed": (appendix(task("I.1.1", progress=P1)), [("task_removed", "I.1.2")]),
    "deadline": (
        appendix(task("I.1.1", progress=P1), task("I.1.2", deadline="Quý IV/2024")),
        [("deadline_changed", "I.1.2")],
    ),
    "lead": (
        appendix(task("I.1.1", progress=P1, lead="tp-ht"), task("I.1.2")),
        [("lead_changed", "I.1.1")],
    ),
    "target": (
        appendix(task("I.1.1", progress=P1), task("I.1.2", target="95")),
        [("target_changed", "I.1.2")],
    ),
    "entry appended, same status": (
        appendix(task("I.1.1", progress=P2), task("I.1.2")),
        [("progress_added", "I.1.1")],
    ),
    "entry appended, new status": (
        appendix(task("I.1.1", progress=(*P1, ("30/8/2024", "hoan_thanh", "Xong"))), task("I.1.2")),
        [("progress_added", "I.1.1"), ("status_changed", "I.1.1")],
    ),
    "first entry of a task": (
        appendix(task("I.1.1", progress=P1), task("I.1.2", progress=P1)),
        [("progress_added", "I.1.2"), ("status_changed", "I.1.2")],
    ),
    "past entry edited": (
        appendix(
            task("I.1.1", progress=(("15/7/2024", "dang_thuc_hien", "Đã sửa lại"),)), task("I.1.2")
        ),
        [("progress_edited", "I.1.1")],
    ),
    "entry deleted": (
        appendix(task("I.1.1"), task("I.1.2")),
        [("progress_deleted", "I.1.1"), ("status_changed", "I.1.1")],
    ),
    "entry inserted before": (
        appendix(
            task("I.1.1", progress=(("1/7/2024", "chua_thuc_hien", "Chen vao"), *P1)),
            task("I.1.2"),
        ),
        [("progress_inserted", "I.1.1")],
    ),
    "other keys": (
        appendix(task("I.1.1", progress=P1, text="Nội dung mới", support="tp-ht"), task("I.1.2")),
        [("other_changed", "I.1.1")],
    ),
    "moved to another group": (
        appendix(groups={"1": (task("I.1.1", progress=P1),), "2": (task("I.1.2"),)}),
        [("task_moved", "I.1.2")],
    ),
}


@pytest.mark.parametrize("name", sorted(EDITS))
def test_each_kind_of_change_is_reported_at_its_commit(repo: Repo, name: str) -> None:
    text, expected = EDITS[name]
    repo.write("phu-luc-I.yaml", text)
    sha = repo.commit(f"Sửa: {name}")
    result = history(repo.plans)
    assert kinds(at(result.changes, sha)) == expected
    assert all(
        c.commit.message == f"Sửa: {name}" and c.commit.author == LAN[0]
        for c in at(result.changes, sha)
    )


def test_change_details_say_from_what_to_what(repo: Repo) -> None:
    repo.write(
        "phu-luc-I.yaml",
        appendix(
            task(
                "I.1.1",
                progress=(("15/7/2024", "hoan_thanh", "Đang dự thảo"),),
                text="Mới",
                support="tp-ht",
            ),
            task("I.1.2", deadline="Quý IV/2024", lead="mot-cua"),
        ),
    )
    sha = repo.commit("Nhiều thay đổi")
    by_kind = {c.kind: c for c in at(history(repo.plans).changes, sha)}
    assert (by_kind[K.DEADLINE].old, by_kind[K.DEADLINE].new) == ("Quý III/2024", "Quý IV/2024")
    assert (by_kind[K.LEAD].old, by_kind[K.LEAD].new) == ("vp-tk", "mot-cua")
    edited = by_kind[K.PROGRESS_EDITED]
    assert edited.index == 1 and edited.flagged
    assert (edited.old["trang_thai"], edited.new["trang_thai"]) == ("dang_thuc_hien", "hoan_thanh")
    assert (by_kind[K.STATUS].old, by_kind[K.STATUS].new) == ("dang_thuc_hien", "hoan_thanh")
    other = by_kind[K.OTHER]
    assert other.keys == ("noi_dung", "phoi_hop")
    assert other.new == {"noi_dung": "Mới", "phoi_hop": ["tp-ht"]}


def test_cli_timeline_shows_commit_author_date_and_flags_rewritten_progress(
    repo: Repo, run: Callable[..., Result]
) -> None:
    repo.write(
        "phu-luc-I.yaml",
        appendix(
            task("I.1.1", progress=(("15/7/2024", "dang_thuc_hien", "Sửa câu chữ"),)),
            task("I.1.2", deadline="Quý IV/2024"),
        ),
    )
    sha = repo.commit(
        "Cập nhật quý III", when=datetime.fromisoformat("2024-09-30T16:45:00+07:00"), author=MINH
    )
    result = cli(run, "history", "--plans", str(repo.plans))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert f"{sha[:7]}  30/09/2024 16:45  Trần Văn Minh  Cập nhật quý III" in out
    assert "I.1.1  ⚠ Sửa dòng tiến độ cũ (dòng 1)" in out
    assert "I.1.2  Đổi thời hạn: Quý III/2024 → Quý IV/2024 (lần 1)" in out
    assert "Thêm nhiệm vụ" in out  # the first commit
    assert all(len(line) <= 80 for line in out.splitlines())
    english = cli(run, "history", "--plans", str(repo.plans), "--lang", "en").stdout
    assert "⚠ Past progress entry edited (line 1)" in english
    assert "Deadline changed: Quý III/2024 → Quý IV/2024" in english


# ------------------------------------------------------------------- files and identity


def test_renamed_file_is_not_a_change(repo: Repo, run: Callable[..., Result]) -> None:
    repo.git("mv", "plans/phu-luc-I.yaml", "plans/phu-luc-1.yaml")
    repo.write("ke-hoach.yaml", plan(("I", "phu-luc-1.yaml")))
    sha = repo.commit("Đổi tên tệp")
    result = history(repo.plans)
    assert at(result.changes, sha) == []
    assert "Xóa nhiệm vụ" not in cli(run, "history", "--plans", str(repo.plans)).stdout


def test_rename_with_an_edit_reports_only_the_edit(repo: Repo) -> None:
    repo.remove("phu-luc-I.yaml")
    repo.write(
        "con/phu-luc-I.yaml", appendix(task("I.1.1", progress=P1), task("I.1.2", lead="tp-ht"))
    )
    repo.write("ke-hoach.yaml", plan(("I", "con/phu-luc-I.yaml")))
    sha = repo.commit("Chuyển tệp vào thư mục con và đổi người chủ trì")
    assert kinds(at(history(repo.plans).changes, sha)) == [("lead_changed", "I.1.2")]


def test_task_moved_to_another_appendix_file_is_a_move(repo: Repo) -> None:
    repo.write("phu-luc-I.yaml", appendix(task("I.1.1", progress=P1)))
    repo.write("phu-luc-II.yaml", appendix(task("I.1.2"), so="II"))
    repo.write("ke-hoach.yaml", plan(("I", "phu-luc-I.yaml"), ("II", "phu-luc-II.yaml")))
    sha = repo.commit("Chuyển I.1.2 sang phụ lục II")
    changes = at(history(repo.plans).changes, sha)
    assert kinds(changes) == [("task_moved", "I.1.2")]
    assert changes[0].old == {"file": "plans/phu-luc-I.yaml", "appendix": "I", "group": "1"}
    assert changes[0].new == {"file": "plans/phu-luc-II.yaml", "appendix": "II", "group": "1"}


def test_files_added_and_deleted(repo: Repo) -> None:
    repo.write("phu-luc-II.yaml", appendix(task("II.1.1"), task("II.1.2"), so="II"))
    repo.write("ke-hoach.yaml", plan(("I", "phu-luc-I.yaml"), ("II", "phu-luc-II.yaml")))
    added = repo.commit("Thêm phụ lục II")
    repo.remove("phu-luc-II.yaml")
    repo.write("ke-hoach.yaml", plan(("I", "phu-luc-I.yaml")))
    removed = repo.commit("Bỏ phụ lục II")
    changes = history(repo.plans).changes
    assert kinds(at(changes, added)) == [("task_added", "II.1.1"), ("task_added", "II.1.2")]
    assert kinds(at(changes, removed)) == [("task_removed", "II.1.1"), ("task_removed", "II.1.2")]
    assert at(changes, added)[0].file == "plans/phu-luc-II.yaml"


def test_files_outside_the_plans_folder_or_not_yaml_are_ignored(repo: Repo) -> None:
    (repo.root / "ghi-chu.yaml").write_text(appendix(task("X.1")), encoding="utf-8")
    repo.write("README.txt", "không phải kế hoạch")
    sha = repo.commit("Tệp khác")
    assert at(history(repo.plans).changes, sha) == []


def test_non_ascii_folder_and_file_names(tmp_path: Path, run: Callable[..., Result]) -> None:
    r = Repo(tmp_path / "xã Vạn Thủy", plans="kế hoạch")
    r.write("phụ lục I.yaml", appendix(task("I.1.1")))
    r.commit("Khởi tạo")
    r.write("phụ lục I.yaml", appendix(task("I.1.1", deadline="Tháng 12/2024")))
    sha = r.commit("Đổi hạn")
    changes = at(history(r.plans).changes, sha)
    assert kinds(changes) == [("deadline_changed", "I.1.1")]
    assert changes[0].file == "kế hoạch/phụ lục I.yaml"
    r.write("phụ lục I.yaml", appendix(task("I.1.1", deadline="Năm 2024")))
    result = cli(run, "history", "--plans", str(r.plans), "--json")
    data = json.loads(result.stdout)
    assert data["changes"][-1]["file"] == "kế hoạch/phụ lục I.yaml"
    assert data["changes"][-1]["uncommitted"] is True


# ------------------------------------------------------------------------- broken commits


def test_commit_whose_yaml_does_not_parse_is_skipped_not_fatal(
    repo: Repo, run: Callable[..., Result]
) -> None:
    good = appendix(task("I.1.1", progress=P1), task("I.1.2", deadline="Quý IV/2024"))
    repo.write(
        "phu-luc-I.yaml", good.replace("noi_dung: Nhiệm vụ I.1.1", 'noi_dung: "Nhiệm vụ I.1.1')
    )
    broken = repo.commit("Lỡ tay")
    repo.write("phu-luc-I.yaml", good)
    fixed = repo.commit("Sửa lỗi YAML")
    changes = history(repo.plans).changes
    skipped = at(changes, broken)
    assert [c.kind for c in skipped] == [K.SKIPPED]
    assert skipped[0].finding is not None and skipped[0].finding.rule == "YAML-SYNTAX"
    assert skipped[0].file == "plans/phu-luc-I.yaml"
    # The deadline was moved in the broken commit: it is reported when the file parses again.
    assert kinds(at(changes, fixed)) == [("deadline_changed", "I.1.2")]
    result = cli(run, "history", "--plans", str(repo.plans))
    assert result.exit_code == 0
    assert "Bỏ qua (YAML lỗi): plans/phu-luc-I.yaml:" in result.stdout
    assert "YAML" in result.stdout.split("Bỏ qua (YAML lỗi)")[1]


def test_broken_file_deleted_while_broken(repo: Repo) -> None:
    repo.write("phu-luc-I.yaml", "loai: phu_luc\nnhom: [\n")
    repo.commit("Hỏng")
    repo.remove("phu-luc-I.yaml")
    gone = repo.commit("Xóa tệp hỏng")
    assert kinds(at(history(repo.plans).changes, gone)) == [
        ("task_removed", "I.1.1"),
        ("task_removed", "I.1.2"),
    ]


# --------------------------------------------------------------------------------- merges


def test_change_made_on_a_branch_is_reported_once_at_its_own_commit(repo: Repo) -> None:
    repo.git("checkout", "-q", "-b", "nhanh")
    repo.write(
        "phu-luc-I.yaml",
        appendix(task("I.1.1", progress=P1), task("I.1.2", deadline="Quý IV/2024")),
    )
    on_branch = repo.commit("Lùi hạn trên nhánh")
    repo.git("checkout", "-q", "main")
    repo.write("phu-luc-I.yaml", appendix(task("I.1.1", progress=P2), task("I.1.2")))
    on_main = repo.commit("Tiến độ trên main")
    merge = repo.merge("nhanh")
    changes = history(repo.plans).changes
    assert kinds(at(changes, on_branch)) == [("deadline_changed", "I.1.2")]
    assert kinds(at(changes, on_main)) == [("progress_added", "I.1.1")]
    assert at(changes, merge) == []
    assert sum(c.kind is K.DEADLINE for c in changes) == 1


def test_fast_forwardable_merge_reports_nothing_at_the_merge(repo: Repo) -> None:
    repo.git("checkout", "-q", "-b", "nhanh")
    repo.write("phu-luc-I.yaml", appendix(task("I.1.1", progress=P2), task("I.1.2")))
    on_branch = repo.commit("Tiến độ trên nhánh")
    repo.git("checkout", "-q", "main")
    merge = repo.merge("nhanh")
    changes = history(repo.plans).changes
    assert kinds(at(changes, on_branch)) == [("progress_added", "I.1.1")]
    assert at(changes, merge) == []


def test_branch_change_is_reported_even_when_the_merge_kept_the_other_side(repo: Repo) -> None:
    # git log's default simplification would hide the branch: the merge equals its first parent.
    repo.git("checkout", "-q", "-b", "nhanh")
    repo.write(
        "phu-luc-I.yaml",
        appendix(task("I.1.1", progress=P1), task("I.1.2", deadline="Quý IV/2024")),
    )
    on_branch = repo.commit("Lùi hạn trên nhánh")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "-s", "ours", "--no-edit", "nhanh", when=repo._next(None))
    changes = history(repo.plans).changes
    assert kinds(at(changes, on_branch)) == [("deadline_changed", "I.1.2")]


def test_conflict_resolution_is_reported_at_the_merge(repo: Repo) -> None:
    repo.git("checkout", "-q", "-b", "nhanh")
    repo.write(
        "phu-luc-I.yaml",
        appendix(task("I.1.1", progress=P1), task("I.1.2", deadline="Quý IV/2024")),
    )
    repo.commit("Nhánh: Quý IV")
    repo.git("checkout", "-q", "main")
    repo.write(
        "phu-luc-I.yaml",
        appendix(task("I.1.1", progress=P1), task("I.1.2", deadline="Tháng 10/2024")),
    )
    repo.commit("Main: tháng 10")
    merge = repo.merge(
        "nhanh",
        resolve={
            "phu-luc-I.yaml": appendix(
                task("I.1.1", progress=P1), task("I.1.2", deadline="Tháng 11/2024")
            )
        },
    )
    result = history(repo.plans)
    merged = at(result.changes, merge)
    assert kinds(merged) == [("deadline_changed", "I.1.2")]
    assert (merged[0].old, merged[0].new) == ("Tháng 10/2024", "Tháng 11/2024")
    assert result.deadline_moves == {"I.1.2": 3}


def test_conflict_resolved_by_taking_the_branch_side_adds_nothing_at_the_merge(repo: Repo) -> None:
    branch_side = appendix(task("I.1.1", progress=P1), task("I.1.2", deadline="Quý IV/2024"))
    repo.git("checkout", "-q", "-b", "nhanh")
    repo.write("phu-luc-I.yaml", branch_side)
    repo.commit("Nhánh: Quý IV")
    repo.git("checkout", "-q", "main")
    repo.write(
        "phu-luc-I.yaml",
        appendix(task("I.1.1", progress=P1), task("I.1.2", deadline="Tháng 10/2024")),
    )
    repo.commit("Main: tháng 10")
    merge = repo.merge("nhanh", resolve={"phu-luc-I.yaml": branch_side})
    assert at(history(repo.plans).changes, merge) == []


# ---------------------------------------------------------------------- the working tree


def test_uncommitted_changes_come_last(repo: Repo, run: Callable[..., Result]) -> None:
    repo.write("phu-luc-I.yaml", appendix(task("I.1.1", progress=P1), task("I.1.2", lead="tp-ht")))
    repo.write("phu-luc-II.yaml", appendix(task("II.1.1"), so="II"))  # untracked, not ignored
    repo.write("ke-hoach.yaml", plan(("I", "phu-luc-I.yaml"), ("II", "phu-luc-II.yaml")))
    result = history(repo.plans)
    assert result.uncommitted
    tail = [c for c in result.changes if c.commit.uncommitted]
    assert result.changes[-len(tail) :] == tail
    assert kinds(tail) == [("lead_changed", "I.1.2"), ("task_added", "II.1.1")]
    out = cli(run, "history", "--plans", str(repo.plans)).stdout
    assert out.index("chưa commit") > out.index("Khởi tạo kế hoạch")
    assert "uncommitted" in cli(run, "history", "--plans", str(repo.plans), "--lang", "en").stdout


def test_clean_working_tree_shows_no_uncommitted_section(
    repo: Repo, run: Callable[..., Result]
) -> None:
    assert not history(repo.plans).uncommitted
    assert "chưa commit" not in cli(run, "history", "--plans", str(repo.plans)).stdout


def test_ignored_files_are_not_uncommitted_changes(repo: Repo) -> None:
    (repo.root / ".gitignore").write_text("plans/*.bak.yaml\n", encoding="utf-8")
    repo.commit("gitignore")
    repo.write("cu.bak.yaml", appendix(task("Z.1")))
    assert not history(repo.plans).uncommitted


def test_repository_without_commits_shows_the_files_as_uncommitted(tmp_path: Path) -> None:
    r = Repo(tmp_path / "moi")
    r.write("phu-luc-I.yaml", appendix(task("I.1.1")))
    result = history(r.plans)
    assert kinds(result.changes) == [("task_added", "I.1.1")]
    assert result.changes[0].commit.uncommitted and result.commits == 0


# ------------------------------------------------------------------------------ filters


@pytest.fixture
def dated(repo: Repo) -> dict[str, str]:
    """Deadline moves of I.1.2 at dates around the end of Q3, in Vietnam time."""
    shas = {}
    for label, stamp, deadline, author in (
        ("jul", "2024-07-10T10:00:00+07:00", "Tháng 8/2024", LAN),
        ("aug", "2024-08-15T10:00:00+07:00", "Tháng 9/2024", MINH),
        ("sep30-late", "2024-09-30T23:30:00+07:00", "Tháng 10/2024", LAN),
        ("oct1-early", "2024-10-01T00:30:00+07:00", "Tháng 11/2024", MINH),
    ):
        # 01/10 00:30 in Vietnam is still 30/9 in UTC: the window must use UTC+7.
        repo.write(
            "phu-luc-I.yaml", appendix(task("I.1.1", progress=P1), task("I.1.2", deadline=deadline))
        )
        shas[label] = repo.commit(
            f"Hạn {deadline}", when=datetime.fromisoformat(stamp), author=author
        )
    repo.git("tag", "bao-cao-q2", shas["jul"])
    return shas


def _shas(changes: list[Change]) -> list[str | None]:
    return list(dict.fromkeys(c.commit.sha for c in changes))


@pytest.mark.parametrize(
    "since, until, expected",
    [
        ("2024-08-01", "30/9/2024", ["aug", "sep30-late"]),
        ("1/10/2024", None, ["oct1-early"]),
        (None, "2024-07-31", ["init", "jul"]),
        ("bao-cao-q2", None, ["aug", "sep30-late", "oct1-early"]),
        (None, "bao-cao-q2", ["init", "jul"]),
        ("bao-cao-q2", "2024-09-30", ["aug", "sep30-late"]),
    ],
)
def test_since_and_until_take_dates_or_revisions(
    repo: Repo,
    dated: dict[str, str],
    run: Callable[..., Result],
    since: str | None,
    until: str | None,
    expected: list[str],
) -> None:
    names = {
        **{sha: label for label, sha in dated.items()},
        repo.git("rev-list", "--max-parents=0", "HEAD"): "init",
    }
    args = ["history", "--plans", str(repo.plans), "--json"]
    args += ["--since", since] if since else []
    args += ["--until", until] if until else []
    result = cli(run, *args)
    assert result.exit_code == 0, result.output
    shas = _shas_json(json.loads(result.stdout)["changes"])
    assert [names[s] for s in shas] == expected


def _shas_json(changes: list[dict[str, Any]]) -> list[str]:
    return list(dict.fromkeys(c["commit"]["sha"] for c in changes if c["commit"]))


def test_author_filter_matches_name_or_email_ignoring_case(
    repo: Repo, dated: dict[str, str], run: Callable[..., Result]
) -> None:
    repo.write("phu-luc-I.yaml", appendix(task("I.1.1"), task("I.1.2")))  # uncommitted
    result = history(repo.plans, author="trần văn")
    assert _shas(result.changes) == [dated["aug"], dated["oct1-early"]]
    assert not result.uncommitted  # uncommitted changes have no author
    out = json.loads(
        cli(run, "history", "--plans", str(repo.plans), "--author", "MINH@", "--json").stdout
    )
    assert _shas_json(out["changes"]) == [dated["aug"], dated["oct1-early"]]


def test_task_filter_and_deadline_move_count(
    repo: Repo, dated: dict[str, str], run: Callable[..., Result]
) -> None:
    result = history(repo.plans, task_id="i.1.2")
    assert {c.task_id for c in result.changes} == {"I.1.2"}
    assert result.deadline_moves == {"I.1.2": 4}
    out = cli(run, "history", "I.1.2", "--plans", str(repo.plans)).stdout
    assert "I.1.1" not in out
    assert "Đổi thời hạn: Tháng 10/2024 → Tháng 11/2024 (lần 4)" in out
    assert "Số lần đổi thời hạn" in out and "I.1.2  4 lần" in out


def test_unknown_revision_is_a_usage_error(repo: Repo, run: Callable[..., Result]) -> None:
    with pytest.raises(BadRevision):
        history(repo.plans, since="khong-co-nhanh-nay")
    result = cli(run, "history", "--plans", str(repo.plans), "--since", "khong-co-nhanh-nay")
    assert result.exit_code == 2
    assert "không có phiên bản «khong-co-nhanh-nay»" in result.stderr
    result = cli(run, "diff", "--plans", str(repo.plans), "--", "--output=x")
    assert result.exit_code == 2


def test_impossible_date_is_a_usage_error_not_a_revision(
    repo: Repo, run: Callable[..., Result]
) -> None:
    result = cli(run, "history", "--plans", str(repo.plans), "--until", "31/2/2024")
    assert result.exit_code == 2
    assert "«31/2/2024» không phải ngày" in result.stderr


# --------------------------------------------------------------------------------- diff


def test_diff_between_revisions_and_against_the_working_tree(
    repo: Repo, run: Callable[..., Result]
) -> None:
    first = repo.git("rev-parse", "HEAD")
    repo.write(
        "phu-luc-I.yaml",
        appendix(task("I.1.1", progress=P2), task("I.1.2", deadline="Quý IV/2024")),
    )
    repo.commit("Quý III")
    repo.write(
        "phu-luc-I.yaml",
        appendix(task("I.1.1", progress=P2), task("I.1.2", deadline="Tháng 12/2024")),
    )
    second = repo.commit("Lùi hạn lần nữa")
    result = diff(repo.plans, first, second)
    # The net change: one deadline change from the first value to the last.
    assert kinds(result.changes) == [("progress_added", "I.1.1"), ("deadline_changed", "I.1.2")]
    assert result.changes[1].old == "Quý III/2024" and result.changes[1].new == "Tháng 12/2024"
    repo.write(
        "phu-luc-I.yaml",
        appendix(task("I.1.1", progress=P2), task("I.1.2", lead="tp-ht", deadline="Tháng 12/2024")),
    )
    worktree = diff(repo.plans, "HEAD")
    assert worktree.target.uncommitted and kinds(worktree.changes) == [("lead_changed", "I.1.2")]
    out = cli(run, "diff", "HEAD~2", "--plans", str(repo.plans))
    assert out.exit_code == 0
    assert f"So sánh {first[:7]}" in out.stdout and "→ chưa commit" in out.stdout
    assert "Đổi người chủ trì: vp-tk → tp-ht" in out.stdout
    data = json.loads(cli(run, "diff", first, second, "--plans", str(repo.plans), "--json").stdout)
    assert data["from"]["sha"] == first and data["to"]["sha"] == second
    assert [c["kind"] for c in data["changes"]] == ["progress_added", "deadline_changed"]
    assert data["deadline_moves"] == {"I.1.2": 1}
    assert (
        json.loads(cli(run, "diff", "HEAD", "--plans", str(repo.plans), "--json").stdout)["to"]
        is None
    )


def test_diff_with_no_difference(repo: Repo, run: Callable[..., Result]) -> None:
    result = cli(run, "diff", "HEAD", "HEAD", "--plans", str(repo.plans))
    assert result.exit_code == 0 and "Không có khác biệt." in result.stdout


# ------------------------------------------------------------------------------- JSON


def test_history_json_shape(repo: Repo, run: Callable[..., Result]) -> None:
    repo.write(
        "phu-luc-I.yaml", appendix(task("I.1.1", progress=P1), task("I.1.2", deadline="Năm 2024"))
    )
    sha = repo.commit("Hạn năm", when=datetime.fromisoformat("2024-09-30T16:45:00+07:00"))
    data = json.loads(cli(run, "history", "--plans", str(repo.plans), "--json").stdout)
    assert set(data) == {
        "schema_version",
        "changes",
        "deadline_moves",
        "commits_scanned",
        "uncommitted",
        "skipped",
    }
    assert data["commits_scanned"] == 2 and data["uncommitted"] is False
    assert data["deadline_moves"] == {"I.1.2": 1}
    change = data["changes"][-1]
    assert change == {
        "commit": {
            "sha": sha,
            "short": sha[:7],
            "author": LAN[0],
            "email": LAN[1],
            "date": "2024-09-30T16:45:00+07:00",
            "authored": "2024-09-30T16:45:00+07:00",
            "message": "Hạn năm",
        },
        "uncommitted": False,
        "kind": "deadline_changed",
        "label": "Đổi thời hạn",
        "flagged": False,
        "task_id": "I.1.2",
        "file": "plans/phu-luc-I.yaml",
        "old": "Quý III/2024",
        "new": "Năm 2024",
        "entry_index": None,
        "keys": [],
        "finding": None,
        "deadline_move": 1,
        "reason": None,
        "initial": False,
    }


# ------------------------------------------------------------- not a repository, no git


def test_folder_outside_git_is_a_clear_error(tmp_path: Path, run: Callable[..., Result]) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "phu-luc-I.yaml").write_text(appendix(task("I.1.1")), encoding="utf-8")
    with pytest.raises(GitError) as raised:
        history(plans)
    assert raised.value.key == "git.not_a_repo"
    assert changes_in_window(plans, date(2024, 7, 1), date(2024, 9, 30)) is None
    for command in (["history"], ["diff", "HEAD"]):
        result = cli(run, *command, "--plans", str(plans))
        assert result.exit_code == 1
        assert "không nằm trong kho git" in result.stderr
        assert result.stdout == ""


def test_git_not_installed_is_a_clear_error(
    repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Callable[..., Result]
) -> None:
    empty = tmp_path / "no-git"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = cli(run, "history", "--plans", str(repo.plans))
    assert result.exit_code == 1
    assert "không tìm thấy chương trình git" in result.stderr
    assert changes_in_window(repo.plans, date(2024, 7, 1), date(2024, 9, 30)) is None


# ------------------------------------------------------------------- the report's window


def test_changes_in_window_uses_commit_dates_in_vietnam(repo: Repo, dated: dict[str, str]) -> None:
    repo.write("phu-luc-I.yaml", appendix(task("I.1.1"), task("I.1.2")))  # not committed
    changes = changes_in_window(repo.plans, date(2024, 7, 5), date(2024, 9, 30))
    assert changes is not None
    assert _shas(changes) == [dated["jul"], dated["aug"], dated["sep30-late"]]
    assert all(c.kind is K.DEADLINE for c in changes)
    assert changes_in_window(repo.plans, date(2024, 10, 2), date(2024, 12, 31)) == []


# --------------------------------------------------------------------------- processes


def test_a_constant_number_of_git_processes(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    """One git log and one or two cat-file, however many commits: never a process per
    revision."""

    def count() -> list[list[str]]:
        calls: list[list[str]] = []
        real_popen = subprocess.Popen

        def spy_popen(args: list[str], *a: Any, **kw: Any) -> Any:  # run() uses Popen too
            calls.append(list(args))
            return real_popen(args, *a, **kw)

        with monkeypatch.context() as m:
            m.setattr(gitio.subprocess, "Popen", spy_popen)
            history(repo.plans)
        return calls

    few = count()
    for n in range(12):
        repo.write(
            "phu-luc-I.yaml",
            appendix(task("I.1.1", progress=P1), task("I.1.2", deadline=f"Tháng {n + 1}/2024")),
        )
        repo.commit(f"Hạn {n}")
    many = count()
    assert len(few) <= 6 and len(many) <= len(few) + 1
    assert sum("log" in c and "--raw" in c for c in many) == 1
    # One for the blobs the scan announced (the new commits'), one for those it did not (the
    # plan file, whose comparisons the memo already had): BlobReader._aside.
    assert sum("cat-file" in c for c in few) == 1
    assert sum("cat-file" in c for c in many) <= 2


# ------------------------------------------------------------- the plan's own file list


def test_a_file_the_plan_does_not_list_adds_nothing(repo: Repo) -> None:
    # Windows Explorer's "phu-luc-I - Copy.yaml" is a stray copy, not a second set of tasks.
    repo.write("phu-luc-I - Copy.yaml", appendix(task("I.1.1", progress=P1), task("I.1.9")))
    sha = repo.commit("Bản sao")
    assert at(history(repo.plans).changes, sha) == []


def test_listing_an_existing_file_brings_its_tasks_in(repo: Repo) -> None:
    repo.write("phu-luc-II.yaml", appendix(task("II.1.1"), so="II"))
    unlisted = repo.commit("Soạn phụ lục II, chưa đưa vào kế hoạch")
    repo.write("ke-hoach.yaml", plan(("I", "phu-luc-I.yaml"), ("II", "phu-luc-II.yaml")))
    listed = repo.commit("Đưa phụ lục II vào kế hoạch")
    changes = history(repo.plans).changes
    assert at(changes, unlisted) == []
    assert kinds(at(changes, listed)) == [("task_added", "II.1.1")]


def test_the_first_tasks_in_git_are_an_import(repo: Repo) -> None:
    result = history(repo.plans)
    first = [c for c in result.changes if c.kind is K.TASK_ADDED]
    assert first and all(c.initial for c in first)
    repo.write("phu-luc-I.yaml", appendix(task("I.1.1", progress=P1), task("I.1.2"), task("I.1.3")))
    sha = repo.commit("Thêm nhiệm vụ I.1.3")
    (added,) = at(history(repo.plans).changes, sha)
    assert added.kind is K.TASK_ADDED and not added.initial


def test_deadline_moves_are_numbered_over_the_whole_history(
    repo: Repo, run: Callable[..., Result]
) -> None:
    repo.write(
        "phu-luc-I.yaml",
        appendix(task("I.1.1", progress=P1, deadline="Quý IV/2024"), task("I.1.2")),
    )
    repo.commit("Lùi hạn lần 1")
    repo.write(
        "phu-luc-I.yaml",
        appendix(task("I.1.1", progress=P1, deadline="Tháng 12/2024"), task("I.1.2")),
    )
    second = repo.commit("Lùi hạn lần 2")
    (move,) = history(repo.plans, task_id="I.1.1", since=f"{second}~1").changes
    assert move.kind is K.DEADLINE and move.ordinal == 2
    out = cli(run, "history", "I.1.1", "--since", f"{second}~1", "--plans", str(repo.plans)).stdout
    assert "(lần 2)" in out


def test_author_matches_without_diacritics(repo: Repo) -> None:
    repo.write("phu-luc-I.yaml", appendix(task("I.1.1", progress=P1), task("I.1.2", lead="tp-ht")))
    repo.commit("Đổi người chủ trì", author=MINH)
    assert kinds(history(repo.plans, author="tran van").changes) == [("lead_changed", "I.1.2")]


def test_unknown_task_id_is_an_error(repo: Repo, run: Callable[..., Result]) -> None:
    result = run("history", "I.1.9", "--plans", str(repo.plans))
    assert result.exit_code == 1
    assert "không có nhiệm vụ mã «I.1.9»" in result.stderr and "I.1.1" in result.stderr


# --------------------------------------------------- answers that used to be false (issue 8)


def test_diff_on_a_clean_tree_compares_with_the_last_commit(
    repo: Repo, run: Callable[..., Result]
) -> None:
    # Was: "So sánh … → chưa commit" and every change marked uncommitted.
    for deadline in ("Quý IV/2024", "Tháng 12/2024"):
        repo.write(
            "phu-luc-I.yaml", appendix(task("I.1.1", progress=P1), task("I.1.2", deadline=deadline))
        )
        repo.commit(f"Hạn {deadline}")
    head = repo.git("rev-parse", "HEAD")
    out = cli(run, "diff", "HEAD~2", "--plans", str(repo.plans)).stdout
    assert "chưa commit" not in out
    assert head[:7] in out.splitlines()[0]
    data = json.loads(cli(run, "diff", "HEAD~2", "--plans", str(repo.plans), "--json").stdout)
    assert data["to"]["sha"] == head
    assert data["changes"] and not any(c["uncommitted"] for c in data["changes"])


def test_diff_against_a_dirty_tree_still_says_uncommitted(
    repo: Repo, run: Callable[..., Result]
) -> None:
    repo.write("phu-luc-I.yaml", appendix(task("I.1.1", progress=P1), task("I.1.2", lead="tp-ht")))
    out = cli(run, "diff", "HEAD", "--plans", str(repo.plans)).stdout
    assert "chưa commit" in out.splitlines()[0]


def test_diff_takes_a_date_as_its_hint_says(
    repo: Repo, dated: dict[str, str], run: Callable[..., Result]
) -> None:
    # Was: "không có phiên bản «2024-09-30» … hoặc ngày như 2024-09-30".
    result = cli(run, "diff", "2024-09-30", "--plans", str(repo.plans), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["from"]["sha"] == dated["sep30-late"]  # the last commit of that day (UTC+7)
    assert [c["new"] for c in data["changes"]] == ["Tháng 11/2024"]
    result = cli(run, "diff", "30/9/2024", dated["oct1-early"], "--plans", str(repo.plans))
    assert result.exit_code == 0
    before = cli(run, "diff", "2020-01-01", "--plans", str(repo.plans))
    assert before.exit_code == 2 and "01/01/2020" in before.stderr


def test_history_move_numbers_agree_with_the_summary(
    repo: Repo, dated: dict[str, str], run: Callable[..., Result]
) -> None:
    # Was: "(lần 2)" on the line while the summary said "1 lần" under --author.
    out = cli(run, "history", "--author", "minh", "--plans", str(repo.plans)).stdout
    assert "(lần 2)" in out and "(lần 4)" in out
    assert "I.1.2  4 lần" in out and "I.1.2  2 lần" not in out
    data = json.loads(
        cli(run, "history", "--author", "minh", "--plans", str(repo.plans), "--json").stdout
    )
    assert data["deadline_moves"] == {"I.1.2": 4}


def test_a_blob_read_again_out_of_turn_does_not_hold_the_blobs_announced(repo: Repo) -> None:
    """``BlobReader`` answers in the order announced; a version read again (its parse was
    forgotten) comes from a second reader, not after every announced blob held in memory."""
    shas = []
    for n in range(3):
        repo.write("phu-luc-I.yaml", appendix(task("I.1.1", deadline=f"Tháng {n + 7}/2024")))
        repo.commit(f"sửa {n}")
        shas.append(repo.git("rev-parse", "HEAD:plans/phu-luc-I.yaml"))
    contents = [repo.git("cat-file", "blob", sha) for sha in shas]
    with gitio.Repo.open(repo.plans).blobs() as blobs:
        blobs.prefetch(shas)
        assert blobs.read(shas[0]).decode("utf-8").strip() == contents[0]
        assert blobs.read(shas[0]).decode("utf-8").strip() == contents[0]  # again, out of turn
        assert not blobs._ahead  # the other two still wait in git's pipe, not in memory
        assert [blobs.read(sha).decode("utf-8").strip() for sha in shas[1:]] == contents[1:]


def test_a_commit_heading_is_one_yellow_line_with_the_author_and_message_marked() -> None:
    """The terminal heading: the commit's yellow is the line's (date included), the author is
    cyan, the message bold; the plain timeline joins the same words."""
    from vanthuy_cli.render import render_history
    from vanthuy_cli.render.catalog import Translator

    t = Translator("vi")
    commit = gitio.Commit(
        "0123456789abcdef",
        author="Trần Văn Minh",
        committed=datetime.fromisoformat("2024-09-30T16:45:00+07:00"),
        message="Cập nhật quý III",
    )
    head = render_history._header(commit, t)
    assert head.plain == "0123456  30/09/2024 16:45  Trần Văn Minh  Cập nhật quý III"
    assert head.style == "yellow"
    assert [(head.plain[s.start : s.end], str(s.style)) for s in head.spans] == [
        ("Trần Văn Minh", "cyan"),
        ("  Cập nhật quý III", "bold"),
    ]
    pending = render_history._header(gitio.WORKTREE, t)
    assert pending.style == "bold yellow" and not pending.spans
    assert "".join(w for w, _ in render_history._header_parts(commit, t)) == head.plain
