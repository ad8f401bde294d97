"""`--format docx`: report, plan and summary as 公文 Word files (GB/T 9704-2012).

Every example's report and plan, and the examples' summary, in zh and en: opened with
python-docx and checked for the page, the fonts, the footer's PAGE field, repeated header rows
and the 落款; their text (paragraphs and table rows, in order) against golden files; and
converted to PDF by LibreOffice (skipped when LibreOffice is absent).

Regenerate the goldens after an intended change with `pytest --update-goldens`.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from safecli.api import plan_file, report_file, summary_document
from safecli.cli.app import app
from safecli.model.errors import InvalidFile
from safecli.portfolio.config import find_config
from safecli.portfolio.summary import summary
from safecli.read.reference import Reference, bundled
from safecli.render.docx import DocMeta, render_docx
from safecli.render.html_blocks import chinese_date, parse
from safecli.render.portfolio import render_html
from safecli.render.table_layout import CELL_PADDING, HALF_EM, LANDSCAPE_WIDTH_TWIPS, layout

docx = pytest.importorskip("docx")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "records"
GOLDEN = Path(__file__).parent / "golden" / "docx"
RECORDS = sorted(EXAMPLES.glob("*.yaml")) + sorted(EXAMPLES.glob("*.xlsx"))
PLAN_START = dt.date(2026, 1, 1)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
runner = CliRunner()


@functools.cache
def html_of(name: str, kind: str, lang: str) -> str:
    if kind == "summary":
        config = find_config(EXAMPLES).model_copy(update={"lang": lang})
        return render_html(summary([EXAMPLES], config, as_of=dt.date(2026, 1, 1)))
    record = EXAMPLES / name
    if kind == "report":
        return report_file(record, "html", lang)
    return plan_file(record, None, None, PLAN_START, "html", lang)


@functools.cache
def docx_of(name: str, kind: str, lang: str) -> bytes:
    """The Word file as the library makes it (from the document's data, on the bundled
    reference)."""
    if kind == "summary":
        config = find_config(EXAMPLES).model_copy(update={"lang": lang})
        portfolio = summary([EXAMPLES], config, as_of=dt.date(2026, 1, 1))
        return summary_document(portfolio, "docx")
    record = EXAMPLES / name
    if kind == "report":
        return report_file(record, "docx", lang)
    return plan_file(record, None, None, PLAN_START, "docx", lang)


CASES = [
    (r.name, kind, lang) for r in RECORDS for kind in ("report", "plan") for lang in ("zh", "en")
]
CASES += [("examples", "summary", lang) for lang in ("zh", "en")]


def case_id(case: tuple[str, str, str]) -> str:
    name, kind, lang = case
    return f"{Path(name).stem}.{kind}.{lang}"


def _text(element) -> str:
    """A paragraph's text, a non-breaking hyphen (a date's) as a hyphen."""
    return "".join(
        (t.text or "") if t.tag == f"{W}t" else "-"
        for t in element.iter(f"{W}t", f"{W}noBreakHyphen")
    )


def text_of(data: bytes) -> str:
    """The document's paragraphs and table rows, in order, one a line (`style: text`)."""
    document = docx.Document(io.BytesIO(data))
    lines = []
    for block in document.element.body:
        if block.tag == f"{W}p":
            style = block.find(f"{W}pPr/{W}pStyle")
            text = _text(block)
            if text:
                lines.append(f"{style.get(f'{W}val') if style is not None else 'Normal'}: {text}")
        elif block.tag == f"{W}tbl":
            for row in block.iter(f"{W}tr"):
                head = row.find(f"{W}trPr/{W}tblHeader") is not None
                cells = ["/".join(_text(p) for p in tc.iter(f"{W}p")) for tc in row.iter(f"{W}tc")]
                lines.append(("| th | " if head else "| ") + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_golden_text(case: tuple[str, str, str], update_goldens: bool) -> None:
    path = GOLDEN / f"{case_id(case)}.txt"
    text = text_of(docx_of(*case))
    if update_goldens:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"no golden {path.name}: run pytest --update-goldens"
    assert text == path.read_text(encoding="utf-8"), f"{path.name} differs"


def _style_font(document, style_id: str, attr: str = "eastAsia") -> str | None:
    """The font a paragraph style resolves to (its own rFonts, then the styles it is based on)."""
    style = document.styles.element.get_by_id(style_id)
    while style is not None:
        fonts = style.find(f"{W}rPr/{W}rFonts")
        if fonts is not None and fonts.get(f"{W}{attr}"):
            return fonts.get(f"{W}{attr}")
        based = style.find(f"{W}basedOn")
        style = (
            document.styles.element.get_by_id(based.get(f"{W}val")) if based is not None else None
        )
    return None


def _runs_font(paragraph) -> set[str | None]:
    return {
        r.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia")
        for r in paragraph._p.iter(f"{W}r")
        if r.find(f"{W}t") is not None
    }


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_gb_t_9704_layout(case: tuple[str, str, str]) -> None:
    data = docx_of(*case)
    document = docx.Document(io.BytesIO(data))
    section = document.sections[0]
    # the summary reads across a landscape page, as its HTML prints; the documents start
    # portrait, and a table too wide for it has a landscape section of its own
    assert (section.page_width > section.page_height) == (case[1] == "summary")
    for each in document.sections:
        size = sorted((each.page_width.mm, each.page_height.mm))
        assert abs(size[0] - 210) < 0.5 and abs(size[1] - 297) < 0.5
        for margin, mm in (("top", 37), ("bottom", 35), ("left", 28), ("right", 26)):
            assert abs(getattr(each, f"{margin}_margin").mm - mm) <= 0.5, margin
        assert each.footer.paragraphs[0].text == section.footer.paragraphs[0].text
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    by_style: dict[str, list] = {}
    for p in paragraphs:
        by_style.setdefault(p.style.style_id, []).append(p)
    # the title: 二号 方正小标宋简体, centred, first
    title = paragraphs[0]
    assert title.style.style_id == "Title"
    assert _runs_font(title) == {"方正小标宋简体"}
    assert title.style.font.size.pt == 22
    assert title.alignment is None and title.style.paragraph_format.alignment == 1  # centre
    # body: 三号 仿宋_GB2312 stated on every run, East Asian slot included
    body = by_style.get("BodyText", []) + by_style.get("Signature", [])
    assert body
    for p in body:
        assert _runs_font(p) == {"仿宋_GB2312"}, p.text
    assert _style_font(document, "BodyText") == "仿宋_GB2312"
    assert document.styles["Body Text"].font.size.pt == 16
    # headings: 一、 黑体; （一） 楷体_GB2312; 1. 仿宋 bold
    assert _style_font(document, "Heading1") == "黑体"
    assert _style_font(document, "Heading2") == "楷体_GB2312"
    assert _style_font(document, "Heading3") == "仿宋_GB2312"
    assert document.styles["Heading 3"].font.bold is True
    for p in by_style.get("Heading1", []):
        assert _runs_font(p) == {"黑体"}
    assert by_style.get("Heading1"), "no 一、 heading"
    # no Japanese fallback anywhere: no theme fonts, and the East Asian language is Chinese
    styles_xml = document.styles.element.xml
    assert "Mincho" not in styles_xml and "明朝" not in styles_xml
    assert "eastAsiaTheme" not in styles_xml and 'w:eastAsia="zh-CN"' in styles_xml
    # the footer: "— PAGE —"
    footer = section.footer.paragraphs[0]
    assert "PAGE" in "".join(t.text for t in footer._p.iter(f"{W}instrText"))
    assert footer.text.startswith("— ") and footer.text.endswith(" —")
    # tables: every header row repeats; no column narrower than a little over a character
    tables = document.tables
    assert tables
    for table in tables:
        first = table.rows[0]._tr
        if first.find(f"{W}trPr/{W}tblHeader") is not None:
            assert table.rows[0].cells[0].paragraphs[0].style.style_id == "TableHeading"
        widths = [int(c.get(f"{W}w")) for c in table._tbl.tblGrid.iter(f"{W}gridCol")]
        longest = max(section.page_width, section.page_height)
        text_width = longest - section.left_margin - section.right_margin
        assert sum(widths) <= text_width / 635 + 5
    assert any(t.rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None for t in tables)
    # the 落款: right-aligned, last before the annexes (or last of all), its date in Chinese
    signature = by_style.get("Signature")
    assert signature, "no 落款"
    annex = [i for i, p in enumerate(paragraphs) if p.style.style_id == "AnnexLabel"]
    end = annex[0] if annex else len(paragraphs)
    assert [p.style.style_id for p in paragraphs[end - len(signature) : end]] == [
        "Signature"
    ] * len(signature)
    assert document.styles["Signature"].paragraph_format.alignment == 2  # right
    if case[2] == "zh":
        assert "〇" in signature[-1].text or "年" in signature[-1].text
    # annexes start a page
    for i in annex:
        assert paragraphs[i].paragraph_format.page_break_before or (
            paragraphs[i].style.paragraph_format.page_break_before
        )


def test_the_plan_has_its_annex_on_a_new_page() -> None:
    document = docx.Document(io.BytesIO(docx_of("safe-enterprise.yaml", "plan", "zh")))
    labels = [p for p in document.paragraphs if p.style.style_id == "AnnexLabel"]
    assert labels and labels[0].text.startswith("附件")
    assert labels[0].paragraph_format.page_break_before


def test_bytes_are_deterministic() -> None:
    record = EXAMPLES / "safe-enterprise.yaml"
    first = report_file(record, "docx", "zh")
    assert first == report_file(record, "docx", "zh")
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    props = docx.Document(io.BytesIO(first)).core_properties
    assert props.created == props.modified
    assert props.author == "safecli"


def test_chinese_dates() -> None:
    assert chinese_date(dt.date(2025, 7, 1)) == "二〇二五年七月一日"
    assert chinese_date(dt.date(2020, 10, 20)) == "二〇二〇年十月二十日"
    assert chinese_date(dt.date(2026, 12, 31)) == "二〇二六年十二月三十一日"
    assert chinese_date(dt.date(2019, 11, 15)) == "二〇一九年十一月十五日"


def test_the_contract_screen_only_and_annexes() -> None:
    html = """<html lang="zh-CN"><body><h1>标题</h1><nav>目录</nav>
    <figure class="screen-only"><svg><text>图</text></svg></figure>
    <p class="screen-only">只在屏幕</p><h2>一、总体要求</h2><h3>（一）目标</h3><h4>1. 细则</h4>
    <p>正文<strong>加粗</strong>。</p>
    <table><colgroup><col class="w-narrow"><col class="w-wide"></colgroup>
    <thead><tr><th>序号</th><th>内容</th></tr></thead><tbody><tr><td>1</td><td>甲</td></tr></tbody></table>
    <div class="signature"><p>某某单位</p><p>2025-07-01</p></div>
    <section class="annex"><h2>附件1 自查表</h2><p>附件正文</p></section></body></html>"""
    blocks, title, day, zh = parse(html)
    assert (title, day, zh) == ("标题", dt.date(2025, 7, 1), True)
    styles = [(b.style, "".join(r.text for r in b.runs)) for b in blocks if hasattr(b, "style")]
    assert styles == [
        ("Title", "标题"),
        ("Heading1", "一、总体要求"),
        ("Heading2", "（一）目标"),
        ("Heading3", "1. 细则"),
        ("BodyText", "正文加粗。"),
        ("Signature", "某某单位"),
        ("Signature", "二〇二五年七月一日"),
        ("AnnexLabel", "附件1"),
        ("AnnexTitle", "自查表"),
        ("BodyText", "附件正文"),
    ]
    table = next(b for b in blocks if not hasattr(b, "style"))
    assert table.hints == ["narrow", "wide"]


def test_columns_are_never_narrower_than_their_header() -> None:
    """Word: a header word stays whole (one of four Chinese characters or more may take two
    lines, 整改后/总分), and every table fills the text block of its page."""
    html = html_of("safe-enterprise.yaml", "report", "zh")
    blocks, *_ = parse(html)
    for table in (b for b in blocks if hasattr(b, "hints")):
        plan = layout(table)
        assert sum(plan.widths) == (LANDSCAPE_WIDTH_TWIPS if plan.landscape else 8844)
        for cell, width in zip(table.head[0] if table.head else [], plan.widths, strict=False):
            header = "".join(r.text for p in cell.paras for r in p)
            cjk = sum(1 for c in header if ord(c) > 0x2E80)
            units = 2 * -(-cjk // 2) if cjk >= 4 else 2 * cjk + len(header) - cjk
            assert width >= units * HALF_EM[plan.size] + CELL_PADDING - 1, (header, width)


def test_a_user_reference_document(tmp_path: Path) -> None:
    """A letterhead's own styles and footer win; the styles it lacks come from ours."""
    user = docx.Document(io.BytesIO(bundled().data))
    body = user.styles["Body Text"]
    body.element.find(f"{W}rPr/{W}rFonts").set(f"{W}eastAsia", "仿宋")
    title = user.styles.element.get_by_id("Heading3")
    title.getparent().remove(title)
    user.sections[0].footer.paragraphs[0].text = "红头文件页脚"
    buffer = io.BytesIO()
    user.save(buffer)
    ref = tmp_path / "红头.docx"
    ref.write_bytes(buffer.getvalue())
    out = tmp_path / "report.docx"
    record = EXAMPLES / "safe-enterprise.yaml"
    args = ["report", str(record), "--format", "docx", "--reference-doc", str(ref), "-o", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    assert document.sections[0].footer.paragraphs[0].text == "红头文件页脚"
    bodies = [p for p in document.paragraphs if p.style.style_id == "BodyText"]
    assert bodies and all(_runs_font(p) == {"仿宋"} for p in bodies)
    assert document.styles.element.get_by_id("Heading3") is not None


def test_a_letterhead_keeps_its_head_and_foot_around_the_body(tmp_path: Path) -> None:
    """A 红头 reference: the 版头 above a `{{body}}` paragraph and the 版记 below it stay."""
    user = docx.Document(io.BytesIO(bundled().data))
    body = user.element.body
    for child in list(body)[:-1]:
        body.remove(child)
    for text in ("某某市应急管理局文件", "{{body}}", "抄送：市安委会各成员单位。"):
        user.add_paragraph(text)
    buffer = io.BytesIO()
    user.save(buffer)
    record = EXAMPLES / "safe-enterprise.yaml"
    out = report_file(record, "docx", "zh", reference_doc=Reference(buffer.getvalue()))
    texts = [p.text for p in docx.Document(io.BytesIO(out)).paragraphs if p.text]
    assert texts[0] == "某某市应急管理局文件"
    assert texts[1].endswith("评估报告")
    assert texts[-1] == "抄送：市安委会各成员单位。"
    # the 落款 (unit, date), then the annex 整改清单 after it (issue 10's report, GB/T 9704)
    assert texts[texts.index("二〇二五年五月十日") - 1] == "苏州某精细化工有限公司"
    assert texts[-3] == "整改清单"
    assert texts[-2].startswith("注：未注明整改期限的，一般隐患自自查之日起30日内")
    assert "{{body}}" not in texts
    document = docx.Document(io.BytesIO(out))
    assert document.element.body[-1].tag == f"{W}sectPr"
    assert len(document.tables) == len(
        docx.Document(io.BytesIO(docx_of("safe-enterprise.yaml", "report", "zh"))).tables
    )


def test_a_bad_reference_document_is_a_located_error(tmp_path: Path) -> None:
    bad = tmp_path / "letterhead.docx"
    bad.write_text("not a zip")
    out = tmp_path / "report.docx"
    record = EXAMPLES / "safe-enterprise.yaml"
    args = ["report", str(record), "--format", "docx", "--reference-doc", str(bad), "-o", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert f"{bad}: error: not a Word document (.docx)" in result.stderr
    assert not out.exists()
    with pytest.raises(InvalidFile):
        render_docx("<h1>x</h1>", DocMeta("x", None, "zh"), Reference(b"PK\x03\x04 broken"))


@pytest.mark.parametrize(
    "args",
    [
        ["report", str(EXAMPLES / "safe-enterprise.yaml")],
        ["plan", str(EXAMPLES / "safe-enterprise.yaml"), "--start", "2026-01-01"],
        ["summary", str(EXAMPLES)],
    ],
)
def test_the_cli_writes_docx_and_needs_a_file(tmp_path: Path, args: list[str]) -> None:
    out = tmp_path / "out.docx"
    result = runner.invoke(app, [*args, "--format", "docx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert docx.Document(str(out)).paragraphs[0].style.style_id == "Title"
    assert runner.invoke(app, [*args, "--format", "docx"]).exit_code == 2


def test_reports_to_a_folder_as_docx(tmp_path: Path) -> None:
    records = [str(EXAMPLES / "safe-enterprise.yaml"), str(EXAMPLES / "safe-community.yaml")]
    result = runner.invoke(
        app, ["report", *records, "--format", "docx", "--out-dir", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    written = sorted(p.suffix for p in (tmp_path / "out").iterdir())
    assert written == [".docx", ".docx"]


def test_the_shipped_reference_is_what_the_script_builds() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "make_reference_docx", ROOT / "tools" / "make_reference_docx.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.make() == (ROOT / "templates" / "reference.docx").read_bytes(), (
        "run python tools/make_reference_docx.py"
    )


# ---------------------------------------------------------------- LibreOffice


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_converts_every_docx_to_a4_pdf(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    names = []
    for case in CASES:
        name = f"{case_id(case)}.docx"
        (tmp_path / name).write_bytes(docx_of(*case))
        names.append(name)
    profile = tmp_path / "profile"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "pdf"),
            *names,
        ],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        timeout=600,
    )
    counts = {}
    for name in names:
        pdf = tmp_path / "pdf" / name.replace(".docx", ".pdf")
        assert pdf.exists(), f"LibreOffice did not convert {name}"
        reader = pypdf.PdfReader(str(pdf))
        counts[name] = len(reader.pages)
        for page in reader.pages:
            size = sorted((float(page.mediabox.width), float(page.mediabox.height)))
            assert abs(size[0] - 595.3) < 2 and abs(size[1] - 841.9) < 2, (name, size)
            if "summary" in name:  # landscape throughout; the others turn only for wide tables
                assert page.mediabox.width > page.mediabox.height, name
    print("LibreOffice pages:", counts)


def test_source_line_breaks_beside_chinese_punctuation_are_dropped() -> None:
    html = (
        '<html lang="zh-CN"><body><h1>标题</h1><p>开展创建活动， 为构建“平安”做出贡献、\n'
        "“实现”目标；物业公司 张伟负责。</p></body></html>"
    )
    blocks, *_ = parse(html)
    body = "".join(r.text for r in blocks[1].runs)
    assert body == "开展创建活动，为构建“平安”做出贡献、“实现”目标；物业公司 张伟负责。"


def test_the_summary_charts_are_pictures_in_word() -> None:
    """The page's four SVG charts reach Word as PNG pictures (caption above each), never
    wider than the landscape text block, the same bytes every time."""
    data = docx_of("examples", "summary", "zh")
    assert docx_of.__wrapped__("examples", "summary", "zh") == data  # made again, uncached
    document = docx.Document(io.BytesIO(data))
    pictures = document.inline_shapes
    assert len(pictures) == 4
    section = document.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    for picture in pictures:
        assert 0 < picture.width <= text_width
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        media = sorted(n for n in archive.namelist() if n.startswith("word/media/"))
        assert len(media) == 4
        assert all(archive.read(n).startswith(b"\x89PNG\r\n\x1a\n") for n in media)
    captions = [p.text for p in document.paragraphs if p.style.style_id == "TableHeading"]
    assert "分地区达标率（%）" in captions and "各标准等级分布（单位数）" in captions


def test_a_table_set_in_xiaowu_keeps_narrow_cell_margins() -> None:
    """Thirteen English columns do not fit 243 mm in 五号 with whole header words (12 x 1073 +
    1441 twips): the table goes to 小五 (9 pt, sz 18), its cells 1 mm a side (57 twips) instead
    of the style's 1.5 mm, and every header word keeps its line; a short table keeps the
    style's margins."""
    heads = ["Overdue findings"] * 12 + ["Supervised"]
    row = "".join("<td>1</td>" for _ in heads)
    head = "".join(f"<th>{h}</th>" for h in heads)
    small = "<table><thead><tr><th>No.</th><th>Text</th></tr></thead><tbody><tr><td>1</td><td>x</td></tr></tbody></table>"
    html = (
        f'<html lang="en"><head></head><body><h1>t</h1>{small}'
        f"<table><thead><tr>{head}</tr></thead><tbody><tr>{row}</tr></tbody></table></body></html>"
    )
    data = render_docx(html, DocMeta("t", None, "en"), bundled())
    document = docx.Document(io.BytesIO(data))
    narrow, wide = document.tables
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    assert narrow._tbl.tblPr.find(f"{w}tblCellMar") is None
    margins = wide._tbl.tblPr.find(f"{w}tblCellMar")
    assert [(m.tag.split("}")[1], m.get(f"{w}w")) for m in margins] == [
        ("left", "57"),
        ("right", "57"),
    ]
    sizes = {r.get(f"{w}val") for r in wide._tbl.iter(f"{w}sz")}
    assert sizes == {"18"}
    widths = [int(c.get(f"{w}w")) for c in wide._tbl.tblGrid.iter(f"{w}gridCol")]
    assert min(widths) >= round(1.05 * units_of("findings") * HALF_EM[18]) + 114
    assert widths[-1] >= round(1.05 * units_of("Supervised") * HALF_EM[18]) + 114


def units_of(text: str) -> float:
    from safecli.render.table_layout import units

    return units(text)


def test_the_signature_never_stands_alone_on_a_page() -> None:
    """GB/T 9704 7.3.5: the 落款 goes with what comes before it. The last row of the table
    above it, the paragraph after that table and each 落款 line but the last keep with the
    next (w:keepNext); the rows above them do not."""
    html = (
        '<html lang="zh-CN"><head></head><body><h1>t</h1><table><thead><tr><th>甲</th></tr>'
        "</thead><tbody><tr><td>一</td></tr><tr><td>二</td></tr></tbody></table>"
        '<div class="signature"><p>某单位</p><p>2026-12-07</p></div></body></html>'
    )
    document = docx.Document(io.BytesIO(render_docx(html, DocMeta("t", None, "zh"), bundled())))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

    def kept(paragraph) -> bool:
        return paragraph.find(f"{w}pPr/{w}keepNext") is not None

    rows = document.tables[0]._tbl.findall(f"{w}tr")
    # the header row keeps with the body through its style (TableHeading), the first body row
    # is free, the last goes with the 落款
    assert [all(kept(p) for p in row.iter(f"{w}p")) for row in rows] == [False, False, True]
    texts = [(p.text, kept(p._p)) for p in document.paragraphs if p.text or kept(p._p)]
    assert texts[-3:] == [("", True), ("某单位", True), ("二〇二六年十二月七日", False)]
