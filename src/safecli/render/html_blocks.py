"""parse(html) -> blocks: a document's HTML as the paragraphs and tables a Word file holds.

Pure. It reads the HTML contract every document keeps (templates/README.md): `<h1>` title;
`<h2>` 一、; `<h3>` （一）; `<h4>` 1.; `<p>`; `<table>` with `<thead>`/`<tbody>`; the 落款 in
`<div class="signature">`, one `<p>` a line; each annex a `<section class="annex">` opening with
`<h2>附件N 标题</h2>`; `class="screen-only"` (charts, navigation) is left out. Whitespace is
collapsed as a browser would; the 落款's dates become 二〇二五年七月一日 in Chinese documents.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

HEADINGS = {"h2": "Heading1", "h3": "Heading2", "h4": "Heading3", "h5": "Heading3"}
SKIP = {"script", "style", "head", "nav", "svg", "figure", "template", "noscript", "button"}
BLOCKS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "div", "section", "main",
    "header", "footer", "article", "aside", "blockquote", "dl", "dt", "dd", "li", "figure",
    "pre", "nav", "hr", "form", "address",
}  # fmt: skip
ANNEX = re.compile(r"^\s*((?:附件|Annex|Appendix)\s*[0-9A-Z]*)\s*[：:.．]?\s*(.*)$", re.I | re.S)
DATE = re.compile(r"(\d{4})\s*(?:-|年)\s*(\d{1,2})\s*(?:-|月)\s*(\d{1,2})\s*日?")


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
    if tag == "figure" and "chart" in _classes(el) and "screen-only" not in _classes(el):
        return el.get("hidden") is not None  # a chart: its SVG goes to Word as a picture
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
    source: int = -1  # which <table> of the HTML (in document order, hidden ones counted)


@dataclass
class Figure:
    """A chart: its caption and its SVG (serialized), which Word gets as a picture."""

    caption: str
    svg: str


Block = Para | Table | Figure


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

    def __init__(self, zh: bool, order: dict[Any, int] | None = None) -> None:
        self.zh = zh
        self.order = order or {}
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
        elif tag == "figure":
            self.figure(el)
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
        elif "addressee" in _classes(el):  # 主送: flush left, a short line never stretched
            self.para(self._loose_style(context), runs, align="left")
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

    def figure(self, el: Any) -> None:
        import lxml.etree

        svg = next((c for c in el.iter() if isinstance(c.tag, str) and c.tag == "svg"), None)
        caption = next((c for c in el if isinstance(c.tag, str) and c.tag == "figcaption"), None)
        if svg is not None:
            text = inline(caption).text if caption is not None else ""
            self.blocks.append(Figure(text, lxml.etree.tostring(svg, encoding="unicode")))

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
        hinted = [hints.get(i, "") for i in range(width)]
        return Table(head, body, hinted, self.order.get(el, -1))


def _hint(el: Any) -> str:
    classes = _classes(el)
    if "w-narrow" in classes:
        return "narrow"
    if "w-wide" in classes:
        return "wide"
    return ""


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
    walker = Walker(zh, {el: k for k, el in enumerate(root.iter("table"))})
    walker.walk(body if body is not None else root)
    title = next(
        ("".join(r.text for r in b.runs) for b in walker.blocks if isinstance(b, Para)
         and b.style == "Title"),
        "",
    )  # fmt: skip
    return walker.blocks, title, walker.signature_date, zh
