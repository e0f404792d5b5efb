"""Atomic writes: a file is either the old one or the complete new one, never half written.

Reports and schemas are written to a temporary file in the same folder and moved into place with
``os.replace``, which is atomic on POSIX and on Windows (same volume).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from vanthuy_cli.errors import OutputError


def display_name(path: Path) -> str:
    """A path as the user should see it: relative to the current folder when below it."""
    absolute = Path(os.path.abspath(path))
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:  # elsewhere, or another drive on Windows
        return str(absolute)


def write_output(target: Path, data: bytes, *, force: bool) -> None:
    """Write a file for the user atomically, refusing to replace one unless ``force``.

    Every failure is an ``OutputError`` naming the file: existing, folder impossible to create
    (a file stands where the folder should be), no permission, disk full.
    """
    shown = display_name(target)
    if target.exists() and not force:
        raise OutputError("output.exists", path=shown)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            "output.unwritable", path=shown, reason=exc.strerror or str(exc)
        ) from None
    try:
        write_bytes_atomic(target, data, overwrite=force)
    except FileExistsError:
        raise OutputError("output.exists", path=shown) from None
    except OSError as exc:
        raise OutputError(
            "output.unwritable", path=shown, reason=exc.strerror or str(exc)
        ) from None


def write_bytes_atomic(path: Path, data: bytes, *, overwrite: bool = True) -> None:
    """Write ``data`` to ``path`` atomically; ``FileExistsError`` if it exists and not overwrite."""
    path = Path(path)
    if not overwrite and path.exists():
        raise FileExistsError(str(path))
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); a report should get the usual permissions.
        os.chmod(tmp, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if not overwrite and path.exists():  # someone created it meanwhile: keep theirs
            raise FileExistsError(str(path))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text_atomic(path: Path, text: str, *, overwrite: bool = True) -> None:
    """UTF-8 text, LF line endings on every platform (the files are meant for git)."""
    write_bytes_atomic(path, text.encode("utf-8"), overwrite=overwrite)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
