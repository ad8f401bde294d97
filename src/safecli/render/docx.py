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
import unicodedata
from dataclasses import dataclass
from typing import Any

from safecli.model.archive import deterministic_zip
from safecli.read.reference import Reference
from safecli.render.html_blocks import Inline, Para, Run, Table, parse

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

TEXT_WIDTH_TWIPS = 8844  # 156 mm: the 版心 of an A4 page with 28 mm and 26 mm margins
CELL_PADDING = 170  # twips, left + right (the Table Grid style's cell margins)
HALF_EM = {24: 120, 21: 105}  # twips of half a character at 12 pt and 10.5 pt
SMALL_TABLE_COLUMNS = 8  # a table this wide is set in 五号 (10.5 pt), not 小四
SHORT_CELL = 13  # half-characters: a column whose every line is this short never wraps
LONG_ROW = 120  # half-characters: a row with a cell this long may break across pages
FIXED_DATE = dt.datetime(2000, 1, 1)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


# ---------------------------------------------------------------- column widths


def _units(text: str) -> int:
    """Width in half-characters: a Chinese character takes two, a Latin letter one."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _longest_word(text: str) -> int:
    """The widest piece a header cannot break inside: a Latin word, or a whole CJK header."""
    pieces = re.split(r"[\s/]+", text)
    return max((_units(p) for p in pieces), default=0)


def _longest_token(text: str) -> int:
    """The widest piece body text cannot break inside: a Latin word, a date, an id (Chinese
    breaks between any two characters)."""
    pieces = re.findall(r"[!-~]+", text)
    return max([_units(p) for p in pieces] + [2 if text.strip() else 0])


def font_size(table: Table) -> int:
    """Half-points of a table's text: 小四 (12 pt), or 五号 (10.5 pt) for a wide table."""
    return 21 if len(table.hints) >= SMALL_TABLE_COLUMNS else 24


