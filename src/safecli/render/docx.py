"""render_docx(html, meta, reference) -> bytes: our own rendered HTML as a 公文 Word file
(GB/T 9704).

Pure: the HTML of a report, plan or summary, what the document says about itself (`DocMeta`:
title, date, language, orientation, from the document's data) and a reference .docx in, the
bytes of a .docx out. `html_blocks.parse` reads the HTML contract (templates/README.md) into
paragraphs and tables; this module sets them in the reference's styles, sizes the tables'
columns and writes the package.

Like pandoc's `--reference-doc`, the reference gives the styles, the page and its footers
(a user's letterhead or 红头 works the same way); its body is replaced. Styles it lacks are
taken from `base` (the bundled reference). Each run states its fonts (the East Asian slot
included) as its paragraph style resolves them, so Word never falls back to a theme font.

Deterministic: the same HTML and reference give the same bytes (fixed zip timestamps, and
document dates taken from `meta.date`, the 落款's date, else 2000-01-01).
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
from dataclasses import dataclass
from typing import Any

from safecli.model.archive import deterministic_zip
from safecli.read.reference import Reference
from safecli.render.html_blocks import Figure, Inline, Para, Run, Table, parse
from safecli.render.table_layout import (
    CELL_PADDING,
    HALF_EM,
    LANDSCAPE_HEIGHT_TWIPS,
    LANDSCAPE_WIDTH_TWIPS,
    TEXT_HEIGHT_TWIPS,
    TEXT_WIDTH_TWIPS,
    Layout,
    layout,
    padding,
    row_may_break,
)

# style ids of the reference document (templates/reference.docx, tools/make_reference_docx.py)
STYLES = (
    "Title",
    "Subtitle",
    "BodyText",
    "Heading1",
    "Heading2",
    "Heading3",
    "AnnexLabel",
    "AnnexTitle",
    "Signature",
    "TableText",
    "TableHeading",
    "TableGrid",
)

FIXED_DATE = dt.datetime(2000, 1, 1)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


# ---------------------------------------------------------------- writing Word


def _styles_by_id(doc: Any) -> dict[str, Any]:
    return {s.get(_w("styleId")): s for s in doc.styles.element.iter(_w("style"))}


def _merge_styles(doc: Any, base: Any) -> None:
    """Give a user's reference the styles it lacks, from the bundled one."""
    have = _styles_by_id(doc)
    theirs = _styles_by_id(base)
    for sid in (*STYLES, "TableNormal", "Footer"):
        if sid not in have and sid in theirs:
            doc.styles.element.append(copy.deepcopy(theirs[sid]))
            have[sid] = theirs[sid]


def _resolved_fonts(doc: Any) -> dict[str, dict[str, str]]:
    """Each paragraph style's effective rFonts (its own, then basedOn, then the defaults)."""
    styles = _styles_by_id(doc)
    defaults: dict[str, str] = {}
    for fonts in doc.styles.element.iterfind(f"{_w('docDefaults')}//{_w('rFonts')}"):
        defaults.update({k: v for k, v in fonts.attrib.items()})
    out: dict[str, dict[str, str]] = {}
    for sid in styles:
        chain, seen, current = [], set(), styles.get(sid)
        while current is not None and current.get(_w("styleId")) not in seen:
            seen.add(current.get(_w("styleId")))
            chain.append(current)
            based = current.find(_w("basedOn"))
            current = styles.get(based.get(_w("val"))) if based is not None else None
        fonts = dict(defaults)
        for style in reversed(chain):
            found = style.find(f"{_w('rPr')}/{_w('rFonts')}")
            if found is not None:
                fonts.update(found.attrib)
        out[sid] = {
            k: v
            for k, v in fonts.items()
            if k in (_w("ascii"), _w("hAnsi"), _w("eastAsia"), _w("cs"))
        }
    return out


DATE = re.compile(r"(?<!\d)\d{4}-\d{1,2}-\d{1,2}(?!\d)")
"""A date, whose hyphens Word must not break at (2026-12- / 31)."""


def _add_text(run: Any, text: str, element: Any) -> None:
    """The run's text, a date's hyphens as non-breaking hyphens (w:noBreakHyphen)."""
    at = 0
    for match in DATE.finditer(text):
        if match.start() > at:
            run.add_text(text[at : match.start()])
        for k, piece in enumerate(match.group(0).split("-")):
            if k:
                run._r.append(element("w:noBreakHyphen"))
            run.add_text(piece)
        at = match.end()
    if at < len(text):
        run.add_text(text[at:])


