"""Benchmark: ``par history`` on a generated year of commits, next to ``git log -p``.

Not a test: it prints numbers. Run from the project root:

    python bench/history_bench.py                  # 1000 commits, 3 files × 100 tasks, 5 runs
    python bench/history_bench.py --commits 3000 --runs 3 --keep /tmp/par-bench

The repository is generated with ``git fast-import`` (fixed authors and dates, so every run builds
the same history): an initial commit with the plan and three appendices of 100 tasks each, then
one commit per change, each editing one task: a progress entry added (most often, sometimes with
a new status), a deadline moved, a lead changed, a past entry edited, a task's text reworded.

Reported (median wall time of ``--runs`` runs, interleaved so that noise hits all alike):

* ``par history`` as the clerk runs it: a new ``python -m vanthuy_cli`` process (cold start,
  text and ``--json`` output);
* ``history()`` called in-process (no interpreter start-up, no rendering);
* ``git log -p`` over the same files, the floor any tool reading the history must pay;

and the ratio of each to ``git log -p``. The target in the issue is ``par history`` ≤ 3 s.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STATUSES = ("chua_thuc_hien", "dang_thuc_hien", "hoan_thanh", "tam_dung")
LEADS = ("vp-tk", "tp-ht", "mot-cua", "dc-xd", "vh-xh")
DEADLINES = (
    "Quý III/2024",
    "Quý IV/2024",
    "Tháng 9/2024",
    "Trước ngày 15/12/2024",
    "Thường xuyên",
    "Năm 2024",
    "6 tháng cuối năm 2024",
)
AUTHORS = (("Nguyễn Thị Lan", "lan@vanthuy.example"), ("Trần Văn Minh", "minh@vanthuy.example"))
START = 1_719_792_000  # 1/7/2024 07:00 +07:00
PLAN = """\
loai: ke_hoach
so_hieu: 64/KH-UBND
ngay_ban_hanh: 10/6/2024
dia_danh: Vạn Thủy
co_quan_ban_hanh: UBND xã Vạn Thủy
trich_yeu: Nâng cao Chỉ số PAR INDEX và SIPAS năm 2024
nam: 2024
nguoi_ky:
  chuc_vu: CHỦ TỊCH
  ho_ten: Lưu Văn Hữu
phu_luc:
  - so: I
    tep: phu-luc-I.yaml
  - so: II
    tep: phu-luc-II.yaml
  - so: III
    tep: phu-luc-III.yaml
