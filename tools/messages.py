"""The message catalogs (src/safecli/messages/locale): list the codes the source uses, compile.

    python tools/messages.py codes      every code the source uses (problem(...), Code(...))
    python tools/messages.py check      codes missing from a catalog, catalog entries unused
    python tools/messages.py compile    each .po compiled to the .mo beside it (Babel)

A code is a message's id (`unknown-item`); each .po words it in its language as a Python format
string over the problem's parameters. The .mo files are committed (the wheel ships them);
tests/test_messages.py fails when one is not the compiled form of its .po.
"""

from __future__ import annotations

import ast
import io
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "safecli"
LOCALE = SRC / "messages" / "locale"
LANGS = ("zh", "en")


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "safecli.po"


CALLS = {
    "problem",
    "coded",
    "fail",
    "_refuse",
    "Invalid",
    "where",
    "_warn",
    "locate",
    "_problem",
    "_dropped",
    "left_out",
    "TemplateLimit",
    "verdict",
}
"""The calls that take codes: `code=`/`hint=` keywords, or positional strings shaped as codes."""
SHAPE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)+$")


def codes_in_source() -> dict[str, list[str]]:
    """Each code a module names: in `problem(...)`, `doc.coded(...)`, a reader's `fail(...)`,
    `Code("x")`; by code, the places it is used (path:line)."""
    found: dict[str, list[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            values: list[ast.expr] = []
            if name == "Code" and node.args:
                values.append(node.args[0])
            elif name in CALLS:
                values += [k.value for k in node.keywords if k.arg in ("code", "hint")]
                if name not in ("fail", "verdict"):  # their positional strings name rules
                    values += [a for a in node.args if isinstance(a, (ast.Constant, ast.IfExp))]
            for value in values:
                for const in ast.walk(value):
                    if isinstance(const, ast.Constant) and isinstance(const.value, str):
                        if value in node.args and not SHAPE.match(const.value):
                            continue
                        where = f"{path.relative_to(ROOT)}:{node.lineno}"
                        found.setdefault(const.value, []).append(where)
    return found


def catalog(lang: str):  # -> babel.messages.Catalog
    from babel.messages.pofile import read_po

    with po_path(lang).open("rb") as handle:
        return read_po(handle, locale=lang)


def mo_bytes(lang: str) -> bytes:
    """The .mo Babel compiles from the .po of `lang`."""
    from babel.messages.mofile import write_mo

    out = io.BytesIO()
    write_mo(out, catalog(lang), use_fuzzy=False)
    return out.getvalue()


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    if command == "codes":
        for code, places in sorted(codes_in_source().items()):
            print(code, " ".join(places))
        return 0
    if command == "compile":
        for lang in LANGS:
            target = po_path(lang).with_suffix(".mo")
            target.write_bytes(mo_bytes(lang))
            print(f"wrote {target.relative_to(ROOT)}")
        return 0
    if command == "check":
        used = codes_in_source()
        bad = 0
        for lang in LANGS:
            worded = {m.id for m in catalog(lang) if m.id and m.string}
            for code in sorted(set(used) - worded):
                print(f"{po_path(lang).relative_to(ROOT)}: missing {code} ({used[code][0]})")
                bad += 1
        return 1 if bad else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
