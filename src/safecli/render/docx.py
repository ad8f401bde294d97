"""render_docx(html, reference) -> bytes: our own rendered HTML as a 公文 Word file (GB/T 9704).

Pure: the HTML of a report, plan or summary and the bytes of a reference .docx in, the bytes of
a .docx out. It reads the HTML contract every document keeps (README of templates/): `<h1>`
title; `<h2>` 一、; `<h3>` （一）; `<h4>` 1.; `<p>`; `<table>` with `<thead>`/`<tbody>`; the 落款
in `<div class="signature">`, one `<p>` a line; each annex a `<section class="annex">` opening
with `<h2>附件N 标题</h2>`; `class="screen-only"` (charts, navigation) stays out of Word.

Like pandoc's `--reference-doc`, the reference gives the styles, the page and its footers
(a user's letterhead or 红头 works the same way); its body is replaced. Styles it lacks are
taken from `base` (the bundled reference). Each run states its fonts (the East Asian slot
included) as its paragraph style resolves them, so Word never falls back to a theme font.

Deterministic: the same HTML and reference give the same bytes (fixed zip timestamps, and
document dates taken from the 落款's date, else 2000-01-01).
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from typing import Any

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
HEADINGS = {"h2": "Heading1", "h3": "Heading2", "h4": "Heading3", "h5": "Heading3"}
SKIP = {"script", "style", "head", "nav", "svg", "figure", "template", "noscript", "button"}
BLOCKS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "div", "section", "main",
    "header", "footer", "article", "aside", "blockquote", "dl", "dt", "dd", "li", "figure",
    "pre", "nav", "hr", "form", "address",
}  # fmt: skip
ANNEX = re.compile(r"^\s*((?:附件|Annex|Appendix)\s*[0-9A-Z]*)\s*[：:.．]?\s*(.*)$", re.I | re.S)
DATE = re.compile(r"(\d{4})\s*(?:-|年)\s*(\d{1,2})\s*(?:-|月)\s*(\d{1,2})\s*日?")

TEXT_WIDTH_TWIPS = 8844  # 156 mm: the 版心 of an A4 page with 28 mm and 26 mm margins
CELL_PADDING = 170  # twips, left + right (the Table Grid style's cell margins)
HALF_EM = {24: 120, 21: 105}  # twips of half a character at 12 pt and 10.5 pt
SMALL_TABLE_COLUMNS = 8
SHORT_CELL = 13  # half-characters: a column whose every line is this short never wraps
LONG_ROW = 120  # half-characters: a row with a cell this long may break across pages  # a table this wide is set in 五号 (10.5 pt), not 小四
FIXED_DATE = dt.datetime(2000, 1, 1)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


# ---------------------------------------------------------------- Chinese dates


DIGITS = "〇一二三四五六七八九"


def _small_number(n: int) -> str:
    if n < 10:
        return DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[ones] if ones else "")


def chinese_date(day: dt.date) -> str:
    """二〇二五年七月一日: the date as a 落款 writes it (GB/T 9704 7.3.5.1)."""
    year = "".join(DIGITS[int(d)] for d in f"{day.year:04d}")
    return f"{year}年{_small_number(day.month)}月{_small_number(day.day)}日"


def _found_date(text: str) -> dt.date | None:
    match = DATE.search(text)
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def _signature_line(text: str, zh: bool) -> str:
    if not zh:
        return text

    def replace(match: re.Match[str]) -> str:
        try:
            return chinese_date(dt.date(*(int(g) for g in match.groups())))
        except ValueError:
            return match.group(0)

    return DATE.sub(replace, text)


# ---------------------------------------------------------------- inline text


def _wide(char: str) -> bool:
    return bool(char) and (unicodedata.east_asian_width(char) in "WF" or char in "“”‘’")


def _punct(char: str) -> bool:
    """Chinese punctuation (、，。；：（）《》…), which carries its own space."""
    return bool(char) and ("\u3000" <= char <= "\u303f" or "\uff00" <= char <= "\uffef")


def _drop(before: str, after: str) -> bool:
    """A space between these two is a source line break to drop (、 “实现 → 、“实现)."""
    return (_punct(before) and _wide(after)) or (_wide(before) and _punct(after))


CJK_SPACE = re.compile(
    r"(?<=[\u3000-\u303f\uff00-\uffef]) (?=[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef“”‘’])"
    r"|(?<=[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef“”‘’]) (?=[\u3000-\u303f\uff00-\uffef])"
)


@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    newline: bool = False  # a <br>: a line break, not text


@dataclass
class Inline:
    """The runs of one paragraph, whitespace collapsed as a browser would."""

    runs: list[Run] = field(default_factory=list)

    def add(self, text: str | None, bold: bool, italic: bool) -> None:
        if not text:
            return
        text = re.sub(r"\s+", " ", text)
        if self._ends_with_space() and text.startswith(" "):
            text = text[1:]
        if text:
            self.runs.append(Run(text, bold, italic))

    def brk(self) -> None:
        self._strip_end()
        self.runs.append(Run("", newline=True))

    def _ends_with_space(self) -> bool:
        if not self.runs:
            return True
        last = self.runs[-1]
        return last.newline or last.text.endswith(" ")

    def _strip_end(self) -> None:
        while self.runs and not self.runs[-1].newline:
            self.runs[-1].text = self.runs[-1].text.rstrip(" ")
            if self.runs[-1].text:
                break
            self.runs.pop()

    def finish(self) -> list[Run]:
        self._strip_end()
        while self.runs and self.runs[-1].newline:
            self.runs.pop()
            self._strip_end()
        self._join_chinese()
        return self.runs

    def _join_chinese(self) -> None:
        """Drop a space beside Chinese punctuation: it is a line break of the source (a folded
        YAML line), and Chinese print sets none there. Spaces between two characters stay
        (物业公司 张伟 means two things)."""
        texts = [r for r in self.runs if not r.newline]
        for k, run in enumerate(texts):
            run.text = CJK_SPACE.sub("", run.text)
            if run.text.startswith(" ") and k and k + 1 <= len(texts):
                before = texts[k - 1].text[-1:]
                after = run.text[1:2] or (texts[k + 1].text[:1] if k + 1 < len(texts) else "")
                if _drop(before, after):
                    run.text = run.text[1:]
            if run.text.endswith(" ") and k + 1 < len(texts):
                before, after = run.text[-2:-1], texts[k + 1].text[:1]
                if _drop(before, after):
                    run.text = run.text[:-1]

    @property
    def text(self) -> str:
        return "".join("\n" if r.newline else r.text for r in self.runs)


def _classes(el: Any) -> set[str]:
    return set((el.get("class") or "").split())


def _hidden(el: Any) -> bool:
    tag = el.tag if isinstance(el.tag, str) else ""
    return tag in SKIP or "screen-only" in _classes(el) or el.get("hidden") is not None


def _collect(el: Any, into: Inline, bold: bool = False, italic: bool = False) -> None:
    """Add an element's text (its children included) to a paragraph's runs."""
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag == "br":
        into.brk()
    elif not _hidden(el):
        b = bold or tag in ("strong", "b", "th") or "flag" in _classes(el)
        i = italic or tag in ("em", "i", "cite")
        into.add(el.text, b, i)
        for child in el:
            _collect(child, into, b, i)
            into.add(child.tail, b, i)


def inline(el: Any) -> Inline:
    """The runs of `el` as one paragraph."""
    into = Inline()
    into.add(el.text, el.tag in ("strong", "b"), False)
    for child in el:
        _collect(child, into)
        into.add(child.tail, False, False)
    into.finish()
    return into


# ---------------------------------------------------------------- the walk over the HTML


@dataclass
class Para:
    style: str
    runs: list[Run]
    page_break: bool = False
    space_before: int = 0  # twips
    align: str | None = None


@dataclass
class Cell:
    paras: list[list[Run]]
    header: bool
    numeric: bool
    span: int = 1


@dataclass
class Table:
    head: list[list[Cell]]
    body: list[list[Cell]]
    hints: list[str]  # per column: "narrow", "wide" or ""


Block = Para | Table


def _is_block(el: Any) -> bool:
    return isinstance(el.tag, str) and el.tag in BLOCKS


def _paragraphs_of(el: Any) -> list[list[Run]]:
    """A table cell or list item: its paragraphs (block children each one, loose text one)."""
    out: list[list[Run]] = []
    loose = Inline()
    loose.add(el.text, False, False)
    for child in el:
        if not isinstance(child.tag, str) or _hidden(child):
            loose.add(child.tail, False, False)
            continue
        if _is_block(child):
            if loose.finish():
                out.append(loose.runs)
            loose = Inline()
            if child.tag in ("ul", "ol", "div", "section"):
                out.extend(_paragraphs_of(child))
            else:
                runs = inline(child).runs
                if runs:
                    out.append(runs)
        else:
            _collect(child, loose)
        loose.add(child.tail, False, False)
    if loose.finish():
        out.append(loose.runs)
    return out


class Walker:
    """Turns the HTML body into a flat list of paragraphs and tables."""

    def __init__(self, zh: bool) -> None:
        self.zh = zh
        self.blocks: list[Block] = []
        self.in_annex = False
        self.annex_opened = False
        self.signature_date: dt.date | None = None

    def para(self, style: str, runs: list[Run], **kw: Any) -> None:
        if runs:
            self.blocks.append(Para(style, runs, **kw))

    def walk(self, el: Any, context: str = "") -> None:
        loose = Inline()
        loose.add(el.text, False, False)
        for child in el:
            if not isinstance(child.tag, str):
                loose.add(child.tail, False, False)
                continue
            if _is_block(child) and not _hidden(child):
                self.para(self._loose_style(context), loose.finish())
                loose = Inline()
                self.block(child, context)
            elif not _hidden(child):
                _collect(child, loose)
            loose.add(child.tail, False, False)
        self.para(self._loose_style(context), loose.finish())

    def _loose_style(self, context: str) -> str:
        return {"header": "Subtitle", "signature": "Signature"}.get(context, "BodyText")

    def block(self, el: Any, context: str) -> None:
        tag, classes = el.tag, _classes(el)
        if tag == "h1":
            self.para("Title", inline(el).runs)
        elif tag in HEADINGS:
            if tag == "h2" and self.in_annex and not self.annex_opened:
                self.annex_heading(el)
            else:
                self.para(HEADINGS[tag], inline(el).runs)
        elif tag == "h6":
            self.para("Heading3", inline(el).runs)
        elif tag == "p" or tag in ("dt", "dd", "address", "pre"):
            self.paragraph(el, context)
        elif tag in ("ul", "ol"):
            self.listing(el, context)
        elif tag == "table":
            self.blocks.append(self.table(el))
        elif tag == "hr":
            return
        elif "signature" in classes:
            self.signature(el)
        elif tag == "section" and "annex" in classes:
            self.in_annex, self.annex_opened = True, False
            self.walk(el, context)
            self.in_annex = False
        elif tag == "header":
            self.walk(el, "header")
        else:
            self.walk(el, context)

    def paragraph(self, el: Any, context: str) -> None:
        runs = inline(el).runs
        if context == "signature":
            for run in runs:
                if run.text:
                    self.signature_date = self.signature_date or _found_date(run.text)
                    run.text = _signature_line(run.text, self.zh)
            first = not any(isinstance(b, Para) and b.style == "Signature" for b in self.blocks)
            self.para("Signature", runs, space_before=1158 if first else 0)
        else:
            self.para(self._loose_style(context), runs)

    def listing(self, el: Any, context: str) -> None:
        n = 0
        for item in el:
            if not isinstance(item.tag, str) or item.tag != "li" or _hidden(item):
                continue
            n += 1
            for k, runs in enumerate(_paragraphs_of(item)):
                if el.tag == "ol" and k == 0:
                    mark = f"（{n}）" if self.zh else f"({n}) "
                    runs = [Run(mark), *runs]
                self.para(self._loose_style(context), runs)

    def signature(self, el: Any) -> None:
        self.walk(el, "signature")

    def annex_heading(self, el: Any) -> None:
        """附件N flush left on a new page in 黑体, then the annex title centred (GB/T 9704 8)."""
        self.annex_opened = True
        text = inline(el).text.strip()
        match = ANNEX.match(text)
        label, title = (match.group(1), match.group(2)) if match else (text, "")
        self.para("AnnexLabel", [Run(label)], page_break=True)
        if title:
            self.para("AnnexTitle", [Run(title)])

    def table(self, el: Any) -> Table:
        head: list[list[Cell]] = []
        body: list[list[Cell]] = []
        hints: dict[int, str] = {}
        cols = [c for c in el.iter("col")]
        for i, col in enumerate(cols):
            hints[i] = _hint(col)
        for section in el:
            if not isinstance(section.tag, str) or _hidden(section):
                continue
            rows = [section] if section.tag == "tr" else list(section.iter("tr"))
            target = head if section.tag == "thead" else body
            for tr in rows:
                if _hidden(tr):
                    continue
                row = []
                for cell in tr:
                    if not isinstance(cell.tag, str) or cell.tag not in ("td", "th"):
                        continue
                    classes = _classes(cell)
                    row.append(
                        Cell(
                            paras=_paragraphs_of(cell),
                            header=cell.tag == "th",
                            numeric="n" in classes,
                            span=max(1, int(cell.get("colspan") or 1)),
                        )
                    )
                    if target is head:
                        i = sum(c.span for c in row[:-1])
                        hints.setdefault(i, _hint(cell))
                if row:
                    target.append(row)
        width = max((sum(c.span for c in r) for r in head + body), default=0)
        return Table(head, body, [hints.get(i, "") for i in range(width)])


def _hint(el: Any) -> str:
    classes = _classes(el)
    if "w-narrow" in classes:
        return "narrow"
    if "w-wide" in classes:
        return "wide"
    return ""


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
        layout = self.element("w:tblLayout")
        layout.set(_w("type"), "fixed")
        tbl_pr.append(layout)
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


def _normalize(data: bytes) -> bytes:
    """The same package with fixed zip timestamps and modes, entries in their written order."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


