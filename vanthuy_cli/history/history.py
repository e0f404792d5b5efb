"""What changed in the plan, commit by commit: the semantic history behind ``par history``/``diff``.

A commit is compared with its parent(s) *task by task*, never line by line: identity is the task
id (``ma``), so renaming or moving a file, or moving a task to another appendix, is not "removed
and added". Each difference becomes a ``Change`` of one ``ChangeKind``: task added, removed or
moved; deadline, lead or target changed; progress entry added, or (flagged, because the log is
append-only) inserted before older entries, edited or deleted; status changed (the status is the
``trang_thai`` of the last progress entry); other keys changed.

How a commit is compared:

* Only the plan files git lists as changed are read; tasks in the other files are unchanged.
* Only the files the plan lists (``phu_luc`` of the ``loai: ke_hoach`` file, as of each commit)
  count, as when the plan is loaded: a stray copy "phu-luc - Copy.yaml" adds no tasks. Before any
  plan file is seen every YAML file counts. (Along merged branches the file list is the one last
  seen in commit order: exact for a linear history.)
* A file whose new version does not parse gives a ``SKIPPED`` change carrying the finding; its last
  version that parsed is remembered, so the commit that repairs it is compared with that version
  and the edits made meanwhile are still reported (at the repairing commit).
* A merge reports only what the merge itself introduced: a change against the first parent is kept
  only when the same change (same task, same new value) is also seen against every other parent.
  A change made on a branch was reported at its own commit; a conflict resolution is new against
  both sides and is reported at the merge. (So a merge that throws a branch's change away, say
  with ``-s ours``, shows nothing: like ``git show`` of that merge, which is empty too.)
* Dates are commit dates (the committer's), shown and compared in Vietnam time (UTC+7).
* Unchanged tasks are the very same object in both versions (``yamlchunks``), so ``old is new``
  skips them without looking inside.

The library never prints: ``history``/``diff`` return data and ``render_history`` shows it.
"""

from __future__ import annotations

import difflib
import json
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from difflib import SequenceMatcher
from enum import StrEnum
from pathlib import Path
from typing import Any

from vanthuy_cli.errors import BadDate, BadRevision, GitError, UnknownTask
from vanthuy_cli.findings import Finding
from vanthuy_cli.history.gitio import WORKTREE, BlobReader, Commit, FileChange, LogEntry, Repo
from vanthuy_cli.history.yamlchunks import ChunkedParser
from vanthuy_cli.plan import keys as K
from vanthuy_cli.storage.yamlio import MAX_FILE_BYTES, YamlDoc, decode
from vanthuy_cli.textutil import fold as _fold

__all__ = [
    "Change",
    "ChangeKind",
    "Commit",
    "Diff",
    "History",
    "changes_in_window",
    "deadline_moves",
    "diff",
    "history",
    "parse_bound",
]

#: Called with (commits done, commits in all) while the log is scanned; for a progress bar.
ProgressCallback = Callable[[int, int], None]
_DATE_SHAPED = re.compile(r"\d{1,4}[-/]\d{1,2}[-/]\d{1,4}")


class ChangeKind(StrEnum):
    """What happened to a task (the values are the ``kind`` of ``par history --json``)."""

    TASK_ADDED = "task_added"
    TASK_REMOVED = "task_removed"
    TASK_MOVED = "task_moved"
    DEADLINE = "deadline_changed"
    LEAD = "lead_changed"
    TARGET = "target_changed"
    PROGRESS_ADDED = "progress_added"
    PROGRESS_INSERTED = "progress_inserted"
    PROGRESS_EDITED = "progress_edited"
    PROGRESS_DELETED = "progress_deleted"
    STATUS = "status_changed"
    OTHER = "other_changed"
    SKIPPED = "skipped"


#: The progress log is append-only: these rewrite the past, and the timeline flags them.
FLAGGED = frozenset(
    {ChangeKind.PROGRESS_INSERTED, ChangeKind.PROGRESS_EDITED, ChangeKind.PROGRESS_DELETED}
)

#: Keys with a kind of their own; any other key of a task is reported as OTHER.
_OWN_KEYS = {
    K.TASK_ID: None,
    K.DEADLINE: ChangeKind.DEADLINE,
    K.LEAD: ChangeKind.LEAD,
    K.TARGET: ChangeKind.TARGET,
    K.PROGRESS: None,
}


@dataclass(frozen=True)
class Change:
    """One semantic change, at one commit (``commit.sha is None``: not committed yet).

    ``old``/``new`` are values as written in the YAML (text, mappings, lists): the deadline text,
    the lead id, the target mapping, the progress entry, the status value; for an added or removed
    task its ``noi_dung``; for a move, ``{"file", "appendix", "group"}``; for OTHER, a mapping of
    the changed keys. ``index`` is the 1-based line of the progress log (in the new log; in the old
    log for a deletion). A SKIPPED change has no task and carries the parse ``finding``.
    """

    commit: Commit
    kind: ChangeKind
    task_id: str | None
    file: str
    old: Any = None
    new: Any = None
    index: int | None = None
    keys: tuple[str, ...] = ()
    finding: Finding | None = None
    #: DEADLINE: this is the task's n-th deadline move since the plan entered git (whatever
    #: ``--since``/``--author`` show).
    ordinal: int | None = None
    #: TASK_ADDED by the commit that first brought tasks into git: an import, not a plan change.
    initial: bool = False
    #: DEADLINE: why, from the task's ``dieu_chinh`` entry for the new deadline (``par deadline``
    #: writes one): "Chờ hướng dẫn của tỉnh (Công văn số 12/UBND-VP ngày 25/9/2024)".
    reason: str | None = None

    @property
    def flagged(self) -> bool:
        """True when the change rewrites the append-only progress log."""
        return self.kind in FLAGGED


