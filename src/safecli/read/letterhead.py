"""A letterhead (`--reference-doc`) is somebody else's Word file: read it as hostile input.

Its styles, page and footers go into every document safecli writes, so what it may carry is
bounded and stripped before python-docx sees it:

- **bounded decompression**: at most 1,000 parts, 64 MiB unpacked in all, and no part
  inflating more than 200 times its packed size past 1 MiB (a 1.5 MB file whose image inflates
  to 1.5 GB is refused before anything is inflated);
- **no DTDs or entities**: an XML part declaring a DOCTYPE or an ENTITY is refused, located at
  its part and line (Word writes neither; an external entity is a file read or a request);
- **external relationships dropped**: a remote image, an `attachedTemplate` on a file share, a
  linked header: the relationship, the elements and attributes naming it are removed;
- **macro parts dropped** (`vbaProject.bin`, `vbaData.xml`, ActiveX controls), with their
  relationships and content types; a macro-enabled main document (.docm) is refused, naming the
  file;
- **a body and a section**: a document.xml without `w:body` or without `w:sectPr` is refused.

What was dropped is returned as notes, which the command line prints on stderr.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field, replace
from typing import Any

from safecli.model.errors import Code, InvalidFile, Problem
from safecli.model.patterns import lazy
from safecli.model.wording import problem
from safecli.read.files import xml_declaration

MAX_PARTS = 1_000
MAX_UNPACKED = 64 * 1024 * 1024
MAX_RATIO = 200
RATIO_FLOOR = 1024 * 1024
"""Parts smaller than this may inflate as they like (small XML compresses very well)."""
MAX_XML_PART = 16 * 1024 * 1024

_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_R = "http://schemas.openxmlformats.org/package/2006/relationships"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_MACRO_PART = lazy(r"(^|/)(vbaProject\.bin|vbaData\.xml|activeX/.*)$", re.IGNORECASE)
_MACRO_TYPE = lazy(r"vbaProject|vbaData|activeX|macroEnabled|keyMapCustomizations", re.I)
HINT = Code("hint-save-plain-docx")
"""Every refusal's hint: save the letterhead again from Word as a plain .docx."""


@dataclass
class Letterhead:
    """A reference document made safe to build on."""

    data: bytes
    """The cleaned package."""
    dropped: list[Problem] = field(default_factory=list)
    """What was removed, a warning each (external links, macro parts)."""


def _problem(
    source: str, code: str, part: str = "", line: int = 0, col: int = 1, **params: Any
) -> InvalidFile:
    where = f"{source}[{part}]" if part else source
    return InvalidFile([problem(where, line, col if line else 0, code, hint=HINT, **params)])


def _dropped(source: str, code: str, **params: Any) -> Problem:
    return replace(problem(source, code=code, **params), severity="warning")


def _parser():
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def clean_letterhead(data: bytes, source: str) -> Letterhead:
    """The letterhead `data` (read from `source`) checked and stripped, or InvalidFile."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _problem(source, "not-docx") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_PARTS:
            raise _problem(
                source, "docx-too-many-parts", parts=f"{len(infos):,}", limit=f"{MAX_PARTS:,}"
            )
        total = sum(i.file_size for i in infos)
        if total > MAX_UNPACKED:
            raise _problem(source, "docx-too-big", mib=f"{total // (1024 * 1024):,}")
        for info in infos:
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(
                info.compress_size, 1
            ):
                raise _problem(
                    source,
                    "docx-bomb",
                    info.filename,
                    ratio=f"{info.file_size // max(info.compress_size, 1):,}",
                    mib=f"{info.file_size // (1024 * 1024):,}",
                )
        names = {i.filename for i in infos}
        if "word/document.xml" not in names or "[Content_Types].xml" not in names:
            raise _problem(source, "not-docx")
        parts: dict[str, bytes] = {}
        try:
            for info in infos:
                parts[info.filename] = archive.read(info)
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError) as error:
            raise _problem(source, "docx-cannot-unpack", why=str(error)) from None
    for name, body in parts.items():
        found = xml_declaration(body) if name.endswith((".xml", ".rels")) else None
        if found:
            raise _problem(
                source,
                "xml-declares",
                name,
                found[1],
                found[2],
                what=found[0],
            )
    types = parts["[Content_Types].xml"].decode("utf-8", "replace")
    if re.search(r'PartName="/word/document\.xml"[^>]*macroEnabled', types) or re.search(
        r'macroEnabled[^>]*PartName="/word/document\.xml"', types
    ):
        raise _problem(source, "docx-macro-enabled")
    dropped: list[Problem] = []
    for name in sorted(parts):
        if _MACRO_PART.search(name):
            del parts[name]
            dropped.append(_dropped(source, "dropped-macro-part", part=name))
    for name in sorted(n for n in parts if n.endswith(".rels")):
        parts[name] = _strip_rels(parts, name, source, dropped)
    parts["[Content_Types].xml"] = _strip_types(parts["[Content_Types].xml"], source)
    _check_body(parts["word/document.xml"], source)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in infos:
            if info.filename in parts:
                target.writestr(info.filename, parts[info.filename])
    return Letterhead(out.getvalue(), dropped)


def _xml(body: bytes, source: str, name: str):
    from lxml import etree

    try:
        return etree.fromstring(body, _parser())
    except etree.XMLSyntaxError as error:
        line = getattr(error, "lineno", 0) or 0
        raise _problem(source, "broken-xml", name, line, why=error.msg) from None


def _owner(rels: str) -> str:
    """The part a .rels file belongs to (`word/_rels/document.xml.rels` → word/document.xml)."""
    folder, _, file = rels.rpartition("_rels/")
    return folder + file.removesuffix(".rels")


def _strip_rels(parts: dict[str, bytes], name: str, source: str, dropped: list[Problem]) -> bytes:
    from lxml import etree

    root = _xml(parts[name], source, name)
    gone: set[str] = set()
    for rel in list(root):
        target = rel.get("Target", "")
        kind = rel.get("Type", "")
        external = rel.get("TargetMode", "") == "External"
        macro = bool(_MACRO_TYPE.search(kind)) or bool(_MACRO_PART.search(target))
        if external or macro:
            root.remove(rel)
            gone.add(rel.get("Id", ""))
            shown = target if len(target) <= 120 else target[:117] + "..."
            dropped.append(
                _dropped(
                    source,
                    "dropped-external-link" if external else "dropped-macro-link",
                    id=rel.get("Id", ""),
                    target=repr(shown),
                    owner=_owner(name),
                )
            )
    owner = _owner(name)
    if gone and owner in parts and owner.endswith(".xml"):
        tree = _xml(parts[owner], source, owner)
        for element in list(tree.iter()):
            if element.tag == f"{{{_W}}}attachedTemplate":
                element.getparent().remove(element)
                continue
            for attribute in list(element.attrib):
                if attribute.startswith(f"{{{_R}}}") and element.get(attribute) in gone:
                    del element.attrib[attribute]
        parts[owner] = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _strip_types(body: bytes, source: str) -> bytes:
    from lxml import etree

    root = _xml(body, source, "[Content_Types].xml")
    for entry in list(root):
        if _MACRO_TYPE.search(entry.get("ContentType", "")):
            root.remove(entry)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _check_body(body: bytes, source: str) -> None:
    root = _xml(body, source, "word/document.xml")
    found = root.find(f"{{{_W}}}body")
    if found is None:
        raise _problem(source, "docx-no-body", "word/document.xml")
    if found.find(f"{{{_W}}}sectPr") is None:
        raise _problem(source, "docx-no-section", "word/document.xml")
