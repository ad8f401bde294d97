"""Rich tables for the terminal."""

from __future__ import annotations

import re
from typing import Any

from rich.console import Group
from rich.table import Table as RichTable
from rich.text import Text as RichText

from safecli.model.base import Text
from safecli.model.neutralise import terminal
from safecli.model.standard import Standard
from safecli.model.unit_words import names_version
from safecli.render.data import lost_points, number, standard_summary, text, total_words
from safecli.score.results import Assessment

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
        "list_sep": "、",
        "exception": "例外",
        "subject": "单位",
        "date": "检查日期",
        "as_of": "判定日期",
        "standard": "标准",
        "why": "原因",
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
        "list_sep": ", ",
        "exception": "Exception",
        "subject": "Unit",
        "date": "Inspection date",
        "as_of": "As of",
        "standard": "Standard",
        "why": "Why",
    },
}


class Table(RichTable):
    """A rich table whose text cells and title are shown as typed: no markup is read from data
    (`[link=…]` in a unit name) and control and bidi characters are removed."""

    def __init__(self, *args: Any, title: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, title=RichText(terminal(title)) if title else None, **kwargs)

    def add_row(self, *cells: Any, **kwargs: Any) -> None:
        super().add_row(
            *(RichText(terminal(c)) if isinstance(c, str) else c for c in cells), **kwargs
        )


HEADS = {
    "zh": {
        "id": "编号",
        "version": "版本",
        "subject": "对象",
        "title": "名称",
        "sections": "部分",
        "items": "条款",
        "points": "总分",
        "grades": "等级",
        "min": "最低分",
        "label": "等级名称",
        "requires": "必备条件",
        "attestations": "外部验收",
        "no": "条款",
        "kind": "类型",
        "text": "内容",
        "method": "评分方法",
        "source": "出处与说明",
        "principles": "指导思想",
        "goals": "工作目标",
        "responsibilities": "职责分工",
        "rewards": "奖励",
        "penalties": "惩戒",
        "plan_text": "实施方案用语（--source 显示原文）",
        "source_text": "原文（供追溯，不进入单位文件）",
    },
    "en": {
        "id": "id",
        "version": "version",
        "subject": "subject",
        "title": "title",
        "sections": "sections",
        "items": "items",
        "points": "points",
        "grades": "grades",
        "min": "min",
        "label": "label",
        "requires": "requires",
        "attestations": "attestations",
        "no": "item",
        "kind": "kind",
        "text": "text",
        "method": "scoring method",
        "source": "source and note",
        "principles": "Guiding principles",
        "goals": "Goals",
        "responsibilities": "Responsibilities",
        "rewards": "Rewards",
        "penalties": "Penalties",
        "plan_text": "The plan's wording (--source for the source's)",
        "source_text": "The source's wording (for traceability; never in a unit's document)",
    },
}
SUBJECT_WORDS = {
    "enterprise": Text.model_construct(zh="企业", en="enterprise"),
    "community": Text.model_construct(zh="社区", en="community"),
    "district": Text.model_construct(zh="区/镇/街道", en="district"),
}
KIND_WORDS = {
    "check": Text.model_construct(zh="检查项", en="check"),
    "measure": Text.model_construct(zh="指标项", en="measure"),
}


def standards_table(standards: list[Standard], lang: str) -> Table:
    h = HEADS[lang]
    table = Table(title="safecli standards" if lang == "en" else "内置及已配置标准")
    for head in ("id", "version", "subject", "title", "sections", "items", "points"):
        table.add_column(
            h[head], justify="right" if head in ("sections", "items", "points") else "left"
        )
    for std in standards:
        row = standard_summary(std)
        table.add_row(
            row["id"],
            row["version"],
            SUBJECT_WORDS[row["subject"]].get(lang),
            std.title.get(lang),
            str(row["sections"]),
            str(row["items"]),
            str(row["points"]),
        )
    return table