"""


# ------------------------------------------------------------------------------ generating


def _task(appendix: str, group: int, n: int, rng: random.Random) -> dict:
    entries = [
        {
            "ngay": f"{rng.randint(1, 28)}/7/2024",
            "trang_thai": "dang_thuc_hien",
            "ghi_chu": f"Đã triển khai bước {k + 1} của nhiệm vụ",
        }
        for k in range(rng.randint(0, 2))
    ]
    return {
        "ma": f"{appendix}.{group}.{n}",
        "noi_dung": f"Thực hiện nhiệm vụ cải cách hành chính số {n} của nhóm {group}, "
        f"bảo đảm đúng quy trình và thời hạn được giao",
        "chu_tri": rng.choice(LEADS),
        "phoi_hop": ["vp-tk"],
        "ket_qua": "Báo cáo kết quả thực hiện",
        "thoi_han": rng.choice(DEADLINES),
        "tien_do": entries,
    }


def _emit(appendix: str, groups: list[list[dict]]) -> str:
    lines = ["loai: phu_luc", f"so: {appendix}", f"tieu_de: Phụ lục {appendix}", "nhom:"]
    for g, tasks in enumerate(groups, 1):
        lines += [f'  - so: "{g}"', f"    ten: Lĩnh vực {g}", "    nhiem_vu:"]
        for task in tasks:
            lines += [
                f"      - ma: {task['ma']}",
                f"        noi_dung: {task['noi_dung']}",
                f"        chu_tri: {task['chu_tri']}",
                f"        phoi_hop: [{', '.join(task['phoi_hop'])}]",
                f"        ket_qua: {task['ket_qua']}",
                f"        thoi_han: {task['thoi_han']}",
            ]
            if task["tien_do"]:
                lines.append("        tien_do:")
                for e in task["tien_do"]:
                    lines += [
                        f"          - ngay: {e['ngay']}",
                        f"            trang_thai: {e['trang_thai']}",
                        f"            ghi_chu: {e['ghi_chu']}",
                    ]
    return "\n".join(lines) + "\n"


def _edit(task: dict, step: int, rng: random.Random) -> str:
    """Change one task the way a clerk does; returns the commit message."""
    roll = rng.random()
    entries = task["tien_do"]
    day = f"{1 + step % 28}/{8 + step * 4 // 1000}/2024"
    if roll < 0.55 or (roll >= 0.85 and roll < 0.9 and not entries):
        entries.append(
            {"ngay": day, "trang_thai": "dang_thuc_hien", "ghi_chu": f"Cập nhật tiến độ lần {step}"}
        )
        return f"Cập nhật tiến độ {task['ma']}"
    if roll < 0.7:
        entries.append(
            {
                "ngay": day,
                "trang_thai": rng.choice(STATUSES),
                "ghi_chu": f"Đổi trạng thái lần {step}",
            }
        )
        return f"Đổi trạng thái {task['ma']}"
    if roll < 0.8:
        task["thoi_han"] = rng.choice([d for d in DEADLINES if d != task["thoi_han"]])
        return f"Lùi hạn {task['ma']}"
    if roll < 0.85:
        task["chu_tri"] = rng.choice([x for x in LEADS if x != task["chu_tri"]])
        return f"Đổi người chủ trì {task['ma']}"
    if roll < 0.9:
        entries[0]["ghi_chu"] += " (sửa)"
        return f"Sửa ghi chú cũ {task['ma']}"
    task["ket_qua"] = f"Báo cáo kết quả (bản {step})"
    return f"Sửa kết quả {task['ma']}"


def generate(repo: Path, commits: int, tasks_per_file: int = 100, seed: int = 2024) -> None:
    """A repository with ``commits`` commits after the initial one, written by fast-import."""
    rng = random.Random(seed)
    appendices = {}
    for appendix in ("I", "II", "III"):
        per_group = tasks_per_file // 4
        appendices[appendix] = [
            [_task(appendix, g, n, rng) for n in range(1, per_group + 1)] for g in range(1, 5)
        ]
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True, env=env)
    out = bytearray()

    def data(text: str) -> None:
        raw = text.encode("utf-8")
        out.extend(b"data %d\n" % len(raw) + raw + b"\n")

    def commit(n: int, message: str, files: dict[str, str]) -> None:
        name, email = AUTHORS[n % len(AUTHORS)]
        stamp = f"{name} <{email}> {START + n * 3600} +0700"
        out.extend(f"commit refs/heads/main\nauthor {stamp}\ncommitter {stamp}\n".encode())
        data(message)
        for path, text in files.items():
            out.extend(f"M 100644 inline plans/{path}\n".encode())
            data(text)

    initial = {"ke-hoach.yaml": PLAN}
    initial.update({f"phu-luc-{a}.yaml": _emit(a, g) for a, g in appendices.items()})
    commit(0, "Khởi tạo kế hoạch", initial)
    names = list(appendices)
    for step in range(1, commits + 1):
        appendix = names[step % len(names)]
        groups = appendices[appendix]
        group = rng.choice(groups)
        message = _edit(rng.choice(group), step, rng)
        commit(step, message, {f"phu-luc-{appendix}.yaml": _emit(appendix, groups)})
    subprocess.run(
        ["git", "fast-import", "--quiet"], input=bytes(out), cwd=repo, check=True, env=env
    )
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=repo, check=True, env=env)


# ------------------------------------------------------------------------------- measuring


def timed(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        cmd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
        cwd=cwd,
        env={**os.environ, "NO_COLOR": "1", "PAR_LANG": "vi"},
    )
    return time.perf_counter() - start


def in_process(plans: Path) -> tuple[float, int, object]:
    from vanthuy_cli.history.history import history

    start = time.perf_counter()
    result = history(plans)
    return time.perf_counter() - start, len(result.changes), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--commits", type=int, default=1000)
    parser.add_argument("--tasks", type=int, default=100, help="tasks per appendix file")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="build the repository here and keep it")
    args = parser.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="par-history-bench-"))
    try:
        repo = work / "repo" if args.keep is None else work
        if not (repo / ".git").exists():
            start = time.perf_counter()
            generate(repo, args.commits, args.tasks)
            print(
                f"generated {args.commits + 1} commits × 3 files of {args.tasks} tasks "
                f"in {time.perf_counter() - start:.1f}s: {repo}"
            )
        plans = repo / "plans"
        commands = {
            "git log -p -- plans": ["git", "log", "-p", "--no-color", "--", "plans"],
            "par history (CLI, text)": [
                sys.executable,
                "-m",
                "vanthuy_cli",
                "history",
                "--plans",
                str(plans),
            ],
            "par history (CLI, --json)": [
                sys.executable,
                "-m",
                "vanthuy_cli",
                "history",
                "--plans",
                str(plans),
                "--json",
            ],
        }
        for cmd in commands.values():  # warm the OS cache and the .pyc files
            timed(cmd, repo)
        samples: dict[str, list[float]] = {name: [] for name in commands}
        samples["history() in-process"] = []
        changes = 0
        for _ in range(args.runs):
            for name, cmd in commands.items():
                samples[name].append(timed(cmd, repo))
            seconds, changes, _ = in_process(plans)
            samples["history() in-process"].append(seconds)
        floor = statistics.median(samples["git log -p -- plans"])
        print(f"{'command':30} {'median':>9} {'min':>9} {'× git log -p':>13}")
        for name, values in samples.items():
            median = statistics.median(values)
            print(f"{name:30} {median:8.3f}s {min(values):8.3f}s {median / floor:12.1f}×")
        _, _, result = in_process(plans)
        print(f"changes: {changes}, commits scanned: {result.commits}")  # type: ignore[attr-defined]
        git = subprocess.run(["git", "--version"], capture_output=True, text=True, check=False)
        print(
            f"runs: {args.runs}, python: {sys.version.split()[0]}, cores: {os.cpu_count()}, "
            f"git: {git.stdout.strip()}"
        )
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
