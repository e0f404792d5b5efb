"""The incremental parser used by ``par history`` must mean exactly what the full parser means.

The property: for any plan-like text, and any sequence of edits to it, ``ChunkedParser.parse``
returns the same data as ``yamlio.parse_text`` (``None`` included, when the text does not
parse). The generated texts deliberately contain what could fool a line-based cutter: block
scalars whose lines look like task items, comments at every indentation, quoted and flow values
continued on less indented lines, keep-chomping block scalars followed by blank lines, tabs,
CRLF, document markers, anchors and aliases, duplicate keys, lists indented like their key.
"""

from __future__ import annotations

import textwrap
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import APPENDIX
from vanthuy_cli.history.yamlchunks import ChunkedParser
from vanthuy_cli.storage.yamlio import parse_text

WORDS = (
    "Quý III/2024",
    "vp-tk",
    "Kế hoạch",
    "ma: giả",
    "- ma: I.9.9",
    "a: b",
    "#không",
    "x",
    "'q'",
    '"d"',
    "[a",
    "b]",
    "{k: v}",
    "&neo",
    "*neo",
    "---",
    "...",
    "~",
    "",
    "1,5",
    "Thường xuyên",
    "dòng\\nmới",
    "%",
    "@",
    "`",
    "? k",
    "|",
    ">",
)


def _line(indent: int, text: str) -> str:
    return " " * max(indent, 0) + text


@st.composite
def _value(draw: st.DrawFn, key: str, indent: int) -> list[str]:  # noqa: C901 - one branch per YAML style, read as a table
    """``key: value`` at ``indent`` in one of many styles, some of them deliberately invalid."""
    word = draw(st.sampled_from((*WORDS[:3], "Đang dự thảo", "hoan_thanh")))
    # Mostly what a clerk writes (so that the chunked path is exercised), now and then the odd.
    style = draw(
        st.sampled_from((0, 0, 0, 2, 4, 5, 6, 7, 8, 9, 13))
        if draw(st.integers(0, 11))
        else st.integers(0, 13)
    )
    head = _line(indent, f"{key}:")
    off = draw(st.sampled_from((-4, -2, 0, 1, 2, 4)))  # where a continuation line goes
    if style == 0:
        return [f"{head} {word}"]
    if style == 1:  # plain scalar continued on the next line
        return [f"{head} {word}", _line(indent + off, draw(st.sampled_from(WORDS)))]
    if style == 2:
        return [f"{head} '{word} ''trích'' {draw(st.sampled_from(WORDS))}'"]
    if style == 3:  # double-quoted, continued (possibly at column 0)
        return [
            f'{head} "{word}',
            _line(draw(st.integers(0, indent + 4)), f'{draw(st.sampled_from(WORDS))} cuối"'),
        ]
    if style in (4, 5):  # block scalar whose lines look like items, comments, keys
        indicator = draw(st.sampled_from(("|", "|+", "|-", ">", ">+", "|2")))
        content = draw(
            st.lists(
                st.sampled_from(
                    (
                        "dòng một",
                        "- ma: I.1.1",
                        "  - ma: lồng",
                        "# không phải chú thích",
                        "",
                        "nhiem_vu:",
                        "---",
                    )
                ),
                min_size=0,
                max_size=4,
            )
        )
        shifts = (2, 2, 2, off) if style == 4 else (2,)
        lines = [f"{head} {indicator}"]
        for text in content:
            lines.append(
                _line(indent + draw(st.sampled_from(shifts)), text)
                if text
                else draw(st.sampled_from(("", "  ", " " * (indent + 2))))
            )
        return lines
    if style == 6:  # flow sequence, maybe over two lines
        if draw(st.booleans()):
            return [f"{head} [vp-tk, tp-ht]"]
        return [f"{head} [vp-tk,", _line(draw(st.integers(0, indent + 6)), "tp-ht]")]
    if style == 7:
        return [f"{head} {{ten: Tỷ lệ, gia_tri: '100'}}"]
    if style == 8:
        return [head]
    if style == 9:
        return [f"{head} ~  # trống"]
    if style == 10:
        return [f"{head} {draw(st.sampled_from(('&neo', '*neo', '!!str')))} {word}"]
    if style == 11:
        return [f"{head} {word}\t# tab"]
    if style == 12:
        return [f"{head} {draw(st.sampled_from(WORDS))}"]
    return [f"{head} {word}  # chú thích"]