@dataclass
class History:
    """The timeline ``par history`` shows, oldest first, uncommitted changes last."""

    changes: list[Change]
    #: Commits read from the log (those touching plan files), before any filter.
    commits: int = 0
    #: How many times each task's deadline moved among ``changes`` (tasks that moved at least once).
    deadline_moves: dict[str, int] = field(default_factory=dict)

    @property
    def skipped(self) -> list[Change]:
        return [c for c in self.changes if c.kind is ChangeKind.SKIPPED]

    @property
    def uncommitted(self) -> bool:
        return any(c.commit.uncommitted for c in self.changes)


@dataclass
class Diff:
    """``par diff``: the changes from ``base`` to ``target`` (the working tree when uncommitted)."""

    base: Commit
    target: Commit
    changes: list[Change]


# ---------------------------------------------------------------------------- public API


def parse_bound(value: str) -> date | str:
    """``--since``/``--until``: a date (2024-09-30, 30/9/2024) or else a git revision.

    Something shaped like a date that is no date (31/2/2024) is a ``BadDate``, not a revision:
    "no such revision «31/2/2024»" would only confuse.
    """
    from vanthuy_cli.plan.records import NotADate, parse_day

    try:
        return parse_day(value)
    except NotADate:
        if _DATE_SHAPED.fullmatch(value.strip()):
            raise BadDate("error.bad_date", value=value) from None
        return value.strip()


def history(
    plans_dir: Path,
    *,
    task_id: str | None = None,
    since: date | str | None = None,
    until: date | str | None = None,
    author: str | None = None,
    include_uncommitted: bool = True,
    progress: ProgressCallback | None = None,
) -> History:
    """The semantic changes of the plans in ``plans_dir``, oldest first.

    ``since``/``until`` are dates (inclusive, by commit date in UTC+7) or revisions (``since``
    exclusive, ``until`` inclusive, as in ``git log since..until``). ``author`` matches part of
    "name <email>", ignoring case. Uncommitted changes come last, unless ``until`` or ``author`` is
    given (they have no date or author). Raises ``GitError`` when ``plans_dir`` is not in a git
    repository, git is missing, or a revision does not exist (``BadRevision``).
    """
    return _history(
        Repo.open(plans_dir),
        task_id=task_id,
        since=since,
        until=until,
        author=author,
        include_uncommitted=include_uncommitted,
        progress=progress,
    )


def diff(plans_dir: Path, rev1: str, rev2: str | None = None) -> Diff:
    """The semantic changes between two revisions, or from ``rev1`` to the working tree.

    A revision may also be a date (2024-09-30, 30/9/2024): the plan as it stood at the end of
    that day, i.e. the last commit made by then (UTC+7). Without ``rev2`` the target is the
    working tree when it changes the plan, else the last commit: a clean tree has nothing
    uncommitted to show.
    """
    repo = Repo.open(plans_dir)
    base = _revision(repo, rev1)
    base_sha = base.sha or ""  # a named revision always has one
    memo = _Memo.load(repo)
    with repo.blobs() as blobs:
        scanner = _Scanner(repo, blobs, memo)
        target = _revision(repo, rev2) if rev2 is not None else repo.head()
        if target is not None and target.sha and rev2 is None:
            pending = scanner.between(
                WORKTREE, repo.tree(target.sha), repo.diff_worktree(target.sha)
            )
            if pending:
                target = None
        if target is not None and target.sha:
            files = repo.diff_trees(base_sha, target.sha)
            found = scanner.between(target, repo.tree(base_sha), files)
            memo.save()
            return Diff(base, target, found)
        files = repo.diff_worktree(base_sha)
        found = scanner.between(WORKTREE, repo.tree(base_sha), files)
    memo.save()
    return Diff(base, WORKTREE, found)


def named_commit(repo: Repo, rev: str) -> Commit:
    """The commit ``rev`` names (``par diff``, ``par report --rev``): a revision, or a date for
    the last commit made by the end of that day (UTC+7)."""
    return _revision(repo, rev)


def _revision(repo: Repo, rev: str) -> Commit:
    """A commit named by a revision, or by a date: the last commit made by the end of that day."""
    bound = parse_bound(rev)
    if isinstance(bound, str):
        return repo.commit(bound)
    found = repo.last_commit_by(bound)
    if found is None:
        raise BadRevision("git.no_commit_by", date=bound)
    return found