def standard_table(std: Standard, lang: str, source: bool = False) -> Group:
    """One standard for a person: the plan's wording, or with `source` the source's own."""
    from safecli.model.numbering import paper_numbers

    if std.kind == "determination" and not source:
        from safecli.render.packs import pack_table

        return pack_table(std, lang)
    h = HEADS[lang]
    numbers = paper_numbers(std, lang)
    zh = lang == "zh"
    kind = SUBJECT_WORDS[std.subject.value].get(lang)
    over = (f"，基于 {std.extends}" if zh else f", over {std.extends}") if std.extends else ""
    parts: list[Table | RichText] = [
        RichText(
            terminal(
                f"{std.title.get(lang)}（{std.ref}，{kind}{over}）"
                if zh
                else f"{std.title.get(lang)} ({std.ref}, {kind}{over})"
            ),
            style="bold",
        )
    ]
    grades = Table(title=h["grades"])
    for head in ("label", "min", "requires", "attestations"):
        grades.add_column(h[head])
    for g in std.grades:
        grades.add_row(
            g.label.get(lang),
            str(number(g.min)),
            ("；" if zh else "; ").join(numbers[r] for r in g.requires),
            ("；" if zh else "; ").join(a.text.get(lang) for a in g.attestations),
        )
    parts.append(grades)
    text_table = Table(title=h["source_text" if source else "plan_text"], show_header=False)
    text_table.add_column(style="bold")
    text_table.add_column(overflow="fold")
    if source:
        if std.principles:
            text_table.add_row(h["principles"], std.principles.get(lang))
        for r in std.responsibilities:
            text_table.add_row(r.body.get(lang), r.duties.get(lang))
        for goal in std.goals:
            text_table.add_row(h["goals"], goal.text.get(lang))
        for goal in std.rewards:
            text_table.add_row(h["rewards"], goal.text.get(lang))
        for goal in std.penalties:
            text_table.add_row(h["penalties"], goal.text.get(lang))
    elif std.plan is not None:
        text_table.add_row(h["principles"], std.plan.principles.get(lang))
        for goal in std.plan.goals:
            text_table.add_row(h["goals"], goal.get(lang))
    if text_table.row_count:  # an imported scoring table has no plan wording
        parts.append(text_table)
    methods = any(item.method for item in std.items())
    for section in std.sections:
        table = Table(title=section.title.get(lang), show_lines=False)
        heads = ["no", "kind", "points", "text"] + (["method"] if methods else [])
        heads += ["source"] if source else []
        for head in heads:
            table.add_column(h[head], overflow="fold")
        for item in section.items:
            rule = ""
            if item.metric:
                label = std.metric_label(item.metric).get(lang)
                op = item.op.sign if item.op else ""
                rule = f"［{label} {op} {number(item.target)}］"
            row = [
                numbers[item.id],
                KIND_WORDS[item.kind.value].get(lang),
                str(number(item.points)),
                item.text.get(lang) + rule,
            ]
            if methods:
                row.append(item.method.get(lang) if item.method else "")
            if source:
                row.append(f"{item.source}" + (f"\n{item.note}" if item.note else ""))
            table.add_row(*row)
        parts.append(table)
    return Group(*parts)


def _title(std: Standard) -> Text:
    # the title a unit's documents use: the source's may carry an editorial note
    return std.plan.title if std.plan and std.plan.title else std.title


def _titled(std: Standard, lang: str = "zh") -> str:
    title = _title(std).get(lang)
    if names_version(title, std.version):
        return title
    return f"{title}（{std.version}）" if lang == "zh" else f"{title} ({std.version})"


