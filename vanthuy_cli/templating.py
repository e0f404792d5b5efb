"""Render report and plan templates: Markdown with Jinja2, DOCX with docxtpl.

Templates belong to the clerk: ``templates/`` beside ``plans/`` wins, the package's built-in copy
is the fallback so ``par report`` works from any folder. Jinja runs in a ``SandboxedEnvironment``
(a template is a document, not a program) with ``StrictUndefined`` (a misspelt variable is an error,
not a blank in a signed report). DOCX output is autoescaped so "&", "<" or quotes in a task cannot
corrupt the XML. Every failure becomes a ``TemplateError`` naming the template and, when Jinja
knows it, the line.
"""

from __future__ import annotations

import io
import re
import traceback
import zipfile
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, TemplateNotFound, TemplateSyntaxError
from jinja2 import TemplateError as JinjaError
from jinja2.sandbox import SandboxedEnvironment

from vanthuy_cli.errors import TemplateError
from vanthuy_cli.textutil import long_date, lower_first, ref_date, vn_date, vn_number

BUILTIN = Path(__file__).with_name("templates")
_EMPHASIS = re.compile(r"(\*\*[^*]+\*\*|\*[^*]+\*)")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def find_template(name: str, project: Path | None, explicit: Path | None = None) -> Path:
    """``--template`` if given, else ``<project>/templates/<name>``, else the built-in copy."""
    if explicit is not None:
        if not explicit.is_file():
            raise TemplateError("template.not_found", path=str(explicit))
        return explicit
    if project is not None:
        mine = project / "templates" / name
        if mine.is_file():
            return mine
    return BUILTIN / name


def md_escape(value: Any) -> str:
    """Text safe inside Markdown (table cells included): specials escaped, no line breaks."""
    text = "" if value is None else str(value)
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\r", "").replace("\n", " ")


def _filters() -> dict[str, Any]:
    return {
        "vn_date": vn_date,
        "ref_date": ref_date,
        "long_date": long_date,
        "lower_first": lower_first,
        "vn_number": lambda v: vn_number(v) if v is not None else "",
        "md": md_escape,
    }


def _environment(folder: Path, *, autoescape: bool) -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=FileSystemLoader(str(folder), encoding="utf-8"),
        undefined=StrictUndefined,
        autoescape=autoescape,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(_filters())
    return env


def render_markdown(template: Path, context: dict[str, Any]) -> str:
    """Render a Jinja2 text template; ``TemplateError`` with file and line on any failure."""
    env = _environment(template.parent, autoescape=False)
    env.filters["rich"] = lambda text: text  # Markdown already means *italic* and **bold**
    try:
        return env.get_template(template.name).render(context)
    except TemplateNotFound:
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


def render_docx(template: Path, context: dict[str, Any]) -> bytes:
    """Render a docxtpl template to DOCX bytes; ``TemplateError`` on any failure."""
    from docxtpl import DocxTemplate, RichText

    env = _environment(template.parent, autoescape=True)
    env.filters["rich"] = _rich_text(RichText)
    unclosed = _unclosed_docx_tag(template)
    if unclosed:
        raise TemplateError("template.unclosed_docx", path=str(template), near=unclosed)
    try:
        document = DocxTemplate(str(template))
        document.render(context, jinja_env=env, autoescape=True)
        out = io.BytesIO()
        document.save(out)
    except TemplateSyntaxError as exc:
        raise TemplateError(
            "template.syntax_docx",
            path=str(template),
            near=_near(exc),
            detail=exc.message or str(exc),
        ) from None
    except JinjaError as exc:
        raise TemplateError("template.render_docx", path=str(template), detail=str(exc)) from None
    except Exception as exc:
        raise TemplateError(
            "template.docx_invalid", path=str(template), detail=_describe(exc)
        ) from None
    return out.getvalue()


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