def changes_in_window(
    plans_dir: Path, start: date, end: date, *, tip: str | None = None
) -> list[Change] | None:
    """The changes committed between ``start`` and ``end`` inclusive (commit date, UTC+7), among
    the commits reachable from ``tip`` (default HEAD; ``par report --rev`` passes its commit).

    For the period report. ``None`` when ``plans_dir`` is not in a git repository or git cannot be
    run: the report then says nothing about history instead of failing.
    """
    try:
        repo = Repo.find(plans_dir)
    except GitError:
        return None
    if repo is None:
        return None
    return _history(repo, since=start, until=end, include_uncommitted=False, tip=tip).changes


def deadline_moves(changes: Iterable[Change]) -> dict[str, int]:
    """How many times each task's deadline changed in ``changes``: most moved first, then by id
    in the plan's order (I.1.2 before I.1.10)."""
    counts: dict[str, int] = {}
    for change in changes:
        if change.kind is ChangeKind.DEADLINE and change.task_id:
            counts[change.task_id] = counts.get(change.task_id, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], _natural(kv[0]))))


def _natural(task_id: str) -> tuple[tuple[int, int | str], ...]:
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part)
        for part in re.split(r"(\d+)", task_id)
        if part
    )


# ------------------------------------------------------------------------------- history


def _history(
    repo: Repo,
    *,
    task_id: str | None = None,
    since: date | str | None = None,
    until: date | str | None = None,
    author: str | None = None,
    include_uncommitted: bool = True,
    progress: ProgressCallback | None = None,
    tip: str | None = None,
) -> History:
    window = _Window.of(repo, since, until, author)  # a bad --since is the first error
    head = repo.head()
    head_sha = head.sha if head else None
    if tip is None:
        tip = repo.commit(until).sha if isinstance(until, str) else head_sha
    # The whole history is scanned even with --since: deadline moves are counted from the
    # start, and the file list of the plan must be known when the window opens.
    scan = _Scan(repo, repo.log([tip]) if tip is not None else [])
    # The working tree's edits come last, and only when no filter excludes them.
    worktree = include_uncommitted and until is None and author is None
    scan.run(window, progress, worktree=worktree, head=head_sha)
    changes = _of_task(scan.changes, task_id, scan.seen) if task_id else scan.changes
    # The count of each task whose move is shown is its total so far (the ordinal of its last
    # move), so that the summary agrees with the "(lần N)" on each line whatever the filters.
    shown = deadline_moves(changes)
    return History(changes, len(scan.entries), {task: scan.moves[task] for task in shown})


@dataclass(frozen=True, slots=True)
class _Window:
    """Which commits ``par history`` shows: ``--since``/``--until`` (a day or a revision) and
    ``--author`` (folded, matched anywhere in "name <email>")."""

    since: date | None
    until: date | None
    excluded: set[str]  # the ancestors of a --since revision
    author: str | None

    @classmethod
    def of(
        cls, repo: Repo, since: date | str | None, until: date | str | None, author: str | None
    ) -> _Window:
        since_rev = repo.commit(since) if isinstance(since, str) else None
        return cls(
            since=since if isinstance(since, date) else None,
            until=until if isinstance(until, date) else None,
            excluded=repo.ancestors(since_rev.sha) if since_rev and since_rev.sha else set(),
            author=_fold(author) if author else None,
        )

    def admits(self, commit: Commit) -> bool:
        day = commit.committed.date() if commit.committed else None
        if self.since is not None and (day is None or day < self.since):
            return False
        if self.until is not None and (day is None or day > self.until):
            return False
        if commit.sha in self.excluded:
            return False
        return self.author is None or self.author in _fold(f"{commit.author} <{commit.email}>")


class _Scan:
    """One pass over the log: every commit compared, the ones the window admits kept."""

    def __init__(self, repo: Repo, entries: list[LogEntry]) -> None:
        self.repo = repo
        self.entries = entries
        self.changes: list[Change] = []
        self.moves: dict[str, int] = {}  # deadline moves of each task so far
        self.seen: set[str] = set()  # every task id that ever appeared, to reject an unknown one

    def run(
        self,
        window: _Window,
        progress: ProgressCallback | None,
        *,
        worktree: bool,
        head: str | None,
    ) -> None:
        """Compare every commit, then (``worktree``) the working tree with ``head``."""
        memo = _Memo.load(self.repo)
        with self.repo.blobs() as blobs:
            blobs.prefetch(_blob_order(self.entries, memo))
            scanner = _Scanner(self.repo, blobs, memo)
            total = len(self.entries)
            for n, entry in enumerate(self.entries, 1):
                # Every commit is compared, even outside the filters: the last version of a file
                # that parsed must be known when a later commit repairs it.
                found = self._numbered(scanner.commit_changes(entry))
                if window.admits(entry.commit):
                    self.changes.extend(found)
                if progress is not None:
                    progress(n, total)
            if worktree:
                diff = self.repo.diff_worktree(head)
                self.changes.extend(self._numbered(scanner.worktree_changes(diff)))
        memo.save()

    def _numbered(self, found: list[Change]) -> list[Change]:
        found = _number_moves(found, self.moves)
        self.seen.update(c.task_id for c in found if c.task_id)
        return found


