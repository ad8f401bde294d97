"""Rich tables for the terminal."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text as RichText

from safecli.models import Standard
from safecli.render.data import lost_points, number, standard_summary, text
from safecli.scoring import Assessment

L = {
    "zh": {
        "total": "总分",
        "grade": "等级",
        "veto": "否决",
        "none": "无",
        "section": "部分",
        "rate": "得分率",
        "item": "条款",
        "status": "结果",
        "earned": "得分",
        "reason": "原因",
        "lost": "失分条款（失分多者在前）",
        "unanswered": "未作答",
        "subject": "单位",
        "date": "检查日期",
        "as_of": "判定日期",
    },
    "en": {
        "total": "Total",
        "grade": "Grade",
        "veto": "Veto",
        "none": "none",
        "section": "Section",
        "rate": "Rate",
        "item": "Item",
        "status": "Status",
        "earned": "Earned",
        "reason": "Why",
        "lost": "Items that lost points (biggest loss first)",
        "unanswered": "Unanswered",
        "subject": "Unit",
        "date": "Inspection date",
        "as_of": "As of",
    },
}


def standards_table(standards: list[Standard], lang: str) -> Table:
    table = Table(title="safecli standards" if lang == "en" else "内置及已配置标准")
    for head in ("id", "version", "subject", "title", "sections", "items", "points"):
        table.add_column(
            head, justify="right" if head in ("sections", "items", "points") else "left"
        )
    for std in standards:
        row = standard_summary(std)
        table.add_row(
            row["id"],
            row["version"],
            row["subject"],
            std.title.get(lang),
            str(row["sections"]),
            str(row["items"]),
            str(row["points"]),
        )
    return table


def standard_table(std: Standard, lang: str) -> Group:
    parts: list[Table | RichText] = [
        RichText(f"{std.title.get(lang)}  ({std.ref}, {std.subject.value})", style="bold")
    ]
    grades = Table(title="grades" if lang == "en" else "等级")
    for head in ("id", "min", "label", "requires", "attestations"):
        grades.add_column(head)
    for g in std.grades:
        grades.add_row(
            g.id,
            str(number(g.min)),
            g.label.get(lang),
            ", ".join(g.requires),
            ", ".join(a.id for a in g.attestations),
        )
    parts.append(grades)
    for section in std.sections:
        table = Table(title=f"{section.id} · {section.title.get(lang)}", show_lines=False)
        for head in ("id", "kind", "points", "text"):
            table.add_column(head, overflow="fold")
        for item in section.items:
            rule = ""
            if item.metric:
                rule = f" [{item.metric} {item.op.value if item.op else ''} {number(item.target)}]"
            table.add_row(
                item.id, item.kind.value, str(number(item.points)), item.text.get(lang) + rule
            )
        parts.append(table)
    return Group(*parts)


def assessment_view(a: Assessment, lang: str) -> Group:
    t = L[lang]
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    head.add_row(t["subject"], f"{a.subject.name} ({a.subject.id or '-'})")
    head.add_row("standard", a.standard)
    head.add_row(t["date"], a.inspection_date.isoformat())
    head.add_row(t["as_of"], a.as_of.isoformat())
    head.add_row(t["total"], f"{a.total:.1f}")
    head.add_row(t["grade"], f"{text(a.grade.label, lang)} ({a.grade.id})")
    vetoes = "; ".join(
        f"{r.id}: {r.because.get(lang)}" + (f" [{r.flag.get(lang)}]" if r.flag else "")
        for r in a.veto.rules
    )
    head.add_row(t["veto"], vetoes or t["none"])
    if a.unanswered:
        head.add_row(t["unanswered"], ", ".join(a.unanswered))
    sections = Table(title=t["section"])
    for name in ("id", t["section"], t["earned"], t["rate"]):
        sections.add_column(name)
    for s in a.sections:
        rate = "-" if s.rate is None else f"{s.rate:.1f}%"
        sections.add_row(s.id, s.title.get(lang), f"{number(s.earned)}/{number(s.points)}", rate)
    lost = Table(title=t["lost"])
    for name in (t["item"], t["status"], t["earned"], t["reason"]):
        lost.add_column(name, overflow="fold")
    for r in lost_points(a):
        lost.add_row(r.id, r.status, f"{number(r.earned)}/{number(r.points)}", r.reason.get(lang))
    return Group(head, sections, lost)