LANDSCAPE = re.compile(r"@page\s*\{[^}]*size:\s*A4\s+landscape", re.I)


def landscape(html: str) -> bool:
    """Whether the document's own `@page` rule prints it landscape (the summary does)."""
    return LANDSCAPE.search(html) is not None


def parse(html: str) -> tuple[list[Block], str, dt.date | None, bool]:
    """The blocks of a document's HTML, its title, its 落款 date and whether it is Chinese."""
    import lxml.html

    root = lxml.html.document_fromstring(html)
    zh = (root.get("lang") or "zh").lower().startswith("zh")
    body = root.find("body")
    walker = Walker(zh)
    walker.walk(body if body is not None else root)
    title = next(
        ("".join(r.text for r in b.runs) for b in walker.blocks if isinstance(b, Para)
         and b.style == "Title"),
        "",
    )  # fmt: skip
    return walker.blocks, title, walker.signature_date, zh


def render_docx(
    html: str, reference: bytes, base: bytes | None = None, source: str = "reference.docx"
) -> bytes:
    """A .docx of `html` (a document that keeps the HTML contract) on `reference`'s styles.

    `base` fills in the styles `reference` lacks; `source` names the reference in errors.
    """
    import docx

    from safecli.errors import InvalidFile, Problem

    blocks, title, day, zh = parse(html)
    try:
        doc = docx.Document(io.BytesIO(reference))
    except Exception as error:  # python-docx raises several kinds on a broken package
        raise InvalidFile(
            Problem(
                source,
                message=f"not a usable Word document: {error}",
                hint="save it again as .docx from Word",
            )
        ) from None
    if base is not None:
        _merge_styles(doc, docx.Document(io.BytesIO(base)))
    anchor = _clear_body(doc)
    if landscape(html):
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
    return _normalize(out.getvalue())
