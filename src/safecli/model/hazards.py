"""The words of 重大事故隐患: feature words, 五落实 and clause citations.

Plain data (models.py builds on it, as on `industries`). A 判定 pack (a standard of kind
`determination`) lists the situations a regulation judges 重大; a unit's features say which of
its special areas (粉尘爆炸, 液氨制冷, 有限空间作业) and which management clauses (金属冶炼)
apply to it.
"""

from __future__ import annotations

from safecli.model.features import FEATURES
from safecli.model.industries import Name
from safecli.model.patterns import lazy
from safecli.model.wording import Invalid

FEATURE_WORDS: dict[str, str] = {
    **{k: k for k in FEATURES},
    **{name.zh: k for k, name in FEATURES.items()},
    "涉爆粉尘": "dust-explosion",
    "粉尘爆炸": "dust-explosion",
    "涉氨制冷": "ammonia-refrigeration",
    "有限空间": "confined-space",
}
"""Every word a record or profile may use for a feature (`safecli.model.features`), mapped to
its id."""

FIVE_POINTS: dict[str, Name] = {
    "measure": Name("治理措施", "measures"),
    "funds": Name("资金", "funds"),
    "due": Name("时限", "deadline"),
    "owner": Name("责任人", "responsible person"),
    "contingency": Name("应急预案", "contingency plan"),
}
"""The 五落实 of a 重大隐患 (措施、资金、时限、责任人、预案), by the finding field holding each."""

ACCEPTED_WORDS = frozenset({"pass", "passed", "合格", "通过", "验收合格", "验收通过"})
"""Results of a 验收 that allow 销号."""

_PAREN = str.maketrans({"(": "（", ")": "）", " ": "", "\u3000": ""})


def clause_key(text: str) -> str:
    """A clause as the packs write it: full-width brackets, no spaces (`第四条（三）`)."""
    return text.translate(_PAREN)


BASIS = lazy(r"^\s*(?P<ref>[a-z0-9][a-z0-9._-]*(?:@[^\s@]+)?)\s+(?P<clause>\S.*?)\s*$")
"""`PACK[@VERSION] CLAUSE`: a finding's citation of a 判定 clause."""


def split_basis(text: str) -> tuple[str, str] | None:
    """(pack reference, clause) of a basis, or None when it is not of that form."""
    found = BASIS.match(text)
    if found is None:
        return None
    return found["ref"], clause_key(found["clause"])


def feature_id(value: str) -> str | None:
    """The feature id a word names, or None."""
    return FEATURE_WORDS.get(value.strip())


def feature_ids(values: list[str]) -> list[str]:
    """The feature ids the words name, each once; an unknown word is a ValueError naming the
    known ones (a validator's message)."""
    out = []
    for value in values:
        found = feature_id(value)
        if found is None:
            known = ", ".join(f"{k} ({n.zh})" for k, n in FEATURES.items())
            raise Invalid("unknown-feature", hint="hint-features", feature=repr(value), known=known)
        out.append(found)
    return list(dict.fromkeys(out))
