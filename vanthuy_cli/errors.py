"""The one exception family of par, and the exit codes the CLI turns them into.

Problems *inside* plan files are not exceptions: they are findings (see ``findings.py``) so that
validation can report all of them at once. Exceptions are for things that stop a command: no plan
folder, an unknown task id, a template that fails, a git repository that cannot be read.

Every error carries a message key from the catalogue (``catalog.py``) and its parameters, so the
library never decides the language; ``cli.py`` translates it in one place.
"""

from __future__ import annotations

from typing import Any

#: Exit codes, documented in README.md ("Exit codes").
EXIT_OK = 0
EXIT_PROBLEMS = (
    1  # problems found in the plans (or overdue items with ``--fail``), or a failed command
)
EXIT_USAGE = 2  # wrong command-line usage (unknown option, bad --as-of, unknown period name…)


class ParError(Exception):
    """Base of every error par raises on purpose; the CLI shows it without a traceback."""

    exit_code = EXIT_PROBLEMS

    def __init__(self, key: str, /, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def __str__(self) -> str:  # readable in logs and test failures, untranslated
        return f"{self.key} {self.params}" if self.params else self.key


class UsageError(ParError):
    """The command line itself is wrong (a bad date, an unknown period name, a bad option value)."""

    exit_code = EXIT_USAGE


class UnknownFilter(UsageError):
    """``--lead``, ``--appendix`` or ``--group`` names nothing in the plan (exit 2): an empty
    answer would read as an all-clear."""


class InvalidValue(ParError):
    """A value the library was asked to read is malformed: a period name ("2024-Q5"), a date that
    is no day (31/2/2024). The library does not know where the value came from; typed on the
    command line it is a usage error, hence exit 2."""

    exit_code = EXIT_USAGE


class PeriodError(InvalidValue):
    """A text that names no reporting period (``periods.parse_period``)."""


class BadDate(InvalidValue):
    """A text shaped like a date that is no real day (``history.parse_bound``)."""


class PlanNotFound(ParError):
    """No plans folder was found, or the plan files have errors that stop the command."""


class UnknownTask(ParError):
    """A task id given on the command line is not in the plan."""


class TemplateError(ParError):
    """A report template is missing, cannot be parsed, or fails while rendering."""


class OutputError(ParError):
    """A file a command writes or reads for its output cannot be used: it exists (without
    --force), its folder cannot be made, no permission, or the notes file cannot be read."""


class InputError(ParError):
    """A file par reads besides the plans (notes, template, template part) cannot be used: not a
    regular file, too large, outside the folder it must stay in, or unreadable."""


class GitError(ParError):
    """Git is missing, the folder is not a repository, or a revision does not exist."""


class BadRevision(GitError):
    """A revision given on the command line names no commit: a usage error (exit 2)."""

    exit_code = EXIT_USAGE


class SourceError(ParError):
    """A file given to ``par import`` cannot be read, is not .docx/.xlsx, or holds no task table;
    or the import cannot be written as asked (an appendix not listed in the plan)."""
