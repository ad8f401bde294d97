"""The traceability report (`safecli standards trace`) as JSON data, Markdown and a terminal table."""

from __future__ import annotations

from typing import Any

from safecli.score.trace import Holder, Trace, TraceRow

STATUS = {
    "zh": {
        "held": "已收录",
        "held-as-whole": "由上级条目整体收录",
        "held-by-parts": "分条收录（见下级）",
        "omitted": "有意不收录",
        "missing": "缺失（未说明）",
    },
    "en": {
        "held": "held",
        "held-as-whole": "held as a whole by the part above",
        "held-by-parts": "held part by part (see below)",
        "omitted": "left out on purpose",
        "missing": "MISSING (no reason given)",
    },
}
KINDS = {
    "zh": {
        "item": "条款",
        "goal": "目标",
        "phase": "步骤",
        "responsibility": "职责",
        "veto": "否决",
        "grade": "等级",
        "attestation": "外部认定",
        "reward": "奖励",
        "penalty": "惩戒",
        "note": "说明",
    },
    "en": {},
}
LABELS = {
    "zh": {
        "title": "溯源表",
        "ref": "原文部分",
        "heading": "原文标题",
        "status": "收录情况",
        "held_by": "收录于 / 不收录理由",
        "unplaced": "原文部分表之外的引用",
        "counts": "共 {n} 个编号部分：已收录 {held}，有意不收录 {omitted}，缺失 {missing}。",
    },
    "en": {
        "title": "Traceability",
        "ref": "Source part",
        "heading": "Heading",
        "status": "Status",
        "held_by": "Held by / why left out",
        "unplaced": "References outside the declared parts",
        "counts": "{n} numbered parts: {held} held, {omitted} left out on purpose, "
        "{missing} missing.",
    },
}


def _holder(h: Holder, lang: str) -> str:
    kind = KINDS.get(lang, {}).get(h.kind, h.kind)
    return f"{kind} {h.id}"


def _cell(row: TraceRow, lang: str) -> str:
    if row.status == "omitted":
        return row.omitted or ""
    return (
        "、".join(_holder(h, lang) for h in row.holders)
        if lang == "zh"
        else ", ".join(_holder(h, lang) for h in row.holders)
    )


def _counts(trace: Trace, lang: str) -> str:
    statuses = [r.status for r in trace.rows]
    return LABELS[lang]["counts"].format(
        n=len(statuses),
        held=sum(s.startswith("held") for s in statuses),
        omitted=statuses.count("omitted"),
        missing=statuses.count("missing"),
    )


def trace_dict(trace: Trace, lang: str = "zh") -> dict[str, Any]:
    """The report as plain data for `--format json`."""
    return {
        "standard": trace.standard,
        "source": trace.source,
        "parts": [
            {
                "ref": r.ref,
                "title": r.title,
                "depth": r.depth,
                "status": r.status,
                "held_by": [
                    {"kind": h.kind, "id": h.id, "ref": h.ref or None, "text": h.text.get(lang)}
                    for h in r.holders
                ],
                "omitted": r.omitted,
            }
            for r in trace.rows
        ],
        "unplaced": [{"kind": h.kind, "id": h.id, "ref": h.ref} for h in trace.unplaced],
        "missing": trace.missing(),
    }


def _md(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


def trace_markdown(trace: Trace, lang: str = "zh") -> str:
    """The report as a Markdown table, one row per numbered part, indented by depth."""
    t = LABELS[lang]
    lines = [
        f"# {t['title']}: {trace.standard}",
        "",
        f"{trace.source}. {_counts(trace, lang)}",
        "",
        f"| {t['ref']} | {t['heading']} | {t['status']} | {t['held_by']} |",
        "| --- | --- | --- | --- |",
    ]
    for r in trace.rows:
        indent = "\u3000" * r.depth
        lines.append(
            f"| {indent}{_md(r.ref)} | {_md(r.title or '')} | {STATUS[lang][r.status]} "
            f"| {_md(_cell(r, lang))} |"
        )
    if trace.unplaced:
        lines += ["", f"## {t['unplaced']}", ""]
        lines += [f"- {_holder(h, lang)}: {_md(h.ref)}" for h in trace.unplaced]
    return "\n".join(lines) + "\n"


def trace_table(trace: Trace, lang: str = "zh") -> Any:
    """The report as a rich table for the terminal."""
    from rich.table import Table

    t = LABELS[lang]
    table = Table(title=f"{t['title']}: {trace.standard} — {_counts(trace, lang)}")
    for name in ("ref", "heading", "status", "held_by"):
        table.add_column(t[name], overflow="fold")
    for r in trace.rows:
        style = "bold red" if r.status == "missing" else None
        table.add_row(
            "  " * r.depth + r.ref,
            r.title or "",
            STATUS[lang][r.status],
            _cell(r, lang),
            style=style,
        )
    for h in trace.unplaced:
        table.add_row(h.ref, "", t["unplaced"], _holder(h, lang), style="bold red")
    return table