def _of_task(changes: list[Change], task_id: str, seen: set[str]) -> list[Change]:
    """The changes of one task (``par history ID``); an id never seen in the history is an error
    with the closest ids."""
    wanted = task_id.strip().casefold()
    if wanted not in {i.casefold() for i in seen}:
        close = difflib.get_close_matches(task_id.strip(), sorted(seen), n=3, cutoff=0.6)
        raise UnknownTask("task.unknown", id=task_id, suggestions=", ".join(close))
    # Skipped versions stay: a file that did not parse is a hole in every task's history.
    return [c for c in changes if c.task_id is None or c.task_id.casefold() == wanted]


def _number_moves(found: list[Change], moves: dict[str, int]) -> list[Change]:
    """Give each deadline change its ordinal: the task's n-th move since the plan entered git."""
    out = []
    for change in found:
        if change.kind is ChangeKind.DEADLINE and change.task_id:
            moves[change.task_id] = moves.get(change.task_id, 0) + 1
            change = replace(change, ordinal=moves[change.task_id])
        out.append(change)
    return out


def _blob_order(entries: list[LogEntry], memo: _Memo) -> Iterator[str]:
    """The blobs a scan of ``entries`` reads, in the order it first reads them: none for a
    commit whose comparison the memo already holds (a guess: the plan's file list can make the
    comparison differ; a blob then missing is read on demand)."""
    for entry in entries:
        for parent in entry.commit.parents or (None,):
            diffs = entry.diffs.get(parent, ())
            if memo.knows(diffs):
                continue
            for fc in diffs:
                if fc.old:
                    yield fc.old
                if fc.new:
                    yield fc.new


# ----------------------------------------------------------------------------- comparing


@dataclass(slots=True)  # not frozen: a frozen dataclass is slow to build, and there are many
class _TaskAt:
    """A task as found in one version of a file, with where it sits (never modified).

    ``place`` says where the task is for "moved": the appendix number (or, without one, the file)
    and the group. A renamed file is not a move.
    """

    task: Any
    file: str
    appendix: str | None
    group: str | None
    place: tuple[str | None, str | None]

    def where(self) -> dict[str, str | None]:
        return {"file": self.file, "appendix": self.appendix, "group": self.group}


_Tasks = dict[str, _TaskAt]


