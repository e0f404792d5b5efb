"""A command's printed text kept in the cache and printed again while nothing it depends on changed.

``par history`` on a year of commits reads the whole log and draws every change: seconds, even
when each comparison comes from the memo of blob pairs (``history._Memo``). Yet its text depends
only on the arguments, the language, the output width, par's code and the repository's state
(``history.state``: the commit checked out, the commits the bounds name, the uncommitted plan
files by content). So when standard output is not a terminal (plain text, no colour) the text
printed is stored under all of these, and a later run whose key is the same prints it again
without reading the log.

An entry is stored only when the command succeeded and the repository's state was the same
before and after it ran (a commit made meanwhile could have been half seen). ``tests/test_cache.py``
runs the command with the cache off, cold and warm and compares the outputs byte for byte.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO

from vanthuy_cli.errors import ParError


class _Tee:
    """Standard output, recording every text written through it."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return self._stream.write(text)

    def __getattr__(self, name: str) -> Any:  # isatty, flush, encoding, fileno…: the stream's
        return getattr(self._stream, name)


class Replay:
    """The cache entry of one command's text; ``open`` gives ``None`` when there is no cache."""

    def __init__(self, path: Path, context: tuple[Any, ...], state: Callable[[], Any]) -> None:
        self._path, self._context, self._state = path, context, state

    @classmethod
    def open(cls, kind: str, identity: tuple[str, ...], state: Callable[[], Any]) -> Replay | None:
        """The entry of ``kind`` for ``identity`` (the arguments, width, language), valid while
        ``state()`` (plain data; ``None``: do not cache) returns what it returns now."""
        from vanthuy_cli.reading import plancache

        path = plancache.entry_path(kind, *identity)
        if path is None:
            return None
        now = _quietly(state)
        if now is None:
            return None
        return cls(path, (*plancache.code_context(*identity), now), state)

    def text(self) -> str | None:
        """The text stored for this key, or ``None``."""
        from vanthuy_cli.reading import plancache

        stored = plancache.read_entry(self._path, self._context)
        return stored if isinstance(stored, str) else None

    @contextlib.contextmanager
    def recording(self) -> Iterator[None]:
        """Run the command's printing inside: what it writes to standard output is stored when
        it finishes without an error and the state has not changed meanwhile."""
        from vanthuy_cli.reading import plancache

        real = sys.stdout
        tee = _Tee(real)
        sys.stdout = tee
        try:
            yield
        finally:
            sys.stdout = real
        if _quietly(self._state) == self._context[-1]:
            plancache.write_entry(self._path, self._context, "".join(tee.parts))


def _quietly(state: Callable[[], Any]) -> Any:
    """``state()``, or ``None`` when it fails: the command itself will report the error."""
    try:
        return state()
    except (ParError, OSError):
        return None
