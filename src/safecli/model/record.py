"""A self-inspection record (自查记录): the unit, the inspection, the answers, incidents, findings
and attestations.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    Field,
    GetJsonSchemaHandler,
    PrivateAttr,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    field_validator,
    model_validator,
)

if TYPE_CHECKING:  # annotations only: pydantic.json_schema is loaded when a schema is made
    from pydantic.json_schema import JsonSchemaValue
    from pydantic_core import core_schema
import itertools
import operator

from safecli.model.base import (
    Count,
    Counts,
    Day,
    FreeText,
    Identifier,
    Model,
    NonNegative,
    Numbers,
    Text,
)
from safecli.model.features import FEATURES, LEVEL_WORDS
from safecli.model.hazards import ACCEPTED_WORDS, FIVE_POINTS, feature_id
from safecli.model.industries import (
    INDUSTRIES,
    industry_ids,
    industry_word,
    industry_words,
    nearest,
)
from safecli.model.labels import (
    STATUS_WORDS,
    Status,
    parse_finding_level,
    parse_finding_status,
    parse_status,
)
from safecli.model.standard import SubjectKind
from safecli.model.waivers import EvidenceEntry, ItemException, Verification
from safecli.model.wording import Invalid


class Response(Model):
    """The answer to one item. A bare status (`content.12: na`) is enough."""

    status: Status | None = None
    """met | partial | unmet | na, or 符合 / 基本符合 / 部分符合 / 不符合 / 不适用."""
    score: NonNegative | None = None
    """Points earned (实得分, 0..points): with status partial, or alone as the item's score;
    a partial answer without it earns half the points."""
    deductions: Counts | None = None
    """Counts of the item's 扣分 occurrences, instead of a status."""
    zero_if: list[str] | None = None
    """Ids of the item's 不得分 conditions the inspection found (each zeroes the item)."""
    evidence: list[EvidenceEntry] = Field(default_factory=list)
    """Files or records that prove the answer: a path or a name (台帐), or `{file: PATH,
    sha256: HASH}` for a file whose hash `validate --evidence` checks."""
    finding: FreeText | None = None
    """What is wrong (存在问题)."""
    verified: Verification | None = None
    """Who checked the answer, when and how; an item that needs an on-site check (`on_site`)
    is met on a self-assessed answer only while an on-site check stands."""
    na_reason: FreeText | None = Field(default=None, min_length=1)
    """Why the item does not apply (空项理由), with status na. Every 空项 is listed with it. Items
    marked `na: never`, veto items, and items whose `applies_if` holds may not be answered na."""

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"anyOf": [{"enum": list(STATUS_WORDS)}, handler(schema)]}

    @model_validator(mode="before")
    @classmethod
    def _from_status(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"status": value}
        return value

    @field_validator("status", mode="before")
    @classmethod
    def _status_word(cls, value: Any) -> Any:
        return parse_status(value)

    @model_validator(mode="after")
    def _answered(self) -> Response:
        if (
            self.status is None
            and self.deductions is None
            and self.zero_if is None
            and self.score is None
        ):
            raise Invalid("response-needs-status")
        if self.na_reason is not None and self.status is not Status.na:
            raise Invalid("na-reason-not-na", "hint-remove-or-na")
        return self


_BARE_ANSWERS: dict[str, Response] = {}
"""Each status word answered bare (`content.12: na`, `符合`) as its Response, built once."""

PLAIN_STATUS: dict[int, Status] = {}
"""The status of each shared answer (`_answers`' caches, never emptied: an id here is that
answer's for the process's life) that has one and no score, deductions or zero_if: the record
checks need nothing else of it."""


def _share(cache: dict[Any, Response], key: Any, answer: Response) -> None:
    cache[key] = answer
    if (
        answer.status is not None
        and answer.score is None
        and answer.deductions is None
        and answer.zero_if is None
    ):
        PLAIN_STATUS[id(answer)] = answer.status


_SMALL_ANSWERS: dict[Any, Response] = {}
"""Answers written as a small mapping of plain values (`{status: partial, score: 1.5}`) as
their Response, built once per distinct mapping (keys, value types and values)."""
_PLAIN = frozenset((str, int, float, bool))


