"""Reading a résumé file into plain text lines, then into a :class:`~roleatlas.resume.model.Resume`.

Formats
-------
=============  =====================================================================================
format         how it is read
=============  =====================================================================================
pdf            pypdf, the text layer of each page in order. A PDF without a text layer (a scan,
               a photo) raises :class:`~roleatlas.errors.InputError` saying so.
docx           python-docx: paragraphs and table cells in document order (merged cells once).
text           UTF-8 (a BOM is dropped; Latin-1 when it is not UTF-8).
markdown       as text; headings (``## Experience``) and emphasis are read by the extractor.
json-resume    the jsonresume.org schema: ``basics``, ``work[]``, ``education[]``, ``skills[]``,
               ``projects[]``, ``certificates[]``, ``languages[]`` rendered to lines (so every
               item has a line to quote); positions, dates and degrees are taken from the
               structure, skills from the lines.
=============  =====================================================================================

The format comes from ``format=``, else the file name's extension, else the bytes (``%PDF-``,
a ZIP holding ``word/document.xml``, a JSON object). Everything happens in memory; nothing
here writes, caches or logs the résumé's text. Inputs are bounded: the file by
``Limits.max_resume_bytes`` (setting ``max_resume_bytes``, 10 MiB), a DOCX's unpacked size by
:data:`MAX_UNPACKED_BYTES`.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

from roleatlas.errors import InputError, UnknownFormatError
from roleatlas.limits import DEFAULT_LIMITS, Limits, format_bytes
from roleatlas.resume.model import Evidence, Resume, ResumeDegree, ResumeJob

__all__ = ["FORMATS", "MAX_UNPACKED_BYTES", "detect_format", "read_resume", "resume_text"]

#: The formats :func:`read_resume` reads.
FORMATS = ("pdf", "docx", "text", "markdown", "json-resume")

#: Largest total unpacked size of a DOCX (a ZIP): a small file may not unpack into gigabytes.
MAX_UNPACKED_BYTES = 200 << 20

_EXTENSIONS = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".json": "json-resume",
}
_REFUSED_EXTENSIONS = {
    ".doc": "an old Word .doc file",
    ".rtf": "an RTF file",
    ".odt": "an OpenDocument text file",
    ".pages": "an Apple Pages file",
    ".png": "an image",
    ".jpg": "an image",
    ".jpeg": "an image",
}
_SAVE_AS = "Save it as PDF, DOCX or plain text (or paste the text) and try again."


def detect_format(data: bytes, filename: str | None = None) -> str:
    """The résumé format of ``data``: from the file name's extension, else from the bytes.

    Raises
    ------
    UnknownFormatError
        For a format roleatlas does not read (an old ``.doc``, an image, binary data).

    Examples
    --------
    >>> detect_format(b"%PDF-1.7 ...")
    'pdf'
    >>> detect_format(b"# Ada\\n## Experience", "cv.md")
    'markdown'
    >>> detect_format(b'{"basics": {"name": "A"}, "work": []}')
    'json-resume'
    """
    if filename:
        suffix = Path(filename).suffix.lower()
        if suffix in _EXTENSIONS:
            return _EXTENSIONS[suffix]
        if suffix in _REFUSED_EXTENSIONS:
            raise UnknownFormatError(
                f"{filename!r} looks like {_REFUSED_EXTENSIONS[suffix]}, which roleatlas does "
                f"not read. {_SAVE_AS}"
            )
    head = data[:8].lstrip()
    if head.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnknownFormatError(f"This looks like an old Word .doc file. {_SAVE_AS}")
    if data.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        raise UnknownFormatError(f"This looks like an image, not a résumé text. {_SAVE_AS}")
    if b"\x00" in data[:4096]:
        raise UnknownFormatError(
            "The résumé is binary data in a format roleatlas does not read. " + _SAVE_AS
        )
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        try:
            obj = json.loads(_decode(data))
        except ValueError:
            return "text"
        if isinstance(obj, dict) and obj.keys() & {"basics", "work", "education", "skills"}:
            return "json-resume"
    return "text"


def read_resume(
    source: str | Path | bytes,
    *,
    filename: str | None = None,
    format: str | None = None,  # noqa: A002 - the name users know from --format
    limits: Limits = DEFAULT_LIMITS,
    today: date | None = None,
) -> Resume:
    """Read a résumé and extract its skills, degrees, positions and years of experience.

    Parameters
    ----------
    source:
        A path, or the file's bytes (an upload).
    filename:
        The file's name when ``source`` is bytes (its extension chooses the format).
    format:
        One of :data:`FORMATS`; detected when not given.
    limits:
        ``limits.max_resume_bytes`` bounds the file.
    today:
        The reference date of "Present" and of years of experience (default: today).

    Returns
    -------
    Resume
        Every item carries the line of ``Resume.text`` it was read from.

    Raises
    ------
    InputError
        If the file is missing, too large, damaged, encrypted, or a PDF with no text layer.
    UnknownFormatError
        If the format is not one of :data:`FORMATS`.
    """
    from roleatlas.resume.extract import experience_years, extract_resume

    text, fmt, structure = resume_text(source, filename=filename, format=format, limits=limits)
    resume = extract_resume(text, format=fmt, today=today)
    if structure is not None:
        jobs, degrees = structure
        if jobs:
            resume.jobs = jobs
            years, evidence = experience_years(jobs, today=today)
            resume.years_experience, resume.years_evidence = years, evidence
        if degrees:
            resume.degrees = degrees
    return resume


_Structure = tuple[list[ResumeJob], list[ResumeDegree]]


def resume_text(
    source: str | Path | bytes,
    *,
    filename: str | None = None,
    format: str | None = None,  # noqa: A002
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[str, str, _Structure | None]:
    """The plain text of a résumé, its format, and (JSON Resume only) its positions and degrees.

    Lines are separated by ``"\\n"``; items' ``Evidence.line`` numbers index these lines.
    See :func:`read_resume` for the parameters and errors.
    """
    data, name = _read_bytes(source, filename, limits)
    if format is not None and format not in FORMATS:
        raise UnknownFormatError(
            f"Unknown résumé format {format!r}. Use one of: {', '.join(FORMATS)}."
        )
    fmt = format or detect_format(data, name)
    if fmt == "pdf":
        return _clean(_pdf_text(data)), fmt, None
    if fmt == "docx":
        return _clean(_docx_text(data)), fmt, None
    if fmt == "json-resume":
        try:
            obj = json.loads(_decode(data))
        except ValueError as exc:
            raise InputError(
                f"The JSON Resume is not valid JSON ({exc}). Check the file, or read it as "
                "text with --format text."
            ) from None
        lines, structure = render_json_resume(obj)
        return "\n".join(_CONTROL_RE.sub(" ", line).rstrip() for line in lines), fmt, structure
    text = _clean(_decode(data))
    if not text.strip():
        raise InputError("The résumé is empty. Pass a file with the résumé's text.")
    return text, fmt, None


def _read_bytes(
    source: str | Path | bytes, filename: str | None, limits: Limits
) -> tuple[bytes, str | None]:
    cap = limits.max_resume_bytes
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        name = filename
    else:
        path = Path(source)
        name = filename or path.name
        try:
            with path.open("rb") as handle:
                data = handle.read(cap + 1)
        except FileNotFoundError:
            raise InputError(f"No résumé file at {str(path)!r}. Check the path.") from None
        except IsADirectoryError:
            raise InputError(f"{str(path)!r} is a folder; pass the résumé file.") from None
        except OSError as exc:
            raise InputError(f"The résumé {str(path)!r} cannot be read ({exc}).") from None
    if len(data) > cap:
        raise InputError(
            f"The résumé is larger than {format_bytes(cap)} (setting max_resume_bytes). "
            "Pass a smaller file (a résumé is rarely over 1 MB; export it without images) "
            "or raise ROLEATLAS_MAX_RESUME_BYTES."
        )
    if not data.strip():
        raise InputError("The résumé is empty. Pass a file with the résumé's text.")
    return data, name


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def _clean(text: str) -> str:
    """One kind of line break, no control characters or trailing spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = _CONTROL_RE.sub(" ", text)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(
                "The PDF is password-protected. Export it again without a password, or paste "
                "the text."
            )
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise InputError(
            f"The PDF cannot be read ({type(exc).__name__}); it may be damaged. Export it "
            "again, or paste the text."
        ) from None
    text = "\n".join(pages)
    if not text.strip():
        raise InputError(
            "The PDF has no text layer: it looks scanned (an image of a page). Export the "
            "résumé as a text PDF from the program that wrote it, or paste its text."
        )
    return text


