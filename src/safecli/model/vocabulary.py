"""The one vocabulary: every closed set of words safecli reads and writes, defined once.

Each `Vocabulary` lists its `Term`s in the order a person reads them. A term has the id the
data keeps (`met`, `in-progress`), its Chinese and English labels, and the other spellings a
record or a 自查表 may use for it (`基本符合`, `已整改`). Reading a word (`parse`) folds width,
case and spaces first, so `ＭＥＴ`, ` Met ` and `met` are one word.

The models validate with `parse`, the sheet reader maps cells with it, its errors list
`accepted()`; the ledger, diff, scores and documents show `label(id, lang)`. Nothing else spells
these words: add a spelling here and every reader accepts it, change a label here and every
output shows it.

Plain data, below the models (it imports nothing of safecli).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass


def fold(word: str) -> str:
    """A word as compared: NFKC (full-width to half-width), lower case, no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", word)).lower()


@dataclass(frozen=True)
class Term:
    """One word of a vocabulary: its id, its labels and its other accepted spellings."""

    id: str
    zh: str
    en: str
    spellings: tuple[str, ...] = ()

    def get(self, lang: str = "zh") -> str:
        """The label in `lang` (Chinese unless `en`)."""
        return self.en if lang == "en" else self.zh

    @property
    def words(self) -> tuple[str, ...]:
        """Every spelling that reads as this term: the id, the Chinese label, the others (the
        label where `spellings` places it, if it does)."""
        if self.zh in self.spellings:
            return (self.id, *self.spellings)
        return (self.id, self.zh, *self.spellings)

    def __str__(self) -> str:
        return self.zh


class Vocabulary:
    """A closed set of terms, in reading order; `written` ones are what a record may say."""

    def __init__(self, name: str, terms: tuple[Term, ...], *, written: bool = True) -> None:
        self.name = name
        self.terms = terms
        self.written = written
        self._by_id = {t.id: t for t in terms}
        self._by_word: dict[str, str] = {}
        self._read: dict[str, str | None] = {}
        """Words as written → what `parse` made of them (folding costs more than a lookup)."""
        for term in terms:
            for word in term.words:
                self._by_word.setdefault(fold(word), term.id)

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    def __contains__(self, ident: object) -> bool:
        return ident in self._by_id

    def __getitem__(self, ident: str) -> Term:
        return self._by_id[ident]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.terms)

    def parse(self, word: str) -> str | None:
        """The id `word` spells (any accepted spelling), else None."""
        try:
            return self._read[word]
        except KeyError:
            pass
        found = self._by_word.get(fold(word))
        if len(self._read) < 4096:  # the same few words, read once per record's every answer
            self._read[word] = found
        return found

    def label(self, ident: str, lang: str = "zh") -> str:
        """The label of `ident` in `lang`; an id the vocabulary does not hold, as written."""
        term = self._by_id.get(ident)
        return term.get(lang) if term is not None else ident

    def accepted(self) -> str:
        """What an error lists as accepted: the Chinese labels, then the ids."""
        return ", ".join([t.zh for t in self.terms] + [t.id for t in self.terms])

    def words(self) -> list[str]:
        """Every accepted spelling, ids first (for a JSON Schema enum)."""
        seen: dict[str, None] = {}
        for term in self.terms:
            seen.setdefault(term.id)
        for term in self.terms:
            for word in term.words[1:]:
                seen.setdefault(word)
        return list(seen)


STATUSES = Vocabulary(
    "status",
    (
        Term("met", "符合", "met", ("不存在",)),
        Term("partial", "部分符合", "partial", ("基本符合", "部分符合")),
        Term("unmet", "不符合", "unmet", ("存在",)),
        Term("na", "不适用", "not applicable", ("缺项",)),
    ),
)
"""An item's answer (自评结果). `na` is 缺项/空项: the item leaves both sums."""

FINDING_LEVELS = Vocabulary(
    "finding level",
    (
        Term("general", "一般隐患", "general", ("一般",)),
        Term("major", "重大隐患", "major", ("重大",)),
    ),
)
"""A finding's level (隐患等级); 重大 per the 判定标准 of its industry."""

FINDING_STATES = Vocabulary(
    "finding state",
    (
        Term("open", "未整改", "open"),
        Term("in-progress", "整改中", "in progress", ("in progress",)),
        Term("rectified", "已整改待复核", "rectified, awaiting re-check", ("待复核",)),
        Term("closed", "已销号", "closed", ("销号", "已整改", "已完成", "完成")),
    ),
)
"""A finding's state as a record writes it (发现 → 整改 → 复核 → 销号). 已整改 means closed, as
the 自查表 has always read it."""

HAZARD_STATES = Vocabulary(
    "hazard state",
    (
        FINDING_STATES["open"],
        FINDING_STATES["in-progress"],
        Term("overdue", "逾期", "overdue"),
        FINDING_STATES["rectified"],
        FINDING_STATES["closed"],
        Term("dropped", "未销号即消失", "dropped without closing"),
    ),
    written=False,
)
"""A hazard's state in the ledger on the as-of date: the record's states, and two the ledger
judges (逾期; 未销号即消失, gone from a later record without being closed)."""

INCIDENT_KINDS = Vocabulary(
    "incident kind",
    (
        Term("fire", "火灾", "fire"),
        Term("poisoning", "中毒窒息", "poisoning", ("中毒",)),
        Term("traffic", "交通事故", "traffic", ("交通",)),
        Term("fall", "高处坠落", "fall", ("坠落",)),
        Term("machinery", "机械伤害", "machinery"),
        Term("explosion", "爆炸", "explosion"),
        Term("electric", "触电", "electric shock"),
        Term("collapse", "坍塌", "collapse"),
        Term("other", "其他", "other"),
    ),
)
"""An incident's kind. A kind not listed is kept and shown as written (records may name
others)."""

INCIDENT_CLASSES = Vocabulary(
    "incident class",
    (
        Term("general", "一般事故", "general accident"),
        Term("larger", "较大事故", "larger accident"),
        Term("major", "重大事故", "major accident"),
        Term("especially-major", "特别重大事故", "especially major accident"),
    ),
    written=False,
)
"""Accident classes of 生产安全事故报告和调查处理条例 Article 3, lowest first."""

SUBJECT_KINDS = Vocabulary(
    "subject kind",
    (
        Term("enterprise", "企业", "enterprise"),
        Term("community", "社区", "community"),
        Term("district", "区", "district", ("区县", "县区")),
    ),
)
"""What kind of unit a standard assesses (单位类型)."""

CLAUSE_NAMES = Vocabulary(
    "clause name",
    (
        Term("overall-goals", "总体目标", "Overall goals"),
        Term("hiring", "聘用程序", "Hiring procedure"),
    ),
    written=False,
)
"""Parts a source names instead of numbering (区安全生产工作方案's unnumbered 总体目标, 安全社区
附件1's 聘用程序), as an English clause label says them (`numbering.clause_label`)."""

VOCABULARIES = (
    STATUSES,
    FINDING_LEVELS,
    FINDING_STATES,
    HAZARD_STATES,
    INCIDENT_KINDS,
    INCIDENT_CLASSES,
    SUBJECT_KINDS,
    CLAUSE_NAMES,
)
"""Every vocabulary (the tests walk them)."""
