"""chart_png(svg) -> bytes: a chart's SVG as a PNG picture, for Word.

Pure: SVG text in, PNG bytes out, through resvg (a declared dependency, `resvg-py`, a wheel
with no system library). The text is set in the first Chinese sans-serif font the machine has
(Noto Sans CJK, Source Han Sans, Microsoft YaHei, SimHei), at twice the SVG's size so the
picture stays sharp when printed. The same SVG and fonts give the same bytes.
"""

from __future__ import annotations

import re

FONTS = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "SimHei", sans-serif'
STYLE = f"text {{ font-family: {FONTS}; font-size: 12px; fill: #1f2933; }}"
ZOOM = 2.0
SIZE = re.compile(r'<svg\b[^>]*?\bwidth="([\d.]+)"[^>]*?\bheight="([\d.]+)"', re.S)


def svg_size(svg: str) -> tuple[float, float]:
    """The SVG's own width and height in CSS pixels (0, 0 when it does not say)."""
    found = SIZE.search(svg)
    return (float(found.group(1)), float(found.group(2))) if found else (0.0, 0.0)


def chart_png(svg: str) -> bytes:
    """The PNG of `svg`, on white, at twice its size."""
    import resvg_py

    if "xmlns=" not in svg[:200]:
        svg = svg.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"', 1)
    return bytes(
        resvg_py.svg_to_bytes(
            svg_string=svg,
            background="#ffffff",
            style_sheet=STYLE,
            zoom=ZOOM,
            font_family="Noto Sans CJK SC",
            sans_serif_family="Noto Sans CJK SC",
        )
    )
