"""The cache (``plancache``) changes nothing a user sees, and is never stale.

Every read command runs three times over the same plans: with the cache turned off, with an empty
cache (a miss, which stores an entry) and again (a hit, with the loader or the history parser made
to fail if it is reached). The three outputs must be identical byte for byte.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from typer.testing import Result

from vanthuy_cli.history import history
from vanthuy_cli.reading import plancache, workspace
from vanthuy_cli.rules import classify, views

from .conftest import SHIPPED_PLANS
from .helpers import appendix_with, done, entry, task, write_plans

AS_OF = ("--as-of", "2024-09-30")
#: (arguments, what must not run on a hit). ``validate`` never uses the cache: its date-dependent
#: checks run on every call.
COMMANDS: list[tuple[tuple[str, ...], str | None]] = [
    (("status", *AS_OF), "load"),
    (("status", *AS_OF, "--json"), "load"),
    (("status", "--as-of", "2024-12-31", "--lang", "en"), "load"),
    (("overdue", *AS_OF), "load"),
    (("overdue", *AS_OF, "--json"), "load"),
    (("overdue", "--as-of", "2024-11-30", "--lead", "vp-tk"), "load"),
    (("list", *AS_OF), "load"),
    (("list", *AS_OF, "--json"), "load"),
    (("list", "thu tuc", *AS_OF, "--class", "overdue", "--class", "done_on_time"), "load"),
    (("list", *AS_OF, "--appendix", "II", "--due-before", "2024-12-01"), "load"),
    (("show", "I.1.3", *AS_OF), "load"),
    (("show", "I.1.3", *AS_OF, "--json"), "load"),
    (("show", "I.1.99", *AS_OF), "load"),
    (("report", "2024-Q3", "--format", "md", "--output", "-"), "load"),
    (("report", "2024", "--format", "md", "--output", "-", "--lang", "en"), "load"),
    (("plan",), "load"),
    (("score", *AS_OF), "load"),
    (("score", "--as-of", "2024-12-14", "--json"), "load"),
    (("validate",), None),
    (("validate", "--format", "json"), None),
    (("history",), "parse"),
    (("history", "I.1.1", "--json"), "parse"),
    (("history", "--since", "2024-07-02"), "parse"),
    (("diff", "HEAD~2", "HEAD"), "parse"),
]


def _git(folder: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Lan",
        "GIT_AUTHOR_EMAIL": "lan@vanthuy.example",
        "GIT_COMMITTER_NAME": "Lan",
        "GIT_COMMITTER_EMAIL": "lan@vanthuy.example",
    }
    subprocess.run(["git", *args], cwd=folder, env=env, check=True, capture_output=True)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped plans in a repository of three commits (a progress entry, a deadline move)."""
    root = tmp_path / "xa"
    shutil.copytree(SHIPPED_PLANS, root / "plans")
    _git(root, "init", "-q", "-b", "main")
    for n, (old, new) in enumerate(
        [(None, None), ("thoi_han: 30/6/2024", "thoi_han: 15/7/2024"), ("ma: I.1.1", "ma: I.1.1")]
    ):
        appendix = root / "plans" / "phu-luc-I-par-index.yaml"
        if old is not None:
            text = appendix.read_text(encoding="utf-8")
            appendix.write_text(text.replace(old, new, 1) + f"# lần {n}\n", encoding="utf-8")
        _git(root, "add", "-A")
        stamp = f"2024-07-0{n + 1}T08:00:00+07:00"
        monkeypatch.setenv("GIT_COMMITTER_DATE", stamp)
        monkeypatch.setenv("GIT_AUTHOR_DATE", stamp)
        _git(root, "commit", "-q", "-m", f"commit {n}")
    monkeypatch.chdir(root)
    return root


def _outcome(result: Result) -> tuple[int, bytes, bytes]:
    return result.exit_code, result.stdout_bytes, result.stderr_bytes or b""


