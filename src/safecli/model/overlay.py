"""An overlay: a local 细则 that `extends` a standard and adds, drops, reweighs or rewords its
items and grades, each change with its reason. `read.overlays` applies it to its base."""

from __future__ import annotations

from typing import Any

from pydantic import Field, model_validator

from safecli.model.base import Identifier, Model, NonNegative, PositiveNumber, Text
from safecli.model.standard import Grade, Item
from safecli.model.wording import Invalid


class _Change(Model):
    reason: Text
    """Why the overlay makes this change (required: a local rule is never silent)."""


class AddItem(_Change):
    """An item the overlay adds to a section (a new section when `title` is given)."""

    section: Identifier
    """The section it goes into: one of the base's, or a new one with `title`."""
    title: Text | None = None
    """The new section's title, when `section` is not in the base."""
    item: Item | None = None
    """The item, written as in a standard."""
    grade: Grade | None = None
    """Or a grade, placed by its `min` among the base's grades."""

    @model_validator(mode="before")
    @classmethod
    def _grade_alone(cls, value: Any) -> Any:
        if isinstance(value, dict) and "grade" in value and "section" not in value:
            return {**value, "section": "grades"}
        return value

    @model_validator(mode="after")
    def _one(self) -> AddItem:
        if (self.item is None) == (self.grade is None):
            raise Invalid("overlay-add-form")
        return self


class Drop(_Change):
    """An item or grade of the base the overlay drops."""

    id: str | None = None
    """The item's id."""
    grade: str | None = None
    """Or the grade's id."""

    @model_validator(mode="after")
    def _one(self) -> Drop:
        if (self.id is None) == (self.grade is None):
            raise Invalid("overlay-drop-form")
        return self


class Reweigh(_Change):
    """New points for an item, or a new line for a grade."""

    id: str | None = None
    """The item's id (with `points`)."""
    points: PositiveNumber | None = None
    """The item's new points."""
    grade: str | None = None
    """Or the grade's id (with `min`)."""
    min: NonNegative | None = Field(default=None, le=100)
    """The grade's new line (0–100)."""

    @model_validator(mode="after")
    def _pair(self) -> Reweigh:
        if not ((self.id and self.points is not None) or (self.grade and self.min is not None)):
            raise Invalid("overlay-reweigh-form")
        return self


class Reword(_Change):
    """New words for an item (text, 评分方法 with its rules) or a grade's label."""

    id: str | None = None
    """The item's id."""
    text: Text | None = None
    """The item's new text."""
    method: Text | None = None
    """The item's new 评分方法; its rules are read from it as `standards import` reads them."""
    grade: str | None = None
    """Or the grade's id (with `label`)."""
    label: Text | None = None
    """The grade's new label."""

    @model_validator(mode="after")
    def _pair(self) -> Reword:
        item = self.id is not None and (self.text is not None or self.method is not None)
        if not (item or (self.grade is not None and self.label is not None)):
            raise Invalid("overlay-reword-form")
        return self


class Overlay(Model):
    """A local 细则 over a standard: `extends: ID@VERSION` and the changes, each with a reason.
    Records name the overlay (`standard: ID@VERSION` of the overlay), never the base."""

    id: Identifier
    """The overlay's own id: records refer to it as `ID@VERSION`."""
    version: str = Field(min_length=1)
    """Its version; quote it in YAML."""
    extends: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*@[^@\s]+$")
    """The base standard, `ID@VERSION`."""
    title: Text | None = None
    """Its title; the base's when missing."""
    scoring_note: Text | None = None
    """How its changes weigh; the base's when missing."""
    add: list[AddItem] = Field(default_factory=list)
    """Items (or grades) added."""
    drop: list[Drop] = Field(default_factory=list)
    """Items (or grades) dropped."""
    reweigh: list[Reweigh] = Field(default_factory=list)
    """Items given new points, grades a new line."""
    reword: list[Reword] = Field(default_factory=list)
    """Items given new text or 评分方法, grades a new label."""

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"