def _docx_text(data: bytes) -> str:
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        raise InputError(
            "The DOCX cannot be read: it is not a valid ZIP package. Save it again from the "
            "word processor, or export a PDF."
        ) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise InputError(
            f"The DOCX unpacks to more than {format_bytes(MAX_UNPACKED_BYTES)}; roleatlas "
            "refuses it. Save it without embedded media, or export a PDF."
        )
    if "word/document.xml" not in names:
        raise InputError(
            "The file is a ZIP package but not a Word document (no word/document.xml). " + _SAVE_AS
        )
    try:
        document = Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise InputError(
            f"The DOCX cannot be read ({type(exc).__name__}). Save it again from the word "
            "processor, or export a PDF."
        ) from None
    lines: list[str] = []
    _docx_blocks(document, lines)
    return "\n".join(lines)


def _docx_blocks(container: Any, lines: list[str]) -> None:
    """Paragraph texts and table cells of ``container`` (a document or a cell) in order."""
    from docx.table import Table

    for block in container.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell appears once per grid column
                        continue
                    seen.add(id(cell._tc))
                    _docx_blocks(cell, lines)
        else:
            lines.extend(block.text.split("\n"))


# ------------------------------------------------------------------------------ JSON Resume


def _s(value: Any) -> str:
    """A JSON value as a one-line string ('' for anything that is not text or a number)."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _items(obj: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = obj.get(key)
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


_ISO_RE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?")


def _iso(value: Any) -> str | None:
    """A JSON Resume date ("2019-03-01", "2019-03", "2019") as "YYYY-MM" or "YYYY"."""
    m = _ISO_RE.match(_s(value))
    if m is None:
        return None
    if m.group(2) and 1 <= int(m.group(2)) <= 12:
        return f"{m.group(1)}-{int(m.group(2)):02d}"
    return m.group(1)


def render_json_resume(obj: Any) -> tuple[list[str], _Structure]:
    """Lines of a JSON Resume (jsonresume.org schema), with its positions and degrees.

    Each position becomes the line ``"<position>, <company> (<start> – <end>)"`` and each
    degree ``"<studyType> in <area>, <institution> (<start> – <end>)"``, so the items they
    give quote a line of the rendered text.

    Raises
    ------
    InputError
        If ``obj`` is not a JSON object.
    """
    from roleatlas.resume.extract import degree_of_line, title_role

    if not isinstance(obj, dict):
        raise InputError(
            "A JSON Resume must be a JSON object with 'basics', 'work', 'education' and "
            f"'skills'. Got a JSON {type(obj).__name__} instead."
        )
    lines: list[str] = []
    jobs: list[ResumeJob] = []
    degrees: list[ResumeDegree] = []

    def add(text: str) -> int:
        if text or lines:  # no blank first line
            lines.append(text)
        return len(lines)

    basics = obj.get("basics") if isinstance(obj.get("basics"), dict) else {}
    assert isinstance(basics, dict)
    for key in ("name", "label"):
        if _s(basics.get(key)):
            add(_s(basics.get(key)))
    if _s(basics.get("summary")):
        add("")
        add("Summary")
        lines.extend(str(basics["summary"]).replace("\r", "").split("\n"))
    work = _items(obj, "work") + _items(obj, "volunteer")
    if work:
        add("")
        add("Work experience")
    for item in work:
        title = _s(item.get("position"))
        company = _s(item.get("name") or item.get("organization") or item.get("company"))
        start, end = _iso(item.get("startDate")), _iso(item.get("endDate"))
        current = start is not None and end is None
        dates = f" ({start or '?'} – {end or 'Present'})" if start else ""
        line = ", ".join(p for p in (title, company) if p) + dates
        number = add(line)
        if title:
            jobs.append(
                ResumeJob(title, title_role(title), start, end, current, Evidence(number, line))
            )
        if _s(item.get("summary")):
            lines.extend(str(item["summary"]).replace("\r", "").split("\n"))
        for highlight in item.get("highlights") or ():
            if _s(highlight):
                add(f"- {_s(highlight)}")
    education = _items(obj, "education")
    if education:
        add("")
        add("Education")
    for item in education:
        study, area = _s(item.get("studyType")), _s(item.get("area"))
        start, end = _iso(item.get("startDate")), _iso(item.get("endDate"))
        head = " in ".join(p for p in (study, area) if p)
        line = ", ".join(p for p in (head, _s(item.get("institution"))) if p)
        if start or end:
            line += f" ({start or '?'} – {end or 'Present'})"
        number = add(line)
        found = degree_of_line(head, Evidence(number, line))
        if found is not None:
            degrees.append(found)
        for course in item.get("courses") or ():
            if _s(course):
                add(f"- {_s(course)}")
    skills = _items(obj, "skills")
    if skills:
        add("")
        add("Skills")
    for item in skills:
        keywords = [_s(k) for k in item.get("keywords") or () if _s(k)]
        name = _s(item.get("name"))
        add(f"{name}: {', '.join(keywords)}" if keywords and name else name or ", ".join(keywords))
    for key, label, fields in (
        ("projects", "Projects", ("name", "description")),
        ("certificates", "Certificates", ("name", "issuer")),
        ("awards", "Awards", ("title", "awarder")),
        ("publications", "Publications", ("name", "publisher")),
        ("languages", "Languages", ("language", "fluency")),
    ):
        entries = _items(obj, key)
        if not entries:
            continue
        add("")
        add(label)
        for item in entries:
            add(" – ".join(p for p in (_s(item.get(f)) for f in fields) if p))
            for keyword in item.get("keywords") or item.get("highlights") or ():
                if _s(keyword):
                    add(f"- {_s(keyword)}")
    if not any(line.strip() for line in lines):
        raise InputError(
            "The JSON Resume has no text: fill 'basics', 'work', 'education' or 'skills' "
            "(jsonresume.org schema)."
        )
    return lines, (jobs, degrees)