def _small_key(answer: dict[Any, Any]) -> Any:
    """What a small answer of plain values is remembered by, or None: keys, the values' types
    (1, 1.0 and True are equal keys), the values; never a zero (-0.0 equals 0.0)."""
    values = tuple(answer.values())
    if len(values) > 4 or not _PLAIN.issuperset(map(type, values)) or 0 in values:
        return None
    return (tuple(answer), tuple(map(type, values)), values)


def _answers(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    """A record's answers by item id, each bare status word (`content.12: na`, `符合`) and
    each small mapping of plain values validated once per process and shared (Responses are
    frozen): most answers are one of a few, and validating one runs four Python validators.
    One call for the whole mapping looks them up; the other answers (and keys that are not
    text) are validated as they come, in their order, so they fail with the same errors at
    the same places."""
    if value.__class__ is not dict:
        return handler(value)
    words = _BARE_ANSWERS
    small = _SMALL_ANSWERS
    out: dict[Any, Any] = {}
    rest: dict[Any, Any] = {}
    for key, answer in value.items():
        if key.__class__ is str:
            kind = answer.__class__
            found = (
                words.get(answer)
                if kind is str
                else small.get(_small_key(answer))
                if kind is dict
                else None
            )
            if found is not None:
                out[key] = found
                continue
        out[key] = None  # its place: the validated answer goes here
        rest[key] = answer
    if not rest:
        return out
    done = handler(rest)
    out.update(done)
    for key, answer in rest.items():
        kind = answer.__class__
        if kind is str:
            if len(words) < 256:  # status words: a few dozen spellings
                _share(words, answer, done[key])
        elif kind is dict and len(small) < 1024:
            remembered = _small_key(answer)
            if remembered is not None:
                _share(small, remembered, done[key])
    return out


Answers = Annotated[dict[str, Response], WrapValidator(_answers)]
"""A record's `responses`: Responses by item id."""


CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CODE_VALUE = {c: i for i, c in enumerate(CREDIT_CODE_CHARS)}


def credit_code_problem(code: str) -> Invalid | None:
    """Why `code` is not a valid 统一社会信用代码 (GB 32100-2015), or None when it is."""
    hint = "hint-check-licence"
    if len(code) != 18:
        return Invalid("credit-code-length", hint, length=len(code))
    for position, char in enumerate(code, start=1):
        if char not in CREDIT_CODE_CHARS:
            return Invalid("credit-code-char", hint, position=position, char=repr(char))
    total = sum(map(operator.mul, map(_CODE_VALUE.__getitem__, code[:17]), CREDIT_CODE_WEIGHTS))
    expected = CREDIT_CODE_CHARS[(31 - total % 31) % 31]
    if code[17] != expected:
        return Invalid("credit-code-check", hint, given=repr(code[17]), expected=repr(expected))
    return None


_INDUSTRY_IDS = INDUSTRIES.keys()


class Area(Model):
    """What a district's or town's area holds (辖区情况), for the items about its units."""

    units: Count | None = None
    """Production and business units in the area (辖区生产经营单位总数)."""
    units_by_staff: dict[int, Count] = Field(default_factory=dict)
    """Units of at least N employees, by N: `{50: 95, 100: 40, 300: 12}` (…人以上的单位数)."""
    industries: Counts = Field(default_factory=dict)
    """Units by industry id (`{construction: 30, hazardous-chemicals: 0}`); an industry left
    out is not stated (write 0 when there are none)."""

    @field_validator("industries", mode="before")
    @classmethod
    def _industry_words(cls, value: Any) -> Any:
        if isinstance(value, dict):
            if value.keys() <= _INDUSTRY_IDS:  # every one written by its id: nothing to rename
                return value
            return {industry_word(k): v for k, v in value.items()}
        return value

    @field_validator("industries")
    @classmethod
    def _known_industries(cls, value: dict[str, int]) -> dict[str, int]:
        if value.keys() <= _INDUSTRY_IDS:
            return value
        for name in value:
            if name not in INDUSTRIES:
                raise Invalid("unknown-industry", industry=repr(name), **nearest(name))
        return value

    @model_validator(mode="after")
    def _counts_agree(self) -> Area:
        sizes = sorted(self.units_by_staff.items())
        for (small, more), (big, fewer) in itertools.pairwise(sizes):
            if fewer > more:
                raise Invalid(
                    "staff-counts-disagree",
                    hint="hint-staff-counts",
                    fewer=fewer,
                    big=big,
                    more=more,
                    small=small,
                )
        total = max([n for _, n in sizes] + list(self.industries.values()), default=0)
        if self.units is not None and total > self.units:
            raise Invalid("units-fewer", hint="hint-units-all", units=self.units, total=total)
        return self

    def units_in(self, industries: list[str]) -> int | None:
        """How many units of these industries the area holds, when the record says for each."""
        if self.units == 0:
            return 0
        found = [self.industries.get(name) for name in industries]
        if any(n for n in found if n):
            return sum(n for n in found if n)
        return None if any(n is None for n in found) else 0

    def units_of_staff(self, least: int) -> int | None:
        """How many units of `least`+ employees the area holds, when the record says.

        A count stated for a higher size only tells there are some (a lower bound), so it
        answers only when it is above 0.
        """
        if least in self.units_by_staff:
            return self.units_by_staff[least]
        if self.units == 0:
            return 0
        above = [n for size, n in self.units_by_staff.items() if size >= least and n > 0]
        return max(above) if above else None


_ENTERPRISE = SubjectKind.enterprise  # read once: off its class, the metaclass looks it up


class Subject(Model):
    """The unit the record is about."""

    kind: SubjectKind
    """enterprise | community | district."""
    id: str | None = None
    """统一社会信用代码 (18 characters, GB 32100-2015); for communities and districts any code."""
    name: FreeText = Field(min_length=1)
    """The unit's name."""
    industry: FreeText | None = None
    """Industry id from `safecli.model.industries` (e.g. hazardous-chemicals)."""
    employees: Count | None = None
    """Head count (从业人员数)."""
    region: FreeText | None = None
    """Where the unit is (省/市/区)."""
    contact: FreeText | None = None
    """Who answers for the record."""
    features: list[str] | None = None
    """What the unit has that decides whether items apply (ids: major-hazard-installation,
    occupational-hazards, dust-explosion, …, or their Chinese names: 粉尘涉爆, 液氨制冷,
    有限空间作业, 金属冶炼); `[]` when it has none of them."""
    industries: list[FreeText] = Field(default_factory=list)
    """Further industries the unit is in besides `industry` (a 判定 pack applies each one's
    items)."""
    area: Area | None = None
    """A district, town or sub-district office: what its area holds (辖区情况). Items about
    "…人以上的单位" or an industry apply when the area holds such units."""

    @field_validator("id", mode="before")
    @classmethod
    def _code_as_text(cls, value: Any) -> Any:
        # an all-digit code written unquoted reads as a number; codes never start with 0
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @field_validator("id")
    @classmethod
    def _credit_code(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None and info.data.get("kind") is _ENTERPRISE:
            problem = credit_code_problem(value)
            if problem:
                raise problem
        return value

    @field_validator("industry", mode="before")
    @classmethod
    def _industry_word(cls, value: Any) -> Any:
        return industry_word(value)

    @field_validator("industries", mode="before")
    @classmethod
    def _industry_words(cls, value: Any) -> Any:
        return industry_words(value)

    @field_validator("industry")
    @classmethod
    def _known_industry(cls, value: str | None) -> str | None:
        if value is not None and value not in INDUSTRIES:
            raise Invalid("unknown-industry", industry=repr(value), **nearest(value))
        return value

    @field_validator("features", mode="before")
    @classmethod
    def _feature_words(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [feature_id(v) or v if isinstance(v, str) else v for v in value]
        return value

    @field_validator("industries")
    @classmethod
    def _known_industries(cls, value: list[str]) -> list[str]:
        return industry_ids(value)

    @property
    def all_industries(self) -> tuple[str, ...]:
        """`industry` and `industries`, each once."""
        return tuple(dict.fromkeys([*([self.industry] if self.industry else []), *self.industries]))

    @field_validator("features")
    @classmethod
    def _known_features(cls, value: list[str] | None) -> list[str] | None:
        for name in value or []:
            if name not in FEATURES:
                raise Invalid(
                    "unknown-feature",
                    hint="hint-expected-one-of",
                    feature=repr(name),
                    expected=", ".join(FEATURES),
                )
        return value


class Inspection(Model):
    """When and by whom the self-inspection was done."""

    date: Day
    """The inspection date (YYYY-MM-DD, 1949–2100); vetoes look back from it."""
    by: FreeText | None = None
    """Who inspected (检查人)."""
    period: FreeText | None = None
    """The period covered, e.g. 2025-Q2."""
    reviewed_by: FreeText | None = None
    """Who reviewed the record (审核)."""
    approved_by: FreeText | None = None
    """Who approved the record (批准)."""


class Incident(Model):
    """A work-safety accident (生产安全事故) in the record's period."""

    date: Day
    """When it happened (1949–2100)."""
    kind: str = "other"
    """fire, poisoning, traffic, fall, machinery, explosion, other, …"""
    fatalities: Count = 0
    """Deaths."""
    serious_injuries: Count = 0
    """Serious injuries, acute industrial poisoning included."""
    direct_loss_yuan: NonNegative = 0
    """Direct economic loss in yuan."""
    text: FreeText | None = None
    """What happened."""


class Acceptance(Model):
    """The 验收 of a rectified 重大隐患: who accepted it, when, with what result."""

    by: FreeText = Field(min_length=1)
    """Who accepted it (验收人或单位)."""
    date: Day
    """When (验收日期)."""
    result: FreeText = Field(min_length=1)
    """合格/通过 (pass) allows 销号; anything else (不合格) does not."""

    @property
    def passed(self) -> bool:
        return self.result.strip().lower() in ACCEPTED_WORDS


class Supervision(Model):
    """挂牌督办 of a 重大隐患: the level that put it under supervision and when."""

    level: Literal["national", "provincial", "city", "county"]
    """national (国家), provincial (省级), city (市级) or county (县级)."""
    date: Day
    """When it was put under supervision (挂牌日期)."""
    by: FreeText | None = None
    """The supervising office (督办部门)."""

    @field_validator("level", mode="before")
    @classmethod
    def _level_word(cls, value: Any) -> Any:
        if isinstance(value, str):
            return LEVEL_WORDS.get(value.strip(), value)
        return value


class Finding(Model):
    """A hazard or problem found (隐患/问题) with its rectification."""

    id: FreeText = Field(min_length=1)
    """Stable id within the record (F1, F2, …)."""
    text: FreeText = Field(min_length=1)
    """What was found."""
    item: str | None = None
    """The item it belongs to."""
    level: Literal["general", "major"] = "general"
    """general (一般隐患) or major (重大隐患)."""
    owner: FreeText | None = None
    """Who rectifies it (责任人); the item's owner when missing."""
    due: Day | None = None
    """Rectification deadline (整改期限, 1949–2100)."""
    status: Literal["open", "in-progress", "rectified", "closed"] = "open"
    """open (未整改), in-progress (整改中), rectified (已整改待复核) or closed (已销号)."""
    measure: FreeText | None = None
    """The rectification measure (整改措施)."""
    closed_on: Day | None = None
    """The day it was closed (销号日期); the inspection date of the record closing it when missing."""
    basis: FreeText | None = None
    """The 判定 clause that makes it a 重大事故隐患: `PACK[@VERSION] CLAUSE`, e.g.
    `major-hazards-industry-trade@2023 第四条（三）` (the version follows the inspection date
    when left out). A finding that cites a clause is 重大 whatever `level` says."""
    funds: NonNegative | None = None
    """五落实: the money set aside for the rectification (治理资金, 元)."""
    contingency: FreeText | None = None
    """五落实: the contingency plan in force meanwhile (应急预案)."""
    plan_file: FreeText | None = None
    """The 治理方案 file (relative to the record): the hazard is then 列入治理计划."""
    acceptance: Acceptance | None = None
    """验收 (by, date, result): a 重大隐患 is 销号 only after a passed one."""
    supervision: Supervision | None = None
    """挂牌督办 (level, date, by)."""

    _clause: Text | None = PrivateAttr(default=None)

    @property
    def clause(self) -> Text | None:
        """The situation its `basis` names, in the pack's words (set when the record is read)."""
        return self._clause

    def citing(self, basis: str, clause: Text) -> Finding:
        """This finding with `basis` written out in full and the clause's words attached."""
        copy = self.model_copy(update={"basis": basis})
        copy._clause = clause
        return copy

    @property
    def major(self) -> bool:
        """重大: written major, or citing a 判定 clause."""
        return self.level == "major" or self.basis is not None

    def missing_five(self) -> list[str]:
        """The 五落实 fields not given (measure, funds, due, owner, contingency)."""
        return [k for k in FIVE_POINTS if getattr(self, k) in (None, "")]

    numbered_by_sheet: bool = False
    """True when the id was made from the 自查表's row (R11), not given by the unit: documents
    do not print it."""

    @field_validator("status", mode="before")
    @classmethod
    def _status_word(cls, value: Any) -> Any:
        return parse_finding_status(value)

    @field_validator("level", mode="before")
    @classmethod
    def _level_word(cls, value: Any) -> Any:
        return parse_finding_level(value)

    @property
    def needs_work(self) -> bool:
        """Open or in progress: the owner still has to rectify it (it can become overdue)."""
        return self.status in ("open", "in-progress")


class Attestation(Model):
    """An external acceptance or certificate the record states (e.g. 省级标准化验收)."""

    date: Day
    """When it was given (YYYY-MM-DD); it counts only on or before the inspection date."""
    by: FreeText = Field(min_length=1)
    """Who gave it (验收/发证机关)."""
    ref: FreeText | None = None
    """Its number (文号, 证书编号)."""
    level: Literal["national", "provincial", "city", "county"] | None = None
    """The level of the body that gave it: 国家, 省, 市 or 县 (national, provincial, city,
    county); required when the grade asks for a level."""
    text: FreeText | None = None
    """What it says, in a few words."""

    @field_validator("level", mode="before")
    @classmethod
    def _level_word(cls, value: Any) -> Any:
        if isinstance(value, str):
            return LEVEL_WORDS.get(value.strip().lower(), value)
        return value


_EMPTY = {
    "responses": dict,
    "metrics": dict,
    "attestations": dict,
    "incidents": list,
    "findings": list,
    "exceptions": list,
}
"""What each of a record's lists and mappings is when written with nothing under it."""


class Record(Model):
    """A self-inspection record (自查记录)."""

    standard: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*@[^@\s]+$")
    """The standard and version, `ID@VERSION` (e.g. safe-enterprise@2013)."""
    subject: Subject
    """The unit."""
    inspection: Inspection
    """When and by whom."""
    responses: Answers = Field(default_factory=dict)
    """Answers by item id."""
    metrics: Numbers = Field(default_factory=dict)
    """Measured values by metric name (counts, rates in %)."""
    incidents: list[Incident] = Field(default_factory=list)
    """Accidents in the period."""
    findings: list[Finding] = Field(default_factory=list)
    """Hazards and problems with their rectification."""
    attestations: dict[Identifier, Attestation] = Field(default_factory=dict)
    """External acceptances and certificates by the id a grade requires them under."""
    exceptions: list[ItemException] = Field(default_factory=list)
    """Items left out with approval until a date (空项, 豁免); a shared `exceptions.yaml` at
    the repository root may hold more."""

    @model_validator(mode="before")
    @classmethod
    def _empty_when_all_commented(cls, value: Any) -> Any:
        # `responses:` whose lines are all still commented out (a blank from `safecli init`):
        # one look at the mapping, not a Python call per field of every record
        if value.__class__ is not dict or None not in value.values():
            return value
        return {k: _EMPTY[k]() if v is None and k in _EMPTY else v for k, v in value.items()}

    @property
    def standard_id(self) -> str:
        return self.standard.partition("@")[0]

    @property
    def standard_version(self) -> str:
        return self.standard.partition("@")[2]
