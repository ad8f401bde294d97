"""The words records use and people read, as the models use them: the enums, the labels as
`Text`, the parsers. Every word, label and spelling comes from `model.vocabulary`.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from safecli.model.base import Text
from safecli.model.vocabulary import (
    FINDING_LEVELS,
    FINDING_STATES,
    INCIDENT_CLASSES,
    INCIDENT_KINDS,
    STATUSES,
    Term,
)


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


def _text(term: Term) -> Text:
    # built, not validated: the vocabulary's labels are plain text already, and validating
    # here would build Text's validator at import, which few commands need
    return Text.model_construct(zh=term.zh, en=term.en)


INCIDENT_CLASS_LABELS = {IncidentClass(t.id): _text(t) for t in INCIDENT_CLASSES}


INCIDENT_KIND_LABELS = {t.id: _text(t) for t in INCIDENT_KINDS}
"""Incident kinds a person reads; a kind not listed is shown as written."""

FINDING_LEVEL_LABELS = {t.id: _text(t) for t in FINDING_LEVELS}
"""Finding levels a person reads."""


def incident_kind_label(kind: str) -> Text:
    """The incident kind's name (the kind itself when it is not a known one)."""
    return INCIDENT_KIND_LABELS.get(kind) or Text.model_construct(zh=kind, en=kind)


STATUS_WORDS = {word: STATUSES.parse(word) for word in STATUSES.words()}
"""Every word a record may use for a status, mapped to the status (`vocabulary.STATUSES`)."""


class Status(str, Enum):
    """An answer to an item."""

    met = "met"
    partial = "partial"
    unmet = "unmet"
    na = "na"

    @property
    def label(self) -> Text:
        return STATUS_LABELS[self]


STATUS_LABELS = {Status(t.id): _text(t) for t in STATUSES}


def parse_status(value: Any) -> Any:
    """Map a status word (English or Chinese) to a Status; leave anything else for the error."""
    if isinstance(value, str):
        return STATUSES.parse(value) or value
    return value


def parse_finding_status(value: Any) -> Any:
    """Map a finding state word (未整改, 整改中, 已销号, open, …) to its id (发现 → 整改 → 复核 →
    销号; 已整改 means closed, as the 自查表 has always read it); leave anything else for the
    error."""
    if isinstance(value, str):
        return FINDING_STATES.parse(value) or value
    return value


def parse_finding_level(value: Any) -> Any:
    """Map a finding level word (一般, 重大隐患, major, …) to its id."""
    if isinstance(value, str):
        return FINDING_LEVELS.parse(value) or value
    return value
