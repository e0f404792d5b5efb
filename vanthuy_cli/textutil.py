"""Vietnamese text helpers: NFC normalisation, accent-insensitive folding, number formatting."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from vanthuy_cli.recordtype import Record

#: The widest line par lays out. Wider terminals get 400 columns: tables of a plan never need
#: more, and every cell of a wider table costs memory (see docs/gioi-han.md).
MAX_WIDTH = 400


def capped_width(value: str | None) -> str | None:
    """A ``COLUMNS`` value to use instead of ``value`` when it is absurd (over ``MAX_WIDTH``).
    Here, not in termsafe: it runs at every start, before anything imports rich."""
    if value is None or not value.strip().isdigit():
        return None
    return str(MAX_WIDTH) if int(value) > MAX_WIDTH else None


# C0 controls but TAB and LF, DEL, C1 controls (U+0080–U+009F: U+009B is a one-byte CSI in some
# terminals), and the bidirectional overrides and isolates that reorder what is shown.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _stand_in(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control pictures": ␀ ␇ ␛…
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


def safe(text: str) -> str:
    """``text`` with every control character but LF and TAB made visible and harmless.

    >>> safe("Báo cáo\\x1b]0;pwned\\x07")
    'Báo cáo␛]0;pwned␇'
    """
    return _UNSAFE.sub(_stand_in, text)


# "Đ/đ" is a letter of its own, not "D" plus a combining mark, so NFD leaves it alone: it must be
# mapped by hand or "dang" would never find "Đảng".
_FOLD_TABLE = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """Lower-case ``text`` and strip Vietnamese diacritics, for matching typed without accents.

    >>> fold("Thủ tục ĐẢNG")
    'thu tuc dang'
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD_TABLE))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


_SYLLABLE = re.compile(r"\w+")
#: The five tone marks (sắc, huyền, hỏi, ngã, nặng) as combining characters.
_TONES = frozenset("\u0301\u0300\u0309\u0303\u0323")


def _tone_key(syllable: str) -> tuple[str, str]:
    """A syllable as (letters with their vowel marks, tone): "hóa" and "hoá" (old and new tone
    placement, both in use) give the same key."""
    decomposed = unicodedata.normalize("NFD", syllable)
    tone = "".join(ch for ch in decomposed if ch in _TONES)
    letters = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))
    return letters, tone


class Phrase(Record, kw_only=False):
    """What the clerk typed to search for, ready to match (``par list "so hoa"``).

    Vietnamese words are made of syllables ("số hóa" is one word), so the typed syllables are
    looked for together and in order, each at the start of a syllable of the text: whole, except
    the last, which may be the start of a longer one ("thu tuc hanh" finds "thủ tục hành chính").
    A syllable typed with diacritics must match them exactly ("sổ" is not "số"); one typed without
    them matches with or without ("so" finds "số", "sổ", "sơ"). Case never matters; "đ" is "d".
    """

    syllables: tuple[str, ...]
    typed: str = ""  # the query as typed (stripped), for matching ids such as "I.3.2"

    @classmethod
    def parse(cls, query: str) -> Phrase:
        query = unicodedata.normalize("NFC", query).strip()
        return cls(tuple(_SYLLABLE.findall(query.casefold())), query)

    def __bool__(self) -> bool:
        return bool(self.syllables)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where the phrase occurs in ``text``: (start, end) character offsets, left to right."""
        if not self.syllables or not text:
            return []
        text = unicodedata.normalize("NFC", text)
        words = [(m.start(), m.end(), m.group().casefold()) for m in _SYLLABLE.finditer(text)]
        last = len(self.syllables) - 1
        found = []
        for i in range(len(words) - last):
            if all(
                _syllable_matches(typed, words[i + k][2], prefix=k == last)
                for k, typed in enumerate(self.syllables)
            ):
                start, end = words[i][0], words[i + last][1]
                typed_last = len(self.syllables[last])
                found.append((start, min(end, words[i + last][0] + typed_last)))
        return found

    def found_in(self, text: str) -> bool:
        return bool(self.spans(text))


def _syllable_matches(typed: str, word: str, *, prefix: bool) -> bool:
    """One typed syllable against one syllable of the text (both lower case, NFC)."""
    if fold(typed) == typed:  # typed without diacritics: compare without them
        word = fold(word)
        return word.startswith(typed) if prefix else word == typed
    letters, tone = _tone_key(typed)
    word_letters, word_tone = _tone_key(word)
    if prefix:
        return word_letters.startswith(letters) and (not tone or tone == word_tone)
    return word_letters == letters and tone == word_tone


def vn_date(d: date | None) -> str:
    """dd/mm/yyyy, the way Vietnamese tables and lists write a date."""
    return "" if d is None else f"{d.day:02d}/{d.month:02d}/{d.year}"


def ref_date(d: date | None) -> str:
    """A date inside a sentence or reference, as Nghị định 30/2020 writes it: days below 10 and
    months 1–2 take a leading zero ("08/6/2024", "05/01/2025")."""
    if d is None:
        return ""
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"{d.day:02d}/{month}/{d.year}"


def long_date(d: date | None) -> str:
    """ "ngày 05 tháng 01 năm 2025", the date line of an official document."""
    if d is None:
        return ""
    day, month, year = ref_date(d).split("/")
    return f"ngày {day} tháng {month} năm {year}"


def lower_first(text: str) -> str:
    """A title used inside a sentence: "Nâng cao…" → "nâng cao…", but "UBND xã…" stays."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first.upper() == first and any(ch.isalpha() for ch in first):
        return text  # an acronym (UBND, PAR, HĐND) keeps its capitals
    return text[:1].lower() + text[1:]


def vn_number(value: float, decimals: int = 1) -> str:
    """Vietnamese number style: "." groups thousands, "," is the decimal mark (1.234,5)."""
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:,.{decimals}f}".rstrip("0").rstrip(".")
    else:
        text = f"{int(value):,}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def number(value: float, lang: str, decimals: int = 1) -> str:
    """A number in the style of ``lang``: Vietnamese by default, plain English otherwise."""
    if lang == "vi":
        return vn_number(value, decimals)
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.{decimals}f}".rstrip("0").rstrip(".")
    return f"{int(value):,}"


def roman(n: int) -> str:
    """Roman numerals for quarters and appendix numbers (1–3999)."""
    parts = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ]
    out = []
    for value, letters in parts:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)
