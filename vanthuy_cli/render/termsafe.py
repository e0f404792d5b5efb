"""Text that is shown on a terminal but came from a file or from git: shown, never obeyed.

A task title, a key name or a commit message may hold escape sequences (a plan cloned from
elsewhere, a template downloaded from another commune): ESC ] 0 sets the window title, ESC ] 52
writes the clipboard, ESC [ 2 J clears the screen, BEL rings. ``safe`` replaces every control
character except line feed and tab by a visible stand-in (``␛`` for ESC, ``␇`` for BEL…), so the
clerk sees that something odd is in the file and the terminal does nothing.

``SafeConsole`` is the rich console every ``par`` command prints with: it applies ``safe`` to the
text of what it prints (never to rich's own colour codes) and caps its width, so a ``COLUMNS`` of
99999999999 cannot make it allocate gigabytes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.console import Console
from rich.segment import Segment

from vanthuy_cli.textutil import MAX_WIDTH
from vanthuy_cli.textutil import safe as safe  # moved to textutil: the plain output uses it


def safe_bytes(data: bytes) -> bytes:
    """``safe`` for UTF-8 bytes (a rendered Markdown document going to a terminal)."""
    return safe(data.decode("utf-8", errors="replace")).encode("utf-8")


class SafeConsole(Console):
    """A rich ``Console`` that never sends control characters from the data to the terminal."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.width = min(self.width, MAX_WIDTH)

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        # Segments marked ``control`` are rich's own cursor codes; styles are rendered by rich
        # after this point, so only the data's characters are filtered.
        return super()._render_buffer(
            segment if segment.control else Segment(safe(segment.text), segment.style)
            for segment in buffer
        )