@st.composite
def _task(draw: st.DrawFn, indent: int, n: int) -> list[str]:
    inner = indent + 2
    lines = [_line(indent, f"- ma: I.1.{n}")]
    keys = draw(
        st.lists(
            st.sampled_from(
                ("noi_dung", "chu_tri", "thoi_han", "phoi_hop", "ghi_chu", "chi_tieu", "ma")
            ),
            max_size=4,
        )
    )
    for key in keys:
        lines += draw(_value(key, inner))
    if draw(st.booleans()):
        entry_indent = inner + draw(st.sampled_from((0, 2, 2, 4)))
        lines.append(_line(inner, "tien_do:"))
        for _ in range(draw(st.integers(0, 3))):
            lines.append(_line(entry_indent, "- ngay: 15/7/2024"))
            lines += draw(_value("trang_thai", entry_indent + 2))
    if draw(st.integers(0, 3)) == 0:  # a block scalar that keeps its trailing blank lines
        lines += [
            _line(inner, f"ghi_chu: {draw(st.sampled_from(('|+', '>+', '|', '|-')))}"),
            _line(inner + 2, "cuối nhiệm vụ"),
        ]
        lines += draw(
            st.lists(
                st.sampled_from(("", " ", " " * (inner + 2), " " * (inner + 4))),
                min_size=1,
                max_size=2,
            )
        )
    if draw(st.integers(0, 3)) == 0:  # a comment or blank line between tasks
        lines.append(
            _line(draw(st.integers(0, inner + 2)), draw(st.sampled_from(("# ghi chú", "", "#"))))
        )
    return lines


@st.composite
def plan_texts(draw: st.DrawFn) -> str:
    """An appendix-like YAML text, often valid, sometimes subtly not."""
    lines = [
        "# yaml-language-server: $schema=../schemas/phu-luc.schema.json",
        "loai: phu_luc",
        "so: I",
    ]
    lines += draw(_value("tieu_de", 0))
    lines.append("nhom:")
    group_indent = draw(st.sampled_from((0, 2)))
    for g in range(draw(st.integers(1, 3))):
        lines.append(_line(group_indent, f'- so: "{g + 1}"'))
        lines += draw(_value("ten", group_indent + 2))
        lines.append(_line(group_indent + 2, "nhiem_vu:"))
        task_indent = group_indent + 2 + draw(st.sampled_from((0, 2, 2, 2, 4)))
        for n in range(draw(st.integers(0, 4))):
            lines += draw(_task(task_indent, n + 1))
        if draw(st.integers(0, 3)) == 0:  # a group key after the task list
            lines += draw(_value("ghi_chu", group_indent + 2))
    return "\n".join(lines) + draw(st.sampled_from(("\n", "", "\n\n")))


JUNK = (
    "",
    "   ",
    "# c",
    "---",
    "...",
    "      - ma: I.7.7",
    "    - ma: I.8.8",
    "  - so: '9'",
    "        noi_dung: chèn",
    "\t- tab",
    "nhom:",
    "      -",
    "      - x",
    "  #",
    "  x: [1,",
    "'",
    '"',
    "        - ngay: 1/1/2024",
    "%YAML 1.1",
)


@st.composite
def edits(draw: st.DrawFn, text: str) -> list[str]:
    """Successive versions of ``text``: lines inserted, deleted, duplicated, re-indented."""
    lines = text.split("\n")
    versions = []
    for _ in range(draw(st.integers(1, 4))):
        if not lines or draw(st.integers(0, 2)) == 0:  # often just a value changed
            lines = (
                "\n".join(lines)
                .replace(
                    draw(st.sampled_from(("Quý III", "vp-tk", "1/2"))),
                    draw(st.sampled_from(("Quý IV", "tp-ht", ""))),
                )
                .split("\n")
            )
            versions.append("\n".join(lines))
            continue
        if not lines:
            break
        at = draw(st.integers(0, len(lines) - 1))
        action = draw(st.integers(0, 4))
        if action == 0:
            lines.insert(at, draw(st.sampled_from(JUNK)))
        elif action == 1:
            del lines[at]
        elif action == 2:
            lines.insert(at, lines[at])
        elif action == 3:
            shift = draw(st.sampled_from((-2, -1, 1, 2)))
            lines[at] = " " * shift + lines[at] if shift > 0 else lines[at][-shift:]
        else:
            lines[at] = lines[at].replace("I.1", "I.2").replace("Quý", "Tháng")
        versions.append("\n".join(lines))
    return versions


def _full(text: str) -> object:
    return parse_text(text, "x.yaml", track_positions=False).data


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_chunked_parse_equals_full_parse_over_edits(data: st.DataObject) -> None:
    text = data.draw(plan_texts())
    crlf = data.draw(st.booleans())
    parser = ChunkedParser()  # one parser for all versions: the caches are part of what is tested
    for version in [text, *data.draw(edits(text))]:
        if crlf:
            version = version.replace("\n", "\r\n")
        assert parser.parse(version, "x.yaml").data == _full(version), version


