"""`safecli score` as JSON, CSV or Markdown."""

from __future__ import annotations

import csv
import io
import json

from safecli.render.data import assessment_dict, lost_points, number
from safecli.scoring import Assessment

CSV_COLUMNS = (
    "id",
    "section",
    "kind",
    "status",
    "earned",
    "points",
    "applicable",
    "value",
    "reason",
)


def render_score(a: Assessment, fmt: str, lang: str = "zh") -> str:
    """The assessment in `fmt` (json, csv, md, table as md)."""
    if fmt == "json":
        return json.dumps(assessment_dict(a, lang), ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return _csv(a, lang)
    return _markdown(a, lang)


def _csv(a: Assessment, lang: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in assessment_dict(a, lang)["items"]:
        writer.writerow(["" if row[c] is None else row[c] for c in CSV_COLUMNS])
    return buffer.getvalue()


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _markdown(a: Assessment, lang: str) -> str:
    zh = lang == "zh"
    d = assessment_dict(a, lang)
    lines = [
        f"# {'评分结果' if zh else 'Score'}: {_cell(a.subject.name)}",
        "",
        f"- {'标准' if zh else 'Standard'}: {a.standard}",
        f"- {'检查日期' if zh else 'Inspection date'}: {d['inspection_date']}",
        f"- {'判定日期' if zh else 'As of'}: {d['as_of']}",
        f"- {'总分' if zh else 'Total'}: {a.total:.1f}",
        f"- {'等级' if zh else 'Grade'}: {d['grade']['label']} ({a.grade.id})",
    ]
    for rule in d["veto"]["rules"]:
        flag = f" **{rule['flag']}**" if rule["flag"] else ""
        lines.append(f"- {'否决' if zh else 'Veto'}: {rule['id']}: {_cell(rule['because'])}{flag}")
    lines += [
        "",
        f"| {'部分' if zh else 'Section'} | {'得分' if zh else 'Earned'} | {'得分率' if zh else 'Rate'} |",
        "|---|---:|---:|",
    ]
    for s in d["sections"]:
        rate = "-" if s["rate"] is None else f"{s['rate']:.1f}%"
        lines.append(f"| {_cell(s['title'])} | {s['earned']}/{s['points']} | {rate} |")
    lines += [
        "",
        f"| {'条款' if zh else 'Item'} | {'结果' if zh else 'Status'} | {'得分' if zh else 'Earned'} | {'原因' if zh else 'Why'} |",
        "|---|---|---:|---|",
    ]
    for r in lost_points(a):
        lines.append(
            f"| {r.id} | {r.status} | {number(r.earned)}/{number(r.points)} | {_cell(r.reason.get(lang))} |"
        )
    return "\n".join(lines) + "\n"
