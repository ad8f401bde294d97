"""The words records use and people read: statuses, finding statuses, incident classes and kinds,
finding levels, with their Chinese and English labels and accepted spellings.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from safecli.model.base import Text


class IncidentClass(str, Enum):
    """Accident classes of 生产安全事故报告和调查处理条例 Article 3, lowest first."""

    general = "general"
    larger = "larger"
    major = "major"
    especially_major = "especially-major"

    @property
    def rank(self) -> int:
        return list(IncidentClass).index(self)

    @property
    def label(self) -> Text:
        return INCIDENT_CLASS_LABELS[self]


INCIDENT_CLASS_LABELS = {
    IncidentClass.general: Text(zh="一般事故", en="general accident"),
    IncidentClass.larger: Text(zh="较大事故", en="larger accident"),
    IncidentClass.major: Text(zh="重大事故", en="major accident"),
    IncidentClass.especially_major: Text(zh="特别重大事故", en="especially major accident"),
}


INCIDENT_KIND_LABELS = {
    "fire": Text.model_construct(zh="火灾", en="fire"),
    "poisoning": Text.model_construct(zh="中毒窒息", en="poisoning"),
    "traffic": Text.model_construct(zh="交通事故", en="traffic"),
    "fall": Text.model_construct(zh="高处坠落", en="fall"),
    "machinery": Text.model_construct(zh="机械伤害", en="machinery"),
    "explosion": Text.model_construct(zh="爆炸", en="explosion"),
    "electric": Text.model_construct(zh="触电", en="electric shock"),
    "collapse": Text.model_construct(zh="坍塌", en="collapse"),
    "other": Text.model_construct(zh="其他", en="other"),
}
"""Incident kinds a person reads; a kind not listed is shown as written."""

FINDING_LEVEL_LABELS = {
    "general": Text.model_construct(zh="一般隐患", en="general"),
    "major": Text.model_construct(zh="重大隐患", en="major"),
}
"""Finding levels a person reads."""


def incident_kind_label(kind: str) -> Text:
    """The incident kind's name (the kind itself when it is not a known one)."""
    return INCIDENT_KIND_LABELS.get(kind) or Text.model_construct(zh=kind, en=kind)


STATUS_WORDS = {
    "met": "met",
    "partial": "partial",
    "unmet": "unmet",
    "na": "na",
    "符合": "met",
    "基本符合": "partial",
    "部分符合": "partial",
    "不符合": "unmet",
    "不适用": "na",
    "缺项": "na",
}
"""Every word a record may use for a status, mapped to the status."""


class Status(str, Enum):
    """An answer to an item."""

    met = "met"
    partial = "partial"
    unmet = "unmet"
    na = "na"

    @property
    def label(self) -> Text:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    Status.met: Text(zh="符合", en="met"),
    Status.partial: Text(zh="部分符合", en="partial"),
    Status.unmet: Text(zh="不符合", en="unmet"),
    Status.na: Text(zh="不适用", en="not applicable"),
}


def parse_status(value: Any) -> Any:
    """Map a status word (English or Chinese) to a Status; leave anything else for the error."""
    if isinstance(value, str):
        return STATUS_WORDS.get(value.strip().lower(), value)
    return value


FINDING_STATUS_WORDS = {
    "open": "open",
    "in-progress": "in-progress",
    "rectified": "rectified",
    "closed": "closed",
    "未整改": "open",
    "整改中": "in-progress",
    "已整改待复核": "rectified",
    "待复核": "rectified",
    "已整改": "closed",
    "已销号": "closed",
    "销号": "closed",
}
"""Every word a record may use for a finding's status, mapped to the status (发现 → 整改 →
复核 → 销号). 已整改 means closed, as the 自查表 has always read it."""
