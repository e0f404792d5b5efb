"""Every git process par starts: finding the repository, the log, blob contents, the working tree.

This is the only module that runs git. It knows nothing about plans: it hands out commits, lists of
changed files with their blob ids, and bytes. ``history.py`` turns those into semantic changes.

Why it looks the way it does:

* **A constant number of processes.** One ``git log`` lists every commit that touched the plans
  folder with, for each parent, the changed files and their blob ids (``--raw``); one long-lived
  ``git cat-file --batch`` serves every blob. A process per revision would cost ~5 ms each, which
  is the whole time budget for a year of commits.
* **Unambiguous parsing.** Paths come NUL-separated (``-z``) and unquoted, so ``plans/phụ lục.yaml``
  arrives as written; pathspecs are literal (``--literal-pathspecs``), so ``[`` or ``*`` in a folder
  name mean themselves; every output is decoded as UTF-8 here, whatever the machine's locale.
* **The user's git configuration must not change what we parse**: colours, signatures, external
  diff drivers, rename detection and ``log.diffMerges`` are all switched off explicitly.
* **Errors are ``GitError``s** with catalogue keys (``git.not_installed``, ``git.not_a_repo``,
  ``git.bad_revision``, ``git.failed``); the CLI prints them in one line, never a traceback.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import subprocess
import threading
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from types import TracebackType
from typing import Self

from vanthuy_cli.errors import BadRevision, GitError, InputError
from vanthuy_cli.storage.fileio import is_dir, read_regular

#: Plans are kept in Vietnam: every date par shows or compares is in UTC+7 (no daylight saving).
VN_TZ = timezone(timedelta(hours=7))
NULL_SHA = "0" * 40
#: File modes of ordinary files; symlinks (120000) and submodules (160000) are never plan files.
_FILE_MODES = frozenset({"100644", "100755"})
#: Variables that would point git at another repository than the one holding the plans folder
#: (they are set, relative to another folder, when par runs inside a git hook).
_REPO_ENV = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_COMMON_DIR",
    "GIT_OBJECT_DIRECTORY",
    "GIT_NAMESPACE",
    "GIT_PREFIX",
)
#: Options that make ``git`` ignore settings which would change the output we parse.
_BASE = (
    "git",
    "--literal-pathspecs",
    "--no-pager",
    "-c",
    "core.quotepath=false",
    "-c",
    "log.showSignature=false",
    "-c",
    "color.ui=never",
)
_RAW_LINE = re.compile(rb":(\d{6}) (\d{6}) ([0-9a-f]{40}) ([0-9a-f]{40}) ([A-Z])\d*")
_PERSON = re.compile(r"^(.*?) <(.*)> (\S*) ?(\S*)$")


@dataclass(frozen=True)
class Commit:
    """One commit as the timeline shows it; ``sha`` is ``None`` for the uncommitted working tree."""

    sha: str | None
    parents: tuple[str, ...] = ()
    author: str = ""
    email: str = ""
    authored: datetime | None = None  # in UTC+7
    committed: datetime | None = None  # in UTC+7; windows and --since/--until use this one
    message: str = ""  # the subject line

    @property
    def short(self) -> str:
        return self.sha[:7] if self.sha else ""

    @property
    def uncommitted(self) -> bool:
        return self.sha is None


#: The working tree, as a pseudo-commit: changes not committed yet.
WORKTREE = Commit(None)


@dataclass(frozen=True)
class FileChange:
    """One plan file that differs between a parent and a commit (``None`` blob: absent there)."""

    path: str
    old: str | None
    new: str | None


@dataclass
class LogEntry:
    """A commit with, for each parent whose plan files differ from it, the files that differ.

    A parent missing from ``diffs`` has the same plan files as the commit (git prints nothing for
    it). The root commit is diffed against nothing: its key is ``None``.
    """

    commit: Commit
    diffs: dict[str | None, list[FileChange]] = field(default_factory=dict)


# ------------------------------------------------------------------------------ processes


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _REPO_ENV}
    # Messages in English so that "not a git repository" can be recognised; data is unaffected
    # (paths come with -z, commit messages in UTF-8 whatever the locale).
    env["LC_ALL"] = "C"
    env["LANGUAGE"] = "C"
    env["GIT_TERMINAL_PROMPT"] = "0"
    return env


#: The most par reads of one plan file in the working tree; the plan reader's own cap is 2 MiB,
#: so a bigger file is reported by it, not read whole here.
WORKTREE_MAX_BYTES = 2 * 1024 * 1024 + 1

#: Seconds one git command may take before par gives up on it (``PAR_GIT_TIMEOUT`` changes it).
#: A year of plan history is read in well under a second; a git that waits for a network share,
#: a credential helper or a lock must not hang ``par report`` for ever.
GIT_TIMEOUT = 60.0


def git_timeout() -> float:
    """``PAR_GIT_TIMEOUT`` in seconds if it is a positive number, else ``GIT_TIMEOUT``."""
    try:
        value = float(os.environ.get("PAR_GIT_TIMEOUT", ""))
    except ValueError:
        return GIT_TIMEOUT
    return value if 0 < value < float("inf") else GIT_TIMEOUT


def _start_error(exc: OSError, cwd: Path) -> GitError:
    """Why git could not be started: missing, not executable, or the folder is not accessible."""
    if isinstance(exc, FileNotFoundError) and exc.filename != str(cwd):
        return GitError("git.not_installed")
    if exc.filename is not None and os.fspath(exc.filename) == os.fspath(cwd):
        return GitError("git.folder", path=str(cwd), reason=exc.strerror or str(exc))
    return GitError("git.cannot_start", reason=exc.strerror or str(exc))


def _run(args: list[str], cwd: Path, *, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    if not is_dir(cwd):  # else the FileNotFoundError below would blame git
        raise GitError("git.not_a_repo", path=str(cwd))
    timeout = git_timeout()
    try:
        proc = subprocess.run(
            [*_BASE, *args],
            cwd=cwd,
            env=_env(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            check=False,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        raise GitError("git.timeout", command=f"git {args[0]}", seconds=f"{timeout:g}") from None
    except OSError as exc:
        raise _start_error(exc, cwd) from None
    if check and proc.returncode != 0:
        raise GitError("git.failed", detail=_first_line(proc.stderr))
    return proc


def _first_line(stderr: bytes) -> str:
    lines = [line for line in _text(stderr).splitlines() if line.strip()]
    for line in lines:  # "fatal: …" says what went wrong; "hint: …" lines do not
        if line.startswith(("fatal:", "error:")):
            return line.split(":", 1)[1].strip()
    return lines[0].strip() if lines else "?"


def _text(raw: bytes) -> str:
    # surrogateescape: a path that is not UTF-8 survives the round trip to git and to the disk.
    return raw.decode("utf-8", errors="surrogateescape")


def _words(raw: bytes) -> str:
    # Names and messages are only shown: a byte that is not UTF-8 becomes "�", never an error
    # when printing.
    return raw.decode("utf-8", errors="replace")


def _when(timestamp: str) -> datetime | None:
    """A commit's time in UTC+7, or ``None`` when the header's timestamp is not a usable number.

    Commits can be made by hand (``git hash-object --literally``) or dated 31/12/9999 23:00 UTC,
    which overflows once moved to UTC+7: such a commit is shown without a date, never a crash.
    """
    try:
        return datetime.fromtimestamp(int(timestamp), VN_TZ)
    except (ValueError, OverflowError, OSError):
        return None


# ----------------------------------------------------------------------------- repository


class Repo:
    """The git repository holding a plans folder; ``prefix`` is the folder's path inside it."""

    def __init__(self, top: Path, prefix: str) -> None:
        self.top = top
        self.prefix = prefix  # "plans/" (with the slash) or "" at the top of the repository

    @classmethod
    def find(cls, plans_dir: Path) -> Repo | None:
        """The repository containing ``plans_dir``, or ``None`` when it is not in one.

        Raises ``GitError("git.not_installed")`` when there is no git, and ``git.failed`` when git
        refuses the repository (for instance "dubious ownership").
        """
        proc = _run(["rev-parse", "--show-toplevel", "--show-prefix"], Path(plans_dir), check=False)
        if proc.returncode != 0:
            if b"not a git repository" in proc.stderr:
                return None
            raise GitError("git.failed", detail=_first_line(proc.stderr))
        top, prefix = _split_toplevel(_text(proc.stdout), Path(plans_dir))
        if not top:
            raise GitError("git.failed", detail=_text(proc.stdout).strip() or "rev-parse")
        return cls(Path(top), prefix)

    @classmethod
    def open(cls, plans_dir: Path) -> Repo:
        """Like ``find`` but a folder outside any repository is a ``GitError`` too."""
        repo = cls.find(plans_dir)
        if repo is None:
            raise GitError("git.not_a_repo", path=str(plans_dir))
        return repo

    # ---- paths

    def is_plan_path(self, path: str) -> bool:
        """A plan file: ``*.yaml``/``*.yml`` anywhere under the plans folder."""
        return path.startswith(self.prefix) and path.lower().endswith((".yaml", ".yml"))

    def _pathspec(self) -> list[str]:
        return ["--", self.prefix] if self.prefix else []

    # ---- revisions

    def commit(self, rev: str) -> Commit:
        """The commit ``rev`` names (sha, branch, tag, ``HEAD~3``…); ``BadRevision`` if none."""
        if not rev or rev.startswith("-") or "\0" in rev:  # never let a revision become an option
            raise BadRevision("git.bad_revision", rev=rev)
        proc = _run(
            [
                "log",
                "-1",
                "-z",
                "--no-walk",
                "--encoding=UTF-8",
                "--format=%H%x00%P%x00%an%x00%ae%x00%at%x00%ct%x00%s",
                f"{rev}^{{commit}}",
                "--",
            ],
            self.top,
            check=False,
        )
        if proc.returncode != 0 or not proc.stdout:
            raise BadRevision("git.bad_revision", rev=rev)
        sha, parents, name, email, at, ct, subject = (
            _words(proc.stdout).rstrip("\0").split("\0")[:7]
        )
        return Commit(sha, tuple(parents.split()), name, email, _when(at), _when(ct), subject)

    def last_commit_by(self, day: date) -> Commit | None:
        """The last commit reachable from HEAD made by the end of ``day`` (commit date, UTC+7)."""
        proc = _run(
            ["rev-list", "-1", f"--before={day.isoformat()}T23:59:59+07:00", "HEAD", "--"],
            self.top,
            check=False,
        )
        sha = _text(proc.stdout).strip()
        return self.commit(sha) if proc.returncode == 0 and sha else None

    def head(self) -> Commit | None:
        """The current commit, or ``None`` in a repository without commits yet."""
        try:
            return self.commit("HEAD")
        except BadRevision:
            return None

    # ---- the log

    def log(self, revisions: list[str]) -> list[LogEntry]:
        """Every commit in ``revisions`` that touched a plan file, parents before children.

        ``--full-history`` keeps commits of side branches even when a merge took the other side's
        files; ``--diff-merges=separate`` diffs a merge against each parent, and ``--pretty=raw``
        is the only format that says which parent each of those diffs is against ("(from …)").
        """
        proc = _run(
            [
                "log",
                "--raw",
                "-z",
                "--no-abbrev",
                "--no-renames",
                "--no-color",
                "--no-ext-diff",
                "--no-textconv",
                "--no-show-signature",
                "--diff-merges=separate",
                "--full-history",
                "--root",
                "--topo-order",
                "--reverse",
                "--encoding=UTF-8",
                "--pretty=raw",
                *revisions,
                *self._pathspec(),
            ],
            self.top,
        )
        return self._parse_log(proc.stdout)

    def _parse_log(self, out: bytes) -> list[LogEntry]:
        entries: list[LogEntry] = []
        by_sha: dict[str, LogEntry] = {}
        tokens = out.split(b"\0")
        current: list[FileChange] | None = None
        i = 0
        while i < len(tokens):
            token = tokens[i].lstrip(b"\n")
            i += 1
            if not token:
                continue
            if token.startswith(b"commit "):
                # The header token also holds the first raw line (no NUL between them): the raw
                # line is the last line, and only it can start with ":" (message lines are
                # indented by four spaces).
                raw_line = b""
                cut = token.rfind(b"\n:")
                if cut >= 0 and _RAW_LINE.fullmatch(token[cut + 1 :]):
                    token, raw_line = token[:cut], token[cut + 1 :]
                commit, parent = _parse_header(_words(token))
                entry = by_sha.get(commit.sha)  # type: ignore[arg-type]
                if entry is None:
                    entry = by_sha[commit.sha] = LogEntry(commit)  # type: ignore[index]
                    entries.append(entry)
                if parent is None and commit.parents:
                    parent = commit.parents[0]  # not a merge: git does not say "(from …)"
                current = entry.diffs.setdefault(parent, [])
                if raw_line and i < len(tokens):
                    self._add_raw(current, raw_line, tokens[i])
                    i += 1
            elif token.startswith(b":") and current is not None and i < len(tokens):
                self._add_raw(current, token, tokens[i])
                i += 1
        return entries

    def _add_raw(self, into: list[FileChange], line: bytes, raw_path: bytes) -> None:
        change = self._file_change(line, raw_path, worktree=False)
        if change is not None and change.old != change.new:  # a mode change is not a change
            into.append(change)

    def _file_change(self, line: bytes, raw_path: bytes, *, worktree: bool) -> FileChange | None:
        """One ``--raw`` line and its path, if it is a plan file (``None`` otherwise)."""
        match = _RAW_LINE.fullmatch(line.lstrip(b"\n"))
        if match is None:
            raise GitError("git.failed", detail=f"unexpected git output: {_words(line)[:60]}")
        old_mode, new_mode, old, new, _status = (_text(g) for g in match.groups())
        path = _text(raw_path)
        if not self.is_plan_path(path):
            return None
        old_blob = old if old_mode in _FILE_MODES and old != NULL_SHA else None
        if worktree:  # the new side is read from the disk: "" just says "it is there"
            new_blob: str | None = "" if new_mode in _FILE_MODES else None
        else:
            new_blob = new if new_mode in _FILE_MODES and new != NULL_SHA else None
        return FileChange(path, old_blob, new_blob)

    def ancestors(self, rev: str) -> set[str]:
        """Every commit reachable from ``rev`` (itself included): what ``rev..`` leaves out."""
        proc = _run(["rev-list", rev, "--"], self.top)
        return set(_text(proc.stdout).split())

    def tree(self, rev: str) -> dict[str, str]:
        """Plan files in commit ``rev``: path → blob."""
        proc = _run(["ls-tree", "-r", "-z", "--full-tree", rev, *self._pathspec()], self.top)
        files: dict[str, str] = {}
        for record in proc.stdout.split(b"\0"):
            head, _, raw_path = record.partition(b"\t")
            parts = head.split()
            path = _text(raw_path)
            if len(parts) == 3 and parts[1] == b"blob" and self.is_plan_path(path):
                files[path] = _text(parts[2])
        return files

    def files_at(self, sha: str, paths: list[str]) -> dict[str, tuple[str, int]]:
        """Regular files of commit ``sha`` at or below ``paths`` (repository paths; a folder
        ends with "/"): path → (blob id, size in bytes). Reading a revision never touches the
        working tree."""
        proc = _run(["ls-tree", "-r", "-l", "-z", "--full-tree", sha, "--", *paths], self.top)
        files: dict[str, tuple[str, int]] = {}
        for record in proc.stdout.split(b"\0"):
            head, _, raw_path = record.partition(b"\t")
            parts = head.split()  # mode, type, blob, size
            if len(parts) == 4 and parts[0] in (b"100644", b"100755") and parts[3].isdigit():
                files[_text(raw_path)] = (_text(parts[2]), int(parts[3]))
        return files

    def read_blob(self, blob: str) -> bytes:
        """The content of one blob (for a handful of files; ``blobs()`` for many)."""
        return _run(["cat-file", "blob", blob], self.top).stdout

    def changed(self, paths: list[str]) -> list[str]:
        """Paths at or below ``paths`` that differ from HEAD: staged, unstaged, or new and not
        ignored. Empty: the working tree holds exactly what HEAD has there."""
        proc = _run(
            ["status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *paths], self.top
        )
        entries = proc.stdout.split(b"\0")
        found: list[str] = []
        i = 0
        while i < len(entries):
            entry = entries[i]
            i += 1
            if len(entry) > 3:
                found.append(_text(entry[3:]))
                if entry[:1] in (b"R", b"C"):  # a rename's old path follows; skip it
                    i += 1
        return found

    def tag_target(self, name: str) -> str | None:
        """The commit tag ``name`` points at, or ``None`` when there is no such tag."""
        proc = _run(
            ["rev-parse", "--verify", "--quiet", f"refs/tags/{name}^{{commit}}"],
            self.top,
            check=False,
        )
        sha = _text(proc.stdout).strip()
        return sha if proc.returncode == 0 and sha else None

    def tag(self, name: str, sha: str) -> None:
        """Create the lightweight tag ``name`` on ``sha``; git refuses to overwrite one."""
        _run(["tag", "--", name, sha], self.top)

    # ---- comparisons outside the log

    def diff_trees(self, old: str, new: str) -> list[FileChange]:
        """Plan files that differ between two commits."""
        proc = _run(
            [
                "diff-tree",
                "-r",
                "-z",
                "--raw",
                "--no-abbrev",
                "--no-renames",
                "--no-ext-diff",
                "--no-textconv",
                old,
                new,
                *self._pathspec(),
            ],
            self.top,
        )
        return self._parse_raw(proc.stdout, worktree=False)

    def diff_worktree(self, base: str | None) -> list[FileChange]:
        """Plan files whose working-tree content may differ from commit ``base``.

        The new side is always read from the disk (``read_worktree``), so its blob id here is a
        placeholder (``""``) or ``None`` when the file is gone. Untracked, not ignored files count:
        a new appendix not yet added to git is an uncommitted change too.
        """
        changes: list[FileChange] = []
        if base is not None:
            proc = _run(
                [
                    "diff-index",
                    "-z",
                    "--raw",
                    "--no-abbrev",
                    "--no-renames",
                    base,
                    *self._pathspec(),
                ],
                self.top,
            )
            changes = [c for c in self._parse_raw(proc.stdout, worktree=True) if self._differs(c)]
        known = {c.path for c in changes}
        listing = ["ls-files", "-z", "--others", "--exclude-standard"]
        if base is None:
            listing.append("--cached")  # no commit yet: everything is new
        proc = _run([*listing, *self._pathspec()], self.top)
        for raw_path in proc.stdout.split(b"\0"):
            path = _text(raw_path)
            if path and path not in known and self.is_plan_path(path):
                known.add(path)
                changes.append(FileChange(path, None, ""))
        return sorted(changes, key=lambda c: c.path)

    def _differs(self, change: FileChange) -> bool:
        """Whether a file ``diff-index`` lists really differs from its committed blob.

        Without a refreshed index git lists a file whose stat data changed even when its content
        did not (a touched file, or one written in the same clock tick as the index: "racily
        clean"). Hashing it as git would tells the two apart, so an unchanged file is neither
        parsed nor shown. Where the bytes on disk are not the blob's (a clean filter, autocrlf),
        the hashes differ and the file is compared as before: never a change lost."""
        if change.old is None or change.new is None:
            return True
        data = self.read_worktree(change.path)
        if data is None:
            return True
        algorithm = hashlib.sha256 if len(change.old) == 64 else hashlib.sha1
        blob = algorithm(b"blob %d\0" % len(data) + data).hexdigest()
        return blob != change.old

    def _parse_raw(self, out: bytes, *, worktree: bool) -> list[FileChange]:
        tokens = out.split(b"\0")
        found = (
            self._file_change(line, path, worktree=worktree)
            for line, path in zip(tokens[0::2], tokens[1::2], strict=False)
            if line.strip(b"\n")
        )
        return [change for change in found if change is not None]

    def read_worktree(self, path: str) -> bytes | None:
        """The file's bytes in the working tree, ``None`` if it is not there (deleted) or is not a
        regular file (a FIFO named ``*.yaml`` would hang the read; git does not track one either).
        Larger than ``WORKTREE_MAX_BYTES``: ``InputError``."""
        try:
            return read_regular(self.top / path, limit=WORKTREE_MAX_BYTES)
        except FileNotFoundError:
            return None
        except InputError as exc:
            if exc.key == "input.not_regular":
                return None
            raise

    def state(self, revisions: Iterable[str]) -> tuple[object, ...]:
        """What a scan of the plans depends on in this repository, as plain data: where it is,
        the commit checked out, the commit each of ``revisions`` names (``None`` for one that
        names none, a date say), and each plan file that differs from that commit in the
        working tree with a hash of its bytes. The same state gives the same history for the
        same arguments (``cli_replay`` keeps ``par history``'s text under it)."""
        head = self.head()
        head_sha = head.sha if head else None
        named: list[str | None] = []
        for rev in revisions:
            try:
                named.append(self.commit(rev).sha)
            except BadRevision:
                named.append(None)
        pending = []
        for fc in self.diff_worktree(head_sha):
            data = self.read_worktree(fc.path) if fc.new is not None else None
            digest = hashlib.blake2b(data, digest_size=16).hexdigest() if data is not None else None
            pending.append((fc.path, fc.old, digest))
        return (str(self.top), self.prefix, head_sha, tuple(named), tuple(pending))

    # ---- writing (par --commit)

    def relative(self, path: Path) -> str:
        """``path`` as git names it inside this repository (forward slashes)."""
        return path.resolve().relative_to(self.top.resolve()).as_posix()

    def staged(self) -> list[str]:
        """Paths with changes in the index (``git add``-ed, not committed)."""
        proc = _run(["diff", "--cached", "--name-only", "-z", "--no-renames"], self.top)
        return [_text(p) for p in proc.stdout.split(b"\0") if p]

    def is_dirty(self, path: str) -> bool:
        """True when ``path`` differs from HEAD (staged or not); an untracked file is not."""
        if self.head() is None:
            return False
        proc = _run(["diff", "--quiet", "HEAD", "--", path], self.top, check=False)
        return proc.returncode != 0

    def config(self, name: str) -> str | None:
        """A git configuration value (``par.commit``), or ``None`` when unset."""
        proc = _run(["config", "--get", name], self.top, check=False)
        return _text(proc.stdout).strip() if proc.returncode == 0 else None

    def commit_paths(self, paths: list[str], message: str) -> str:
        """Commit exactly ``paths`` (their working-tree content) with ``message``, as the user's
        own git identity; returns the new commit's id. Hooks run as for any commit."""
        _run(["add", "--", *paths], self.top)
        _run(["commit", "-q", "-m", message, "--only", "--", *paths], self.top)
        proc = _run(["rev-parse", "HEAD"], self.top)
        return _text(proc.stdout).strip()

    def blobs(self) -> BlobReader:
        """A reader for blob contents; use it as a context manager (it owns a git process)."""
        return BlobReader(self.top)


def _split_toplevel(out: str, plans_dir: Path) -> tuple[str, str]:
    """``rev-parse --show-toplevel --show-prefix`` prints "top\\nprefix\\n", and either may hold a
    newline of its own (a folder named so): take the split that leads back to ``plans_dir``."""
    out = out.removesuffix("\n")
    cuts = [i for i, ch in enumerate(out) if ch == "\n"]
    if not cuts:
        return "", ""
    try:
        real = os.path.realpath(plans_dir)
    except (OSError, ValueError):
        real = ""
    for cut in cuts:
        top, prefix = out[:cut], out[cut + 1 :]
        if os.path.normpath(os.path.join(top, prefix)) == real:
            return top, prefix
    return out[: cuts[0]], out[cuts[0] + 1 :]


def _parse_header(head: str) -> tuple[Commit, str | None]:
    """A ``--pretty=raw`` header: ``commit <sha> [(from <parent>)]``, parents, author, message."""
    lines = head.split("\n")
    first = lines[0].split()
    sha = first[1]
    parent = first[3].rstrip(")") if len(first) >= 4 and first[2] == "(from" else None
    parents: list[str] = []
    author = email = ""
    authored = committed = None
    message = ""
    for n, line in enumerate(lines[1:], 1):
        if line.startswith("parent "):
            parents.append(line[7:].strip())
        elif line.startswith(("author ", "committer ")):
            kind, _, rest = line.partition(" ")
            match = _PERSON.match(rest)
            if match and kind == "author":
                author, email, authored = match[1], match[2], _when(match[3])
            elif match:
                committed = _when(match[3])
        elif line == "":  # the message follows, each line indented by four spaces
            body = [m.removeprefix("    ") for m in lines[n + 1 :]]
            message = next((m.strip() for m in body if m.strip()), "")
            break
    return Commit(sha, tuple(parents), author, email, authored, committed, message), parent


# ------------------------------------------------------------------------------- blobs


class BlobReader:
    """``git cat-file --batch`` kept open: one process for every blob a command reads.

    ``prefetch`` sends git the whole list of blobs a scan will need, from a thread, so that git
    inflates the next blobs on the other core while Python parses the current one; ``read`` then
    takes the answers in order. A blob that was not announced is asked for on its own.
    """

    def __init__(self, top: Path) -> None:
        self._top = top
        self._proc: subprocess.Popen[bytes] | None = None
        self._pending: deque[str] = deque()  # announced blobs whose answer is not read yet
        self._ahead: dict[str, bytes] = {}  # answers read before they were asked for
        self._writer: threading.Thread | None = None
        # A watchdog kills git when one answer takes longer than the git timeout: reading a
        # pipe cannot time out by itself, and a git stuck on a lock must not hang par.
        self._timeout = git_timeout()
        self._waiting_since: float | None = None
        self._timed_out = False
        self._stop = threading.Event()
        self._watchdog: threading.Thread | None = None
        self._other: BlobReader | None = None  # for blobs asked out of turn (``_aside``)

    def __enter__(self) -> Self:
        try:
            self._proc = subprocess.Popen(
                [*_BASE, "cat-file", "--batch"],
                cwd=self._top,
                env=_env(),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except OSError as exc:
            raise _start_error(exc, self._top) from None
        self._watchdog = threading.Thread(
            target=self._watch, name="git-cat-file-watchdog", daemon=True
        )
        self._watchdog.start()
        return self

    def _watch(self) -> None:
        proc = self._proc
        while not self._stop.wait(min(1.0, self._timeout / 4)):
            since = self._waiting_since
            if proc is not None and since is not None and time.monotonic() - since > self._timeout:
                self._timed_out = True
                proc.kill()
                return

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._other is not None:
            self._other.__exit__(exc_type, exc, tb)
            self._other = None
        proc, self._proc = self._proc, None
        self._stop.set()
        if self._watchdog is not None:
            self._watchdog.join(timeout=5)
            self._watchdog = None
        if proc is None:
            return
        try:
            if self._pending:  # git may be blocked writing answers nobody will read
                proc.kill()
            elif proc.stdin:
                proc.stdin.close()
            proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            proc.kill()
            proc.wait()
        finally:
            if self._writer is not None:
                self._writer.join(timeout=5)
            for stream in (proc.stdin, proc.stdout):
                if stream:
                    with contextlib.suppress(OSError):
                        stream.close()
            self._pending.clear()
            self._ahead.clear()

    def prefetch(self, shas: Iterable[str]) -> None:
        """Announce the blobs that will be read, in the order they will be read."""
        proc = self._running()
        wanted = [sha for sha in dict.fromkeys(shas) if sha not in self._ahead]
        if not wanted:
            return
        self._finish_writer()
        self._pending.extend(wanted)
        payload = "".join(f"{sha}\n" for sha in wanted).encode("ascii")

        def write() -> None:
            try:
                proc.stdin.write(payload)  # type: ignore[union-attr]
                proc.stdin.flush()  # type: ignore[union-attr]
            except (BrokenPipeError, OSError, ValueError):
                pass  # the process ended; ``read`` reports it

        self._writer = threading.Thread(target=write, name="git-cat-file-writer", daemon=True)
        self._writer.start()

    def read(self, sha: str) -> bytes:
        """The content of blob ``sha``; ``GitError`` if the repository does not have it."""
        if sha in self._ahead:
            return self._ahead.pop(sha)
        if self._pending and sha not in self._pending:
            # Already answered (a version read again) or never announced: the answer would come
            # after every blob still announced, which would all have to be held meanwhile.
            return self._aside().read(sha)
        while self._pending:
            announced = self._pending.popleft()
            data = self._answer(announced)
            if announced == sha:
                return data
            self._ahead[announced] = data
        proc = self._running()
        self._finish_writer()
        try:
            proc.stdin.write(sha.encode("ascii") + b"\n")  # type: ignore[union-attr]
            proc.stdin.flush()  # type: ignore[union-attr]
        except (BrokenPipeError, OSError) as exc:
            raise GitError("git.failed", detail=f"cat-file: {exc}") from None
        return self._answer(sha)

    def _aside(self) -> BlobReader:
        """A second reader for blobs asked out of turn, started when first needed."""
        if self._other is None:
            self._other = BlobReader(self._top).__enter__()
        return self._other

    def _running(self) -> subprocess.Popen[bytes]:
        if self._proc is None or self._proc.stdin is None or self._proc.stdout is None:
            raise RuntimeError("BlobReader used outside 'with'")
        return self._proc

    def _finish_writer(self) -> None:
        if self._writer is not None:
            self._writer.join()
            self._writer = None

    def _answer(self, sha: str) -> bytes:
        stdout = self._running().stdout
        self._waiting_since = time.monotonic()
        try:
            header = stdout.readline()  # type: ignore[union-attr]
            parts = header.split()
            blob = len(parts) == 3 and parts[1] == b"blob" and parts[2].isdigit()
            size = int(parts[2]) if blob else -1
            data = stdout.read(size + 1) if size >= 0 else b""  # type: ignore[union-attr]
        finally:
            self._waiting_since = None
        if self._timed_out:
            raise GitError("git.timeout", command="git cat-file", seconds=f"{self._timeout:g}")
        if size < 0:
            raise GitError("git.failed", detail=f"cat-file: {_text(header).strip() or sha}")
        if len(data) != size + 1:  # content and a newline
            raise GitError("git.failed", detail=f"cat-file: short read of {sha}")
        return data[:size]
