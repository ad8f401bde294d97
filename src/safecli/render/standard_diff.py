"""`safecli standards diff` as a table, Markdown or JSON (pure: data in, text out)."""

from __future__ import annotations

import json
import unicodedata

from safecli.model.neutralise import markdown, terminal
from safecli.model.numbering import in_lang
from safecli.score.standard_diff import Change, StandardDiff, diff_dict

WORDS = {
    "title": ("标题", "title"),
    "added": ("新增", "added"),
    "removed": ("删除", "removed"),
    "renumbered": ("改号", "renumbered"),
    "reweighed": ("分值调整", "reweighed"),
    "reworded": ("文字修改", "reworded"),
    "rules": ("评分方法修改", "rules changed"),
    "grade-added": ("新增等级", "grade added"),
    "grade-removed": ("删除等级", "grade removed"),
    "grade-moved": ("等级线调整", "grade moved"),
}
HEAD = {
    "zh": ("变更", "条款", "原", "现"),
    "en": ("change", "item", "before", "after"),
}
SHORT = 60


def _short(text: str | None) -> str:
    if not text:
        return "-"
    flat = " ".join(text.split())
    return flat if len(flat) <= SHORT else flat[: SHORT - 1] + "…"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _named(d: StandardDiff, c: Change, lang: str) -> tuple[str, str, str]:
    """The change's item as a reader names it (its number on paper, 标准 for the title, a
    grade's label) and its before/after, a renumbered item's ids as numbers too."""
    zh = lang == "zh"
    before, after = _short(c.before), _short(c.after)
    if c.kind == "title":
        return ("标准" if zh else "standard"), before, after
    if c.kind.startswith("grade-"):
        zh_label, en_label = d.grade_labels.get(c.id, (c.id, None))
        return (zh_label if zh else en_label or c.id), before, after
    old, new = in_lang(d.old_numbers, lang), in_lang(d.numbers, lang)
    if c.kind == "removed":
        return old.get(c.id, c.id), before, after
    if c.kind == "renumbered":
        return new.get(c.id, c.id), old.get(c.before or "", before), new.get(c.after or "", after)
    return new.get(c.id, c.id), before, after


def render_standard_diff(d: StandardDiff, fmt: str, lang: str = "zh") -> str:
    """The diff in `fmt`: json, md, or table (aligned plain text for a terminal)."""
    if fmt == "json":
        return json.dumps(diff_dict(d), ensure_ascii=False, indent=2) + "\n"
    which = 0 if lang == "zh" else 1
    rows = [(WORDS[c.kind][which], *_named(d, c, lang)) for c in d.changes]
    count = len(d.changes)
    if fmt == "md":
        title = f"# {'标准变更：' if lang == 'zh' else 'Changes: '}{d.old} → {d.new}"
        lines = [title, ""]
        if not rows:
            lines.append("无变更。" if lang == "zh" else "No changes.")
            return "\n".join(lines) + "\n"
        head = HEAD[lang]
        lines += [f"| {' | '.join(head)} |", "|---|---|---|---|"]
        lines += [f"| {' | '.join(markdown(v) for v in row)} |" for row in rows]
        lines += ["", f"共 {count} 处变更" if lang == "zh" else f"{count} changes"]
        return "\n".join(lines) + "\n"
    out = [f"{d.old} → {d.new}"]
    if not rows:
        out.append("无变更" if lang == "zh" else "no changes")
        return "\n".join(out) + "\n"
    widths = [max(_width(r[k]) for r in rows) for k in range(2)]
    for row in rows:
        out.append(
            terminal(f"{_pad(row[0], widths[0])}  {_pad(row[1], widths[1])}  {row[2]} → {row[3]}")
        )
    out.append(f"共 {count} 处变更" if lang == "zh" else f"{count} changes")
    return "\n".join(out) + "\n"