class _Scanner:
    """Reads and parses file versions (each blob once) and compares them task by task."""

    def __init__(self, repo: Repo, blobs: BlobReader, memo: _Memo | None = None) -> None:
        self._repo = repo
        self._blobs = blobs
        self._memo = memo if memo is not None else _Memo(None)
        self._parser = ChunkedParser()
        self._docs: dict[str, YamlDoc] = {}  # blob sha → parsed version
        self._tasks: dict[tuple[str, str], _Tasks] = {}  # (path, sha) → its tasks
        self._extracted: dict[str, tuple[Any, _Tasks]] = {}  # path → last data and its tasks
        #: (path, sha of a version that does not parse) → tasks of the last version that did.
        self._last_good: dict[tuple[str, str], _Tasks] = {}
        #: The latest blob of each plan file in commit order, and which file is the plan.
        self._latest: dict[str, str] = {}
        self._plan: str | None = None
        self._seen_tasks = False  # no task yet: the first ones to come are the import

    # ---- one commit

    def commit_changes(self, entry: LogEntry) -> list[Change]:
        """The changes ``entry``'s commit made (for a merge: only those it introduced itself)."""
        commit = entry.commit
        parents: tuple[str | None, ...] = commit.parents or (None,)
        first = entry.diffs.get(parents[0], [])
        before = (self._plan, self._latest)
        after_latest = dict(self._latest)
        for fc in first:
            if fc.new is None:
                after_latest.pop(fc.path, None)
            else:
                after_latest[fc.path] = fc.new
        after = (self._find_plan(first, after_latest), after_latest)
        listed = (self._listing(*before), self._listing(*after))
        files = _recount(first, before[1], after_latest, listed)
        found = self.compare(commit, files, remember=True, listed=listed)
        for parent in parents[1:]:
            if not found:
                break
            others = [fc for fc in entry.diffs.get(parent, []) if _counts(fc.path, listed[1])]
            against = {
                _match_key(c) for c in self.compare(commit, others, listed=(listed[1], listed[1]))
            }
            found = [c for c in found if _match_key(c) in against]
        self._plan, self._latest = after
        if not self._seen_tasks and any(c.kind is ChangeKind.TASK_ADDED for c in found):
            self._seen_tasks = True
            found = [
                replace(c, initial=True) if c.kind is ChangeKind.TASK_ADDED else c for c in found
            ]
        return _group_other(found)

    def worktree_changes(self, files: list[FileChange]) -> list[Change]:
        """Uncommitted changes: the working tree against the last commit scanned."""
        if not files:
            return []  # nothing differs: the plan and its file list are those of the commit
        return self.between(WORKTREE, self._latest, files)

    def between(
        self, target: Commit, before: dict[str, str], files: list[FileChange]
    ) -> list[Change]:
        """The changes from the plan files ``before`` (path → blob) to ``target``, which differs
        from it by ``files`` (``target`` may be the working tree), each side judged by its own
        plan's file list."""
        worktree = target.uncommitted
        after = dict(before)
        for fc in files:
            if fc.new is None:
                after.pop(fc.path, None)
            else:
                after[fc.path] = fc.new
        listed = (
            self._listing(self._plan_in(before), before),
            self._listing(self._plan_in(after, worktree=worktree), after, worktree=worktree),
        )
        return _group_other(
            self.compare(target, _recount(files, before, after, listed), listed=listed)
        )

    def _plan_in(self, files: dict[str, str], *, worktree: bool = False) -> str | None:
        return next(
            (
                path
                for path, sha in sorted(files.items())
                if self._kind(path, sha, worktree=worktree and sha == "") == K.KIND_PLAN
            ),
            None,
        )

    def _find_plan(
        self, files: list[FileChange], latest: dict[str, str], *, worktree: bool = False
    ) -> str | None:
        """The plan file after ``files`` changed: a changed plan file, else the old one."""
        for fc in files:
            if fc.new is not None and self._kind(fc.path, fc.new, worktree=worktree) == K.KIND_PLAN:
                return fc.path
        return self._plan if self._plan in latest else None

    def _kind(self, path: str, sha: str, *, worktree: bool = False) -> Any:
        if not worktree and sha in self._memo.kinds:
            return self._memo.kinds[sha]
        doc = self._doc(path, sha, worktree=worktree)
        kind = doc.data.get(K.KIND) if doc is not None and isinstance(doc.data, dict) else None
        if not worktree and (kind is None or isinstance(kind, str)):
            self._memo.kinds[sha] = kind
        return kind

    def _listing(
        self, plan: str | None, latest: dict[str, str], *, worktree: bool = False
    ) -> frozenset[str] | None:
        """The files that count: the plan and the appendices it lists (None: no plan yet)."""
        if plan is None or plan not in latest:
            return None
        doc = self._doc(plan, latest[plan], worktree=worktree and latest[plan] == "")
        data = doc.data if doc is not None else None
        if not isinstance(data, dict):
            return None  # a broken plan file: do not hide anything
        folder = posixpath.dirname(plan)
        listed = {plan}
        refs = data.get(K.PLAN_APPENDICES)
        for ref in refs if isinstance(refs, list) else []:
            name = ref.get(K.APPENDIX_REF_FILE) if isinstance(ref, dict) else None
            if isinstance(name, str) and name.strip():
                listed.add(posixpath.normpath(posixpath.join(folder, name.strip())))
        return frozenset(listed)

    def _doc(self, path: str, sha: str, *, worktree: bool = False) -> YamlDoc | None:
        if worktree:
            raw = self._repo.read_worktree(path)
            return self._parse(raw, path) if raw is not None else None
        doc = self._docs.pop(sha, None)
        if doc is not None:
            self._docs[sha] = doc  # the most recently used last: the plan file stays
        else:
            doc = self._docs[sha] = self._parse(self._blobs.read(sha), path)
            _forget_oldest(self._docs)
        return doc

    def compare(
        self,
        commit: Commit,
        files: list[FileChange],
        *,
        remember: bool = False,
        listed: tuple[frozenset[str] | None, frozenset[str] | None] = (None, None),
    ) -> list[Change]:
        """Changes between the old and new sides of ``files`` (OTHER still one key per change).

        ``listed`` gives the files that count on each side; a file that does not count there is
        as good as absent.
        """
        counted = [
            FileChange(
                fc.path,
                fc.old if _counts(fc.path, listed[0]) else None,
                fc.new if _counts(fc.path, listed[1]) else None,
            )
            for fc in files
        ]
        if not commit.uncommitted:
            known = self._memo.changes(commit, counted)
            if known is not None:
                return known
        changes: list[Change] = []
        olds: list[_Tasks] = []
        news: list[_Tasks] = []
        pure = True  # every side read from its own blob: the result depends on the blobs alone
        for fc in counted:
            old, old_doc = self._side(fc.path, fc.old, worktree=False)
            new, new_doc = self._side(fc.path, fc.new, worktree=commit.uncommitted)
            pure = pure and all(d is None or d.data is not None for d in (old_doc, new_doc))
            if new is None:
                changes.append(_skipped(commit, fc.path, new_doc))
                if remember and fc.new and old is not None:
                    self._last_good.setdefault((fc.path, fc.new), old)
                continue
            if old is None:  # a broken version we never saw repaired: nothing to compare with
                changes.append(_skipped(commit, fc.path, old_doc))
                continue
            olds.append(old)
            news.append(new)
        # One map per side over the changed files; an id in two files keeps the first, as the
        # loader does. (Usually a single file changed: its map is used as it is.)
        old_tasks = olds[0] if len(olds) == 1 else _union(olds)
        new_tasks = news[0] if len(news) == 1 else _union(news)
        changes.extend(_semantic(commit, old_tasks, new_tasks))
        if pure and not commit.uncommitted:
            self._memo.remember(counted, changes)
        return changes

    # ---- reading versions

    def _side(
        self, path: str, sha: str | None, *, worktree: bool
    ) -> tuple[_Tasks | None, YamlDoc | None]:
        """The tasks of one side; ``({}, None)`` when the file is absent, ``(None, doc)`` broken."""
        if sha is None:
            return {}, None
        if worktree and sha == "":
            doc = self._doc(path, sha, worktree=True)
            if doc is None:
                return {}, None
            return (_extract(doc.data, path) if doc.data is not None else None), doc
        key = (path, sha)
        cached = self._tasks.get(key)
        if cached is not None:
            return cached, None
        parsed = self._doc(path, sha)
        assert parsed is not None
        if parsed.data is None:
            return self._last_good.get(key), parsed
        tasks = _reextract(self._extracted.get(path), parsed.data, path)
        self._tasks[key] = tasks
        _forget_oldest(self._tasks)
        self._extracted[path] = (parsed.data, tasks)
        return tasks, parsed

    def _parse(self, raw: bytes, path: str) -> YamlDoc:
        if len(raw) > MAX_FILE_BYTES:
            from vanthuy_cli.storage.yamlio import parse_bytes

            return parse_bytes(raw, path)  # the size finding
        found = self._parser.parse_utf8(raw, path)  # the usual commit: one task edited
        if found is not None:
            return found
        text, problem = decode(raw, path)
        if text is None:
            return YamlDoc(path, findings=[problem] if problem else [])
        return self._parser.parse(text, path)


