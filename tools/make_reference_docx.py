"""Build `templates/reference.docx`: the Word reference document of `--format docx`.

It is written here from plain WordprocessingML, not from python-docx's default template, whose
theme maps Chinese text to MS Mincho (a Japanese font). Every style the renderer uses is defined
with its East Asian font (`w:eastAsia`) stated, `w:lang w:eastAsia="zh-CN"`, and no theme
fonts at all. The page is GB/T 9704-2012 党政机关公文格式:

- A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (版心 156 mm × 225 mm);
- body 三号 (16 pt) 仿宋_GB2312, 22 lines of 28 characters: a line grid and an exact line
  spacing of 28.95 pt, and characters set 0.25 pt closer (a character grid would do it in Word,
  but LibreOffice spreads such text apart);
- title 二号 (22 pt) 方正小标宋简体 centred; headings 一、 黑体, （一） 楷体_GB2312, 1. 仿宋 bold;
- page numbers 四号 宋体 "— 1 —", odd pages right and even pages left, one character in;
- the font table names a substitute (`w:altName`) and the GB2312 character set for each font, so a
  machine without the 公文 fonts still shows Chinese in a Chinese font of the same kind.

Run it after changing it (a test checks the shipped file is what it writes):

    python tools/make_reference_docx.py
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "templates" / "reference.docx"

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def twips(mm: float) -> int:
    return round(mm / 25.4 * 1440)


# fonts: name -> (substitute, family, pitch, panose)
FONTS = {
    "仿宋_GB2312": ("仿宋", "modern", "fixed", "02010609030101010101"),
    "仿宋": ("FangSong", "modern", "fixed", "02010609060101010101"),
    "方正小标宋简体": ("宋体", "script", "fixed", "02000000000000000000"),
    "黑体": ("SimHei", "modern", "fixed", "02010609060101010101"),
    "楷体_GB2312": ("楷体", "modern", "fixed", "02010609030101010101"),
    "宋体": ("SimSun", "auto", "variable", "02010600030101010101"),
}
LATIN = "Times New Roman"
LINE = 579  # 28.95 pt in twentieths of a point: 225 mm / 22 lines
BODY, TITLE, FOOTER = 32, 44, 28  # half-points: 三号 16 pt, 二号 22 pt, 四号 14 pt


def rfonts(east_asia: str, latin: str = LATIN) -> str:
    return (
        f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east_asia}" w:cs="{latin}"/>'
    )


def rpr(
    east_asia: str, size: int, *, bold: bool = False, latin: str = LATIN, tight: bool = False
) -> str:
    b = "<w:b/><w:bCs/>" if bold else '<w:b w:val="0"/><w:bCs w:val="0"/>'
    # 28 characters of 16 pt need 448 pt and the 版心 is 442 pt wide: 0.25 pt less a character
    spacing = '<w:spacing w:val="-5"/>' if tight else ""
    return (
        f"<w:rPr>{rfonts(east_asia, latin)}{b}{spacing}"
        f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>'
    )


def style(
    sid: str,
    name: str,
    ppr: str,
    rp: str,
    *,
    kind: str = "paragraph",
    based: str | None = "Normal",
    nxt: str | None = None,
    extra: str = "",
) -> str:
    base = f'<w:basedOn w:val="{based}"/>' if based else ""
    follow = f'<w:next w:val="{nxt}"/>' if nxt else ""
    default = ' w:default="1"' if sid == "Normal" else ""
    return (
        f'<w:style w:type="{kind}"{default} w:styleId="{sid}"><w:name w:val="{name}"/>{base}'
        f"{follow}<w:qFormat/>{extra}<w:pPr>{ppr}</w:pPr>{rp}</w:style>"
    )


EXACT = f'<w:spacing w:before="0" w:after="0" w:line="{LINE}" w:lineRule="exact"/>'
INDENT2 = '<w:ind w:firstLineChars="200" w:firstLine="640"/>'


def styles_xml() -> str:
    defaults = (
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        f'{rfonts("仿宋_GB2312")}<w:kern w:val="2"/><w:sz w:val="{BODY}"/><w:szCs w:val="{BODY}"/>'
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
        f'{EXACT}<w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>'
    )
    body = rpr("仿宋_GB2312", BODY, tight=True)
    table_text = rpr("仿宋_GB2312", 24)
    parts = [
        style("Normal", "Normal", f'{EXACT}<w:jc w:val="both"/>', body, based=None),
        # 正文: two characters in, justified
        style("BodyText", "Body Text", INDENT2, body, nxt="BodyText"),
        # 标题: 二号 方正小标宋简体, centred, a blank line after
        style(
            "Title",
            "Title",
            '<w:spacing w:before="0" w:after="579" w:line="700" w:lineRule="exact"/>'
            '<w:jc w:val="center"/><w:outlineLvl w:val="0"/>',
            rpr("方正小标宋简体", TITLE),
            nxt="Subtitle",
        ),
        # under the title: the standard, the period (仿宋, centred)
        style("Subtitle", "Subtitle", '<w:jc w:val="center"/>', body, nxt="BodyText"),
        # 一、 黑体; （一） 楷体_GB2312; 1. 仿宋 bold; all two characters in, as 公文 set them
        style(
            "Heading1",
            "heading 1",
            f'<w:keepNext/><w:keepLines/>{INDENT2}<w:outlineLvl w:val="1"/>',
            rpr("黑体", BODY, latin="黑体", tight=True),
            nxt="BodyText",
        ),
        style(
            "Heading2",
            "heading 2",
            f'<w:keepNext/><w:keepLines/>{INDENT2}<w:outlineLvl w:val="2"/>',
            rpr("楷体_GB2312", BODY, tight=True),
            nxt="BodyText",
        ),
        style(
            "Heading3",
            "heading 3",
            f'<w:keepNext/><w:keepLines/>{INDENT2}<w:outlineLvl w:val="3"/>',
            rpr("仿宋_GB2312", BODY, bold=True, tight=True),
            nxt="BodyText",
        ),
        # 附件 label (黑体, flush left, new page) and the annex's own title
        style(
            "AnnexLabel",
            "Annex Label",
            '<w:keepNext/><w:pageBreakBefore/><w:jc w:val="left"/>',
            rpr("黑体", BODY, latin="黑体", tight=True),
            nxt="AnnexTitle",
        ),
        style(
            "AnnexTitle",
            "Annex Title",
            '<w:keepNext/><w:spacing w:before="579" w:after="579" w:line="700" w:lineRule="exact"/>'
            '<w:jc w:val="center"/><w:outlineLvl w:val="0"/>',
            rpr("方正小标宋简体", TITLE),
            nxt="BodyText",
        ),
        # 落款: right-aligned, four characters in from the right, two blank lines above
        style(
            "Signature",
            "Signature",
            '<w:ind w:right="1280" w:rightChars="400"/><w:jc w:val="right"/>',
            body,
        ),
        # table text: 小四 (12 pt) 仿宋, single spacing, off the grid
        style(
            "TableText",
            "Table Text",
            '<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="240" '
            'w:lineRule="auto"/><w:jc w:val="left"/>',
            table_text,
        ),
        style(
            "TableHeading",
            "Table Heading",
            '<w:keepNext/><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" '
            'w:line="240" w:lineRule="auto"/><w:jc w:val="center"/>',
            rpr("黑体", 24, latin="黑体"),
            based="TableText",
        ),
        style(
            "Footer",
            "footer",
            '<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="240" '
            'w:lineRule="auto"/>',
            rpr("宋体", FOOTER, latin="宋体"),
        ),
        (
            '<w:style w:type="table" w:default="1" w:styleId="TableNormal">'
            '<w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/>'
            '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
            '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
            '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
            "</w:tblCellMar></w:tblPr></w:style>"
        ),
        (
            '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/>'
            '<w:basedOn w:val="TableNormal"/><w:pPr><w:snapToGrid w:val="0"/>'
            '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
            '<w:tblPr><w:jc w:val="center"/><w:tblBorders>'
            + "".join(
                f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                for side in ("top", "left", "bottom", "right", "insideH", "insideV")
            )
            + '</w:tblBorders><w:tblCellMar><w:top w:w="28" w:type="dxa"/>'
            '<w:left w:w="85" w:type="dxa"/><w:bottom w:w="28" w:type="dxa"/>'
            '<w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
        ),
    ]
    return f'{XML}<w:styles xmlns:w="{W}">{defaults}{"".join(parts)}</w:styles>'


def font_table_xml() -> str:
    fonts = "".join(
        f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:panose1 w:val="{panose}"/>'
        f'<w:charset w:val="86"/><w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>'
        for name, (alt, family, pitch, panose) in FONTS.items()
    )
    latin = (
        f'<w:font w:name="{LATIN}"><w:panose1 w:val="02020603050405020304"/>'
        '<w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>'
    )
    return f'{XML}<w:fonts xmlns:w="{W}" xmlns:r="{R}">{fonts}{latin}</w:fonts>'


def settings_xml() -> str:
    return (
        f'{XML}<w:settings xmlns:w="{W}">'
        '<w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/>'
        '<w:drawingGridHorizontalSpacing w:val="160"/>'
        '<w:displayHorizontalDrawingGridEvery w:val="0"/>'
        '<w:displayVerticalDrawingGridEvery w:val="2"/>'
        '<w:characterSpacingControl w:val="compressPunctuation"/>'
        "<w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/>"
        "<w:doNotLeaveBackslashAlone/><w:ulTrailSpace/><w:doNotExpandShiftReturn/>"
        "<w:adjustLineHeightInTable/><w:useFELayout/>"
        '<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>'
        "</w:compat>"
        '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>'
        '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/>'
        "</w:settings>"
    )


def footer_xml(odd: bool) -> str:
    """ "— 1 —": odd pages right, even pages left, one character in (GB/T 9704 7.5)."""
    side = (
        '<w:ind w:right="280"/><w:jc w:val="right"/>'
        if odd
        else ('<w:ind w:left="280"/><w:jc w:val="left"/>')
    )

    def run(inner: str) -> str:
        return f"<w:r>{inner}</w:r>"

    field = (
        run('<w:fldChar w:fldCharType="begin"/>')
        + run('<w:instrText xml:space="preserve"> PAGE </w:instrText>')
        + run('<w:fldChar w:fldCharType="separate"/>')
        + run("<w:t>1</w:t>")
        + run('<w:fldChar w:fldCharType="end"/>')
    )
    return (
        f'{XML}<w:ftr xmlns:w="{W}" xmlns:r="{R}"><w:p><w:pPr><w:pStyle w:val="Footer"/>{side}'
        "</w:pPr>"
        + run('<w:t xml:space="preserve">— </w:t>')
        + field
        + run('<w:t xml:space="preserve"> —</w:t>')
        + "</w:p></w:ftr>"
    )


def section_xml() -> str:
    return (
        '<w:sectPr><w:footerReference w:type="default" r:id="rIdFooterOdd"/>'
        '<w:footerReference w:type="even" r:id="rIdFooterEven"/>'
        '<w:pgSz w:w="11906" w:h="16838"/>'
        f'<w:pgMar w:top="{twips(37)}" w:right="{twips(26)}" w:bottom="{twips(35)}" '
        f'w:left="{twips(28)}" w:header="{twips(15)}" w:footer="{twips(22)}" w:gutter="0"/>'
        '<w:cols w:space="425"/>'
        f'<w:docGrid w:type="lines" w:linePitch="{LINE}"/>'
        "</w:sectPr>"
    )


def document_xml() -> str:
    sample = (
        '<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>标题</w:t></w:r></w:p>'
        '<w:p><w:pPr><w:pStyle w:val="BodyText"/></w:pPr><w:r><w:t>正文。</w:t></w:r></w:p>'
    )
    return (
        f'{XML}<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{sample}{section_xml()}'
        "</w:body></w:document>"
    )


CONTENT_TYPES = (
    f'{XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
    '<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>'
    '<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
    '<Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)

ROOT_RELS = (
    f'{XML}<Relationships xmlns="{PKG}">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)

DOC_RELS = (
    f'{XML}<Relationships xmlns="{PKG}">'
    '<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    '<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>'
    '<Relationship Id="rIdFonts" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>'
    '<Relationship Id="rIdFooterOdd" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>'
    '<Relationship Id="rIdFooterEven" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"/>'
    "</Relationships>"
)

CORE = (
    f'{XML}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<dc:title>safecli 公文参考文档</dc:title><dc:creator>safecli</dc:creator>"
    "<cp:lastModifiedBy>safecli</cp:lastModifiedBy><cp:revision>1</cp:revision>"
    '<dcterms:created xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:created>'
    '<dcterms:modified xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:modified>'
    "</cp:coreProperties>"
)

APP = (
    f'{XML}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>safecli</Application></Properties>"
)


def make() -> bytes:
    """The reference document's bytes (the same every run)."""
    parts = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("docProps/core.xml", CORE),
        ("docProps/app.xml", APP),
        ("word/document.xml", document_xml()),
        ("word/_rels/document.xml.rels", DOC_RELS),
        ("word/styles.xml", styles_xml()),
        ("word/settings.xml", settings_xml()),
        ("word/fontTable.xml", font_table_xml()),
        ("word/footer1.xml", footer_xml(odd=True)),
        ("word/footer2.xml", footer_xml(odd=False)),
    ]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, text.encode("utf-8"))
    return out.getvalue()


if __name__ == "__main__":
    OUTPUT.write_bytes(make())
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
