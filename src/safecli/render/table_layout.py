"""layout(table) -> Layout: a table's column widths from what its cells hold, and its page.

Pure, and shared by the Word writer (`render.docx`) and the HTML print page (`mark_landscape`),
so both make the same judgement. A column is measured in half-characters (a Chinese character
two, a Latin letter or digit a little more than one):

- its *need*: its longest line (the header on one line, each body line);
- its *floor*: what it cannot go below. A short column (every line at most `SHORT` half-
  characters: 序号, 分值, 等级, a date, 状态) keeps its lines whole; a text column gets at least
  `TEXT_MIN` (six characters), enough for its longest cell to take no more than `ROW_SHARE`
  of the page's height (so no row grows taller than half a page), and never less than its
  widest unbreakable piece (a date, a number, a Latin word); a header of four Chinese
  characters or more may take two lines.

Short columns get their floor; the text columns share the rest in proportion to their longest
cell (twice with a `w-wide` hint), each up to its need, so the tallest rows get the most room. When the floors
do not fit the portrait text block, short columns take two lines (their headers first, then
their values), those that give most first, until they fit; when they still do not fit, the
table is set on a landscape page (a section of its own in Word, a named `@page` in HTML), where
the same rules apply; past that every floor shrinks alike.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field

from safecli.render.html_blocks import Inline, Table, landscape, parse

TEXT_WIDTH_TWIPS = 8844  # 156 mm: the 版心 of an A4 page with 28 mm and 26 mm margins
LANDSCAPE_WIDTH_TWIPS = 13776  # 243 mm: the same margins on an A4 page turned
CELL_PADDING = 170  # twips, left + right (the Table Grid style's cell margins)
SMALL_PADDING = 114  # twips, left + right: a 小五 table's cells (1 mm a side, set on the table)
HALF_EM = {24: 120, 21: 105, 18: 90}  # twips of half a character at 12, 10.5 and 9 pt
SMALL_TABLE_COLUMNS = 8  # a table this wide is set in 五号 (10.5 pt), not 小四
SHORT = 16  # half-characters: a column whose every line is this short stays on one line
TEXT_MIN = 12  # half-characters: the least a column of running text is given (6 characters)
TEXT_HEIGHT_TWIPS = 12756  # 225 mm: the 版心's height (top 37 mm, bottom 35 mm)
LANDSCAPE_HEIGHT_TWIPS = 7824  # 138 mm: the same margins on the page turned
LINE = 1.65  # a table line's height in its font size (CJK fonts set tall; cell margins)
ROW_SHARE = 0.45  # a row may take this much of the text block's height (half, with a margin)
TOKEN_CAP = 20  # half-characters: a longer unbreakable run (an id, a URL) may break
WORD_CAP = 14  # half-characters: where nothing else fits, a text column's longer word breaks
LATIN = 1.3  # a digit: half a Chinese character in 仿宋, more in a substitute font (DejaVu
# Serif's digits are 0.64 em), so a date never breaks where 仿宋 is missing
UPPER = 1.55  # a capital in DejaVu Serif (0.75 em) or Sans; M and W 2, I and J 0.8
LOWER = 1.2  # a small letter (0.6 em); m and w 2, f i j l t r 0.8
NARROW = 0.7  # a space, a comma, a stop, a hyphen, a bracket (0.32-0.34 em)
BOLD = 1.1  # bold Latin is a tenth wider (DejaVu Serif Bold)
LATIN_LINE = 1.25  # an English line's height in its font size (DejaVu Serif sets 1.16)
LONG_ROW = 120  # half-characters: a row with a cell this long may break across pages


def _char_units(char: str) -> float:
    if unicodedata.east_asian_width(char) in "WF":
        return 2
    if char.isdigit() or char == "-":
        return LATIN
    if char in "mwMW%":
        return 2.0
    if char in "fijltrIJ":
        return 0.8
    if char.isupper():
        return UPPER
    if char.islower():
        return LOWER
    return NARROW  # a space, punctuation


def units(text: str) -> float:
    """Width in half-characters: a Chinese character takes two, a digit 1.3 (a date never
    breaks), a capital about 1.55, a small letter about 1.2, a space or a stop 0.7 (DejaVu, the
    widest substitute for Times New Roman and 黑体: running English text comes to about one)."""
    return sum(_char_units(c) for c in text)


def latin(text: str) -> bool:
    """Mostly Latin letters (English), which set on shorter lines than Chinese."""
    wide = sum(1 for c in text if unicodedata.east_asian_width(c) in "WF")
    return wide * 4 < len(text)


def _cjk(text: str) -> bool:
    return any(unicodedata.east_asian_width(c) in "WF" for c in text)


def _header_one_line(text: str) -> float:
    return max((units(line) for line in text.split("\n")), default=0)


def _header_floor(text: str) -> float:
    """The narrowest a header may be: a Latin word whole; four Chinese characters or more
    on two lines (整改后/总分), fewer on one."""
    widest = 0.0
    for line in text.split("\n"):
        for piece in re.split(r"[\s/]+", line):
            if _cjk(piece):
                chars = len(piece)
                widest = max(widest, units(piece) if chars < 4 else 2 * -(-chars // 2))
            else:
                widest = max(widest, 1.05 * units(piece))  # 黑体 falls to DejaVu Sans
    return widest


CLAUSE_HEAD = re.compile(r"\b(Annex \d+|Part \d+) (?=[IVXL\d(])")
"""An annex or part heading an English clause label (Annex 2 III.4, Part 2 III(2).12), kept on
one line with the number that follows (`numbering.clause_label`); "Std." may break off."""


def token_width(line: str) -> float:
    """The widest piece a line of body text cannot break inside: a date, a number, a Latin
    word, a bracketed number of a clause, an English label's annex or part with its number
    (Chinese breaks between any other two characters)."""
    line = CLAUSE_HEAD.sub(lambda m: m[1].replace(" ", "\u00a0") + "\u00a0", line)
    pieces = re.findall(
        r"(?:（[^（）]{1,6}）)?[!-~“”‘’\u00a0]+|（[^（）]{1,6}）", line
    )  # 2026-06-30, （三）1, “Safe
    # a line may break after the hyphen of two words (Safety-Integrity), a slash, or a dot
    # or underscore of an id (fire.1.intact_rate: LibreOffice breaks an id that overflows)
    pieces = [q for p in pieces for q in HYPHENATED.split(p)]
    return min(max([units(p) for p in pieces] + [2 if line.strip() else 0]), TOKEN_CAP)


HYPHENATED = re.compile(r"(?<=[A-Za-z]-)(?=[A-Za-z])|(?<=/)(?=\w)|(?<=[A-Za-z][._])(?=\w)")


@dataclass(frozen=True)
class Layout:
    widths: list[int]  # twips per column, summing to the width of the page's text block
    size: int  # half-points of the table's text
    landscape: bool  # set on a landscape page


@dataclass
class _Column:
    need: float = 2  # its longest line, header included
    floor: float = 2  # text: TEXT_MIN or its widest token; short: its need
    header: float = 2  # the floor when a short column's header takes two lines
    loose: float = 2  # the floor when its values take two lines too
    words: float = 2  # a text column's long words and codes broken, short columns loose
    bare: float = 2  # the least: its widest unbreakable value (a date), headers broken
    weight: int = 1
    text: bool = False
    longest: float = 0  # the longest cell, all its lines together
    line: float = LINE  # the height of the longest cell's lines, in the font size
    cells: list[list[float]] = field(default_factory=list)  # each body row's lines, measured


def font_size(table: Table) -> int:
    """Half-points of a table's text: 小四 (12 pt), or 五号 (10.5 pt) for a wide table."""
    return 21 if len(table.hints) >= SMALL_TABLE_COLUMNS else 24


