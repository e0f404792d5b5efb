"""Render report and plan templates: Markdown with Jinja2, DOCX with docxtpl.

Templates belong to the clerk: ``templates/`` beside ``plans/`` wins, the package's built-in copy
is the fallback so ``par report`` works from any folder. Jinja runs in a ``SandboxedEnvironment``
(a template is a document, not a program) with ``StrictUndefined`` (a misspelt variable is an error,
not a blank in a signed report). DOCX output is autoescaped so "&", "<" or quotes in a task cannot
corrupt the XML; Markdown output escapes every printed value (``|``, ``<``, ``#``, line breaks…) so
a task id cannot break a table or inject HTML, unless the template marks it ``|safe``. Every
failure becomes a ``TemplateError`` naming the template and, when Jinja knows it, the line.

A template may come from another commune, so rendering is bounded (see docs/gioi-han.md): time
(``PAR_TEMPLATE_TIMEOUT``), output size (``PAR_TEMPLATE_MAX_OUTPUT``), the size of any string or
list an expression builds (``*``, ``**``, ``%``, widths in filters and string methods, namespace
values), the size of every template file read, the uncompressed size of a DOCX template; and
``{% include %}`` reads only regular files inside the template's folder, links resolved.
"""

from __future__ import annotations

import functools
import io
import os
import re
import signal
import threading
import traceback
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

from jinja2 import BaseLoader, StrictUndefined, TemplateNotFound, TemplateSyntaxError
from jinja2 import TemplateError as JinjaError
from jinja2.environment import Environment
from jinja2.loaders import split_template_path
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import Namespace
from markupsafe import Markup

from vanthuy_cli.errors import ParError, TemplateError
from vanthuy_cli.render.termsafe import safe
from vanthuy_cli.storage.fileio import is_file, read_regular
from vanthuy_cli.textutil import long_date, lower_first, ref_date, vn_date, vn_number

# The templates have one source, templates/ at the top of the repository. A wheel ships that
# folder inside the package (pyproject.toml); a source checkout or an editable install reads it
# where it is.
_PACKAGED = Path(__file__).parent.parent / "templates"
BUILTIN = _PACKAGED if _PACKAGED.is_dir() else Path(__file__).parents[2] / "templates"

# ---- limits (docs/gioi-han.md lists each with its reason)
#: Seconds a template may render; the built-in report renders in well under one.
RENDER_SECONDS = 30.0
#: Characters a template may produce (a year's report is about 100 000).
MAX_OUTPUT_CHARS = 20_000_000
#: Length of any string or list one expression may build, and of any width or count given to a
#: filter or string method: a report never needs a 100 000-character cell.
MAX_SEQUENCE = 100_000
#: Bits of an integer ``**`` may produce (about 3 000 decimal digits).
MAX_POWER_BITS = 10_000
#: Bytes of a Markdown template or of a file it includes.
MAX_TEMPLATE_BYTES = 1024 * 1024
#: A DOCX template: bytes on disk, uncompressed bytes of all its parts, of its XML parts, and
#: number of parts. The built-in one is 40 KB; a template with a logo or letterhead a few MB.
MAX_DOCX_BYTES = 50 * 1024 * 1024
MAX_DOCX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_DOCX_XML = 32 * 1024 * 1024
MAX_DOCX_PARTS = 5000
_EMPHASIS = re.compile(r"(\*\*[^*]+\*\*|\*[^*]+\*)")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def find_template(name: str, project: Path | None, explicit: Path | None = None) -> Path:
    """``--template`` if given, else ``<project>/templates/<name>``, else the built-in copy."""
    if explicit is not None:
        if not is_file(explicit):
            raise TemplateError("template.not_found", path=str(explicit))
        return explicit
    if project is not None:
        mine = project / "templates" / name
        if is_file(mine):  # an unreadable templates/ folder is as good as none
            return mine
    return BUILTIN / name


