"""trace(standard) -> Trace: which parts of the standard hold each numbered part of its source.

A standard declares its source's outline in `trace:` (one entry per numbered part, in the
paper's order). Everything with a `source` (items, goals, phases, duties, vetoes, grades,
rewards, penalties, attestations) is placed under the deepest part its ref falls in; a part
is held when something sits there, when its parent is held as a whole by something whose ref
names the parent exactly, or when every part inside it is held; or it says why it is left out.

`numbered_parts(text)` reads the numbering of a seed text itself (一、 （一） 1、 1. 一是 第N篇
附件N), so a test can check that the declared outline misses no numbered part. Pure: no files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from safecli.model.base import Text
from safecli.model.patterns import lazy
from safecli.model.standard import Standard

HELD = "held"
"""Something of the standard sits at this part (or inside it)."""
HELD_AS_WHOLE = "held-as-whole"
"""A holder names a part above this one, and so holds all of it."""
HELD_BY_PARTS = "held-by-parts"
"""Nothing names this part itself, but every part inside it is held."""
OMITTED = "omitted"
"""Deliberately left out, with the reason the standard gives."""
MISSING = "missing"
"""Neither held nor left out with a reason: the standard must say which."""


@dataclass(frozen=True, slots=True)
class Holder:
    """One part of the standard that holds (part of) a source part."""

    kind: str
    """item, goal, phase, responsibility, veto, grade, attestation, reward, penalty, or note."""
    id: str
    """Its id (a responsibility's body, a note's field name)."""
    text: Text
    """Its text, for the reader."""
    ref: str
    """The source ref it names (empty for a holder named by `held_by`)."""


@dataclass(frozen=True, slots=True)
class TraceRow:
    """One numbered part of the source and what holds it."""

    ref: str
    """The part, as `source` refs name it."""
    title: str | None
    """Its heading or first words."""
    depth: int
    """How deep the part sits (0 for a top part)."""
    status: str
    """held | held-as-whole | held-by-parts | omitted | missing."""
    holders: list[Holder] = field(default_factory=list)
    """What sits at this part (for held-as-whole: what names the part above)."""
    omitted: str | None = None
    """Why the part is left out."""


@dataclass(frozen=True, slots=True)
class Trace:
    """The traceability report of one standard."""

    standard: str
    """`ID@VERSION`."""
    source: str
    """The source document's file name."""
    rows: list[TraceRow]
    """Every declared part, in the paper's order."""
    unplaced: list[Holder]
    """Holders whose ref falls in no declared part (the outline lacks a part)."""

    def missing(self) -> list[str]:
        """Parts neither held nor left out with a reason."""
        return [r.ref for r in self.rows if r.status == MISSING]


def norm(ref: str) -> str:
    """A ref without brackets, so `二.(二).1` and `二.二.1` name the same part."""
    return re.sub(r"[()（）]", "", ref)


def _parts(ref: str) -> list[str]:
    return [p for p in norm(ref).split(".") if p]


def _inside(ref: str, part: str) -> bool:
    # is `ref` the part itself or a part inside it?
    a, b = _parts(ref), _parts(part)
    return a[: len(b)] == b


def holders(standard: Standard) -> list[Holder]:
    """Everything of the standard that names a source ref, in the standard's order."""
    out: list[Holder] = []

    def add(kind: str, ident: str, text: Text, source: object) -> None:
        if source is not None:
            ref = getattr(source, "ref", "")
            if getattr(source, "file", standard.source) == standard.source and ref:
                out.append(Holder(kind, ident, text, ref))

    for item in standard.items():
        add("item", item.id, item.text, item.source)
    for goal in standard.goals:
        add("goal", goal.id, goal.text, goal.source)
    for duty in standard.responsibilities:
        add("responsibility", duty.body.zh, duty.duties, duty.source)
    for grade in standard.grades:
        add("grade", grade.id, grade.text or grade.label, grade.source)
        for rule in grade.attestations:
            add("attestation", rule.id, rule.text, rule.source)
    for veto in standard.vetoes:
        add("veto", veto.id, veto.text, veto.source)
    for phase in standard.phases:
        add("phase", phase.id, phase.text or phase.title, phase.source)
    for reward in standard.rewards:
        add("reward", reward.id, reward.text, reward.source)
    for penalty in standard.penalties:
        add("penalty", penalty.id, penalty.text, penalty.source)
    return out


def _named(standard: Standard, name: str) -> Holder:
    # a `held_by` entry: `grade:ID`, `scoring_note`, `principles`, `version`, `title`
    kind, _, ident = name.partition(":")
    if kind == "grade" and standard.grade(ident) is not None:
        grade = standard.grade(ident)
        assert grade is not None
        return Holder("grade", ident, grade.text or grade.label, "")
    if kind == "scoring_note":
        return Holder("note", "scoring_note", standard.scoring_note, "")
    if kind == "principles" and standard.principles is not None:
        return Holder("note", "principles", standard.principles, "")
    if kind in ("version", "title"):
        return Holder("note", kind, Text.model_construct(zh=str(getattr(standard, kind))), "")
    raise ValueError(f"held_by {name!r} names nothing in {standard.ref}")


