"""`safecli score` as JSON, CSV or Markdown."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from safecli.model.neutralise import cell, markdown
from safecli.model.standard import Standard
from safecli.render.data import assessment_dict, lost_points, number, total_words
from safecli.score.results import Assessment

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


def render_score(
    a: Assessment,
    fmt: str,
    lang: str = "zh",
    standard: Standard | None = None,
    judged: Any = None,
) -> str:
    """The assessment in `fmt` (json, csv, md, table as md); with `judged` (a 判定 record's
    `score.determination.Judged`) json adds its `determination`."""
    if fmt == "json":
        data = assessment_dict(a, lang)
        if standard is not None:  # additive: why the unit missed the next grade up
            from safecli.score.opinion import grade_reason

            reason = grade_reason(standard, a)
            data["grade_reason"] = reason.get(lang) if reason else None
        if judged is not None:  # additive: the determination the numbers stand for
            data["determination"] = _determination(judged, lang)
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return _csv(a, lang)
    return _markdown(a, lang, standard)


def _determination(judged: Any, lang: str) -> dict[str, Any]:
    return {
        "result": judged.result,
        "verdict": judged.verdict.get(lang),
        "present": [
            {
                "clause": h.clause,
                "item": h.item,
                "text": h.text.get(lang),
                "found": h.found,
                "due": h.due.isoformat() if h.due else None,
                "due_default": h.due_default,
                "overdue": h.overdue,
                "closed": h.closed,
            }
            for h in judged.hazards
        ],
        "parts": [
            {
                "title": p.title.get(lang),
                "applicable": p.applicable,
                "present": p.found,
                "absent": p.ruled_out,
                "unanswered": p.unanswered,
            }
            for p in judged.parts
        ],
    }


def _csv(a: Assessment, lang: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in assessment_dict(a, lang)["items"]:
        writer.writerow(["" if row[c] is None else cell(row[c]) for c in CSV_COLUMNS])
    return buffer.getvalue()


def _cell(value: object) -> str:
    return markdown(value)


def _markdown(a: Assessment, lang: str, standard: Standard | None = None) -> str:
    from safecli.model.labels import STATUS_LABELS
    from safecli.model.numbering import paper_numbers
    from safecli.score.opinion import grade_reason, veto_words
    from safecli.score.reasons import item_reason

    zh = lang == "zh"
    d = assessment_dict(a, lang)
    numbers = paper_numbers(standard, lang) if standard is not None else {}
    statuses = {s.value: label.get(lang) for s, label in STATUS_LABELS.items()}
    statuses["unanswered"] = "未作答" if zh else "unanswered"
    title = (
        (standard.plan.title if standard.plan and standard.plan.title else standard.title).get(lang)
        if standard is not None
        else a.standard
    )
    lines = [
        f"# {'评分结果' if zh else 'Score'}{'：' if zh else ': '}{_cell(a.subject.name)}",
        "",
        f"- {'标准' if zh else 'Standard'}{'：' if zh else ': '}{_cell(title)}"
        + (
            (f"（{a.standard}，基于 {a.base}）" if zh else f" ({a.standard}, over {a.base})")
            if a.base
            else ""
        ),
        f"- {'检查日期' if zh else 'Inspection date'}{'：' if zh else ': '}{d['inspection_date']}",
        f"- {'判定日期' if zh else 'As of'}{'：' if zh else ': '}{d['as_of']}",
        f"- {'总分' if zh else 'Total'}{'：' if zh else ': '}{total_words(a, lang)}",
        f"- {'等级' if zh else 'Grade'}{'：' if zh else ': '}{d['grade']['label']}"
        + ("" if zh else f" ({a.grade.id})"),
    ]
    if a.extra:
        extra = number(a.extra)
        lines.append(
            f"- {'追加扣分' if zh else 'Additional deductions'}{'：' if zh else ': '}"
            + (f"{extra} 分（已从实得分中扣除）" if zh else f"{extra} (off the points earned)")
        )
    reason = grade_reason(standard, a) if standard is not None else None
    if reason is not None:
        lines.append(f"- {'原因' if zh else 'Why'}{'：' if zh else ': '}{_cell(reason.get(lang))}")
    for rule, raw in zip(d["veto"]["rules"], a.veto.rules, strict=True):
        flag = f" **{rule['flag']}**" if rule["flag"] else ""
        name = veto_words(standard, raw, numbers).get(lang) if standard else rule["id"]
        lines.append(
            f"- {'否决' if zh else 'Veto'}{'：' if zh else ': '}{_cell(name)}"
            + (f"（{_cell(rule['because'])}）" if zh else f" ({_cell(rule['because'])})")
            + flag
        )
    for e in a.exceptions:
        lines.append(
            f"- {'例外' if zh else 'Exception'}{'：' if zh else ': '}{numbers.get(e.item, e.item)} "
            f"{_cell(e.note().get(lang))}"
        )
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
        why = item_reason(standard, r) if standard is not None else r.reason
        lines.append(
            f"| {numbers.get(r.id, r.id)} | {statuses.get(r.status, r.status)} | "
            f"{number(r.earned)}/{number(r.points)} | {_cell(why.get(lang))} |"
        )
    return "\n".join(lines) + "\n"
