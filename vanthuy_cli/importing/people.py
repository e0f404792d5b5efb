"""Match the leads and supporting units written in a table to the plan's roster (``nhan_su``).

Tables write people as titles ("Công chức Văn phòng - Thống kê"), short forms ("VP-TK",
"CC TP-HT", "Một cửa") or several in one cell. A unit is matched, in this order, by:

1. its roster code or its title, ignoring case and diacritics: certain;
2. the initials of the title's parts ("Văn phòng - Thống kê" → VP-TK): a guess, reported;
3. the title without generic words (công chức, bộ phận, cán bộ, xã…) containing, or contained
   in, exactly one roster title ("Một cửa" → "Bộ phận Một cửa xã"): a guess, reported.

A unit that matches nothing, or more than one entry ("UBND xã" is in both "Chủ tịch UBND xã" and
"Phó Chủ tịch UBND xã"), is never forced onto someone: it is proposed as a new roster entry with
a generated code, and reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from vanthuy_cli.plan.records import RosterEntry
from vanthuy_cli.textutil import fold

#: Words that say what kind of post a title is, not which one: dropped before comparing.
_GENERIC_PREFIXES = (
    "cong chuc",
    "can bo",
    "bo phan",
    "dong chi",
    "d c",
    "cc",
    "ong",
    "ba",
)
_GENERIC_SUFFIXES = ("xa", "cua xa", "thuoc ubnd xa")


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(text)).split())


def core(text: str) -> str:
    """The distinctive words of a title, folded.

    >>> core("Công chức Văn phòng - Thống kê xã")
    'van phong thong ke'
    """
    words = _words(text)
    changed = True
    while changed:
        changed = False
        for prefix in _GENERIC_PREFIXES:
            if words.startswith(prefix + " "):
                words, changed = words[len(prefix) + 1 :], True
        for suffix in _GENERIC_SUFFIXES:
            if words.endswith(" " + suffix):
                words, changed = words[: -len(suffix) - 1], True
    return words


def compact(text: str) -> str:
    """Letters and digits only: "VP - TK", "vp-tk", "VPTK" → "vptk"."""
    return re.sub(r"[^0-9a-z]", "", fold(text))


def initials(title: str) -> str:
    """Initials of each part of a title split by " - ": "Văn phòng - Thống kê" → "vp-tk"; "" for
    a title of one part (its initials would be too ambiguous to match on)."""
    parts = [core(p) if i == 0 else _words(p) for i, p in enumerate(re.split(r"\s+-\s+", title))]
    parts = [p for p in parts if p]
    if len(parts) < 2:
        return ""
    return "-".join("".join(w[0] for w in p.split()) for p in parts)


@dataclass(frozen=True)
class Match:
    written: str  # the unit as the table writes it
    code: str  # roster code (existing or proposed)
    how: str  # "exact", "initials", "contains", "new"
    candidates: tuple[str, ...] = ()  # when "new" because several entries fit


@dataclass
class Roster:
    """The plan's roster plus the entries this import proposes."""

    entries: list[RosterEntry]
    proposed: dict[str, str] = field(default_factory=dict)  # code → title, in order of discovery
    _by_text: dict[str, str] = field(default_factory=dict)  # folded text → proposed code

    def match_cell(self, text: str) -> list[Match]:
        """Every unit named in a lead or support cell, in order, without duplicates."""
        pieces = split_units(text, self._certain, self._known)
        out: list[Match] = []
        for piece in pieces:
            m = self.match(piece)
            if all(m.code != o.code for o in out):
                out.append(m)
        return out

    def _known(self, piece: str) -> bool:
        return self._lookup(piece)[0] is not None

    def _certain(self, piece: str) -> bool:
        """Known by code, title or initials: only then is a piece with commas kept whole."""
        code, how, _ = self._lookup(piece)
        return code is not None and how in ("exact", "initials")

    def match(self, written: str) -> Match:
        code, how, candidates = self._lookup(written)
        if code is not None:
            return Match(written, code, how)
        key = _words(written)
        if key not in self._by_text:
            new = self._new_code(written)
            self._by_text[key] = new
            self.proposed[new] = written
        return Match(written, self._by_text[key], "new", candidates)

    def _lookup(self, written: str) -> tuple[str | None, str, tuple[str, ...]]:
        words, tight, kernel = _words(written), compact(written), core(written)
        if not tight:
            return None, "", ()
        for e in self.entries:
            if tight == compact(e.id) or words == _words(e.title):
                return e.id, "exact", ()
        for e in self.entries:
            short = initials(e.title)
            if short and (tight == compact(short) or compact(kernel) == compact(short)):
                return e.id, "initials", ()
        for code, title in self.proposed.items():
            if words == _words(title):
                return code, "exact", ()
        if len(kernel) < 4:  # "xã", "UB": too little to recognise anyone by
            return None, "", ()
        fits = [
            e.id
            for e in self.entries
            if core(e.title)
            and (_contains(core(e.title), kernel) or _contains(kernel, core(e.title)))
        ]
        if len(fits) == 1:
            return fits[0], "contains", ()
        return None, "", tuple(fits)

    def _new_code(self, title: str) -> str:
        words = [w for w in core(title).split() if w not in ("cac", "nhung")]
        base = initials(title) or "-".join(words[:5]) or "don-vi"
        taken = {e.id for e in self.entries} | set(self.proposed)
        code, n = base, 2
        while code in taken:
            code, n = f"{base}-{n}", n + 1
        return code


def _contains(outer: str, inner: str) -> bool:
    return f" {inner} " in f" {outer} "


_BULLET = re.compile(r"^\s*(?:[-+•–*]|\d+[.)]|[a-zđ]\))\s*", re.IGNORECASE)


def split_units(
    text: str, certain: Callable[[str], bool], known: Callable[[str], bool]
) -> list[str]:
    """Split a cell naming several units: by line and ";", then by "," unless the whole line is
    certainly one roster title, then by "và"/"+" when every half is a known unit (a roster title
    may itself contain "và", and is kept whole when written in full)."""
    out: list[str] = []
    for line in re.split(r"[\n;]+", text):
        line = _BULLET.sub("", line).strip(" .,")
        if not line:
            continue
        if certain(line):
            out.append(line)
            continue
        parts = [p.strip(" .") for p in line.split(",") if p.strip(" .")]
        for part in parts:
            if certain(part):
                out.append(part)
                continue
            halves = [h.strip() for h in re.split(r"\s+(?:và|va|\+|&)\s+", part) if h.strip()]
            if len(halves) > 1 and all(known(h) for h in halves):
                out.extend(halves)
            else:
                out.append(part)
    return out