def md_escape(value: Any) -> Markup:
    """Text safe inside Markdown (table cells included): specials escaped, no line breaks, no
    control characters. Marked safe, so the default escaping does not escape it twice."""
    text = "" if value is None else str(value)
    text = _MD_SPECIAL.sub(r"\\\1", text).replace("\r\n", " ").replace("\r", " ")
    return Markup(safe(text.replace("\n", " ")))


def _md_finalize(value: Any) -> Any:
    """Every ``{{ value }}`` of a Markdown template is escaped unless a filter marked it safe
    (``|md``, ``|rich``, ``|safe``): a task id holding "|" or "<script>" stays text."""
    if isinstance(value, Markup):
        return str(value)
    return md_escape(value)


def _filters() -> dict[str, Any]:
    return {
        "vn_date": vn_date,
        "ref_date": ref_date,
        "long_date": long_date,
        "lower_first": lower_first,
        "vn_number": lambda v: vn_number(v) if v is not None else "",
        "md": md_escape,
    }


class TemplateLimit(BaseException):
    """A resource limit hit while rendering. A ``BaseException`` so that no ``except Exception``
    inside Jinja or docxtpl swallows it; ``render_*`` turn it into a ``TemplateError``."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def _limit(name: str, default: float) -> float:
    """A limit from the environment variable ``name`` if it is a positive number."""
    try:
        value = float(os.environ.get(name, ""))
    except ValueError:
        return default
    return value if 0 < value < float("inf") else default


def _too_big(size: int) -> None:
    if size > MAX_SEQUENCE:
        raise TemplateLimit("template.limit_size", size=size, limit=MAX_SEQUENCE)


#: A width or precision of six digits or more in a %-format or a str.format field.
_HUGE_FORMAT = re.compile(r"%[-+ #0]*\d{6,}|%[-+ #0]*\d*\.\d{6,}|\{[^{}]*:[^{}]*\d{6,}[^{}]*\}")


_NESTED_WIDTH = re.compile(r"\{[^{}]*:[^{}]*\{")
_STAR_WIDTH = re.compile(r"%[-+ #0]*(?:\*|\d*\.\*)")


def _check_format(text: Any) -> None:
    if isinstance(text, str) and _HUGE_FORMAT.search(text):
        raise TemplateLimit("template.limit_size", size="≥ 100000", limit=MAX_SEQUENCE)


class _LimitedNamespace(Namespace):
    """``namespace()`` whose values cannot grow past ``MAX_SEQUENCE`` (``ns.s = ns.s ~ ns.s`` in
    a loop doubles a string 30 times before any output is produced)."""

    def __setitem__(self, name: str, value: Any) -> None:
        if isinstance(value, (str, list, tuple, dict)):
            _too_big(len(value))
        super().__setitem__(name, value)


class _Loader(BaseLoader):
    """Templates of one folder: regular files only, size-capped, inside the folder once links are
    resolved (the main template itself may be a link: the user chose it)."""

    def __init__(self, folder: Path, main: str) -> None:
        self.folder = folder
        self.main = main

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        path = self.folder.joinpath(*split_template_path(template))  # refuses ".." parts
        within = None if template == self.main else self.folder
        try:
            raw = read_regular(path, limit=MAX_TEMPLATE_BYTES, within=within)
        except FileNotFoundError:
            raise TemplateNotFound(template) from None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise TemplateError("template.encoding", path=str(path)) from None
        return text, str(path), lambda: False


class _LimitedEnvironment(SandboxedEnvironment):
    """The sandbox, with the sizes an expression can build bounded and the output counted."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_output = int(_limit("PAR_TEMPLATE_MAX_OUTPUT", MAX_OUTPUT_CHARS))
        self.globals["namespace"] = _LimitedNamespace
        self.globals.pop("lipsum", None)  # n paragraphs of filler text: no use in a report

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(count, int):
                    _too_big(len(seq) * max(count, 0))
        elif operator == "**" and isinstance(left, int) and isinstance(right, int):
            if right > 0 and abs(left) > 1 and right * abs(left).bit_length() > MAX_POWER_BITS:
                raise TemplateLimit("template.limit_power", limit=MAX_POWER_BITS)
        elif operator == "%":
            _check_format(left)
            if isinstance(left, str) and _STAR_WIDTH.search(left):  # "%*d" % (10**8, 1)
                for arg in right if isinstance(right, tuple) else (right,):
                    if isinstance(arg, int):
                        _too_big(abs(arg))
        elif operator == "+" and all(isinstance(v, (str, list, tuple)) for v in (left, right)):
            _too_big(len(left) + len(right))
        return super().call_binop(context, operator, left, right)

    def call(self, context: Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        # The sandbox wraps str.format in a function of its own: look through the wrapper.
        owner = getattr(getattr(obj, "__wrapped__", obj), "__self__", None)
        if isinstance(owner, str):  # "x".ljust(10**9), "{:>999999999}".format(1)
            _check_format(owner)
            nested = _NESTED_WIDTH.search(owner) is not None  # "{0:>{1}}": width as argument
            if nested or getattr(obj, "__name__", "") in _SIZED_METHODS:
                for arg in (*args, *kwargs.values()):
                    if isinstance(arg, int):
                        _too_big(arg)
        return super().call(context, obj, *args, **kwargs)

    def concat(self, pieces: Iterable[str]) -> str:
        """``Template.render`` joins its pieces here: count them as they come."""
        out: list[str] = []
        size = 0
        for piece in pieces:
            size += len(piece)
            if size > self.max_output:
                raise TemplateLimit(
                    "template.limit_output", limit=self.max_output, env="PAR_TEMPLATE_MAX_OUTPUT"
                )
            out.append(piece)
        return "".join(out)


#: String methods whose integer arguments are the length of what they build.
_SIZED_METHODS = frozenset({"ljust", "rjust", "center", "zfill", "expandtabs"})
#: Built-in filters taking a width or a count that sizes what they build.
_SIZED_FILTERS = ("center", "indent", "wordwrap", "truncate", "batch", "slice", "format")


def _bounded_filter(func: Callable[..., Any]) -> Callable[..., Any]:
    """A built-in filter whose numeric arguments (widths, counts) are capped."""
    skip = 2 if hasattr(func, "jinja_pass_arg") else 1  # (context,) value, then the arguments

    def bounded(*args: Any, **kwargs: Any) -> Any:
        for arg in (*args[skip:], *kwargs.values()):
            if isinstance(arg, int) and not isinstance(arg, bool):
                _too_big(abs(arg))
        if func.__name__ == "do_format" and len(args) >= skip:
            _check_format(args[skip - 1])
        return func(*args, **kwargs)

    if hasattr(func, "jinja_pass_arg"):
        bounded.jinja_pass_arg = func.jinja_pass_arg  # type: ignore[attr-defined]
    bounded.__name__ = func.__name__
    return bounded


@contextmanager
def _deadline(template: Path) -> Iterator[None]:
    """Stop rendering after ``PAR_TEMPLATE_TIMEOUT`` seconds (Unix, main thread: SIGALRM)."""
    seconds = _limit("PAR_TEMPLATE_TIMEOUT", RENDER_SECONDS)
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def expire(_signum: int, _frame: FrameType | None) -> None:
        raise TemplateLimit("template.limit_time", seconds=f"{seconds:g}")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _environment(template: Path, *, autoescape: bool) -> _LimitedEnvironment:
    env = _LimitedEnvironment(
        loader=_Loader(template.parent, template.name),
        undefined=StrictUndefined,
        autoescape=autoescape,
        finalize=None if autoescape else _md_finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    for name in _SIZED_FILTERS:
        env.filters[name] = _bounded_filter(env.filters[name])
    env.filters.update(_filters())
    return env


def render_markdown(template: Path, context: dict[str, Any]) -> str:
    """Render a Jinja2 text template; ``TemplateError`` with file and line on any failure."""
    env = _environment(template, autoescape=False)
    env.filters["rich"] = Markup  # Markdown already means *italic* and **bold**
    try:
        with _deadline(template):
            return env.get_template(template.name).render(context)
    except TemplateLimit as exc:
        raise TemplateError(exc.key, path=str(template), **exc.params) from None
    except ParError:
        raise
    except TemplateNotFound as exc:
        if exc.name and exc.name != template.name:  # a missing {% include %}: name it
            raise TemplateError(
                "template.include_missing", path=str(template), name=str(exc.name)
            ) from None
        raise TemplateError("template.not_found", path=str(template)) from None
    except TemplateSyntaxError as exc:
        raise TemplateError(
            "template.syntax", path=str(template), line=exc.lineno, detail=exc.message or str(exc)
        ) from None
    except UnicodeDecodeError:
        raise TemplateError("template.encoding", path=str(template)) from None
    except JinjaError as exc:
        raise TemplateError(
            "template.render",
            path=str(template),
            line=_template_line(exc, template),
            detail=str(exc),
        ) from None
    except Exception as exc:
        raise TemplateError(
            "template.render",
            path=str(template),
            line=_template_line(exc, template),
            detail=_describe(exc),
        ) from None


def render_docx(
    template: Path, context: dict[str, Any], *, finish: Callable[[Any], None] | None = None
) -> bytes:
    """Render a docxtpl template to DOCX bytes; ``TemplateError`` on any failure.

    ``finish`` changes the rendered python-docx ``Document`` in place before it is saved
    (``docxfinish.finish_document``): the same document as finishing the saved bytes, without
    writing and reading the whole archive a second time."""
    from docxtpl import RichText

    env = _environment(template, autoescape=True)
    env.filters["rich"] = _rich_text(RichText)
    _check_docx_archive(template)
    unclosed = _unclosed_docx_tag(template)
    if unclosed:
        raise TemplateError("template.unclosed_docx", path=str(template), near=unclosed)
    try:
        document = _docx_template_class()(str(template))
        document.init_docx()
    except Exception as exc:  # not a zip, not a Word file, broken XML…
        raise TemplateError(
            "template.docx_invalid", path=str(template), detail=_describe(exc)
        ) from None
    try:
        with _deadline(template):
            document.render(context, jinja_env=env, autoescape=True)
        _empty_properties_as_empty_elements(document.docx)
        if finish is not None:
            finish(document.docx)
        out = io.BytesIO()
        document.save(out)
    except TemplateLimit as exc:
        raise TemplateError(exc.key, path=str(template), **exc.params) from None
    except ParError:
        raise
    except TemplateNotFound as exc:
        raise TemplateError(
            "template.include_missing", path=str(template), name=str(exc.name)
        ) from None
    except TemplateSyntaxError as exc:
        raise TemplateError(
            "template.syntax_docx",
            path=str(template),
            near=_near(exc),
            detail=exc.message or str(exc),
        ) from None
    except JinjaError as exc:
        raise TemplateError("template.render_docx", path=str(template), detail=str(exc)) from None
    except Exception as exc:  # a filter failing, a recursion, a range too big
        raise TemplateError(
            "template.render_docx", path=str(template), detail=_describe(exc)
        ) from None
    return out.getvalue()


def _empty_properties_as_empty_elements(document: Any) -> None:
    """docxtpl renders the document properties (title, subject…) as text, "" when empty, which
    lxml writes as ``<dc:title></dc:title>``; read back, the same element is written
    ``<dc:title/>``. The properties part is written the second way, whether or not the
    document is finished after a round trip through its bytes."""
    for element in document.core_properties._element.iter():
        if element.text == "":
            element.text = None


#: A paragraph as docxtpl's ``resolve_listing`` finds them, and the characters it rewrites.
_DOCXTPL_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)
_DOCXTPL_LISTING = re.compile("[\t\a\n\f]")


@functools.cache
def _docx_template_class() -> type:
    """docxtpl's ``DocxTemplate``, with its ``resolve_listing`` handed only the paragraphs it
    can change.

    After rendering, docxtpl turns a tab, ``\\a``, a line break or ``\\f`` in a text into Word's
    tab, paragraph, line and page breaks, paragraph by paragraph with three nested regular
    expressions and a callback per paragraph, run and text: 40% of rendering a 2,000-task report.
    A paragraph holding none of those characters comes out as it went in, so only the others
    go through docxtpl's code, one at a time (the same match: a paragraph ends at its first
    ``</w:p>``), and the XML is the same."""
    from docxtpl import DocxTemplate

    class _DocxTemplate(DocxTemplate):  # type: ignore[misc]
        def resolve_listing(self, xml: str) -> str:
            out: list[str] = []
            end = 0
            for paragraph in _DOCXTPL_PARAGRAPH.finditer(xml):
                if _DOCXTPL_LISTING.search(xml, paragraph.start(), paragraph.end()):
                    out.append(xml[end : paragraph.start()])
                    out.append(super().resolve_listing(paragraph.group(0)))
                    end = paragraph.end()
            out.append(xml[end:])
            return "".join(out)

        def fix_tables(self, xml: str) -> Any:
            from lxml import etree  # type: ignore[import-untyped]  # docxtpl's XML library

            tree = etree.fromstring(xml, parser=etree.XMLParser(recover=True))
            if _tables_are_consistent(tree):
                return tree  # what docxtpl returns when it has nothing to change
            return super().fix_tables(xml)

    return _DocxTemplate


def _tables_are_consistent(tree: Any) -> bool:
    """True when docxtpl's ``fix_tables`` would change nothing: in every table no row has more
    cells than the grid has columns, and some row spans all the columns (docxtpl adds columns
    in the first case and removes the ones no row reaches in the second). Counted by XPath in
    lxml instead of a Python call per cell: 17,000 cells in a 2,000-task report."""
    from lxml import etree

    namespaces = {"w": tree.nsmap.get("w")}
    if namespaces["w"] is None or tree.xpath(_ODD_SPAN, namespaces=namespaces):
        return False
    grid = etree.XPath("count(w:tblGrid[1]/w:gridCol)", namespaces=namespaces)
    consistent = etree.XPath(_CONSISTENT, namespaces=namespaces)
    for table in tree.iter(f"{{{namespaces['w']}}}tbl"):
        if table.find(f"{{{namespaces['w']}}}tblGrid") is None:
            return False  # docxtpl's own code says what is wrong
        if not consistent(table, n=grid(table)):
            return False
    return True


#: A span docxtpl reads as ``int(val)`` that XPath would read otherwise: not a plain number.
_ODD_SPAN = (
    "boolean(//w:gridSpan[not(@w:val) or @w:val = '' or translate(@w:val, '0123456789', '') != ''])"
)
#: No row with more cells than ``$n`` grid columns, and one row spanning them all (or no grid).
_CONSISTENT = (
    "not(.//w:tr[count(w:tc) > $n]) and ($n = 0 or boolean(.//w:tr["
    "count(w:tc[not(w:tcPr[1]/w:gridSpan[1])]) + sum(w:tc/w:tcPr[1]/w:gridSpan[1]/@w:val) >= $n"
    "]))"
)


def _check_docx_archive(template: Path) -> None:
    """Refuse a DOCX whose parts would inflate past the limits, before anything unpacks it.

    Python's zipfile never inflates an entry past the size its header declares, so summing the
    declared sizes bounds what python-docx and lxml will be given (a 600 MB ``document.xml`` in a
    small zip otherwise costs gigabytes before failing).
    """
    try:
        size = os.stat(template).st_size
    except OSError as exc:
        raise TemplateError(
            "template.docx_invalid", path=str(template), detail=exc.strerror or str(exc)
        ) from None
    if size > MAX_DOCX_BYTES:
        raise TemplateError(
            "template.docx_too_large", path=str(template), size=size, limit=MAX_DOCX_BYTES
        )
    try:
        with zipfile.ZipFile(template) as archive:
            infos = archive.infolist()
    except (OSError, zipfile.BadZipFile, ValueError):
        return  # not a zip: docxtpl says so with its own words
    total = sum(info.file_size for info in infos)
    xml = sum(info.file_size for info in infos if info.filename.endswith((".xml", ".rels")))
    if len(infos) > MAX_DOCX_PARTS or total > MAX_DOCX_UNCOMPRESSED or xml > MAX_DOCX_XML:
        raise TemplateError(
            "template.docx_too_large",
            path=str(template),
            size=total,
            limit=MAX_DOCX_UNCOMPRESSED if xml <= MAX_DOCX_XML else MAX_DOCX_XML,
        )


_DOCX_PARAGRAPH = re.compile(r"<w:p[ >].*?</w:p>", re.DOTALL)
_DOCX_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")
_DOCX_DELIMITER = re.compile(r"\{\{|\{%|\{#|\}\}|%\}|#\}")
_CLOSER = {"{{": "}}", "{%": "%}", "{#": "#}"}


def _unclosed_docx_tag(template: Path) -> str:
    """The start of the first Jinja tag left open at the end of its paragraph, or "".

    docxtpl joins a tag's pieces across Word runs by deleting the XML up to the next closing
    delimiter, so "{{ doc.subject " with no "}}" silently swallows the paragraphs up to the next
    tag and renders a document with text missing. A tag never spans paragraphs, so an open one
    at a paragraph's end is a mistake to report, not to repair.
    """
    try:
        with zipfile.ZipFile(template) as archive:
            parts = [
                archive.read(name).decode("utf-8", "replace")
                for name in archive.namelist()
                if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", name)
            ]
    except (OSError, zipfile.BadZipFile, KeyError):
        return ""  # docxtpl reports an unreadable file with its own message
    for xml in parts:
        for paragraph in _DOCX_PARAGRAPH.finditer(xml):
            text = "".join(_DOCX_TEXT.findall(paragraph.group(0)))
            opened: str | None = None
            start = 0
            for mark in _DOCX_DELIMITER.finditer(text):
                token = mark.group(0)
                if token in _CLOSER:
                    if opened is not None:
                        return text[start : mark.start()].strip()[:60]
                    opened, start = token, mark.start()
                elif opened is not None and token == _CLOSER[opened]:
                    opened = None
            if opened is not None:
                return text[start:].strip()[:60]
    return ""


def _rich_text(rich_text_class: type) -> Any:
    """``{{r text|rich }}`` in a DOCX template: *italic* and **bold** become real formatting."""

    def convert(text: str) -> Any:
        rt = rich_text_class()
        for part in _EMPHASIS.split(text or ""):
            if not part:
                continue
            if part.startswith("**") and part.endswith("**") and len(part) > 4:
                rt.add(part[2:-2], bold=True)
            elif part.startswith("*") and part.endswith("*") and len(part) > 2:
                rt.add(part[1:-1], italic=True)
            else:
                rt.add(part)
        return rt

    return convert


def _template_line(exc: BaseException, template: Path) -> int | str:
    """The template line Jinja was executing, from the traceback it rewrites for templates."""
    line: int | str = "?"
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename and Path(frame.filename).name == template.name:
            line = frame.lineno or "?"
    return line


def _near(exc: TemplateSyntaxError) -> str:
    """The Jinja tag near a DOCX syntax error (its line number counts XML the clerk never sees)."""
    source = exc.source or ""
    lines = source.splitlines()
    if exc.lineno and 0 < exc.lineno <= len(lines):
        text = re.sub(r"<[^>]+>", "", lines[exc.lineno - 1])
        tags = re.findall(r"\{[{%].{0,60}?[}%]\}|\{[{%].{0,60}", text)
        if tags:
            return str(tags[-1])
        return text.strip()[:80]
    return ""


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
