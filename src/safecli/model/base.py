"""What every schema model builds on: the base model, bilingual text, bounded numbers and dates, a
source reference and the periods a frequency counts in.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any
from unicodedata import normalize as _normalize

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    model_validator,
)

from safecli.model import values
from safecli.model.patterns import lazy
from safecli.model.wording import Invalid

if TYPE_CHECKING:  # annotations only: pydantic.json_schema is loaded when a schema is made
    from pydantic.json_schema import JsonSchemaValue
    from pydantic_core import core_schema


MAX_NUMBER = 10**12
"""The largest magnitude of any number a standard or a record gives (a trillion): scores,
targets, metrics and losses stay far below it, and exact arithmetic stays fast."""
MAX_COUNT = 10**9
"""The largest count (employees, deaths, deduction occurrences) a record gives."""
DATE_RANGE = values.DATE_RANGE
"""The dates a record, a plan or a gate may use: anything outside is a typing error."""


def _too_big(value: int | float, limit: int) -> Invalid:
    if isinstance(value, int) and abs(value) >= 10**30:
        digits = len(str(abs(value)))
        return Invalid("number-too-many-digits", "hint-at-most", digits=digits, limit=f"{limit:,}")
    shown = f"{value:g}" if isinstance(value, float) else str(value)
    return Invalid("number-too-big", "hint-at-most", value=shown, limit=f"{limit:,}")


def _bounded(limit: int) -> Any:
    def check(value: Any) -> Any:
        if isinstance(value, str) and len(value.strip()) > 40:  # digits in a sheet's cell
            raise Invalid("value-too-long-number", length=len(value))
        if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) > limit:
            raise _too_big(value, limit)
        return value

    return check


def _plausible_date(value: dt.date) -> dt.date:
    first, last = DATE_RANGE
    if not first <= value <= last:
        raise Invalid(
            "date-outside",
            "hint-check-year",
            value=value.isoformat(),
            first=first.year,
            last=last.year,
        )
    return value


# the bound runs before the type check: pydantic's finite check converts to float, which
# overflows on a 400-digit integer
Number = Annotated[int | float, Field(allow_inf_nan=False), BeforeValidator(_bounded(MAX_NUMBER))]
PositiveNumber = Annotated[
    int | float, Field(gt=0, allow_inf_nan=False), BeforeValidator(_bounded(MAX_NUMBER))
]
NonNegative = Annotated[
    int | float, Field(ge=0, allow_inf_nan=False), BeforeValidator(_bounded(MAX_NUMBER))
]
Count = Annotated[int, Field(ge=0), BeforeValidator(_bounded(MAX_COUNT))]
"""A whole number of things, 0 up to MAX_COUNT."""


def _plain_numbers(low: int, high: int, kinds: tuple[type, ...]) -> Any:
    """A wrap validator for a dict of bounded numbers by name: a dict whose keys are text and
    whose values are all of `kinds` between `low` and `high` (finite) is what validating each
    value gives, so it is taken as it is (a copy) without a Python call per value; anything
    else is validated value by value (the same errors, the same places)."""

    def accept(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        if value.__class__ is not dict:
            return handler(value)
        for k, v in value.items():  # a loop, not all() over a generator: a call less a value
            if k.__class__ is not str or v.__class__ not in kinds or not low <= v <= high:
                return handler(value)
        return dict(value)

    return accept


Numbers = Annotated[
    dict[str, Number], WrapValidator(_plain_numbers(-MAX_NUMBER, MAX_NUMBER, (int, float)))
]
"""Numbers by name (a record's metrics)."""
Counts = Annotated[dict[str, Count], WrapValidator(_plain_numbers(0, MAX_COUNT, (int,)))]
"""Counts by name (deductions, an area's units by industry)."""


def _written_date(value: Any) -> Any:
    """A date in a record is a date or YYYY-MM-DD text: never a number, which pydantic would
    take as seconds since 1970 (20250101 is 1970-08-23), nor 2025-W01-1 or 20250101 as text."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise Invalid("expected-date", "hint-write-iso-date", value=repr(value))
    if isinstance(value, str) and not values.looks_like_day(value):
        raise Invalid("expected-date", "hint-write-iso-date", value=repr(value[:40]))
    return value


Day = Annotated[dt.date, BeforeValidator(_written_date), AfterValidator(_plausible_date)]
"""A calendar date between 1949 and 2100."""


def _scalar_text(value: Any) -> Any:
    if value.__class__ is str:  # most values: text, made NFC (`values.name_key`)
        return _normalize("NFC", value)
    # free text written unquoted may read as a number or a date (period: 2025); keep it as text
    if isinstance(value, (int, float, dt.date)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str):  # one spelling per text: NFD from a Mac is the NFC from Windows
        return values.name_key(value)
    return value


FreeText = Annotated[str, BeforeValidator(_scalar_text)]
"""Text a person types into a record; numbers and dates written unquoted are kept as text,
and every text is NFC (so a unit or a finding spelled two ways is one)."""
Identifier = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]*$", max_length=80)]


class Model(BaseModel):
    """Base of every schema model: unknown keys are errors, docstrings describe fields.

    The docstrings are read from the source only when `json_schema` asks (`safecli schema`):
    reading them for every model at import costs every command tens of milliseconds.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


GAP = lazy(r"[ \t\n]+")
"""A run of the blanks a folded YAML block (`>-`) joins its lines with."""


def is_cjk(char: str) -> bool:
    """A character Chinese text closes up against: CJK punctuation (。、《》), ideographs,
    full-width forms, curly quotes."""
    code = ord(char)
    return (
        0x3000 <= code <= 0x303F
        or 0x4E00 <= code <= 0x9FFF
        or 0xFF00 <= code <= 0xFFEF
        or char in "“”‘’"
    )


def _unfold(text: str) -> str:
    """`text` with every blank run between two CJK characters removed: a folded YAML block
    (`>-`) joins its lines with a space, which Chinese does not use. (A pattern with those
    classes on both sides costs a one-record `safecli score` milliseconds to compile.)"""
    if " " not in text and "\n" not in text and "\t" not in text:
        return text

    def close_up(blank: Any) -> str:
        start, end = blank.span()
        if start > 0 and end < len(text) and is_cjk(text[start - 1]) and is_cjk(text[end]):
            return ""
        return blank.group()

    return GAP.sub(close_up, text)


class Text(Model):
    """A bilingual text: Chinese first, English beside it. A bare string is the Chinese text."""

    zh: str = Field(min_length=1)
    """Chinese text (required; the source documents' wording)."""
    en: str | None = None
    """English text; output falls back to the Chinese when it is missing."""

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"zh": _unfold(value)}
        if isinstance(value, dict) and isinstance(value.get("zh"), str):
            return {**value, "zh": _unfold(value["zh"])}
        return value

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"anyOf": [{"type": "string", "minLength": 1}, handler(schema)]}

    def get(self, lang: str = "zh") -> str:
        """The text in `lang`, or the Chinese when that language is missing."""
        return self.en if lang == "en" and self.en else self.zh

    def __str__(self) -> str:
        return self.zh


class Source(Model):
    """Where in the source documents a requirement comes from."""

    file: str
    """The source document's file name under `shared/seeds/`."""
    ref: str
    """The part and number inside it, as the paper numbers it (e.g. `五.6`, `附件2.三`)."""

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        if isinstance(value, str) and "#" in value:
            file, _, ref = value.partition("#")
            return {"file": file, "ref": ref}
        return value

    def __str__(self) -> str:
        return f"{self.file}#{self.ref}"


class Period(str, Enum):
    """A calendar period a target or a duty is counted over."""

    day = "day"
    week = "week"
    month = "month"
    quarter = "quarter"
    half_year = "half-year"
    year = "year"
