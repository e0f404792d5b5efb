"""Entry point of ``par``: the application with every command registered, and ``main``.

``main`` is the one place where the process's own streams are looked after. Importing this module
registers the commands in the order ``par --help`` lists them: reading and documents (``cli``,
with ``import``), then the commands that write the plan files (``cli_record``).
"""

from __future__ import annotations

import errno
import gc
import io
import os
import sys

from vanthuy_cli.cli import cli, cli_record  # noqa: F401 - importing registers their commands
from vanthuy_cli.cli.app import _lang_in, app
from vanthuy_cli.errors import EXIT_PROBLEMS
from vanthuy_cli.render.catalog import Translator, safe_lang

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the ``par`` console script and ``python -m vanthuy_cli``.

    The one place where the process's own streams are looked after: closed descriptors, a full
    disk or a broken pipe on standard output end with a message and exit code 1, never a
    traceback; an absurd ``COLUMNS`` is capped before anything lays out text.
    """
    _prepare_streams()
    code: int | str | None = 0
    try:
        app()
    except SystemExit as exc:
        code = exc.code
    except OSError as exc:  # writing standard output failed (disk full, closed), or reading
        code = _os_failure(exc)
    except MemoryError:
        code = _os_failure(OSError(errno.ENOMEM, os.strerror(errno.ENOMEM)))
    code = _flush_stdout(code)
    # The process ends here. On the way out Python runs the cyclic collector over every object
    # still alive (Typer, the plan, the modules: about 7% of a warm ``par status``), only to find
    # what dies with the process anyway. Frozen objects are left out of those collections;
    # reference counting, exit handlers and finalizers registered with ``atexit`` or
    # ``weakref.finalize`` still run, and every file par writes is already closed and synced.
    gc.freeze()
    sys.exit(code)


class _ClosedDescriptor(io.RawIOBase):
    """Standard output when par was started with it closed (``par --version >&-``): writing to
    it fails like writing to a closed descriptor does, so the failure is reported."""

    failed = False

    def writable(self) -> bool:
        return True

    def write(self, data: object) -> int:
        if self.failed:  # reported once; what is still buffered at exit goes nowhere, quietly
            return len(memoryview(data))  # type: ignore[arg-type]
        self.failed = True
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))


def _prepare_streams() -> None:
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            # A closed descriptor would be reused by the next file par opens: a report opened
            # as descriptor 1 would then receive whatever is printed. Park /dev/null there.
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
    if sys.stdout is None:
        sys.stdout = io.TextIOWrapper(io.BufferedWriter(_ClosedDescriptor()), encoding="utf-8")
    if sys.stderr is None:  # messages are best effort: losing them must not fail the command
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives until exit
    from vanthuy_cli.textutil import capped_width

    for name in ("COLUMNS", "LINES"):
        capped = capped_width(os.environ.get(name))
        if capped is not None:
            os.environ[name] = capped
    for stream in (sys.stdout, sys.stderr):
        if _can_write_vietnamese(stream) or not isinstance(stream, io.TextIOWrapper):
            continue
        if stream.isatty():
            # A terminal set to another encoding: show what it can, never crash on "ạ".
            stream.reconfigure(errors="replace")
        else:
            # A pipe or file (on Windows the ANSI code page): write UTF-8.
            stream.reconfigure(encoding="utf-8")


def _os_failure(exc: OSError) -> int:
    """Say on stderr (if it still works) that the output could not be written; exit code 1."""
    t = Translator(safe_lang(_lang_in(sys.argv[1:])))
    reason = exc.strerror or str(exc) or type(exc).__name__
    # A failed write to standard output carries no file name; any other file's error names it.
    text = (
        t("error.io", reason=f"{reason} ({exc.filename})")
        if exc.filename
        else t("error.stdout", reason=reason)
    )
    try:
        sys.stderr.write(f"{t('error.prefix')}: {text}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    return EXIT_PROBLEMS


def _flush_stdout(code: int | str | None) -> int | str | None:
    """Flush standard output now, while a failure can still be reported (at exit it could not)."""
    try:
        sys.stdout.flush()
    except (OSError, ValueError) as exc:
        failure = _os_failure(exc if isinstance(exc, OSError) else OSError(errno.EBADF, str(exc)))
        try:  # what is still buffered would fail again at exit: let it go to /dev/null
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, sys.stdout.fileno())
            os.close(null)
        except (OSError, ValueError):
            sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
        return code if code not in (0, None) else failure
    return code


def _can_write_vietnamese(stream: object) -> bool:
    try:
        "Vạn Thủy ở".encode(getattr(stream, "encoding", None) or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True
