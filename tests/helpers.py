"""Fixture plans built inline: a small valid plan folder that tests copy and then break or extend.

``write_plans(tmp_path)`` writes ``plans/ke-hoach.yaml`` and ``plans/phu-luc-I.yaml``; pass
``plan=`` / ``appendix=`` to replace either text, or ``files=`` for extra files (bytes allowed).
"""

from __future__ import annotations

import subprocess
import textwrap
from pathlib import Path

import pytest

PLAN = textwrap.dedent("""\
    loai: ke_hoach
    so_hieu: 64/KH-UBND
    ngay_ban_hanh: 10/6/2024
    dia_danh: Vạn Thủy
    co_quan_chu_quan: UBND huyện Bắc Sơn
    co_quan_ban_hanh: UBND xã Vạn Thủy
    trich_yeu: Nâng cao Chỉ số PAR INDEX và SIPAS năm 2024
    nam: 2024
    noi_nhan:
      - Phòng Nội vụ
      - "Lưu: VT"
    nguoi_ky:
      quyen_han: KT. CHỦ TỊCH
      chuc_vu: PHÓ CHỦ TỊCH
      ho_ten: Lưu Văn Hữu
    phu_luc:
      - so: I
        tep: phu-luc-I.yaml
    nhan_su:
      - ma: vp-tk
        ten: Công chức Văn phòng - Thống kê
      - ma: tp-ht
        ten: Công chức Tư pháp - Hộ tịch
      - ma: mot-cua
        ten: Bộ phận Một cửa
    bao_cao:
      kinh_gui:
        - UBND huyện Bắc Sơn
        - Phòng Nội vụ huyện Bắc Sơn
      noi_nhan:
        - Như trên
        - "Lưu: VT"
    """)

APPENDIX = textwrap.dedent("""\
    loai: phu_luc
    so: I
    tieu_de: Nhiệm vụ nâng cao Chỉ số PAR INDEX
    chi_so: PAR INDEX
    nhom:
      - so: "1"
        ten: Công tác chỉ đạo, điều hành CCHC
        nhiem_vu:
          - ma: I.1.1
            noi_dung: Ban hành Kế hoạch tuyên truyền CCHC năm 2024
            chu_tri: vp-tk
            phoi_hop: [tp-ht]
            ket_qua: Kế hoạch được ban hành
            thoi_han: Quý III/2024
            tien_do:
              - ngay: 15/7/2024
                trang_thai: dang_thuc_hien
                ghi_chu: Đang dự thảo
              - ngay: 20/8/2024
                trang_thai: hoan_thanh
                minh_chung: Kế hoạch số 80/KH-UBND ngày 20/8/2024
          - ma: I.1.2
            noi_dung: Niêm yết thủ tục hành chính tại Bộ phận Một cửa
            chu_tri: mot-cua
            thoi_han: Trước ngày 15/12/2024
    """)


def write_plans(
    root: Path,
    *,
    plan: str | None = None,
    appendix: str | None = None,
    files: dict[str, str | bytes] | None = None,
) -> Path:
    """Write a plans folder under ``root`` and return its path."""
    plans = root / "plans"
    plans.mkdir(parents=True, exist_ok=True)
    contents: dict[str, str | bytes] = {
        "ke-hoach.yaml": PLAN if plan is None else plan,
        "phu-luc-I.yaml": APPENDIX if appendix is None else appendix,
    }
    contents.update(files or {})
    for name, content in contents.items():
        path = plans / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))
    return plans


def appendix_with(tasks: list[dict], *, number: str = "I") -> str:
    """An appendix text holding ``tasks`` (dicts with YAML keys) in one group."""
    import yaml

    data = {
        "loai": "phu_luc",
        "so": number,
        "tieu_de": "Phụ lục thử",
        "nhom": [{"so": "1", "ten": "Nhóm thử", "nhiem_vu": tasks}],
    }
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def task(
    id: str = "I.1.1",
    deadline: str = "30/9/2024",
    progress: list[dict] | None = None,
    **extra: object,
) -> dict:
    """A task dict with sensible defaults; ``progress`` entries use YAML keys."""
    data: dict = {"ma": id, "noi_dung": f"Nhiệm vụ {id}", "chu_tri": "vp-tk", "thoi_han": deadline}
    if progress:
        data["tien_do"] = progress
    data.update(extra)
    return data


def done(day: str, evidence: str = "Báo cáo số 1/BC-UBND", **extra: object) -> dict:
    return {"ngay": day, "trang_thai": "hoan_thanh", "minh_chung": evidence, **extra}


def entry(day: str, status: str = "dang_thuc_hien", **extra: object) -> dict:
    return {"ngay": day, "trang_thai": status, **extra}


def git(cwd: Path, *args: str) -> str:
    """Run git in ``cwd``; its standard output."""
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout


def commune_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``tmp_path/xa``, made a git repository with the clerk's identity and no user or system
    git configuration (nor editor, nor fixed commit dates); the test's working directory."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    for name in ("EDITOR", "VISUAL", "GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"):
        monkeypatch.delenv(name, raising=False)
    work = tmp_path / "xa"
    work.mkdir(exist_ok=True)
    git(work, "init", "-q", "-b", "main")
    git(work, "config", "user.name", "Nguyễn Thị Lan")
    git(work, "config", "user.email", "lan@vanthuy.example")
    monkeypatch.chdir(work)
    return work
