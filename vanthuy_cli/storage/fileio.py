"""The one way par writes a file for the user, and the one way it reads a file besides git.

Writing (``write_output``): the file is either the old one or the complete new one, never half
written, and never something the user did not ask to replace:

* without ``--force`` the new file is *linked* into place (``os.link`` fails if any directory entry
  of that name exists, even a dangling symlink), so the existence check and the creation are one
  step: of two runs writing the same name, the second gets "already exists";
* with ``--force`` only a regular file is replaced: a symlink, a device, a FIFO or a folder is
  refused (``O_NOFOLLOW`` and ``lstat``, never follow the name somewhere else); the new file keeps
  the old one's permission bits (and owner, when par runs as root); a file with several hard links
  is rewritten in place so every link sees the new content (replacing it would silently split the
  links);
* the temporary file has a short fixed-length name (``.par-XXXXXXXX.tmp``) so a report name of up
  to 255 bytes still fits, and it is removed on any exception, on SIGINT, SIGTERM and SIGHUP;
* ``-o folder/`` (a trailing slash, or an existing folder) means "in that folder, default name".

Reading (``read_regular``): regular files only (a FIFO or ``/dev/zero`` would hang or never end),
opened without blocking, with a size cap checked before and while reading, and optionally confined
to a folder after resolving symlinks. Problems are ``InputError``s with catalogue keys.

Path tests (``is_dir``/``is_file``/``stat_problem``) never raise: a name over 255 bytes or a folder
without search permission makes ``Path.is_dir`` raise on Python 3.11.
"""

from __future__ import annotations

import errno
import os
import signal
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import FrameType

from vanthuy_cli.errors import InputError, OutputError

#: Temporary files are named ``.par-`` + 8 random characters + ``.tmp``: 17 bytes whatever the
#: target's name, so any name the file system accepts can be written.
_TEMP_PREFIX = ".par-"
_TEMP_SUFFIX = ".tmp"
#: ``os.link`` is not available on every file system (FAT, some network shares): then an exclusive
#: ``O_CREAT | O_EXCL`` placeholder reserves the name and the finished file replaces it.
_NO_LINK = {errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP}
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NOCTTY = getattr(os, "O_NOCTTY", 0)


# ---------------------------------------------------------------------------------- names


def display_name(path: Path | str) -> str:
    """A path as the user should see it: relative to the current folder when below it."""
    absolute = Path(os.path.abspath(path))
    try:
        return str(absolute.relative_to(Path.cwd()))
    except (ValueError, OSError):  # elsewhere, another drive, or the current folder is gone
        return str(absolute)