def _columns(table: Table) -> list[_Column]:
    n = len(table.hints)
    cols = [_Column() for _ in range(n)]
    head_floor = [2.0] * n
    token = [2.0] * n
    body = [0.0] * n
    for row in table.head:
        i = 0
        for cell in row:
            if cell.span == 1 and i < n:
                text = "\n".join(Inline(p).text for p in cell.paras)
                head_floor[i] = max(head_floor[i], _header_floor(text))
                cols[i].need = max(cols[i].need, _header_one_line(text))
            i += cell.span
    for row in table.body:
        for col in cols:
            col.cells.append([])
        i = 0
        for cell in row:
            if cell.span == 1 and i < n:
                whole, texts = 0.0, []
                for para in cell.paras:
                    for line in Inline(para).text.split("\n"):
                        # a row's header cell is set bold: English a tenth wider
                        bold = BOLD if cell.header and latin(line) else 1.0
                        size = bold * units(line)
                        token[i] = max(token[i], bold * token_width(line))
                        body[i] = max(body[i], min(size, 400))
                        whole += size
                        texts.append(line)
                        cols[i].cells[-1].append(size)
                if whole > cols[i].longest:
                    cols[i].longest = whole
                    cols[i].line = LATIN_LINE if latin("".join(texts)) else LINE
            i += cell.span
    for i, col in enumerate(cols):
        col.need = max(col.need, body[i], token[i])
        col.text = body[i] > SHORT
        if col.text:
            col.floor = max(TEXT_MIN, token[i], head_floor[i])
            col.header = col.loose = col.floor
            col.words = max(TEXT_MIN, min(token[i], WORD_CAP), head_floor[i])
            col.bare = max(TEXT_MIN * 2 // 3, min(token[i], WORD_CAP))
        else:
            col.floor = max(col.need, head_floor[i])
            col.header = max(body[i], token[i], head_floor[i])
            col.loose = col.words = max(-(-body[i] // 2) + 1, token[i], head_floor[i])
            col.bare = max(-(-body[i] // 2) + 1, token[i])
        hint = table.hints[i]
        if hint == "narrow":
            col.need = col.floor
        elif hint == "wide":
            col.weight = 2
    return cols


def _row_lines(cells: list[list[float]], width: int, half: int) -> list[int]:
    """Each row's lines in a column `width` twips wide (a line breaks a little early: whole
    words)."""
    room = max(1.0, (width - padding(half)) / half)
    return [sum(max(1, math.ceil(u * 1.05 / room)) for u in row) for row in cells]


def _shortest(
    widths: list[int],
    needs: list[int],
    cells: list[list[list[float]]],
    grow: list[int],
    left: int,
    half: int,
) -> int:
    """Give the text columns the room `left`, a step at a time, each step where it takes most
    lines off the table (the sum of its rows' tallest cells): a column of long titles beside
    a column of long text gets what makes the rows shortest, not a share by size. Returns
    what no step could use."""
    step = max(2 * half, left // 40)
    lines = {i: _row_lines(cells[i], widths[i], half) for i in grow}
    rows = len(next(iter(lines.values()))) if lines else 0

    def height(i: int, column: list[int]) -> int:
        return sum(max([column[r]] + [lines[j][r] for j in grow if j != i]) for r in range(rows))

    now = height(grow[0], lines[grow[0]]) if grow else 0
    while left > 0:
        best = None  # (lines saved per twip, twips, column, its lines)
        for i in grow:
            for k in range(1, 9):
                give = min(k * step, left, needs[i] - widths[i])
                if give <= 0:
                    break
                column = _row_lines(cells[i], widths[i] + give, half)
                saved = now - height(i, column)
                if saved > 0:
                    if best is None or saved / give > best[0]:
                        best = (saved / give, give, i, column)
                    break
                if give < k * step:
                    break
        if best is None:
            return left
        _, give, i, column = best
        widths[i] += give
        left -= give
        lines[i] = column
        now = height(i, column)
    return left


def _fill(
    floors: list[int],
    needs: list[int],
    weights: list[int],
    text: list[bool],
    total: int,
    cells: list[list[list[float]]] | None = None,
    half: int = 120,
) -> list[int]:
    """Widths from the floors: when every line fits, the room left goes out in proportion to
    need; otherwise short columns keep their floor and the text columns take the rest where it
    shortens the rows most (`_shortest`), then in proportion to their weights (what their
    longest cell holds), each up to its need."""
    n = len(floors)
    if sum(needs) <= total:
        extra = total - sum(needs)
        widths = [nd + extra * nd // sum(needs) for nd in needs]
        widths[-1] += total - sum(widths)
        return widths
    widths = list(floors)
    grow = [i for i in range(n) if text[i]]
    if grow and cells is not None:
        _shortest(widths, needs, cells, grow, total - sum(widths), half)
        floors = list(widths)
    if grow:
        left = total - sum(floors)

        def width(i: int, level: int) -> int:  # a level in thousandths of a twip per weight
            return min(max(level * weights[i] // 1000, floors[i]), needs[i])

        lo, hi = 0, max(needs) * 1000
        while lo < hi:  # the highest level the text columns can rise to
            mid = (lo + hi + 1) // 2
            if sum(width(i, mid) - floors[i] for i in grow) <= left:
                lo = mid
            else:
                hi = mid - 1
        for i in grow:
            widths[i] = width(i, lo)
    # what is left (rounding, or text columns all at their need) goes to the columns still
    # short of their need, the least short first (a short column back on one line), then the
    # widest text column
    left = total - sum(widths)
    for i in sorted(range(n), key=lambda i: (needs[i] - widths[i], i)):
        if left <= 0:
            break
        if widths[i] < needs[i]:
            give = min(left, needs[i] - widths[i])
            widths[i] += give
            left -= give
    if left > 0:
        widest = max(range(n), key=lambda i: (text[i], needs[i], -i))
        widths[widest] += left
    return widths


def layout(
    table: Table,
    portrait: int = TEXT_WIDTH_TWIPS,
    wide: int | None = LANDSCAPE_WIDTH_TWIPS,
    height: int = TEXT_HEIGHT_TWIPS,
    wide_height: int = LANDSCAPE_HEIGHT_TWIPS,
) -> Layout:
    """The table's widths (twips) on a text block `portrait` wide and `height` tall, or on a
    landscape one `wide` wide and `wide_height` tall when it does not fit (None: the page is
    already the widest there is)."""
    n = len(table.hints)
    size = font_size(table)
    if n == 0:
        return Layout([], size, False)
    cols = _columns(table)
    texts = [c.text for c in cols]
    cells = [c.cells for c in cols]
    # text columns share the line in proportion to their longest cell (twice with w-wide), so
    # the tallest rows get the most room
    weights = [max(1, round(c.longest)) * c.weight for c in cols]
    pages = [(portrait, height, False)]
    if wide and wide > portrait:
        pages.append((wide, wide_height, True))
    # 小四 on the portrait page, then on the landscape one; then 五号 and 小五 there (a long
    # English cell sets on more lines than its Chinese)
    tries = [(size, *page) for page in pages]
    tries += [(points, *pages[-1]) for points in SMALLER if points < size]
    for points, total, tall, turned in tries:
        tw = _twips(points)
        needs = [tw(max(c.need, c.floor)) for c in cols]
        # a text column wide enough that its longest cell stays within its share of the page
        floors = [
            tw(max(c.floor, 1.1 * c.longest / _lines(tall, points, c.line)) if c.text else c.floor)
            for c in cols
        ]
        floors = [min(f, nd) if c.text else f for f, nd, c in zip(floors, needs, cols, strict=True)]
        # short columns take two lines until the table fits: headers first (挂牌/督办), then
        # values, those that give most first
        for tier in ("header", "loose"):
            lower = [tw(getattr(c, tier)) for c in cols]
            for i in sorted(range(n), key=lambda i: (lower[i] - floors[i], i)):
                if sum(floors) <= total:
                    break
                if not cols[i].text:
                    floors[i] = min(floors[i], lower[i])
        if sum(floors) <= total:
            widths = _fill(floors, needs, weights, texts, total, cells, HALF_EM[points])
            if any(t and w < nd for t, w, nd in zip(texts, widths, needs, strict=True)):
                # text still wraps: short columns' long headers take two lines (Mean rate /
                # (%), 整改后/总分) and give the text their room
                eased = [
                    f if c.text else min(f, tw(c.header)) for f, c in zip(floors, cols, strict=True)
                ]
                widths = _fill(eased, needs, weights, texts, total, cells, HALF_EM[points])
            return Layout(widths, points, turned)
    # nothing fits: on the widest page, short columns on two lines and text columns at their
    # least share the line out (in 五号, then 小五); then a text column's long words and codes
    # may break; then short columns' header words; past that every floor shrinks alike
    total = pages[-1][0]
    steps = [(p, "loose") for p in (size, *SMALLER) if p <= size]
    steps += [(tries[-1][0], "words"), (tries[-1][0], "bare")]
    for points, tier in steps:
        tw = _twips(points)
        floors = [tw(getattr(c, tier)) for c in cols]
        if sum(floors) <= total:
            needs = [tw(max(c.need, c.floor)) for c in cols]
            widths = _fill(floors, needs, weights, texts, total, cells, HALF_EM[points])
            return Layout(widths, points, pages[-1][2])
    widths = [f * total // sum(floors) for f in floors]
    widths[-1] += total - sum(widths)
    return Layout(widths, points, pages[-1][2])


SMALLER = (21, 18)  # 五号 and 小五, in half-points: a table that does not fit in its size


def _twips(size: int):
    half = HALF_EM.get(size, size * 5)

    def tw(value: float) -> int:
        return round(value * half) + padding(half)

    return tw


def padding(half: int) -> int:
    """The cells' left and right margins together, in twips, for type of `half` twips a
    half-character: a 小五 table (the widest) keeps 1 mm a side, others the style's 1.5 mm."""
    return SMALL_PADDING if half <= HALF_EM[18] else CELL_PADDING


def _lines(tall: int, size: int, line: float) -> int:
    """How many lines of `size` half-points set `line` high fit in a row's share of `tall`."""
    return max(1, int(ROW_SHARE * tall / (size * 10 * line)))


def row_may_break(texts: list[str]) -> bool:
    """A row holding a cell this long may break across pages; a short one stays whole."""
    return max((units(t) for t in texts), default=0) >= LONG_ROW


TABLE_TAG = re.compile(r"<(table)\b[^>]*>", re.I)
WHOLE = re.compile(r"""<meta\s+name=["']safecli-landscape["']\s+content=["']whole["']""", re.I)
"""A document's opt-in (the 整改通知书, a letter around one table): when its table turns
landscape, the whole document does, instead of a portrait page holding only the salutation."""
TURNED_PAGE = "<style>@page { size: A4 landscape; margin: 15mm 20mm 15mm 18mm; }</style>"
CLASS = re.compile(r"""\bclass\s*=\s*(["'])(.*?)\1""", re.I | re.S)


def mark_landscape(html: str) -> str:
    """The HTML with `class="landscape"` on each table Word sets on a landscape page (the
    print CSS gives those a landscape `@page`). The judgement is Word's, on its page and type
    sizes, so the two agree. Unchanged when the document prints landscape already, or when
    its `<table>` tags cannot be matched one to one."""
    import lxml.html

    if "<table" not in html or landscape(html):
        return html
    blocks, *_ = parse(html)
    turned = {b.source for b in blocks if isinstance(b, Table) and layout(b).landscape}
    if not turned:
        return html
    if WHOLE.search(html) and "</head>" in html:
        at = html.index("</head>")
        return html[:at] + TURNED_PAGE + "\n" + html[at:]
    tags = list(TABLE_TAG.finditer(html))
    if len(tags) != sum(1 for _ in lxml.html.document_fromstring(html).iter("table")):
        return html  # a <table> in a comment or a script: leave the page as it is
    marks: list[re.Match[str]] = []
    for k, tag in enumerate(tags):
        if k in turned:
            heading = _heading_before(html, tag.start())
            marks += [heading, tag] if heading else [tag]
    out, at = [], 0
    for tag in marks:
        out += [html[at : tag.start()], _with_class(tag.group(0), tag.group(1), "landscape")]
        at = tag.end()
    return "".join(out) + html[at:]


OPENING = re.compile(r"<(\w+)\b[^>]*>")
HEADING_END = re.compile(r"</(h[234])>\s*$", re.I)


def _heading_before(html: str, end: int) -> re.Match[str] | None:
    """The opening tag of the heading right before position `end`, which goes with the table
    onto its landscape page (None: something else comes first)."""
    closing = HEADING_END.search(html, max(0, end - 200), end)
    if closing is None:
        return None
    start = html.rfind(f"<{closing.group(1)}", 0, closing.start())
    return OPENING.match(html, start) if start >= 0 else None


def _with_class(tag: str, name: str, extra: str) -> str:
    """An opening tag with one more class."""
    found = CLASS.search(tag)
    if found:
        classes = f"{found.group(2)} {extra}".strip()
        quote = found.group(1)
        return f"{tag[: found.start()]}class={quote}{classes}{quote}{tag[found.end() :]}"
    return f'<{name} class="{extra}"{tag[len(name) + 1 :]}'
