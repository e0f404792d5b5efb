"""Property-based tests of the strict loader: bad input gives findings, never an exception.

The only acceptable outcome for a bad file is a list of findings (or a ``ParError`` where a
command must stop); anything else that escapes is a bug in par.
"""

from __future__ import annotations

import datetime
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from tests.helpers import APPENDIX, PLAN, write_plans
from vanthuy_cli.errors import ParError
from vanthuy_cli.findings import RULES, Finding
from vanthuy_cli.reading.workspace import load_workspace
from vanthuy_cli.render import render_findings
from vanthuy_cli.render.catalog import Translator
from vanthuy_cli.storage.yamlio import YamlDoc, parse_bytes, parse_text

FAST = settings(max_examples=300, deadline=None)
SLOW = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: Characters that make text look like YAML, so that generated input reaches the parser's corners.
YAML_CHARS = [
    *list(":-#[]{},'\"&*!|>%@`?~ \t\n"),
    "  ",
    "- ",
    ": ",
    "\r\n",
    "---",
    "...",
    "ệ",
    "e\u0302\u0323",
    "\ufeff",
    "\x00",
    "\x07",
]
yamlish_text = st.lists(
    st.one_of(st.sampled_from(YAML_CHARS), st.text(max_size=5)), max_size=60
).map("".join)


def check_doc(doc: Any, name: str = "x.yaml") -> None:
    """What every parse must return: a YamlDoc, and a reason whenever there is no data."""
    assert isinstance(doc, YamlDoc)
    assert doc.name == name
    if doc.data is None:
        assert doc.findings, "no data and no finding"
    for f in doc.findings:
        assert isinstance(f, Finding)
        assert f.rule in RULES
        assert f.path == name
        assert f.line >= 0 and f.col >= 0 and (f.line == 0) == (f.col == 0)


# ------------------------------------------------------------------------------- (a) raw bytes


@FAST
@given(st.binary(max_size=4000))
@example(b"")
@example(b"\xef\xbb\xbf")
@example(b"\xff\xfe\x00\x00")
@example(b"\xfe\xff")
@example(b"a: \x00b\n")
@example(b"a: b\xc3\n")
@example("tiêu_đề: Vạn Thủy\n".encode("cp1258", errors="replace"))
def test_arbitrary_bytes_never_raise(raw: bytes) -> None:
    check_doc(parse_bytes(raw, "x.yaml"))


@FAST
@given(st.one_of(yamlish_text, st.text()).map(lambda t: t.encode("utf-8")))
def test_utf8_bytes_never_raise(raw: bytes) -> None:
    check_doc(parse_bytes(raw, "x.yaml"))


# ------------------------------------------------------------------------------- (b) raw text


@FAST
@given(st.text())
@example("")
@example("\t")
@example("a:\n\tb: c")
@example("\x07")
@example("? [a]\n: b")
@example("*x")
@example("!!binary abc")
@example("a: &x 1\nb: *x")
@example("--- a\n--- b")
@example("[" * 100)
def test_arbitrary_text_never_raises(text: str) -> None:
    check_doc(parse_text(text, "x.yaml"))


@FAST
@given(yamlish_text)
def test_yamlish_text_never_raises(text: str) -> None:
    doc = parse_text(text, "x.yaml")
    check_doc(doc)
    # Without positions the data and findings are the same.
    bare = parse_text(text, "x.yaml", track_positions=False)
    assert bare.data == doc.data
    assert [(f.line, f.col, f.rule) for f in bare.findings] == [
        (f.line, f.col, f.rule) for f in doc.findings
    ]


@FAST
@given(st.one_of(yamlish_text, st.text()))
def test_utf8_bom_is_invisible(text: str) -> None:
    """A UTF-8 BOM in front of the bytes changes nothing: same data, same findings."""
    assume("\x00" not in text)  # NUL-heavy text is taken for UTF-16, with or without a BOM
    assume(not text.startswith("\ufeff"))  # a second BOM is text, left to the parser
    plain = parse_bytes(text.encode("utf-8"), "x.yaml")
    with_bom = parse_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"), "x.yaml")
    assert with_bom.data == plain.data
    assert [(f.line, f.col, f.rule) for f in with_bom.findings] == [
        (f.line, f.col, f.rule) for f in plain.findings
    ]


# ----------------------------------------------------------------- (c) YAML written by safe_dump

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.dates(),
    st.datetimes(),
    st.text(),
    st.sampled_from(
        [
            "yes",
            "no",
            "on",
            "off",
            "~",
            "null",
            "1:20",
            "0x1F",
            "1_000",
            "2024-09-30",
            "1e3",
            ".inf",
            "=",
            "<<",
            "Vạn Thủy",
            "e\u0301",
        ]
    ),
)
keys = st.one_of(st.text(), st.sampled_from(["loai", "no", "yes", "null", "1", "2024-01-01", "<<"]))
trees = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=4)
    ),
    max_leaves=20,
)
text_trees = st.recursive(
    st.text(),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(), children, max_size=4)
    ),
    max_leaves=20,
)