@st.composite
def clerk_texts(draw: st.DrawFn) -> str:
    """An appendix laid out as the clerk (and ``par``) writes it."""
    groups = draw(st.integers(1, 3))
    lines = ["loai: phu_luc", "so: I", "tieu_de: Phụ lục", "nhom:"]
    for g in range(groups):
        lines += [f'  - so: "{g + 1}"', f"    ten: Nhóm {g + 1}", "    nhiem_vu:"]
        for n in range(draw(st.integers(1, 4))):
            lines += [
                f"      - ma: I.{g + 1}.{n + 1}",
                "        noi_dung: >-",
                "          Một nhiệm vụ",
                "          dài hai dòng",
                f"        thoi_han: {draw(st.sampled_from(('Quý III/2024', 'Năm 2024')))}",
                "        tien_do:",
                "          - ngay: 15/7/2024",
                "            trang_thai: dang_thuc_hien",
                "            ghi_chu: |",
                "              - ma: không phải nhiệm vụ",
                "",
                "              # cũng không phải chú thích",
                "      # chú thích",
                "",
            ]
    return "\n".join(lines) + "\n"


@settings(max_examples=150, deadline=None)
@given(clerk_texts())
def test_chunked_parse_of_a_valid_layout_uses_chunks(text: str) -> None:
    """Plans as the clerk writes them never fall back to a full parse (or the speed is lost)."""
    parser = ChunkedParser()
    assert parser.parse(text, "x").data == _full(text)
    assert parser.stats.full_parses == 0