def is_dir(path: Path) -> bool:
    """``Path.is_dir`` that answers ``False`` instead of raising (name too long, no permission)."""
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def is_file(path: Path) -> bool:
    """``Path.is_file`` (a regular file, links followed) that never raises."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def stat_problem(path: Path) -> str | None:
    """Why ``path`` cannot be looked at, other than not existing ("Permission denied", "File name
    too long"…), or ``None``."""
    try:
        os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        return exc.strerror or str(exc)
    except ValueError as exc:  # a NUL byte in the name
        return str(exc)
    return None


# --------------------------------------------------------------------------------- writing


def write_output(
    target: Path | str, data: bytes, *, force: bool, default_name: str | None = None
) -> Path:
    """Write a file for the user atomically; returns the path written.

    ``default_name`` is used when ``target`` names a folder (ends with "/" or is one). Every
    failure is an ``OutputError`` naming the file: it exists (without ``force``), it is not a
    regular file, its folder cannot be made (a file stands there), no permission, disk full.
    """
    raw = os.fspath(target)
    path = Path(raw)
    if default_name and (raw.endswith(("/", os.sep)) or is_dir(path)):
        path = path / default_name
    shown = display_name(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise OutputError(
            "output.parent_not_folder", path=shown, folder=display_name(_blocking_file(path))
        ) from None
    except OSError as exc:
        raise OutputError("output.unwritable", path=shown, reason=_reason(exc)) from None
    try:
        write_bytes_atomic(path, data, overwrite=force)
    except FileExistsError:
        raise OutputError("output.exists", path=shown) from None
    except NotRegularFile as exc:  # output.is_symlink, output.is_fifo, output.is_device…
        raise OutputError(f"output.is_{exc.kind}", path=shown) from None
    except OSError as exc:
        raise OutputError("output.unwritable", path=shown, reason=_reason(exc)) from None
    return path


class NotRegularFile(OSError):
    """The name to replace is a symlink, device, FIFO, socket or folder; ``kind`` says which."""

    def __init__(self, kind: str) -> None:
        super().__init__(errno.EEXIST, kind)
        self.kind = kind


def write_bytes_atomic(path: Path, data: bytes, *, overwrite: bool = True) -> None:
    """Write ``data`` to ``path`` atomically (see the module docstring for the rules).

    ``FileExistsError`` if something has that name and not ``overwrite``; ``NotRegularFile`` if
    it is not a regular file; any other ``OSError`` as raised.
    """
    path = Path(path)
    try:
        old: os.stat_result | None = os.lstat(path)
    except FileNotFoundError:
        old = None
    if old is not None:
        if not overwrite:
            raise FileExistsError(errno.EEXIST, "exists", str(path))
        kind = file_kind(old.st_mode)
        if kind != "file":
            raise NotRegularFile(kind)
        if old.st_nlink > 1:
            with _signals_as_exit():
                _rewrite_in_place(path, data, old)
            return
    mode = stat.S_IMODE(old.st_mode) if old is not None else 0o666 & ~_umask()
    import tempfile  # only when writing (with random): reading commands import this module too

    with _signals_as_exit():
        fd, tmp = tempfile.mkstemp(prefix=_TEMP_PREFIX, suffix=_TEMP_SUFFIX, dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                # mkstemp makes 0600: the final mode (the old file's, or the usual one) is set
                # on the open temporary file, so the name never shows other permissions.
                _set_mode(handle.fileno(), tmp, mode)
                if old is not None and (old.st_uid, old.st_gid) != _owner(handle.fileno()):
                    _chown(handle.fileno(), old)
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            if old is None:
                _create_exclusive(tmp, path)
            else:
                os.replace(tmp, path)
        finally:
            with suppress(FileNotFoundError):
                os.unlink(tmp)


def write_text_atomic(path: Path, text: str, *, overwrite: bool = True) -> None:
    """UTF-8 text, LF line endings on every platform (the files are meant for git)."""
    write_bytes_atomic(path, text.encode("utf-8"), overwrite=overwrite)


def file_kind(mode: int) -> str:
    """ "file", "symlink", "folder", "fifo", "device", "socket": what a directory entry is."""
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISLNK(mode):
        return "symlink"
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "device"


def _create_exclusive(tmp: str, path: Path) -> None:
    """Give the finished temporary file the name ``path``, failing if the name is taken."""
    try:
        os.link(tmp, path, follow_symlinks=False)
        return
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in _NO_LINK:
            raise
    placeholder = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o600)
    os.close(placeholder)
    os.replace(tmp, path)


def _rewrite_in_place(path: Path, data: bytes, old: os.stat_result) -> None:
    """Overwrite a hard-linked file's content, keeping its inode (and so every link)."""
    fd = os.open(path, os.O_WRONLY | _NOFOLLOW | _CLOEXEC | _NONBLOCK)
    try:
        now = os.fstat(fd)
        if (now.st_dev, now.st_ino) != (old.st_dev, old.st_ino) or not stat.S_ISREG(now.st_mode):
            raise NotRegularFile(file_kind(now.st_mode))  # swapped since we looked
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.ftruncate(fd, len(data))
        os.fsync(fd)
    finally:
        os.close(fd)


def _set_mode(fd: int, tmp: str, mode: int) -> None:
    """``fchmod`` where the platform has it (by descriptor: no name can be swapped in between);
    the path otherwise (Windows before Python 3.13, where only the read-only bit exists)."""
    if hasattr(os, "fchmod"):
        os.fchmod(fd, mode)
    else:
        os.chmod(tmp, mode)


def _owner(fd: int) -> tuple[int, int]:
    st = os.fstat(fd)
    return st.st_uid, st.st_gid


def _chown(fd: int, old: os.stat_result) -> None:
    # Only root may give a file away; for anyone else the new file is theirs, as with any editor.
    with suppress(OSError, AttributeError):
        os.fchown(fd, old.st_uid, old.st_gid)


@contextmanager
def _signals_as_exit() -> Iterator[None]:
    """While a temporary file exists, SIGTERM and SIGHUP end par like SIGINT does: by raising
    (``SystemExit(128 + signal)``), so the ``finally`` that removes the file runs. Signals the user
    chose to ignore (``nohup``) stay ignored; outside the main thread Python cannot set handlers."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, _frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    previous: dict[int, object] = {}
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is None or signal.getsignal(number) is not signal.SIG_DFL:
            continue
        try:
            previous[number] = signal.signal(number, stop)
        except (OSError, ValueError):
            continue
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)  # type: ignore[arg-type]


def _blocking_file(path: Path) -> Path:
    """The nearest ancestor of ``path`` that exists but is not a folder ("reports" as a file)."""
    for parent in reversed(path.parents):
        try:
            if not stat.S_ISDIR(os.stat(parent).st_mode):
                return parent
        except OSError:
            return parent
    return path.parent


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# --------------------------------------------------------------------------------- reading


def read_regular(path: Path, *, limit: int, within: Path | None = None) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    ``within``: the file must lie inside that folder once symlinks are resolved (``../`` and
    absolute names, or a link pointing out, are refused). Raises ``FileNotFoundError`` when the
    file does not exist (callers decide whether that is an error) and ``InputError`` for the rest:
    ``input.outside``, ``input.not_regular``, ``input.too_large``, ``input.unreadable``.
    """
    shown = display_name(path)
    if within is not None and not is_within(path, within):
        raise InputError("input.outside", path=shown, folder=display_name(within))
    try:
        fd = os.open(path, os.O_RDONLY | _NONBLOCK | _CLOEXEC | _NOCTTY)
    except (FileNotFoundError, NotADirectoryError):
        raise FileNotFoundError(errno.ENOENT, "not found", str(path)) from None
    except OSError as exc:
        raise InputError("input.unreadable", path=shown, reason=_reason(exc)) from None
    except ValueError as exc:
        raise InputError("input.unreadable", path=shown, reason=str(exc)) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise InputError("input.not_regular", path=shown, kind=file_kind(st.st_mode))
        if st.st_size > limit:
            raise InputError("input.too_large", path=shown, size=st.st_size, limit=limit)
        chunks: list[bytes] = []
        size = 0
        while True:  # the size may grow while we read (a log being written): cap the reading too
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise InputError("input.too_large", path=shown, size=size, limit=limit)
        return b"".join(chunks)
    except OSError as exc:
        raise InputError("input.unreadable", path=shown, reason=_reason(exc)) from None
    finally:
        os.close(fd)


def is_within(path: Path, folder: Path) -> bool:
    """``path`` is inside ``folder`` once both have their symlinks and ``..`` resolved."""
    try:
        real = Path(os.path.realpath(path))
        root = Path(os.path.realpath(folder))
    except (OSError, ValueError):
        return False
    return real == root or root in real.parents