class _Memo:
    """Comparisons already made, by blob ids, kept between runs in the cache folder.

    A comparison of file versions depends only on the blobs compared (and on par's code, which
    the entry's context pins): ``(path, old blob, new blob)`` of each file → the changes, without
    their commit. Only comparisons whose every side parsed are kept (a broken version is compared
    with the last good one, which depends on the history before it). ``kinds`` holds the ``loai``
    of each blob already read, so finding the plan file needs no parsing either. A second
    ``par history`` on the same repository then reads no blob at all.
    """

    def __init__(self, where: Path | None, context: Any = None, stored: Any = None) -> None:
        self._where, self._context = where, context
        self._pairs: dict[tuple[tuple[str, str | None, str | None], ...], list[tuple[Any, ...]]]
        self._pairs, self.kinds = stored if stored is not None else ({}, {})
        self._dirty = False

    @classmethod
    def load(cls, repo: Repo) -> _Memo:
        from vanthuy_cli.reading import plancache

        where = plancache.entry_path("history", str(repo.top))
        if where is None:
            return cls(None)
        context = plancache.code_context(str(repo.top))
        stored = plancache.read_entry(where, context)
        valid = isinstance(stored, tuple) and len(stored) == 2
        return cls(where, context, stored if valid else None)

    def save(self) -> None:
        if self._where is None or not self._dirty:
            return
        from vanthuy_cli.reading import plancache

        plancache.write_entry(self._where, self._context, (self._pairs, self.kinds))

    @staticmethod
    def _key(files: Iterable[FileChange]) -> tuple[tuple[str, str | None, str | None], ...]:
        return tuple((fc.path, fc.old, fc.new) for fc in files)

    def knows(self, files: Iterable[FileChange]) -> bool:
        return self._key(files) in self._pairs

    def changes(self, commit: Commit, files: list[FileChange]) -> list[Change] | None:
        stored = self._pairs.get(self._key(files))
        if stored is None:
            return None
        return [
            Change(commit, ChangeKind(kind), task_id, file, old, new, index, tuple(keys))
            for kind, task_id, file, old, new, index, keys in stored
        ]

    def remember(self, files: list[FileChange], changes: list[Change]) -> None:
        self._dirty = True
        self._pairs[self._key(files)] = [
            (c.kind.value, c.task_id, c.file, c.old, c.new, c.index, list(c.keys)) for c in changes
        ]


#: File versions kept parsed (``_Scanner._docs``, ``_tasks``). A commit compares a file with its
#: previous version, almost always one of the last few read; keeping every version of a year of
#: commits cost hundreds of MiB. A version forgotten is read and parsed again when needed.
_KEEP_VERSIONS = 256


def _forget_oldest(cache: dict[Any, Any]) -> None:
    if len(cache) > _KEEP_VERSIONS:
        del cache[next(iter(cache))]


def _counts(path: str, listed: frozenset[str] | None) -> bool:
    return listed is None or path in listed


def _recount(
    files: list[FileChange],
    before: dict[str, str],
    after: dict[str, str],
    listed: tuple[frozenset[str] | None, frozenset[str] | None],
) -> list[FileChange]:
    """``files``, plus the unchanged files that start or stop counting because the plan's list
    changed (an appendix added to ``phu_luc`` brings its tasks in)."""
    out = list(files)
    changed = {fc.path for fc in files}
    for path in sorted((set(before) | set(after)) - changed):
        if _counts(path, listed[0]) != _counts(path, listed[1]):
            out.append(FileChange(path, before.get(path), after.get(path)))
    return out


def _union(maps: list[_Tasks]) -> _Tasks:
    merged: _Tasks = {}
    for tasks in maps:
        for task_id, at in tasks.items():
            merged.setdefault(task_id, at)
    return merged


