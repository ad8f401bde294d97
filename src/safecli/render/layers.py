"""Which layer each item and grade of a standard comes from: an overlay (local 细则) or its
base, with the overlay's reason (pure: data in, text out)."""

from __future__ import annotations

from typing import Any

from safecli.model.neutralise import markdown
from safecli.model.standard import Standard

ACTIONS = {
    "add": ("新增", "added"),
    "drop": ("删除", "dropped"),
    "reweigh": ("调整分值", "reweighed"),
    "reword": ("修改文字", "reworded"),
}


def layer_rows(std: Standard, lang: str = "zh") -> list[dict[str, Any]]:
    """Every item, then every grade, with its layer; then what the overlay dropped."""
    rows: list[dict[str, Any]] = []
    for target, ids in (
        ("item", [i.id for i in std.items()]),
        ("grade", [g.id for g in std.grades]),
    ):
        for ident in ids:
            layer, change = std.layer_of(ident, target)
            rows.append(
                {
                    "target": target,
                    "id": ident,
                    "layer": layer,
                    "action": change.action if change else None,
                    "reason": change.reason.get(lang) if change else None,
                }
            )
    for change in std.changes:
        if change.action == "drop":
            rows.append(
                {
                    "target": change.target,
                    "id": change.id,
                    "layer": std.ref,
                    "action": "drop",
                    "reason": change.reason.get(lang),
                }
            )
    return rows


def _action(action: str | None, lang: str) -> str:
    return ACTIONS[action][0 if lang == "zh" else 1] if action else "-"


def layers_markdown(std: Standard, lang: str = "zh") -> str:
    """The layers as a Markdown section."""
    zh = lang == "zh"
    lines = [
        "",
        f"## {'层次' if zh else 'Layers'}：{std.ref} → {std.extends}"
        if zh
        else f"## Layers: {std.ref} over {std.extends}",
        "",
        "| 条款/等级 | 来自 | 变更 | 理由 |" if zh else "| item/grade | layer | change | reason |",
        "|---|---|---|---|",
    ]
    for row in layer_rows(std, lang):
        lines.append(
            f"| {markdown(row['id'])} | {markdown(row['layer'])} | {markdown(_action(row['action'], lang))} "
            f"| {markdown(row['reason'] or '-')} |"
        )
    return "\n".join(lines) + "\n"


def layers_table(std: Standard, lang: str = "zh") -> Any:
    """The layers as a terminal table."""
    from rich.table import Table

    zh = lang == "zh"
    title = (
        f"层次：{std.ref}（基于 {std.extends}）" if zh else f"Layers: {std.ref} over {std.extends}"
    )
    table = Table(title=title)
    for head in (
        ("条款/等级", "来自", "变更", "理由") if zh else ("item/grade", "layer", "change", "reason")
    ):
        table.add_column(head, overflow="fold")
    for row in layer_rows(std, lang):
        table.add_row(row["id"], row["layer"], _action(row["action"], lang), row["reason"] or "-")
    return table