#: Text typed anywhere into the next version: whole lines of each indentation, line breaks,
#: quotes and indicators that open or close values, a CR, a tab.
SNIPPETS = (
    "",
    "\n",
    "x",
    " ",
    "  ",
    "'",
    '"',
    "|",
    ": ",
    "- ",
    "#",
    "\r",
    "\t",
    "\n# c\n",
    "\n\n",
    "          - ngay: 1/8/2024\n            trang_thai: hoan_thanh\n",
    "      - ma: I.9.9\n        thoi_han: Năm 2024\n",
    "  - so: '4'\n    nhiem_vu:\n",
    "        ghi_chu: |\n          - ma: I.5.5\n",
    "    ghi_chu: nhóm\n",
    "nhom:\n",
)
#: What a clerk's edit usually types: whole lines, a word.
LINES = (
    "x",
    "",
    "          - ngay: 1/8/2024\n            trang_thai: hoan_thanh\n",
    "            ghi_chu: xong\n",
    "        chu_tri: tp-ht\n",
    "      - ma: I.9.9\n        thoi_han: Năm 2024\n",
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_version_cut_from_the_last_one_means_what_the_full_parse_means(
    data: st.DataObject,
) -> None:
    """``_edit`` (the next version as the last one with one chunk rewritten) at any place, with
    any text typed or deleted there, over several versions in a row."""
    text = data.draw(plan_texts() if data.draw(st.integers(0, 3)) == 0 else clerk_texts())
    parser = ChunkedParser()
    assert parser.parse(text, "x.yaml").data == _full(text)
    for _ in range(data.draw(st.integers(1, 6))):
        starts = [0, *(n + 1 for n, ch in enumerate(text) if ch == "\n")]
        at = data.draw(st.sampled_from(starts) | st.integers(0, len(text)))  # often a line
        cut = data.draw(st.sampled_from((0, 0, 1, 2, 5, 30)))
        typed = data.draw(st.sampled_from(SNIPPETS) | st.sampled_from(LINES))
        text = text[:at] + typed + text[at + cut :]
        assert parser.parse(text, "x.yaml").data == _full(text), text


def test_a_progress_line_appended_or_a_deadline_moved_rewrites_one_chunk() -> None:
    """The usual commit (one task edited) is found from the last version without cutting or
    parsing the rest of the file again, and means what the full parse means."""
    parser = ChunkedParser()
    parser.parse(APPENDIX, "a")
    parsed = parser.stats.chunks_parsed
    moved = APPENDIX.replace("thoi_han: Trước ngày 15/12/2024", "thoi_han: Quý IV/2024")
    appended = moved.replace(
        "ngày 20/8/2024\n",
        "ngày 20/8/2024\n          - ngay: 30/9/2024\n            trang_thai: hoan_thanh\n",
    )
    for version in (moved, appended):
        assert parser.parse(version, "a").data == _full(version)
    assert len(_full(appended)["nhom"][0]["nhiem_vu"][0]["tien_do"]) == 3
    assert parser.stats.edits == 2
    assert parser.stats.chunks_parsed == parsed + 2  # one task each time, not the whole file
    assert parser.stats.full_parses == 0


def test_unchanged_tasks_are_the_same_object_and_are_not_parsed_again() -> None:
    edited = APPENDIX.replace("thoi_han: Trước ngày 15/12/2024", "thoi_han: Quý IV/2024")
    parser = ChunkedParser()
    before = parser.parse(APPENDIX, "a").data
    after = parser.parse(edited, "a").data
    assert after == _full(edited)
    tasks_before = before["nhom"][0]["nhiem_vu"]
    tasks_after = after["nhom"][0]["nhiem_vu"]
    assert tasks_after[0] is tasks_before[0]  # I.1.1 untouched: the very same object
    assert tasks_after[1] is not tasks_before[1] and tasks_after[1]["thoi_han"] == "Quý IV/2024"
    assert parser.stats.chunks_parsed == 3 and parser.stats.chunks_reused == 1
    assert parser.stats.full_parses == 0


def test_a_placeholder_that_lands_inside_a_block_scalar_forces_a_full_parse() -> None:
    # The line "      - ma: I.9.9" belongs to the block scalar of "ten", not to the task list.
    text = textwrap.dedent("""\
        loai: phu_luc
        nhom:
          - so: "1"
            ten: |
              Nhóm
              - ma: I.9.9
            nhiem_vu:
              - ma: I.1.1
        """)
    parser = ChunkedParser()
    assert parser.parse(text, "x").data == _full(text)
    assert _full(text)["nhom"][0]["ten"] == "Nhóm\n- ma: I.9.9\n"
    assert parser.stats.full_parses == 1


def test_a_file_that_does_not_parse_gives_the_full_parse_findings() -> None:
    broken = APPENDIX.replace("thoi_han: Quý III/2024", 'thoi_han: "Quý III/2024')
    doc = ChunkedParser().parse(broken, "plans/phu-luc-I.yaml")
    assert doc.data is None
    assert doc.findings and doc.findings[0].rule == "YAML-SYNTAX"
    assert doc.findings[0].line == parse_text(broken, "x").findings[0].line


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_tasks_found_from_the_last_version_are_the_tasks_of_the_new_one(
    data: st.DataObject,
) -> None:
    """``history._reextract`` (only the tasks whose item changed looked at) gives the same map,
    in the same order, as ``_extract`` over the whole new version."""
    from vanthuy_cli.history.history import _extract, _reextract

    def entries(tasks: dict[str, Any]) -> list[tuple[Any, ...]]:
        return [(i, a.task, a.file, a.appendix, a.group, a.place) for i, a in tasks.items()]

    text = data.draw(clerk_texts())
    parser = ChunkedParser()
    before = parser.parse(text, "x.yaml").data
    last = (before, _extract(before, "x.yaml"))
    for _ in range(data.draw(st.integers(1, 6))):
        starts = [0, *(n + 1 for n, ch in enumerate(text) if ch == "\n")]
        at = data.draw(st.sampled_from(starts) | st.integers(0, len(text)))
        cut = data.draw(st.sampled_from((0, 0, 1, 2, 5, 30)))
        typed = data.draw(st.sampled_from(SNIPPETS) | st.sampled_from(LINES))
        text = text[:at] + typed + text[at + cut :]
        now = parser.parse(text, "x.yaml").data
        if now is None:
            continue
        tasks = _reextract(last, now, "x.yaml")
        assert entries(tasks) == entries(_extract(now, "x.yaml"))
        last = (now, tasks)


#: Bytes that make a version no UTF-8 text ``yamlio.decode`` accepts, or change what it decodes.
BAD_BYTES = (b"\xff", b"\xc3", b"\x00", b"\xef\xbb\xbf", b"\xff\xfe", b"\xed\xa0\x80")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_version_read_as_bytes_means_what_decoding_it_means(data: st.DataObject) -> None:
    """``parse_utf8`` (the new version's bytes compared with the last one's, only the chunk
    that changed decoded) gives what ``yamlio.decode`` then the full parse give, or ``None``;
    bytes that are not UTF-8 and byte-order marks are left to ``decode``."""
    from vanthuy_cli.storage.yamlio import decode

    raw = data.draw(clerk_texts()).encode("utf-8")
    parser = ChunkedParser()
    for n in range(data.draw(st.integers(1, 6))):
        text, _ = decode(raw, "x.yaml")
        expected = _full(text) if text is not None else None
        found = parser.parse_utf8(raw, "x.yaml") if n else None
        if found is not None:
            assert found.data == expected, raw
        elif text is not None:
            assert parser.parse(text, "x.yaml").data == expected
        starts = [0, *(i + 1 for i, byte in enumerate(raw) if byte == 10)]
        at = data.draw(st.sampled_from(starts) | st.integers(0, len(raw)))
        cut = data.draw(st.sampled_from((0, 0, 1, 2, 5)))
        typed = data.draw(
            st.sampled_from(LINES).map(lambda s: s.encode("utf-8")) | st.sampled_from(BAD_BYTES)
        )
        raw = raw[:at] + typed + raw[at + cut :]