def _skipped(commit: Commit, path: str, doc: YamlDoc | None) -> Change:
    finding = doc.findings[0] if doc is not None and doc.findings else None
    return Change(commit, ChangeKind.SKIPPED, None, path, finding=finding)


def _extract(data: Any, path: str) -> _Tasks:
    """Task id → task for one file version; ids that repeat keep their first task."""
    tasks: _Tasks = {}
    if not isinstance(data, dict) or not isinstance(data.get(K.GROUPS), list):
        return tasks
    appendix = _scalar(data.get(K.APPENDIX_NUMBER))
    for group in data[K.GROUPS]:
        if not isinstance(group, dict) or not isinstance(group.get(K.TASKS), list):
            continue
        group_no = _scalar(group.get(K.GROUP_NUMBER))
        place = (appendix if appendix is not None else path, group_no)
        for task in group[K.TASKS]:
            task_id = _id_of(task)
            if task_id is not None and task_id not in tasks:
                tasks[task_id] = _TaskAt(task, path, appendix, group_no, place)
    return tasks


def _reextract(before: tuple[Any, _Tasks] | None, data: Any, path: str) -> _Tasks:
    """``_extract(data, path)``, found from the file's last version ``before`` (its data and
    tasks) when the two differ only in some tasks' contents: the chunked parser hands out the
    very same objects for everything else, so comparing by identity finds the tasks that
    changed without walking the others."""
    if before is not None:
        tasks = _edited_tasks(*before, data)
        if tasks is not None:
            return tasks
    return _extract(data, path)


def _edited_tasks(old_data: Any, old_tasks: _Tasks, data: Any) -> _Tasks | None:
    """``old_tasks`` with the tasks whose item changed replaced, or ``None`` when anything else
    changed (a key of the file or of a group, a task added, removed, or given another id)."""
    if not _same_but(old_data, data, K.GROUPS):
        return None
    old_groups, groups = old_data[K.GROUPS], data[K.GROUPS]
    if not _same_length(old_groups, groups):
        return None
    tasks = old_tasks
    for old_group, group in zip(old_groups, groups, strict=True):
        if group is old_group:
            continue
        if not _same_but(old_group, group, K.TASKS):
            return None
        old_items, items = old_group[K.TASKS], group[K.TASKS]
        if not _same_length(old_items, items):
            return None
        for old_item, item in zip(old_items, items, strict=True):
            if item is old_item:
                continue
            task_id = _id_of(old_item)
            at = old_tasks.get(task_id) if task_id is not None else None
            # Same id at the same place, and it was that id's first task: the map is the same
            # but for this one task (ids repeated elsewhere keep their first task, as before).
            if task_id is None or at is None or at.task is not old_item or _id_of(item) != task_id:
                return None
            if tasks is old_tasks:
                tasks = dict(old_tasks)  # the old map belongs to the old version: not modified
            tasks[task_id] = _TaskAt(item, at.file, at.appendix, at.group, at.place)
    return tasks


def _same_length(old: Any, new: Any) -> bool:
    return type(old) is list and type(new) is list and len(old) == len(new)


def _same_but(old: Any, new: Any, key: str) -> bool:
    """Both mappings have the same keys and the very same values, but maybe for ``key``."""
    if type(old) is not dict or type(new) is not dict or old.keys() != new.keys():
        return False
    if key not in new:
        return False
    return all(value is old[k] for k, value in new.items() if k != key)


def _id_of(task: Any) -> str | None:
    """The id a task is filed under (``_extract``, ``_reextract``), or ``None`` for none."""
    task_id = task.get(K.TASK_ID) if type(task) is dict else None
    if type(task_id) is not str:
        return None
    return task_id.strip() or None


def _scalar(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) else None


def _semantic(commit: Commit, old: _Tasks, new: _Tasks) -> list[Change]:
    changes: list[Change] = []
    for task_id, now in new.items():
        before = old.get(task_id)
        if before is None:
            changes.append(
                Change(commit, ChangeKind.TASK_ADDED, task_id, now.file, new=_text_of(now.task))
            )
        elif before.task is not now.task or before.place != now.place:  # mostly the same object
            changes.extend(_task_changes(commit, task_id, before, now))
    for task_id, before in old.items():
        if task_id not in new:
            changes.append(
                Change(
                    commit, ChangeKind.TASK_REMOVED, task_id, before.file, old=_text_of(before.task)
                )
            )
    return changes


def _text_of(task: Any) -> Any:
    return task.get(K.TASK_TEXT) if isinstance(task, dict) else task