def _forbid(monkeypatch: pytest.MonkeyPatch, what: str | None) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"a cache hit must not {what}")

    if what == "load":
        monkeypatch.setattr(workspace, "load_workspace", fail)
        monkeypatch.setattr(classify, "_classify", fail)  # the items kept for the question
    elif what == "parse":
        monkeypatch.setattr(history._Scanner, "_side", fail)


@pytest.mark.parametrize(("args", "forbidden"), COMMANDS, ids=lambda a: " ".join(a or ""))
def test_every_read_command_is_byte_identical_with_and_without_the_cache(
    project: Path,
    run: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    args: tuple[str, ...],
    forbidden: str | None,
) -> None:
    monkeypatch.setenv(plancache.ENV, "")  # off
    without = _outcome(run(*args))
    monkeypatch.setenv(plancache.ENV, str(tmp_path / "cache"))
    cold = _outcome(run(*args))
    assert cold == without
    if forbidden:
        assert list((tmp_path / "cache").iterdir())  # the miss stored an entry
    with monkeypatch.context() as patch:
        _forbid(patch, forbidden)
        warm = _outcome(run(*args))
    assert warm == without


def _status(run: Callable[..., Result]) -> str:
    result = run("status", *AS_OF, "--json")
    assert result.exit_code == 0, result.output
    return result.stdout


