"""The plan as committed at a revision: what ``par report --rev`` reads, and ``--tag``.

A report sent upward must be rebuilt the same way later, whatever has been edited since. So the
plan files, the period's figures file (both in the plans folder) and the clerk's notes file
(``reports/<period>.notes.md``) are read from the commit, through ``gitio`` (the only module
that runs git): no checkout, the working tree is never touched. The templates stay those of the
working tree: they are the office's letter layout, not data of the plan, and a layout fixed since
(a rule, a column width) should apply to a report issued again (docs/mau-bao-cao.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from vanthuy_cli.errors import GitError, OutputError
from vanthuy_cli.findings import finding
from vanthuy_cli.history.gitio import Commit, Repo
from vanthuy_cli.plan.loaded import LoadedPlan
from vanthuy_cli.plan.periods import Period
from vanthuy_cli.reading.workspace import load_workspace
from vanthuy_cli.storage.yamlio import MAX_FILE_BYTES, YamlDoc, parse_bytes

_SUFFIXES = (".yaml", ".yml")
#: The notes file at a revision is read whole; the same cap as on the disk (docs/gioi-han.md).
MAX_NOTES_BYTES = 1024 * 1024


def tag_name(period: Period) -> str:
    """``bao-cao-2024-Q3``: the tag marking the commit a period's report was built from."""
    return f"bao-cao-{period.name}"


class CommitFiles:
    """The files of a plans folder as one commit has them (``workspace.PlanFiles``).

    Files are named ``abc1234:plans/ke-hoach.yaml``, as ``git show`` takes them, so that an error
    in an old revision is never mistaken for one in today's file."""

    def __init__(self, repo: Repo, commit: Commit, root: Path) -> None:
        self._repo = repo
        self._commit = commit
        self._root = root
        self._files = repo.files_at(commit.sha or "HEAD", [repo.prefix] if repo.prefix else [])

    def _key(self, path: Path) -> str | None:
        try:
            relative = path.relative_to(self._root)
        except ValueError:
            return None
        return self._repo.prefix + relative.as_posix()

    def listing(self, root: Path) -> list[Path]:
        found = []
        for key in self._files:
            inside = key[len(self._repo.prefix) :]
            pure = PurePosixPath(inside)
            if (
                len(pure.parts) == 1
                and pure.suffix.lower() in _SUFFIXES
                and not pure.name.startswith((".", "~"))
            ):
                found.append(root / pure.name)
        return sorted(found)

    def is_file(self, path: Path) -> bool:
        key = self._key(path)
        return key is not None and key in self._files

    def name(self, path: Path) -> str:
        key = self._key(path)
        return f"{self._commit.short}:{key if key is not None else path.as_posix()}"

    def read(self, path: Path, name: str) -> YamlDoc:
        key = self._key(path)
        entry = self._files.get(key) if key is not None else None
        if entry is None:
            return YamlDoc(name, findings=[finding(name, None, "FILE-NOT-FOUND", "file.not_found")])
        blob, size = entry
        if size > MAX_FILE_BYTES:
            too_large = finding(
                name, None, "FILE-TOO-LARGE", "file.too_large", size=size, limit=MAX_FILE_BYTES
            )
            return YamlDoc(name, findings=[too_large])
        return parse_bytes(self._repo.read_blob(blob), name)


@dataclass(frozen=True)
class Snapshot:
    """A plan read from a commit, and the notes file of the period as that commit has it."""

    repo: Repo
    commit: Commit
    loaded: LoadedPlan
    #: The notes file's text; ``None`` when the commit has none. Outside the repository (a
    #: ``reports/`` folder git does not track) it is read from the disk: git has no other copy.
    notes: str | None
    notes_from_disk: bool


def resolve(plans_dir: Path, rev: str) -> tuple[Repo, Commit]:
    """The repository of ``plans_dir`` and the commit ``rev`` names: a sha, a branch, a tag,
    ``HEAD~2``, or a date (the last commit made by the end of that day, as ``par diff``)."""
    from vanthuy_cli.history.history import named_commit

    repo = Repo.open(plans_dir)
    return repo, named_commit(repo, rev)


def load_at(plans_dir: Path, rev: str, notes: Path) -> Snapshot:
    """The plan in ``plans_dir`` as committed at ``rev``, every file checked as ``par validate``
    would; ``PlanNotFound`` with the findings when that version has errors."""
    repo, commit = resolve(plans_dir, rev)
    attempt = load_workspace(plans_dir, source=CommitFiles(repo, commit, plans_dir))
    loaded = attempt.require_valid()
    text, from_disk = _notes_at(repo, commit, notes)
    return Snapshot(repo, commit, loaded, text, from_disk)


def _notes_at(repo: Repo, commit: Commit, notes: Path) -> tuple[str | None, bool]:
    try:
        key = repo.relative(notes)
    except ValueError:  # reports/ outside the repository: only the disk has it
        from vanthuy_cli.documents.reporting import read_notes

        return read_notes(notes), True
    entry = repo.files_at(commit.sha or "HEAD", [key]).get(key)
    if entry is None:
        return None, False
    blob, size = entry
    if size > MAX_NOTES_BYTES:
        raise OutputError(
            "notes.too_large", path=f"{commit.short}:{key}", size=size, limit=MAX_NOTES_BYTES
        )
    try:
        return repo.read_blob(blob).decode("utf-8-sig"), False
    except UnicodeDecodeError:
        raise OutputError("notes.encoding", path=f"{commit.short}:{key}") from None


def report_inputs(repo: Repo, paths: list[Path]) -> list[str]:
    """``paths`` (the plans folder, the notes file, the templates) as repository paths, leaving
    out those outside the repository: git cannot say whether they changed."""
    inside = []
    for path in paths:
        try:
            relative = repo.relative(path)
        except ValueError:
            continue
        inside.append(relative)  # "." for the top: pathspecs are literal, "." is the top
    return inside


def check_taggable(repo: Repo, commit: Commit, period: Period, inputs: list[str]) -> bool:
    """Whether ``--tag`` may mark ``commit`` for ``period``: the report's inputs in the working
    tree (``inputs``: the plans folder, the notes file, the templates) must be exactly what HEAD
    has, else the report would not come from any commit. True when the tag already marks this
    commit (nothing to do); a ``GitError`` when it marks another one: a tag is never moved."""
    changed = repo.changed(inputs)
    if changed:
        shown = ", ".join(changed[:3]) + (", …" if len(changed) > 3 else "")
        raise GitError("report.tag_dirty", files=shown, count=len(changed))
    existing = repo.tag_target(tag_name(period))
    if existing is None:
        return False
    if existing != commit.sha:
        raise GitError(
            "report.tag_exists",
            tag=tag_name(period),
            existing=existing[:7],
            commit=commit.short,
        )
    return True