def _task_changes(commit: Commit, task_id: str, before: _TaskAt, now: _TaskAt) -> list[Change]:
    out: list[Change] = []

    def add(kind: ChangeKind, old: Any = None, new: Any = None, **more: Any) -> None:
        out.append(Change(commit, kind, task_id, now.file, old, new, **more))

    if before.place != now.place:
        add(ChangeKind.TASK_MOVED, before.where(), now.where())
    a, b = before.task, now.task
    if a is b:
        return out
    if not isinstance(a, dict) or not isinstance(b, dict):
        add(ChangeKind.OTHER, a, b)
        return out
    reason = _move_reason(b) if a.get(K.DEADLINE) != b.get(K.DEADLINE) else None
    for key, kind in _OWN_KEYS.items():
        if kind is not None and a.get(key) != b.get(key):
            add(kind, a.get(key), b.get(key), reason=reason if key == K.DEADLINE else None)
    old_log, new_log = a.get(K.PROGRESS), b.get(K.PROGRESS)
    # A deadline move's ``dieu_chinh`` entry is said with the move, not as another change.
    skip = {*_OWN_KEYS, K.ADJUSTMENTS} if reason else _OWN_KEYS
    other = [k for k in dict.fromkeys([*a, *b]) if k not in skip and a.get(k) != b.get(k)]
    if old_log != new_log:
        if _is_log(old_log) and _is_log(new_log):
            out.extend(_progress(commit, task_id, now.file, old_log or [], new_log or []))
        else:
            other.append(K.PROGRESS)  # not a list: nothing to say entry by entry
        status_before, status_now = _status(old_log), _status(new_log)
        if status_before != status_now:
            add(ChangeKind.STATUS, status_before, status_now)
    for key in other:  # one change per key so that merges can match them; grouped later
        add(ChangeKind.OTHER, a.get(key), b.get(key), keys=(key,))
    return out


def _move_reason(task: dict[str, Any]) -> str | None:
    """The reason recorded in ``dieu_chinh`` for the task's current deadline, if any."""
    moves = task.get(K.ADJUSTMENTS)
    if not isinstance(moves, list) or not moves or not isinstance(moves[-1], dict):
        return None
    last = moves[-1]
    if last.get(K.ADJ_NEW) != task.get(K.DEADLINE):
        return None
    reason, document = last.get(K.ADJ_REASON), last.get(K.ADJ_DECISION)
    words = " ".join(str(reason).split()) if reason else ""
    if document:
        words = f"{words} ({' '.join(str(document).split())})" if words else str(document)
    return words or None


def _is_log(value: Any) -> bool:
    return value is None or isinstance(value, list)


def _status(log: Any) -> Any:
    """The task's status: ``trang_thai`` of its last progress entry (None without entries)."""
    if isinstance(log, list) and log and isinstance(log[-1], dict):
        return log[-1].get(K.ENTRY_STATUS)
    return None


def _progress(
    commit: Commit, task_id: str, file: str, old: list[Any], new: list[Any]
) -> list[Change]:
    """Entry-level changes of a progress log: appends are normal, anything else is flagged."""
    out: list[Change] = []

    def add(kind: ChangeKind, index: int, before: Any = None, after: Any = None) -> None:
        out.append(Change(commit, kind, task_id, file, before, after, index=index))

    if new[: len(old)] == old:  # the usual case: lines appended at the end
        for j in range(len(old), len(new)):
            add(ChangeKind.PROGRESS_ADDED, j + 1, after=new[j])
        return out
    matcher = SequenceMatcher(
        None, [_canon(e) for e in old], [_canon(e) for e in new], autojunk=False
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        at_end = i2 == len(old)  # nothing old after it: appended, not inserted
        pairs = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for k in range(pairs):
            add(ChangeKind.PROGRESS_EDITED, j1 + k + 1, old[i1 + k], new[j1 + k])
        for i in range(i1 + pairs, i2):
            add(ChangeKind.PROGRESS_DELETED, i + 1, before=old[i])
        for j in range(j1 + pairs, j2):
            add(
                ChangeKind.PROGRESS_ADDED if at_end else ChangeKind.PROGRESS_INSERTED,
                j + 1,
                after=new[j],
            )
    return out


def _canon(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _match_key(change: Change) -> tuple[Any, ...]:
    """What must be equal for a merge's change against one parent to be "the same" change."""
    kind = change.kind
    if kind in (ChangeKind.PROGRESS_ADDED, ChangeKind.PROGRESS_INSERTED):
        return ("progress+", change.task_id, _canon(change.new))
    if kind is ChangeKind.PROGRESS_DELETED:
        return (kind, change.task_id, _canon(change.old))
    if kind is ChangeKind.TASK_REMOVED:
        return (kind, change.task_id)
    if kind is ChangeKind.TASK_ADDED:
        return (kind, change.task_id)
    if kind is ChangeKind.SKIPPED:
        return (kind, change.file)
    return (kind, change.task_id, change.keys, _canon(change.new))


def _group_other(changes: list[Change]) -> list[Change]:
    """Merge the one-key OTHER changes of a task into one change listing every key."""
    out: list[Change] = []
    grouped: dict[tuple[str, str | None], int] = {}
    for change in changes:
        if change.kind is not ChangeKind.OTHER or len(change.keys) != 1:
            out.append(change)
            continue
        key = change.keys[0]
        slot = grouped.get((change.commit.sha or "", change.task_id))
        if slot is None:
            grouped[(change.commit.sha or "", change.task_id)] = len(out)
            out.append(replace(change, old={key: change.old}, new={key: change.new}))
            continue
        first = out[slot]
        out[slot] = replace(
            first,
            keys=(*first.keys, key),
            old={**first.old, key: change.old},
            new={**first.new, key: change.new},
        )
    return out