def trace(standard: Standard) -> Trace:
    """The traceability report of `standard`. Pure."""
    parts = standard.trace
    refs = [p.ref for p in parts]
    placed: dict[str, list[Holder]] = {ref: [] for ref in refs}
    unplaced: list[Holder] = []
    for holder in holders(standard):
        deepest = max(
            (r for r in refs if _inside(holder.ref, r)),
            key=lambda r: len(_parts(r)),
            default=None,
        )
        if deepest is None:
            unplaced.append(holder)
        else:
            placed[deepest].append(holder)
    for part in parts:
        placed[part.ref].extend(_named(standard, name) for name in part.held_by)

    def whole(ref: str) -> list[Holder]:
        # holders that name an enclosing part exactly hold all of it
        found: list[Holder] = []
        for above in refs:
            if above != ref and _inside(ref, above):
                found += [h for h in placed[above] if not h.ref or _parts(h.ref) == _parts(above)]
        return found

    # a part inside a part left out is left out with it
    omitted = {p.ref: p.omitted for p in parts}
    for part in parts:
        if not omitted[part.ref]:
            omitted[part.ref] = next(
                (
                    f"见 {above}"
                    for above in refs
                    if above != part.ref and _inside(part.ref, above) and omitted[above]
                ),
                None,
            )
    status: dict[str, str] = {}
    for part in reversed(parts):  # children before parents
        inner = [r for r in refs if r != part.ref and _inside(r, part.ref)]
        if placed[part.ref]:
            status[part.ref] = HELD
        elif omitted[part.ref]:
            status[part.ref] = OMITTED
        elif whole(part.ref):
            status[part.ref] = HELD_AS_WHOLE
        elif inner and all(status[r] != MISSING for r in inner):
            status[part.ref] = HELD_BY_PARTS
        else:
            status[part.ref] = MISSING
    rows = [
        TraceRow(
            ref=p.ref,
            title=p.title,
            depth=len(_parts(p.ref)) - 1,
            status=status[p.ref],
            holders=placed[p.ref] if placed[p.ref] else whole(p.ref),
            omitted=omitted[p.ref] if status[p.ref] == OMITTED else None,
        )
        for p in parts
    ]
    return Trace(standard.ref, standard.source, rows, unplaced)


# ---------------------------------------------------------------- the seed's own numbering

_CN = "一二三四五六七八九十"
_TOKEN = lazy(
    rf"(?P<pian>第(?P<pn>[{_CN}]+)篇)"
    r"|(?P<annex>附件(?P<an>\d+)(?=\s))"
    rf"|(?P<top>(?<![{_CN}第])(?P<tn>[{_CN}]+)、)"
    rf"|(?P<paren>[(（](?P<pp>[{_CN}]+)[)）])"
    r"|(?P<arabic>(?<![\d.(（A-Za-z/-])(?P<ad>\d{1,2})(?:、|\.(?!\d)))"
    rf"|(?P<shi>(?<=[。：:，,\s])(?P<sn>[{_CN}])是)"
)


def numbered_parts(text: str, *, pian: bool = False) -> list[str]:
    """The refs of every numbered part of a source text, in order, without duplicates.

    Levels: 第N篇 (when `pian`), 附件N, 一、, （一）, 1、 or 1., 一是. A ref joins the current
    number of each level, e.g. `第二篇.三.(二).1` or `附件2.七`; 附件 refs start afresh.
    """
    return [ref for ref, _ in numbered_headings(text, pian=pian)]


def numbered_headings(text: str, *, pian: bool = False) -> list[tuple[str, str]]:
    """`numbered_parts` with each part's first words (up to the first stop, 20 characters)."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    level: dict[str, str | None] = dict.fromkeys(("pian", "annex", "top", "paren", "arabic", "shi"))
    order = ["pian", "annex", "top", "paren", "arabic", "shi"]
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "pian" and not pian:
            continue
        value = {
            "pian": f"第{match['pn']}篇",
            "annex": f"附件{match['an']}",
            "top": match["tn"],
            "paren": f"({match['pp']})",
            "arabic": match["ad"],
            "shi": match["sn"],
        }[kind or ""]
        index = order.index(kind or "")
        level[kind or ""] = value
        for lower in order[index + 1 :]:
            level[lower] = None
        if kind == "annex":
            level["pian"] = None
        elif kind == "pian":
            level["annex"] = None
        ref = ".".join(v for k in order if (v := level[k]))
        if ref not in seen:
            seen.add(ref)
            words = re.split(r"[，。：:；;,\s]", text[match.end() : match.end() + 40].lstrip(" *"))
            out.append((ref, words[0].strip(" *")[:20]))
    return out