class Writer:
    def __init__(self, doc: Any) -> None:
        from docx.oxml import OxmlElement

        self.doc = doc
        section = doc.sections[-1]
        # the 版心 of the reference's own page (a letterhead may set other margins), and of
        # the same page turned (a wide table's), unless the page is already landscape
        sides = section.left_margin + section.right_margin
        self.width = int((section.page_width - sides) / 635) or TEXT_WIDTH_TWIPS
        turned = int((section.page_height - sides) / 635) or LANDSCAPE_WIDTH_TWIPS
        self.wide: int | None = turned if turned > self.width else None
        ends = section.top_margin + section.bottom_margin
        self.height = int((section.page_height - ends) / 635) or TEXT_HEIGHT_TWIPS
        self.wide_height = int((section.page_width - ends) / 635) or LANDSCAPE_HEIGHT_TWIPS
        self.element = OxmlElement
        self.fonts = _resolved_fonts(doc)
        self.style_objects = {s.style_id: s for s in doc.styles}

    def layout(self, block: Table) -> Layout:
        return layout(block, self.width, self.wide, self.height, self.wide_height)

    def style(self, target: Any, sid: str) -> None:
        if sid in self.style_objects:
            target.style = self.style_objects[sid]

    def runs(self, paragraph: Any, runs: list[Run], sid: str, size: int | None = None) -> None:
        for r in runs:
            if r.newline:
                paragraph.add_run().add_break()
                continue
            run = paragraph.add_run()
            _add_text(run, r.text, self.element)
            run.bold = True if r.bold else None
            run.italic = True if r.italic else None
            rpr = run._r.get_or_add_rPr()
            fonts = self.fonts.get(sid)
            if fonts:
                rfonts = self.element("w:rFonts")
                for key in (_w("ascii"), _w("hAnsi"), _w("eastAsia"), _w("cs")):
                    if key in fonts:
                        rfonts.set(key, fonts[key])
                rpr.insert(0, rfonts)
            if size:
                for tag in ("w:sz", "w:szCs"):
                    el = self.element(tag)
                    el.set(_w("val"), str(size))
                    rpr.append(el)

    def para(self, block: Para) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Twips

        p = self.doc.add_paragraph()
        self.style(p, block.style)
        if block.page_break:
            p.paragraph_format.page_break_before = True
        if block.space_before:
            p.paragraph_format.space_before = Twips(block.space_before)
        if block.align == "left":  # a short line (an addressee): flush left, never stretched
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT
            p.paragraph_format.first_line_indent = Twips(0)
            ind = p._p.get_or_add_pPr().find(_w("ind"))
            if ind is not None:
                ind.set(_w("firstLineChars"), "0")
        self.runs(p, block.runs, block.style)

    def table(self, block: Table, plan: Layout) -> None:
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        ncols = len(block.hints)
        rows = block.head + block.body
        if not ncols or not rows:
            return
        size, widths = plan.size, plan.widths
        table = self.doc.add_table(rows=len(rows), cols=ncols)
        self.style(table, "TableGrid")
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        tbl_pr = table._tbl.tblPr
        table.autofit = False  # w:tblLayout fixed, in its schema place: the widths below hold
        if padding(HALF_EM.get(size, 120)) != CELL_PADDING:  # a 小五 table's narrower margins
            margins = self.element("w:tblCellMar")
            for side in ("w:left", "w:right"):
                el = self.element(side)
                el.set(_w("w"), str(padding(HALF_EM[size]) // 2))
                el.set(_w("type"), "dxa")
                margins.append(el)
            layout_el = tbl_pr.find(_w("tblLayout"))
            if layout_el is not None:
                layout_el.addnext(margins)
            else:
                tbl_pr.append(margins)
        tbl_w = tbl_pr.find(_w("tblW"))
        if tbl_w is not None:
            tbl_w.set(_w("type"), "dxa")
            tbl_w.set(_w("w"), str(sum(widths)))
        for col, width in zip(table._tbl.tblGrid.findall(_w("gridCol")), widths, strict=True):
            col.set(_w("w"), str(width))
        for r, (row, cells) in enumerate(zip(table.rows, rows, strict=True)):
            tr_pr = row._tr.get_or_add_trPr()
            if not row_may_break([Inline(p).text for c in cells for p in c.paras]):
                tr_pr.append(self.element("w:cantSplit"))  # a short row stays whole
            if r < len(block.head):
                tr_pr.append(self.element("w:tblHeader"))  # repeated on every page
            i = 0
            for cell in cells:
                if i >= ncols:
                    break
                target = row.cells[i]
                span = min(cell.span, ncols - i)
                if span > 1:
                    target = target.merge(row.cells[i + span - 1])
                tc_pr = target._tc.get_or_add_tcPr()
                tc_w = tc_pr.find(_w("tcW"))
                if tc_w is None:
                    tc_w = self.element("w:tcW")
                    tc_pr.insert(0, tc_w)
                tc_w.set(_w("w"), str(sum(widths[i : i + span])))
                tc_w.set(_w("type"), "dxa")
                sid = "TableHeading" if r < len(block.head) else "TableText"
                paras = cell.paras or [[]]
                first = target.paragraphs[0]
                for k, runs in enumerate(paras):
                    p = first if k == 0 else target.add_paragraph()
                    self.style(p, sid)
                    if cell.numeric and r >= len(block.head):
                        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    bold = cell.header and r >= len(block.head)
                    runs = [Run(x.text, x.bold or bold, x.italic, x.newline) for x in runs]
                    self.runs(p, runs, sid, size if size != 24 else None)
                i += span
        # a paragraph between tables keeps Word from joining them, and gives a line of air
        spacer = self.doc.add_paragraph()
        self.style(spacer, "TableText")


def _signature(blocks: list[Any], k: int) -> bool:
    return k < len(blocks) and isinstance(blocks[k], Para) and blocks[k].style == "Signature"


def _keep_with_next(elements: list[Any], writer: Writer) -> None:
    """Keep what was just written on the page of what follows (GB/T 9704 7.3.5: the 落款 is
    not left alone on a page): a table's last row and the paragraph after it, or a 落款 line."""
    paragraphs = []
    for element in elements:
        if element.tag == _w("tbl"):
            rows = element.findall(_w("tr"))
            if rows:
                paragraphs += rows[-1].iter(_w("p"))
        elif element.tag == _w("p"):
            paragraphs.append(element)
    for paragraph in paragraphs:
        ppr = paragraph.find(_w("pPr"))
        if ppr is None:
            ppr = writer.element("w:pPr")
            paragraph.insert(0, ppr)
        if ppr.find(_w("keepNext")) is None:
            keep = writer.element("w:keepNext")
            style = ppr.find(_w("pStyle"))
            if style is not None:
                style.addnext(keep)
            else:
                ppr.insert(0, keep)


def _figure(writer: Writer, block: Figure) -> None:
    """A chart: its caption, then its SVG as a PNG picture, centred, never wider than the
    text block (CSS pixels at 96 per inch)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Twips

    from safecli.render.chart_image import chart_png, svg_size

    if block.caption:
        caption = writer.doc.add_paragraph()
        writer.style(caption, "TableHeading")
        writer.runs(caption, [Run(block.caption)], "TableHeading")
    width, _ = svg_size(block.svg)
    twips = min(writer.width, int(width * 15)) if width else writer.width  # 1 px = 15 twips
    p = writer.doc.add_paragraph()
    writer.style(p, "TableText")
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.keep_together = True
    p.add_run().add_picture(io.BytesIO(chart_png(block.svg)), width=Twips(twips))


PULLED = {"Heading1", "Heading2", "Heading3", "AnnexLabel", "AnnexTitle"}
"""Paragraphs that go with the table below them onto its landscape page."""


def _turned(blocks: list[Para | Table], plans: dict[int, Layout]) -> list[bool]:
    """Which blocks sit on a landscape page: each landscape table and the headings above it."""
    out = [False] * len(blocks)
    for k in range(len(blocks)):
        if k in plans and plans[k].landscape:
            out[k] = True
            j = k - 1
            while j >= 0 and isinstance(blocks[j], Para) and blocks[j].style in PULLED:
                out[j] = True
                j -= 1
    return out


def _section_end(last: Any, sect_pr: Any, turn: bool) -> None:
    """End a section at paragraph `last`: a copy of the page `sect_pr`, turned or not."""
    section = copy.deepcopy(sect_pr)
    if turn:
        _turn_sect(section)
    p_pr = last.find(_w("pPr"))
    if p_pr is None:
        p_pr = last.makeelement(_w("pPr"), {})
        last.insert(0, p_pr)
    p_pr.append(section)


def _turn_sect(sect_pr: Any) -> None:
    """A portrait w:sectPr turned landscape, the same margins on the same sides."""
    size = sect_pr.find(_w("pgSz"))
    if size is None:
        return
    width, height = int(size.get(_w("w"), "11906")), int(size.get(_w("h"), "16838"))
    if width < height:
        size.set(_w("w"), str(height))
        size.set(_w("h"), str(width))
        size.set(_w("orient"), "landscape")


def _turn(doc: Any) -> None:
    """Landscape pages, the same margins on the same sides (a wide table reads across)."""
    from docx.enum.section import WD_ORIENT

    for section in doc.sections:
        if section.page_width < section.page_height:
            width, height = section.page_width, section.page_height
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = height, width


PLACEHOLDER = "{{body}}"
"""A paragraph of a reference document holding only this marks where the document goes."""


def _clear_body(doc: Any) -> Any:
    """Empty the reference's body, or keep it around its `{{body}}` paragraph.

    A 红头 letterhead puts its 版头 (issuing office in red, 发文字号, the red line) above that
    paragraph and its 版记 (抄送, 印发) below it; both stay, the document goes between. Returns
    the element the document goes before (None: the end of the body).
    """
    body = doc.element.body
    for paragraph in body.iterchildren(_w("p")):
        if "".join(t.text or "" for t in paragraph.iter(_w("t"))).strip() == PLACEHOLDER:
            return paragraph
    for child in list(body):
        if child.tag != _w("sectPr"):
            body.remove(child)
    return None


@dataclass(frozen=True)
class DocMeta:
    """What a Word file says about itself, from the document's own data (never re-read from its
    HTML): the title, the 落款 date (the file's created/modified date), the language, and
    whether it prints landscape."""

    title: str
    date: dt.date | None
    lang: str
    landscape: bool = False


def render_docx(html: str, meta: DocMeta, reference: Reference) -> bytes:
    """A .docx of `html` (a document that keeps the HTML contract: its blocks) on `reference`'s
    styles, with the title, date, language and orientation of `meta`."""
    import docx

    from safecli.model.errors import InvalidFile
    from safecli.model.neutralise import xml_text
    from safecli.model.wording import problem

    # a record's text may hold characters XML 1.0 forbids (python-docx refuses them)
    blocks = parse(xml_text(html))[0]
    title, day, zh = xml_text(meta.title), meta.date, meta.lang == "zh"
    try:
        doc = docx.Document(io.BytesIO(reference.data))
    except Exception as error:  # python-docx raises several kinds on a broken package
        raise InvalidFile(
            problem(reference.source, code="not-usable-docx", hint="hint-save-docx", why=str(error))
        ) from None
    if reference.base is not None:
        _merge_styles(doc, docx.Document(io.BytesIO(reference.base)))
    anchor = _clear_body(doc)
    if meta.landscape:
        _turn(doc)
    writer = Writer(doc)
    body = doc.element.body
    page = copy.deepcopy(body.find(_w("sectPr")))
    plans = {k: writer.layout(b) for k, b in enumerate(blocks) if isinstance(b, Table)}
    turned = _turned(blocks, plans) if page is not None else [False] * len(blocks)
    current, last_p = False, None
    for k, block in enumerate(blocks):
        if turned[k] != current and last_p is not None:
            _section_end(last_p, page, turn=current)  # the section above ends here
        current = turned[k]
        before = len(body)
        if isinstance(block, Para):
            writer.para(block)
        elif isinstance(block, Figure):
            _figure(writer, block)
        else:
            writer.table(block, plans[k])
        end = len(body) - (1 if body[-1].tag == _w("sectPr") else 0)
        written = list(body)[end - (len(body) - before) : end]
        if _signature(blocks, k + 1) and not isinstance(block, Figure):
            _keep_with_next(written, writer)  # the 落款 never stands alone on a page
        last_p = next((el for el in reversed(written) if el.tag == _w("p")), last_p)
        if anchor is not None:  # python-docx appends before the final sectPr: move it up
            for element in written:
                anchor.addprevious(element)
    if current and page is not None:  # the document ends on a landscape page
        if anchor is None:
            _turn_sect(body.find(_w("sectPr")))
        elif last_p is not None:
            _section_end(last_p, page, turn=True)
    if anchor is not None:
        anchor.getparent().remove(anchor)
    when = dt.datetime.combine(day, dt.time()) if day else FIXED_DATE
    props = doc.core_properties
    props.title = title
    props.author = "safecli"
    props.last_modified_by = "safecli"
    props.created = when
    props.modified = when
    props.last_printed = when
    props.revision = 1
    props.language = "zh-CN" if zh else "en-US"
    props.comments = ""
    props.keywords = ""
    props.subject = ""
    out = io.BytesIO()
    doc.save(out)
    return deterministic_zip(out.getvalue())