def assessment_view(
    a: Assessment, lang: str, standard: Standard | None = None, judged: Any = None
) -> Group:
    """The score for a person: paper numbers and words; ids only without the standard.

    With `judged` (a 判定 record's `score.determination.Judged`) the determination instead of
    a score: the verdict, the parts counted by answer and the 存在 clauses, no points."""
    from safecli.model.labels import STATUS_LABELS, Status
    from safecli.model.numbering import paper_numbers
    from safecli.score.opinion import grade_reason, veto_words
    from safecli.score.reasons import item_reason

    t = L[lang]
    zh = lang == "zh"
    numbers = paper_numbers(standard, lang) if standard is not None else {}
    statuses = {s.value: label.get(lang) for s, label in STATUS_LABELS.items()}
    statuses["unanswered"] = t["unanswered"]
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    sid = (f"（{a.subject.id}）" if zh else f" ({a.subject.id})") if a.subject.id else ""
    head.add_row(t["subject"], a.subject.name + sid)
    head.add_row(
        t["standard"],
        _titled(standard, lang) if standard else a.standard,
    )
    if a.base:
        head.add_row("基于" if zh else "Over", a.base)
    head.add_row(t["date"], a.inspection_date.isoformat())
    head.add_row(t["as_of"], a.as_of.isoformat())
    if judged is not None:
        return _judged_view(head, a, lang, judged, numbers)
    head.add_row(t["total"], total_words(a, lang))
    if a.extra:
        head.add_row("追加扣分" if zh else "Additional", f"{number(a.extra)}")
    head.add_row(t["grade"], text(a.grade.label, lang) + ("" if zh else f" ({a.grade.id})"))
    if standard is not None:
        reason = grade_reason(standard, a)
        if reason is not None:
            head.add_row(t["why"], reason.get(lang))
    vetoes = ("；" if zh else "; ").join(
        (veto_words(standard, r, numbers).get(lang) if standard else r.id)
        + (f"（{r.because.get(lang)}）" if zh else f" ({r.because.get(lang)})")
        + ((f"［{r.flag.get(lang)}］" if zh else f" [{r.flag.get(lang)}]") if r.flag else "")
        for r in a.veto.rules
    )
    head.add_row(t["veto"], vetoes or t["none"])
    if a.unanswered:
        head.add_row(t["unanswered"], t["list_sep"].join(numbers.get(i, i) for i in a.unanswered))
    for e in a.exceptions:
        head.add_row(t["exception"], f"{numbers.get(e.item, e.item)} {e.note().get(lang)}")
    # headers as Text, as the cells are: a header given as a string goes through rich's markup
    # and emoji reading, whose table of emoji names costs `safecli score` ~12 M instructions
    sections = Table(title=t["section"])
    for name in (t["section"], t["earned"], t["rate"]):
        sections.add_column(RichText(name))
    for s in a.sections:
        rate = "-" if s.rate is None else f"{s.rate:.1f}%"
        sections.add_row(s.title.get(lang), f"{number(s.earned)}/{number(s.points)}", rate)
    lost = Table(title=t["lost"])
    for name in (t["item"], t["status"], t["earned"], t["reason"]):
        lost.add_column(RichText(name), overflow="fold")
    for r in lost_points(a):
        reason = item_reason(standard, r) if standard is not None else r.reason
        lost.add_row(
            numbers.get(r.id, r.id),
            statuses.get(r.status, r.status) if r.status != Status.na.value else r.status,
            f"{number(r.earned)}/{number(r.points)}",
            reason.get(lang),
        )
    return Group(head, sections, lost)


def _judged_view(head: Table, a: Assessment, lang: str, judged: Any, numbers: Any) -> Group:
    """A 判定 record after its head rows: the verdict in the report's words, each part's
    situations by answer, and the hazards by clause with the pack's words and their deadline."""
    from safecli.model.numbering import clause_label
    from safecli.render.words import LABELS

    t, w = L[lang], LABELS[lang]
    if a.unanswered:
        head.add_row(t["unanswered"], t["list_sep"].join(numbers.get(i, i) for i in a.unanswered))
    for e in a.exceptions:
        head.add_row(t["exception"], f"{numbers.get(e.item, e.item)} {e.note().get(lang)}")
    parts = Table(title=_unnumbered(w["j3"]))
    for name in ("section", "j_applicable", "j_found", "j_ruled_out", "j_unanswered"):
        parts.add_column(RichText(w[name]), justify="left" if name == "section" else "right")
    for p in judged.parts:
        counts = (p.applicable, p.found, p.ruled_out, p.unanswered)
        parts.add_row(p.title.get(lang), *(str(n) for n in counts))
    found = Table(title=_unnumbered(w["j4"]))
    for name in ("j_clause", "j_situation", "due"):
        found.add_column(RichText(w[name]), overflow="fold")
    for h, due in zip(judged.hazards, judged.deadlines, strict=True):
        found.add_row(clause_label(h.clause, lang), h.text.get(lang), due.get(lang))
    verdict = RichText(terminal(judged.verdict.get(lang)), style="bold")
    return Group(head, verdict, parts, *([found] if judged.hazards else []))


def _unnumbered(heading: str) -> str:
    """A report heading without its number (三、判定情况 → 判定情况; 3. Rectification)."""
    return re.sub(r"^[^\s、.]+[、.]\s*", "", heading)