def column_widths(table: Table, total: int = TEXT_WIDTH_TWIPS, size: int = 24) -> list[int]:
    """Twips per column: never narrower than the header's widest word, the rest shared by need.

    A column's need is its longest line (capped); its floor is its header word and its widest
    unbreakable token (dates, ids; capped). The width left over the floors goes to columns in
    proportion to how much more than their floor they need.
    """
    n = len(table.hints)
    if n == 0:
        return []
    half = HALF_EM.get(size, 120)
    floor = [2] * n
    need = [2] * n
    token = [2] * n  # the widest unbreakable piece of the body cells
    body_need = [0] * n  # the longest line of the body cells
    header_whole = [0] * n  # the header's widest word, on one line
    header_short = [0] * n  # a Chinese header set on two lines
    for row in table.head:
        i = 0
        for cell in row:
            text = "\n".join(Inline(p).text for p in cell.paras)
            if cell.span == 1 and i < n:
                words = max((_longest_word(line) for line in text.split("\n")), default=0)
                floor[i] = max(floor[i], words + 1)
                need[i] = max(need[i], _units(text) + 1)
                header_whole[i] = max(header_whole[i], words)
                cjk = any(_units(c) == 2 for c in text)
                header_short[i] = max(header_short[i], -(-words // 4) * 2 if cjk else words)
            i += cell.span
    for row in table.body:
        i = 0
        for cell in row:
            if cell.span == 1 and i < n:
                for para in cell.paras:
                    for line in Inline(para).text.split("\n"):
                        piece = min(_longest_token(line), 11) + 1
                        floor[i] = max(floor[i], piece)
                        token[i] = max(token[i], piece)
                        body_need[i] = max(body_need[i], min(_units(line), 240) + 1)
                        need[i] = max(need[i], min(_units(line), 240) + 1)
            i += cell.span
    for i in range(n):
        if need[i] <= SHORT_CELL:  # short words (状态, 未逾期, a date): keep them on one line
            floor[i] = max(floor[i], need[i])
    if sum(f * half + CELL_PADDING for f in floor) > total * 0.6:
        # a wide table whose headers alone fill the line: a long Chinese header takes two
        # lines (整改后/总分) so the text columns keep room to breathe
        for i, (short, whole) in enumerate(zip(header_short, header_whole, strict=True)):
            if whole >= 8 and floor[i] == whole + 1:
                body = body_need[i] if body_need[i] <= SHORT_CELL else 0
                floor[i] = max(short + 1, token[i], body)
    for i, hint in enumerate(table.hints):
        if hint == "narrow":
            need[i] = floor[i]
        elif hint == "wide":
            need[i] *= 2
    floor_tw = [f * half + CELL_PADDING for f in floor]
    need_tw = [max(nd * half + CELL_PADDING, f) for nd, f in zip(need, floor_tw, strict=True)]
    if sum(need_tw) <= total:
        # room for every line on one line: share the rest out by need
        extra = total - sum(need_tw)
        weights = sum(need_tw)
        widths = [w + extra * w // weights for w in need_tw]
    elif sum(floor_tw) <= total:
        extra = total - sum(floor_tw)
        wants = [nd - f for nd, f in zip(need_tw, floor_tw, strict=True)]
        weights = sum(wants) or 1
        widths = [f + extra * w // weights for f, w in zip(floor_tw, wants, strict=True)]
    else:  # more columns than the page holds: shrink every floor alike
        widths = [f * total // sum(floor_tw) for f in floor_tw]
    widths[-1] += total - sum(widths)
    return widths


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


class Writer:
    def __init__(self, doc: Any) -> None:
        from docx.oxml import OxmlElement

        self.doc = doc
        section = doc.sections[-1]
        # the 版心 of the reference's own page (a letterhead may set other margins)
        self.width = (
            int((section.page_width - section.left_margin - section.right_margin) / 635)
            or TEXT_WIDTH_TWIPS
        )
        self.element = OxmlElement
        self.fonts = _resolved_fonts(doc)
        self.style_objects = {s.style_id: s for s in doc.styles}

    def style(self, target: Any, sid: str) -> None:
        if sid in self.style_objects:
            target.style = self.style_objects[sid]

    def runs(self, paragraph: Any, runs: list[Run], sid: str, size: int | None = None) -> None:
        for r in runs:
            if r.newline:
                paragraph.add_run().add_break()
                continue
            run = paragraph.add_run(r.text)
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
        from docx.shared import Twips

        p = self.doc.add_paragraph()
        self.style(p, block.style)
        if block.page_break:
            p.paragraph_format.page_break_before = True
        if block.space_before:
            p.paragraph_format.space_before = Twips(block.space_before)
        self.runs(p, block.runs, block.style)

    def table(self, block: Table) -> None:
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        ncols = len(block.hints)
        rows = block.head + block.body
        if not ncols or not rows:
            return
        size = font_size(block)
        widths = column_widths(block, total=self.width, size=size)
        table = self.doc.add_table(rows=len(rows), cols=ncols)
        self.style(table, "TableGrid")
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        tbl_pr = table._tbl.tblPr
        table.autofit = False  # w:tblLayout fixed, in its schema place: the widths below hold
        tbl_w = tbl_pr.find(_w("tblW"))
        if tbl_w is not None:
            tbl_w.set(_w("type"), "dxa")
            tbl_w.set(_w("w"), str(sum(widths)))
        for col, width in zip(table._tbl.tblGrid.findall(_w("gridCol")), widths, strict=True):
            col.set(_w("w"), str(width))
        for r, (row, cells) in enumerate(zip(table.rows, rows, strict=True)):
            tr_pr = row._tr.get_or_add_trPr()
            longest = max((_units(Inline(p).text) for c in cells for p in c.paras), default=0)
            if longest < LONG_ROW:  # a short row stays whole; a long one may break
                tr_pr.append(self.element("w:cantSplit"))
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
    for block in blocks:
        before = len(body)
        if isinstance(block, Para):
            writer.para(block)
        else:
            writer.table(block)
        if anchor is not None:  # python-docx appends before the final sectPr: move it up
            end = len(body) - (1 if body[-1].tag == _w("sectPr") else 0)
            for element in list(body)[end - (len(body) - before) : end]:
                anchor.addprevious(element)
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
