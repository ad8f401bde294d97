"""Table widths from what the cells hold (render/table_layout.py), for Word and the HTML.

Hand-computed layouts, the landscape judgement and its mark on the HTML, and properties over
generated tables: the widths fill the page's text block exactly, a date column is never
narrower than a date, a text column never narrower than six characters.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safecli.render.html_blocks import Cell, Run, Table, parse
from safecli.render.table_layout import (
    HALF_EM,
    LANDSCAPE_WIDTH_TWIPS,
    SMALL_PADDING,
    TEXT_MIN,
    TEXT_WIDTH_TWIPS,
    layout,
    mark_landscape,
    padding,
    token_width,
    units,
)

LONG = "加强安全生产检查，落实隐患整改责任。" * 5 + "加强管理，严格考核。"  # 100 characters


def table(head: list[str], *rows: list[str], hints: list[str] | None = None) -> Table:
    def cell(text: str, header: bool = False) -> Cell:
        return Cell([[Run(text)]] if text else [], header, False)

    return Table(
        [[cell(h, True) for h in head]],
        [[cell(v) for v in row] for row in rows],
        hints or [""] * len(head),
    )


def test_short_columns_keep_their_lines_and_text_takes_the_rest() -> None:
    """序号: its header, 2 characters (4 half-characters) -> 4 x 120 + 170 = 650 twips.
    完成期限: a date, 10 x 1.3 = 13 -> 13 x 120 + 170 = 1730. 内容: all the rest,
    8844 - 650 - 1730 = 6464 (its floor, 15.7 half-characters for 200 in 14 lines, is lower)."""
    plan = layout(table(["序号", "内容", "完成期限"], ["1", LONG, "2026-06-30"]))
    assert plan == plan.__class__([650, 6464, 1730], 24, False)


def test_everything_on_one_line_shares_the_room_by_need() -> None:
    """Needs 650 (序号), 2*120+170 = 410 ... the header 等级 (4) -> 650, 完成期限 (header 8,
    date 13) -> 1730: 3030 of 8844; the 5814 left go out in proportion to need."""
    plan = layout(table(["序号", "等级", "完成期限"], ["1", "一般", "2026-06-30"]))
    needs = [650, 650, 1730]
    extra = 8844 - sum(needs)
    expected = [n + extra * n // sum(needs) for n in needs]
    expected[-1] += 8844 - sum(expected)
    assert plan.widths == expected and not plan.landscape


@pytest.mark.parametrize(("times", "size"), [(1, 21), (3, 18)])
def test_a_table_too_wide_for_portrait_is_set_landscape(times: int, size: int) -> None:
    """Eight columns and more are set in 五号 (10.5 pt) on a landscape page; a cell of 300
    characters there would take more than its share of the page's height, so the table goes
    down to 小五 (9 pt), where the floor of its text column holds it: 1.1 x 600 half-characters
    on 3520 / (180 x 1.65) = 11 lines, 60 half-characters, 60 x 90 + 114 = 5514 twips (a 小五
    table's cells keep 1 mm a side)."""
    head = [
        "序号",
        "条款",
        "内容",
        "责任部门",
        "完成期限",
        "现得分",
        "可增分",
        "整改后总分",
        "整改后等级",
    ]
    row = [
        "1",
        "五、14",
        LONG * times,
        "安全管理部门",
        "2026-11-30",
        "2/3",
        "+1",
        "90",
        "平安企业（优秀）",
    ]
    plan = layout(table(head, row))
    assert plan.landscape and plan.size == size
    assert sum(plan.widths) == LANDSCAPE_WIDTH_TWIPS
    date = round(units("2026-11-30") * HALF_EM[size]) + padding(HALF_EM[size])
    assert plan.widths[4] >= date
    assert plan.widths[2] == max(plan.widths)  # the text column takes what is left
    if size == 18:
        assert plan.widths[2] >= 5514


def test_long_english_text_sets_on_english_lines() -> None:
    """English words are wider than half a Chinese character and its lines shorter: a 900-
    character requirement beside five short columns goes to 小五 on a landscape page, its
    column wide enough for 15 lines (1.1 x its width over 3520 / (180 x 1.25)), and the owner
    column keeps its longest word ("representative") whole."""
    text = ("Keep food samples properly; control procurement and preparation. " * 14)[:900]
    head = ["Item", "Requirement", "Points", "Owner", "Evidence", "Deadline"]
    rows = [
        [
            "V.14",
            text,
            "3",
            "Legal representative",
            "食堂卫生管理制度，从业人员健康证",
            "2026-11-30",
        ],
        ["V.15", "Short.", "3", "Logistics department", "应急预案", "2026-11-30"],
    ]
    plan = layout(table(head, *rows))
    assert plan.landscape and plan.size == 18
    lines = int(0.45 * 7824 / (180 * 1.25))
    assert plan.widths[1] >= round(1.1 * units(text) / lines * 90) + SMALL_PADDING
    assert plan.widths[3] >= round(units("representative") * 90) + SMALL_PADDING
    # r e p r e s e n t a t i v e: r r t t i at 0.8, nine others at 1.2 (DejaVu Serif: 14.8)
    assert units("representative") == pytest.approx(5 * 0.8 + 9 * 1.2)
    # M e a n: M 2, three at 1.2 (DejaVu Sans 5.45); a date: eight digits and two hyphens
    assert units("Mean") == pytest.approx(2 + 3 * 1.2)
    assert units("2026-11-30") == pytest.approx(13)


def test_words_break_after_a_hyphen_but_a_date_stays_whole() -> None:
    assert token_width("unrectified-major-hazard; resisting-inspection") == pytest.approx(
        units("unrectified-")
    )
    assert token_width("“Safety-Integrity”") == pytest.approx(units("Integrity”"))
    assert token_width("due 2026-11-30.") == pytest.approx(units("2026-11-30.")) == 13.7


def test_the_html_marks_the_same_tables_landscape() -> None:
    head = "".join(
        f"<th>{h}</th>"
        for h in [
            "序号",
            "条款",
            "内容",
            "责任部门",
            "完成期限",
            "现得分",
            "可增分",
            "整改后总分",
            "整改后等级",
        ]
    )
    cells = "".join(
        f"<td>{v}</td>"
        for v in [
            "1",
            "五、14",
            LONG * 3,
            "安全管理部门",
            "2026-11-30",
            "2/3",
            "+1",
            "90",
            "平安企业",
        ]
    )
    small = "<table><thead><tr><th>序号</th><th>状态</th></tr></thead><tbody><tr><td>1</td><td>已销号</td></tr></tbody></table>"
    wide = f'<table class="x"><thead><tr>{head}</tr></thead><tbody><tr>{cells}</tr></tbody></table>'
    body = f"{small}<h3>（二）主要任务</h3>\n{wide}<p>后文</p>{small}"
    html = f'<html lang="zh-CN"><head></head><body>{body}</body></html>'
    marked = mark_landscape(html)
    # the table and the heading just above it, nothing else
    assert marked == html.replace('<table class="x">', '<table class="x landscape">').replace(
        "<h3>", '<h3 class="landscape">'
    )
    blocks, *_ = parse(marked)
    assert [b.source for b in blocks if isinstance(b, Table)] == [0, 1, 2]
    # a summary printing landscape already is left as it is
    turned = html.replace("<head>", "<head><style>@page { size: A4 landscape; }</style>")
    assert mark_landscape(turned) == turned


CJK = st.text(alphabet="安全生产检查隐患整改责任部门管理制度，。、", min_size=1, max_size=120)
DATES = st.dates().map(lambda d: d.isoformat())
VALUES = st.one_of(CJK, DATES, st.integers(0, 999).map(str), st.just(""))


@settings(max_examples=150, deadline=None)
@given(
    columns=st.integers(1, 12),
    data=st.data(),
)
def test_widths_fill_the_block_dates_whole_text_readable(columns: int, data: st.DataObject) -> None:
    kinds = data.draw(
        st.lists(st.sampled_from(["text", "date", "any"]), min_size=columns, max_size=columns)
    )
    head = data.draw(
        st.lists(
            st.text("序号内容期限等级", min_size=1, max_size=6), min_size=columns, max_size=columns
        )
    )
    rows = data.draw(
        st.lists(
            st.tuples(*[CJK if k == "text" else DATES if k == "date" else VALUES for k in kinds]),
            min_size=1,
            max_size=6,
        )
    )
    plan = layout(table(head, *[list(r) for r in rows]))
    width = LANDSCAPE_WIDTH_TWIPS if plan.landscape else TEXT_WIDTH_TWIPS
    assert sum(plan.widths) == width
    half = HALF_EM[plan.size]
    assert all(w > 0 for w in plan.widths)
    if columns <= 7:  # room for every floor on some page: nothing shrinks below its floor
        date = round(units("2026-11-30") * half) + padding(half)
        for i, kind in enumerate(kinds):
            if kind == "date":
                assert plan.widths[i] >= date
            if kind == "text" and max(units(r[i]) for r in rows) > 16:
                assert plan.widths[i] >= TEXT_MIN * half + padding(half)