def test_an_edit_that_keeps_size_and_time_is_still_seen(
    project: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(plancache.ENV, str(tmp_path / "cache"))
    before = _status(run)
    appendix = project / "plans" / "phu-luc-II-sipas.yaml"
    stat = appendix.stat()
    text = appendix.read_text(encoding="utf-8")
    # Same length, same modification time: only the content hash can tell.
    edited = text.replace("thoi_han: Quý IV/2024", "thoi_han: Quý I/2024", 1)  # now overdue
    edited = edited.replace("\n\n", "\n \n", 1)
    assert len(edited.encode()) == len(text.encode()) and edited != text
    appendix.write_text(edited, encoding="utf-8")
    os.utime(appendix, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    after = _status(run)
    monkeypatch.setenv(plancache.ENV, "")
    assert after == _status(run) != before


def test_new_file_and_broken_plan_are_seen(
    tmp_path: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(plancache.ENV, str(tmp_path / "cache"))
    plans = write_plans(tmp_path)
    assert run("status", "--plans", str(plans), *AS_OF).exit_code == 0
    (plans / "phu-luc-II.yaml").write_text("loai: phu_luc\nso: II\n", encoding="utf-8")
    result = run("status", "--plans", str(plans), *AS_OF)
    # The new file has errors: seen at once, not hidden by the cache (status shows the valid part
    # and names the broken file in its banner).
    assert result.exit_code == 0
    assert "phu-luc-II.yaml" in (result.stderr or "")


def test_a_damaged_or_foreign_entry_is_rebuilt_silently(
    tmp_path: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv(plancache.ENV, str(cache))
    plans = write_plans(tmp_path)
    first = run("status", "--plans", str(plans), *AS_OF, "--json").stdout
    (entry,) = cache.glob("plans-*")
    good = entry.read_bytes()
    for damaged in (good[: len(good) // 2], good[:-1] + bytes([good[-1] ^ 1]), b"", b"\x00" * 99):
        entry.write_bytes(damaged)
        result = run("status", "--plans", str(plans), *AS_OF, "--json")
        assert (result.exit_code, result.stdout, result.stderr) == (0, first, "")
        assert entry.read_bytes() != damaged  # rewritten by the full load


def _plans_with_appendix_v(tmp_path: Path) -> Path:
    """The shipped plans and an appendix V holding what the shipped ones lack: an evidence
    record in a progress entry, a recurring task paused then cancelled without ``ky``, entries
    after the as-of days asked, a continuous task with old news only."""
    plans = tmp_path / "plans"
    shutil.copytree(SHIPPED_PLANS, plans)
    evidence = {"so_hieu": "12/BC-UBND", "loai_van_ban": "Báo cáo", "ngay": "2/9/2024"}
    quarterly = "Hằng quý, chậm nhất ngày 20"
    # Paused without ``ky`` (holds for later months), one month done, then cancelled.
    monthly = [entry("2/5/2024", "tam_dung"), done("20/6/2024", ky="2024-06")]
    monthly.append(entry("1/10/2024", "huy_bo"))
    extra = appendix_with(
        [
            task("V.1.1", progress=[entry("1/8/2024", phan_tram=40), done("2/9/2024", evidence)]),
            task("V.1.2", quarterly, [done("15/7/2024"), entry("3/9/2024")]),
            task("V.1.3", "Hằng tháng", monthly),
            task("V.1.4", "Thường xuyên", [entry("1/2/2024")]),
            task("V.1.5", "Theo quy định", [done("1/12/2024")]),
        ],
        number="V",
    )
    (plans / "phu-luc-V.yaml").write_text(extra, encoding="utf-8")
    plan_file = plans / "ke-hoach.yaml"
    text = plan_file.read_text(encoding="utf-8")
    last = "    tep: phu-luc-II-sipas.yaml\n"
    assert last in text
    listed = last + "  - so: V\n    tep: phu-luc-V.yaml\n"
    plan_file.write_text(text.replace(last, listed), encoding="utf-8")
    return plans


def test_the_rebuilt_plan_equals_the_loaded_one_record_for_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each field a hit fills from the entry (dates, optional values, lists, text or evidence
    record, progress, targets, deadlines, catalogue) equals what the files give."""
    monkeypatch.setenv(plancache.ENV, str(tmp_path / "cache"))
    plans = _plans_with_appendix_v(tmp_path)
    cold = plancache.load_plan(plans)  # a miss: loaded from the files, then stored
    warm = plancache.load_plan(plans)
    assert warm is not cold and not warm.docs  # rebuilt from the entry
    assert cold.findings == warm.findings and not cold.has_errors
    assert warm.plan == cold.plan and warm.appendices == cold.appendices
    assert dict(warm.deadlines) == dict(cold.deadlines) and warm.catalogue == cold.catalogue
    progress = warm.task("V.1.1").task.progress
    assert progress[1].evidence == cold.task("V.1.1").task.progress[1].evidence
    assert type(progress[1].evidence).__name__ == "EvidenceDoc" and progress[0].percent == 40


DAYS = [date(2024, 1, 5), date(2024, 5, 31), date(2024, 7, 20), date(2024, 9, 30)]
DAYS += [date(2024, 10, 1), date(2024, 12, 31), date(2025, 1, 15)]


def test_items_kept_beside_the_plan_equal_the_items_judged_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``classify`` answered from the cache (a later command, its own store) gives the same
    items, field for field, as judging every task again: each day, and a report's window."""
    monkeypatch.setenv(plancache.ENV, str(tmp_path / "cache"))
    plans = _plans_with_appendix_v(tmp_path)
    questions: list[tuple[date, tuple[date, date] | None]] = [(day, None) for day in DAYS]
    questions.append((date(2024, 9, 30), (date(2024, 7, 1), date(2024, 9, 30))))
    plain = workspace.load_workspace(plans).require_valid()  # no cache, no store
    first = plancache.load_plan(plans)  # a miss: the items are then kept for each question
    assert first.derived is not None
    seen: set[classify.Cls] = set()
    stale = 0
    for day, window in questions:
        judged = classify.classify(first, day, window=window)
        expected = views.dashboard(plain, day) if window is None else None
        seen |= {item.cls for item in judged}
        with monkeypatch.context() as patch:
            patch.setattr(classify, "_classify", _never)
            later = plancache.load_plan(plans)  # a hit, with a store of its own (empty memory)
            assert classify.classify(later, day, window=window) == judged
            if expected is not None:  # the dashboard counts rows, builds the items it shows
                assert views.dashboard(later, day) == expected
        stale += sum(item.stale for item in judged)
    assert {cls for cls in classify.Cls if cls is not classify.Cls.NO_DEADLINE} <= seen
    assert stale


def _never(*args: object) -> None:
    raise AssertionError("the items kept in the cache must be used")


def test_items_kept_are_never_stale_and_damage_is_rebuilt_silently(
    project: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """As-of days in a row on one cache (more days than kept answers), then damaged answers,
    then an edited plan: every output equals the output without the cache."""
    cache = tmp_path / "cache"
    days = [d.isoformat() for d in (*DAYS, date(2024, 9, 30), date(2024, 1, 5))]

    commands = [("status",), ("list", "--json")]

    def outputs() -> dict[tuple[str, str], tuple[int, bytes, bytes]]:
        return {
            (day, command[0]): _outcome(run(*command, "--as-of", day))
            for day in dict.fromkeys(days)
            for command in commands
        }

    monkeypatch.setenv(plancache.ENV, "")
    expected = outputs()
    monkeypatch.setenv(plancache.ENV, str(cache))
    for day in days:
        for command in commands:
            assert _outcome(run(*command, "--as-of", day)) == expected[day, command[0]]
    kept = sorted(cache.glob("derived-*"))
    assert 1 <= len(kept) <= plancache.Derived.SLOTS
    damaged = {path: path.read_bytes()[:-7] for path in kept}
    for path, data in damaged.items():
        path.write_bytes(data)
    assert outputs() == expected
    assert all(path.read_bytes() != data for path, data in damaged.items())  # kept again
    appendix = project / "plans" / "phu-luc-II-sipas.yaml"
    text = appendix.read_text(encoding="utf-8")
    appendix.write_text(text.replace("thoi_han: Quý IV/2024", "thoi_han: Quý I/2024", 1))
    edited = outputs()
    monkeypatch.setenv(plancache.ENV, "")
    assert edited == outputs() != expected


def test_empty_variable_turns_the_cache_off(
    tmp_path: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(plancache.ENV, "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    plans = write_plans(tmp_path)
    assert run("status", "--plans", str(plans), *AS_OF).exit_code == 0
    assert not (tmp_path / "xdg").exists() and not (tmp_path / "home").exists()


def test_default_folder_follows_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(plancache.ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert plancache.cache_dir() == tmp_path / "xdg" / "par"


_HEAVY = ("pydantic", "yaml", "jinja2", "docx")
#: Standard modules a hit does without: OpenSSL's hashes (BLAKE2 is Python's own), and the
#: temporary files only writing an entry or a file needs.
_UNNEEDED = ("_hashlib", "hashlib", "tempfile")


@pytest.mark.parametrize(
    ("sample", "args"),
    [
        ("minimal", ("status",)),
        ("shipped", ("status",)),  # criteria catalogue and period figures: the score line
        ("shipped", ("status", "--json")),
        ("shipped", ("overdue",)),
        ("shipped", ("list",)),
        ("shipped", ("show", "I.1.3")),
    ],
    ids=lambda v: v if isinstance(v, str) else " ".join(v),
)
def test_warm_read_commands_import_neither_pydantic_nor_yaml(
    tmp_path: Path, sample: str, args: tuple[str, ...]
) -> None:
    """The point of the cache: a hit rebuilds the plan (and the criteria catalogue, and what
    scoring needs of the period figures) with the standard library only, in a real process."""
    if sample == "shipped":
        plans = tmp_path / "plans"
        shutil.copytree(SHIPPED_PLANS, plans)
    else:
        plans = write_plans(tmp_path)
    env = {**os.environ, plancache.ENV: str(tmp_path / "cache"), "NO_COLOR": "1"}
    argv = ["par", *args, "--plans", str(plans), "--as-of", "2024-09-30"]
    code = (
        "import sys\n"
        "from vanthuy_cli.cli.main import main\n"
        f"sys.argv = {argv!r}\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"heavy = sorted(set({_HEAVY!r}) & set(sys.modules))\n"
        "print('HEAVY', heavy, file=sys.stderr)\n"
        f"print('UNNEEDED', sorted(set({_UNNEEDED!r}) & set(sys.modules)), file=sys.stderr)\n"
    )
    run = [sys.executable, "-c", code]
    cold = subprocess.run(run, env=env, capture_output=True, text=True, check=True)
    warm = subprocess.run(run, env=env, capture_output=True, text=True, check=True)
    assert "'pydantic'" in cold.stderr  # the miss validated the files
    assert "HEAVY []" in warm.stderr, warm.stderr
    assert "UNNEEDED []" in warm.stderr, warm.stderr
    assert warm.stdout == cold.stdout
    if args == ("status",) and sample == "shipped":
        assert "Tự chấm Chỉ số CCHC" in warm.stdout  # the score line was computed warm


def test_a_source_edit_during_a_run_does_not_change_the_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The key names the code the process imported: an edit while it runs (a developer saving,
    a rebase under the test suite) must not turn its own entries into misses."""
    first = plancache.code_context("x")
    real_stat = os.stat
    monkeypatch.setattr(
        os, "stat", lambda *a, **k: os.stat_result((0,) * 10) if a else real_stat(*a, **k)
    )
    assert plancache.code_context("x") == first
    assert any(name.endswith("plancache.py") for name, _ in first[3])


def test_a_touched_but_unchanged_file_is_no_uncommitted_change(
    project: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """git lists a file whose stat data changed as modified until its index is refreshed; par
    compares the content, so such a file is not parsed (the memo serves all) and shows nothing."""
    monkeypatch.setenv(plancache.ENV, str(tmp_path / "cache"))
    before = _outcome(run("history"))
    appendix = project / "plans" / "phu-luc-I-par-index.yaml"
    os.utime(appendix, ns=(1, 1))  # same bytes, other times: stat-dirty for git
    with monkeypatch.context() as patch:
        _forbid(patch, "parse")
        assert _outcome(run("history")) == before
    text = appendix.read_text(encoding="utf-8").replace("15/7/2024", "31/7/2024", 1)
    appendix.write_text(text, encoding="utf-8")
    assert "15/7/2024 → 31/7/2024" in run("history").stdout  # a real edit is still seen


def test_history_memo_survives_a_new_commit(
    project: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A commit added after the memo was written is compared; the others come from the memo."""
    monkeypatch.setenv(plancache.ENV, str(tmp_path / "cache"))
    run("history")
    appendix = project / "plans" / "phu-luc-II-sipas.yaml"
    appendix.write_text(appendix.read_text(encoding="utf-8") + "# sửa\n", encoding="utf-8")
    _git(project, "commit", "-q", "-am", "commit 3")
    warm = _outcome(run("history", "--json"))
    monkeypatch.setenv(plancache.ENV, "")
    assert warm == _outcome(run("history", "--json"))


def test_history_text_is_replayed_until_the_repository_changes(
    project: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """``par history`` piped prints its stored text while nothing it depends on changed (no log
    read, nothing drawn); a commit, an uncommitted edit, another width each give the text a run
    without the cache gives."""
    monkeypatch.setenv(plancache.ENV, str(tmp_path / "cache"))

    def fresh(*args: str) -> tuple[int, bytes, bytes]:
        with monkeypatch.context() as patch:
            patch.setenv(plancache.ENV, "")
            return _outcome(run(*args))

    def replayed(*args: str) -> tuple[int, bytes, bytes]:
        with monkeypatch.context() as patch:
            patch.setattr(history, "history", lambda *a, **k: pytest.fail("not replayed"))
            return _outcome(run(*args))

    for args in (("history",), ("history", "I.1.1"), ("history", "--since", "HEAD~1")):
        assert _outcome(run(*args)) == fresh(*args)
        assert replayed(*args) == fresh(*args)
    monkeypatch.setenv("COLUMNS", "120")  # another width: drawn anew, then replayed
    wide = _outcome(run("history"))
    assert wide == fresh("history") and replayed("history") == wide
    appendix = project / "plans" / "phu-luc-I-par-index.yaml"
    text = appendix.read_text(encoding="utf-8").replace("15/7/2024", "31/7/2024", 1)
    appendix.write_text(text, encoding="utf-8")
    edited = _outcome(run("history"))
    assert "15/7/2024 → 31/7/2024" in edited[1].decode() and edited == fresh("history")
    assert replayed("history") == edited
    _git(project, "commit", "-q", "-am", "commit 3")  # the same edit, committed
    committed = _outcome(run("history"))
    assert committed != edited and committed == fresh("history")
    assert replayed("history") == committed
    assert _outcome(run("history", "--since", "HEAD~1")) == fresh("history", "--since", "HEAD~1")


def test_history_text_follows_a_branch_named_with_spaces(
    project: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """``--since " old"`` reads the branch ``old`` (the bound is trimmed): when that branch
    moves, and nothing else does, the text is drawn again, not replayed."""
    monkeypatch.setenv(plancache.ENV, str(tmp_path / "cache"))
    _git(project, "branch", "old", "HEAD~2")  # before the deadline moved
    before = _outcome(run("history", "--since", " old"))
    _git(project, "branch", "-f", "old", "HEAD")  # HEAD and the files stay as they are
    after = _outcome(run("history", "--since", " old"))
    with monkeypatch.context() as patch:
        patch.setenv(plancache.ENV, "")
        assert after == _outcome(run("history", "--since", " old")) != before


def test_history_text_is_not_kept_when_the_repository_changed_while_it_ran(
    project: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A commit made while the log was read may be half seen: that text is printed, not kept."""
    monkeypatch.setenv(plancache.ENV, str(tmp_path / "cache"))
    real = history.history

    def commit_meanwhile(*args: object, **kwargs: object) -> history.History:
        found = real(*args, **kwargs)  # type: ignore[arg-type]
        appendix = project / "plans" / "phu-luc-II-sipas.yaml"
        appendix.write_text(appendix.read_text(encoding="utf-8") + "# sửa\n", encoding="utf-8")
        _git(project, "commit", "-q", "-am", "commit 3")
        return found

    with monkeypatch.context() as patch:
        patch.setattr(history, "history", commit_meanwhile)
        run("history")
    assert not list((tmp_path / "cache").glob("history-text-*"))


def test_a_plan_read_from_the_cache_equals_the_plan_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Record for record (plan, appendices, deadlines, findings, catalogue); a deadline many
    tasks share is one object."""
    plans = tmp_path / "plans"
    shutil.copytree(SHIPPED_PLANS, plans)
    monkeypatch.setenv(plancache.ENV, str(tmp_path / "cache"))
    loaded = plancache.load_plan(plans)
    _forbid(monkeypatch, "load")
    cached = plancache.load_plan(plans)
    assert cached is not loaded
    assert (cached.plan, cached.appendices) == (loaded.plan, loaded.appendices)
    assert dict(cached.deadlines) == dict(loaded.deadlines) and cached.deadlines
    assert [repr(d) for d in cached.deadlines.values()] == [
        repr(d) for d in loaded.deadlines.values()
    ]
    assert cached.findings == loaded.findings
    assert [f.params for f in cached.findings] == [f.params for f in loaded.findings]
    assert cached.catalogue == loaded.catalogue and cached.catalogue is not None
    distinct = set(cached.deadlines.values())
    assert len({id(d) for d in cached.deadlines.values()}) == len(distinct) < len(cached.tasks)