def scalars_of(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [*value.keys(), *(s for v in value.values() for s in scalars_of(v))]
    if isinstance(value, list):
        return [s for v in value for s in scalars_of(v)]
    return [value]


def nfc(value: Any) -> Any:
    if isinstance(value, dict):
        return {nfc(k): nfc(v) for k, v in value.items()}
    if isinstance(value, list):
        return [nfc(v) for v in value]
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


@FAST
@given(trees, st.booleans())
@example({"trang_thai": False, "nam": 2024, "ngay": datetime.date(2024, 9, 30)}, True)
@example([None, True, 1.5, "no"], False)
def test_safe_dump_loads_as_text_only(tree: Any, allow_unicode: bool) -> None:
    dumped = yaml.safe_dump(tree, allow_unicode=allow_unicode)
    doc = parse_text(dumped, "x.yaml")
    check_doc(doc)
    if not doc.findings:
        for scalar in scalars_of(doc.data):
            assert scalar is None or type(scalar) is str, (scalar, dumped)


@FAST
@given(text_trees, st.booleans())
def test_safe_dump_of_text_round_trips(tree: Any, allow_unicode: bool) -> None:
    """Text written by safe_dump comes back as the same text (NFC), in the same structure."""
    dumped = yaml.safe_dump(tree, allow_unicode=allow_unicode)
    doc = parse_text(dumped, "x.yaml")
    check_doc(doc)
    rules = {f.rule for f in doc.findings}
    assume(rules <= {"TEXT-NFD"})  # YAML-DEPTH, or two keys equal once normalised
    # par reads text exactly as PyYAML's own safe loader does...
    assert doc.data == nfc(yaml.load(dumped, Loader=yaml.CSafeLoader)), dumped
    # ...which is the text written, except where PyYAML's emitter itself does not round-trip:
    # it writes NEL (U+0085), a YAML 1.1 line break, raw inside single quotes.
    if not any(isinstance(s, str) and "\x85" in s for s in scalars_of(tree)):
        assert doc.data == nfc(tree), dumped
    assert ("TEXT-NFD" in rules) == any(
        isinstance(s, str) and not unicodedata.is_normalized("NFC", s) for s in scalars_of(tree)
    )


# ------------------------------------------------------------- (d) arbitrary plan/appendix files


def load_with(files: dict[str, bytes | str]) -> None:
    """Load a valid helpers folder with ``files`` replaced; only findings or ParError allowed."""
    with tempfile.TemporaryDirectory() as tmp:
        plans = write_plans(Path(tmp), files=files)
        try:
            ws = load_workspace(plans, today=datetime.date(2024, 12, 31))
        except ParError:
            return
        for f in ws.findings:
            assert f.rule in RULES
            assert f.line >= 0 and f.col >= 0
        assert list(ws.findings) == sorted(ws.findings, key=Finding.sort_key)
        assert ws.docs


def mutate(base: str, edits: list[tuple[int, int, bytes]]) -> bytes:
    """``base`` as UTF-8 with each (position, length, replacement) edit applied."""
    raw = bytearray(base.encode("utf-8"))
    for pos, length, new in edits:
        pos %= len(raw) + 1
        raw[pos : pos + length] = new
    return bytes(raw)


edits = st.lists(
    st.tuples(
        st.integers(0, 5000),
        st.integers(0, 8),
        st.one_of(st.binary(max_size=6), yamlish_text.map(lambda t: t.encode("utf-8"))),
    ),
    min_size=1,
    max_size=4,
)


def replace_line(base: str, index: int, new: str) -> str:
    lines = base.splitlines(keepends=True)
    index %= len(lines)
    indent = lines[index][: len(lines[index]) - len(lines[index].lstrip(" "))]
    lines[index] = indent + new + "\n"
    return "".join(lines)


@SLOW
@given(st.sampled_from(["ke-hoach.yaml", "phu-luc-I.yaml"]), st.binary(max_size=4000))
@example("ke-hoach.yaml", b"")
@example("phu-luc-I.yaml", b"loai: phu_luc\n")
def test_arbitrary_bytes_as_plan_file(name: str, raw: bytes) -> None:
    load_with({name: raw})


@SLOW
@given(st.sampled_from(["ke-hoach.yaml", "phu-luc-I.yaml"]), edits)
def test_mutated_plan_files(name: str, changes: list[tuple[int, int, bytes]]) -> None:
    load_with({name: mutate(PLAN if name == "ke-hoach.yaml" else APPENDIX, changes)})


@SLOW
@given(
    st.sampled_from(["ke-hoach.yaml", "phu-luc-I.yaml"]),
    st.integers(0, 100),
    st.one_of(yamlish_text, st.text(max_size=40)),
)
@example("phu-luc-I.yaml", 13, "thoi_han: ")
@example("phu-luc-I.yaml", 13, "thoi_han: Hằng tháng, trước ngày 1")
@example("phu-luc-I.yaml", 19, "trang_thai: hoan_thanh\n    ky: 2024-Q9")
@example("ke-hoach.yaml", 17, "tep: .")
@example("ke-hoach.yaml", 17, "tep: ../ke-hoach.yaml")
@example("ke-hoach.yaml", 7, "nam: 99999999999999999999")
def test_one_line_replaced(name: str, index: int, new: str) -> None:
    """Any line of a valid file replaced by anything (keeping its indentation)."""
    base = PLAN if name == "ke-hoach.yaml" else APPENDIX
    load_with({name: replace_line(base, index, new)})


# ------------------------------------------------------------------- (e) CRLF line endings

printable = st.text(
    alphabet=st.one_of(
        st.sampled_from(list(":-#[]{},'\"&*!|>?~ \n")),
        st.characters(codec="utf-8").filter(str.isprintable),
    ),
    max_size=200,
)


@FAST
@given(printable)
@example("a: |\n  x\n  y\n")
@example("a: >\n  x\n\n  y\n")
@example('a: "x\n  y"\n')
@example("- a\n- b: c\n  d: e\n")
def test_crlf_reads_like_lf(text: str) -> None:
    lf = parse_text(text, "x.yaml")
    assume(lf.data is not None)
    crlf = parse_text(text.replace("\n", "\r\n"), "x.yaml")
    check_doc(crlf)
    assert crlf.data == lf.data
    # And every node is at the same line and column.
    assert crlf.values == lf.values
    assert crlf.keys == lf.keys


# ------------------------------------------------------- rendering every finding of a load

translators = [Translator("vi"), Translator("en")]


def render_all(findings: list[Finding]) -> None:
    for t in translators:
        render_findings.as_json(findings, 1, 1, t)
        render_findings.as_github(findings, t)
        render_findings.as_text(findings, t)


@SLOW
@given(
    st.sampled_from(["ke-hoach.yaml", "phu-luc-I.yaml"]),
    st.integers(0, 100),
    st.one_of(yamlish_text, st.text(max_size=40)),
)
def test_every_finding_renders(name: str, index: int, new: str) -> None:
    base = PLAN if name == "ke-hoach.yaml" else APPENDIX
    with tempfile.TemporaryDirectory() as tmp:
        plans = write_plans(Path(tmp), files={name: replace_line(base, index, new)})
        ws = load_workspace(plans, today=datetime.date(2024, 12, 31))
        render_all(ws.findings)


def test_findings_with_a_key_parameter_render() -> None:
    doc = parse_text("a: 1\na: 2\n", "x.yaml")
    assert [f.rule for f in doc.findings] == ["YAML-DUPLICATE-KEY"]
    render_all(doc.findings)


def test_positions_name_the_key_the_value_and_each_list_item() -> None:
    """What a finding's file:line:col is built from (``YamlDoc.pos``), on a small file whose
    positions are counted by hand: keys, values, list items, flow lists, a path that is not
    there (its nearest ancestor), and the key of a node that has none (a list item)."""
    text = (
        "loai: phu_luc\n"  # 1
        "nhom:\n"  # 2
        "  - ten: Nhóm một\n"  # 3
        "    nhiem_vu:\n"  # 4
        "      - ma: I.1\n"  # 5
        "        ho_tro: [van_hoa, tu_phap]\n"  # 6
    )
    doc = parse_text(text, "p.yaml")
    task = ("nhom", 0, "nhiem_vu", 0)
    assert doc.pos(("loai",)) == (1, 7) and doc.pos(("loai",), key=True) == (1, 1)
    assert doc.pos(("nhom",)) == (3, 3) and doc.pos(("nhom",), key=True) == (2, 1)
    assert doc.pos(("nhom", 0)) == (3, 5)
    assert doc.pos(("nhom", 0), key=True) == (3, 3)  # no key: the list's own position
    assert doc.pos(("nhom", 0, "ten"), key=True) == (3, 5)
    assert doc.pos(("nhom", 0, "ten")) == (3, 10)
    assert doc.pos((*task, "ma")) == (5, 13) and doc.pos((*task, "ma"), key=True) == (5, 9)
    assert doc.pos((*task, "ho_tro", 1)) == (6, 27)
    assert doc.pos((*task, "han")) == (5, 9)  # missing: where the task starts
    assert doc.pos((*task, "ho_tro", 7, "x")) == (6, 17)
    assert doc.pos(()) == (1, 1)
    assert doc.keys[(*task, "ho_tro")] == (6, 9) and (*task, "ho_tro", 0) not in doc.keys
    assert len(doc.values) == 11 and len(doc.keys) == 6  # the root has a position
