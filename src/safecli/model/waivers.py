"""Exceptions (空项, 豁免) with their approval and dates, evidence files with their hashes, and
the on-site checks (核查) that back an answer: the parts of a record that say what was agreed and
what proves it.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any

from pydantic import Discriminator, Field, PrivateAttr, Tag, field_validator, model_validator

from safecli.model.base import Day, FreeText, Model, Text
from safecli.model.wording import Invalid


class EvidenceFile(Model):
    """A file that proves an answer, with the hash it had when the record was made.

    `safecli evidence hash RECORD` fills `sha256` in; `safecli validate --evidence` reports a
    file that is missing, moved, outside the repository or changed since.
    """

    file: FreeText = Field(min_length=1, max_length=1000)
    """The file's path, relative to the record's folder, with `/` between folders."""
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    """The SHA-256 of the file's bytes (64 hexadecimal digits)."""

    @field_validator("sha256", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    def __str__(self) -> str:
        return self.file


EVIDENCE_FILE_TAG = "evidence-file"
EVIDENCE_TEXT_TAG = "evidence-text"


def _evidence_kind(value: Any) -> str:
    return EVIDENCE_FILE_TAG if isinstance(value, (dict, EvidenceFile)) else EVIDENCE_TEXT_TAG


EvidenceEntry = Annotated[
    Annotated[EvidenceFile, Tag(EVIDENCE_FILE_TAG)] | Annotated[FreeText, Tag(EVIDENCE_TEXT_TAG)],
    Discriminator(_evidence_kind),
]
"""An evidence entry: `{file: PATH, sha256: HASH}`, or a bare path or name (a mapping is always
read as a file, so its problems are reported once, not once per kind of entry)."""


def evidence_name(entry: str | EvidenceFile) -> str:
    """What an evidence entry names: the file's path, or the text of a bare entry."""
    return entry.file if isinstance(entry, EvidenceFile) else entry


CHECK_METHOD_WORDS = {
    "on-site": "on-site",
    "documents": "documents",
    "interview": "interview",
    "现场检查": "on-site",
    "现场核查": "on-site",
    "查阅资料": "documents",
    "查阅": "documents",
    "询问": "interview",
}
"""Every word a record may use for how a check was made, mapped to the method."""


class CheckMethod(str, Enum):
    """How a check was made."""

    on_site = "on-site"
    documents = "documents"
    interview = "interview"

    @property
    def label(self) -> Text:
        return CHECK_METHOD_LABELS[self]


CHECK_METHOD_LABELS = {
    CheckMethod.on_site: Text.model_construct(zh="现场检查", en="on-site check"),
    CheckMethod.documents: Text.model_construct(zh="查阅资料", en="document review"),
    CheckMethod.interview: Text.model_construct(zh="询问", en="interview"),
}


class Verification(Model):
    """Who checked an answer, when, how, and for how long the check stands (核查记录)."""

    by: FreeText = Field(min_length=1)
    """Who checked it (核查人), e.g. 李四（区应急管理局）."""
    date: Day
    """When (YYYY-MM-DD); it counts from this day on."""
    method: CheckMethod
    """How: on-site (现场检查), documents (查阅资料) or interview (询问)."""
    valid_months: int = Field(ge=1, le=120)
    """How many months the check stands; after that the answer is self-assessed again."""

    @field_validator("method", mode="before")
    @classmethod
    def _method_word(cls, value: Any) -> Any:
        return CHECK_METHOD_WORDS.get(value.strip(), value) if isinstance(value, str) else value


EXCEPTION_KIND_WORDS = {
    "na": "na",
    "waiver": "waiver",
    "空项": "na",
    "缺项": "na",
    "不适用": "na",
    "豁免": "waiver",
}
"""Every word a record may use for an exception's kind, mapped to the kind."""


class ExceptionKind(str, Enum):
    """What an exception says of its item."""

    na = "na"
    waiver = "waiver"

    @property
    def label(self) -> Text:
        return EXCEPTION_KIND_LABELS[self]


EXCEPTION_KIND_LABELS = {
    ExceptionKind.na: Text.model_construct(zh="空项", en="not-applicable exception"),
    ExceptionKind.waiver: Text.model_construct(zh="豁免", en="waiver"),
}


class Approver(Model):
    """Who approved an exception."""

    name: FreeText = Field(min_length=1)
    """The person's name (批准人)."""
    post: FreeText = Field(min_length=1)
    """Their post (职务), e.g. 安全总监."""
    organisation: FreeText = Field(min_length=1)
    """Their organisation (单位), e.g. 某某区应急管理局."""

    def __str__(self) -> str:
        return f"{self.organisation} {self.post} {self.name}"


class ItemException(Model):
    """An item left out with approval until a date: 空项 (it does not apply) or 豁免 (it
    applies but is excused for now). It stops applying the day after `until`; the item is then
    scored as answered. Veto items, required items (必备条件), items that may never be 不适用
    and 判定 items refuse a 豁免."""

    item: str = Field(min_length=1, max_length=80)
    """The item id."""
    kind: ExceptionKind
    """na (空项: the item does not apply) or waiver (豁免: it applies, excused for now)."""
    reason: FreeText = Field(min_length=1)
    """Why (理由)."""
    approver: Approver
    """Who approved it: name, post and organisation."""
    date: Day
    """When it was approved (YYYY-MM-DD); it applies from this day on."""
    until: Day
    """The last day it applies (YYYY-MM-DD); from the next day the item is scored as answered."""
    ref: FreeText | None = None
    """The approval's number (批准文号), if any."""

    _at: tuple[str, int, int] | None = PrivateAttr(default=None)

    @field_validator("kind", mode="before")
    @classmethod
    def _kind_word(cls, value: Any) -> Any:
        if isinstance(value, str):
            kind = EXCEPTION_KIND_WORDS.get(value.strip().lower())
            if kind is None:
                raise Invalid(
                    "unknown-exception-kind", hint="hint-exception-kinds", kind=repr(value)
                )
            return kind
        return value

    @model_validator(mode="after")
    def _dated(self) -> ItemException:
        if self.until < self.date:
            raise Invalid(
                "until-before-date",
                hint="hint-last-day",
                until=self.until.isoformat(),
                date=self.date.isoformat(),
            )
        return self

    @property
    def located(self) -> tuple[str, int, int] | None:
        """Where it was written when it comes from a shared exceptions.yaml: (path, line, col)."""
        return self._at


class SharedException(ItemException):
    """An exception in a records repository's `exceptions.yaml`, for one unit's records."""

    unit: FreeText = Field(min_length=1)
    """The unit: its code (统一社会信用代码) or its name, as its records give it."""
    standard: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9._-]*(@[^@\s]+)?$")
    """Only records of this standard (`ID` or `ID@VERSION`); every standard when missing."""

    def concerns(self, record: Any) -> bool:
        """Whether the exception is for this record's (a `Record`'s) unit and standard."""
        if self.unit not in (record.subject.id, record.subject.name):
            return False
        return self.standard is None or self.standard in (record.standard, record.standard_id)


class ExceptionsFile(Model):
    """`exceptions.yaml` at a records repository's root: exceptions shared by its records."""

    exceptions: list[SharedException] = Field(default_factory=list)
    """The exceptions, each naming its unit."""
