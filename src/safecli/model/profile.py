"""The unit profile (单位概况): the people, the leading group, the office and the departments a
plan names.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from safecli.model.base import Day, FreeText, Model
from safecli.model.hazards import feature_ids
from safecli.model.industries import industry_ids, industry_words
from safecli.model.wording import Invalid


class Person(Model):
    """A person named in a plan, with the post they hold. A bare string is the name."""

    name: FreeText = Field(min_length=1)
    """The person's name (姓名)."""
    post: FreeText | None = None
    """Their post in the unit (职务), e.g. 总经理, 安全环保部部长."""
    phone: FreeText | None = None
    """A telephone number, for the contact person."""

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        return {"name": value} if isinstance(value, str) else value

    def __str__(self) -> str:
        return f"{self.name}（{self.post}）" if self.post else self.name


class LeadingGroup(Model):
    """The unit's leading group for the creation work (领导小组)."""

    name: FreeText | None = None
    """The group's name; the standard's (e.g. 创建“平安企业”工作领导小组) when missing."""
    leader: Person
    """组长: usually the principal."""
    deputies: list[Person] = Field(default_factory=list)
    """副组长."""
    members: list[Person] = Field(default_factory=list)
    """成员, with their posts."""


class Office(Model):
    """The office that runs the work day to day (领导小组办公室)."""

    located_in: FreeText = Field(min_length=1)
    """The department it sits in (办公室设在…), e.g. 安全环保部."""
    director: Person | None = None
    """办公室主任."""
    contact: Person | None = None
    """联系人 (with a phone number)."""


class Department(Model):
    """One of the unit's own departments and the standard's owners it takes."""

    name: FreeText = Field(min_length=1)
    """The department as the unit names it, e.g. 安全环保部."""
    takes: list[FreeText] = Field(default_factory=list)
    """The standard's owners it stands for, as the standard writes them (办公室, 保卫部门)."""
    head: Person | None = None
    """Its head (负责人)."""


class Profile(Model):
    """A unit profile (单位概况): what a plan needs and a record does not."""

    name: FreeText = Field(min_length=1)
    """单位全称, as on the business licence or the seal."""
    short_name: FreeText | None = None
    """A short name the plan may use (简称), e.g. 公司."""
    address: FreeText | None = None
    """地址."""
    region: FreeText | None = None
    """地区 (省/市/区)."""
    principal: Person | None = None
    """主要负责人 (法定代表人 or 主任), with the post."""
    leading_group: LeadingGroup | None = None
    """领导小组: 组长, 副组长, 成员; the principal leads it when missing."""
    office: Office | None = None
    """领导小组办公室: where it sits, its 主任 and 联系人."""
    departments: list[Department] = Field(default_factory=list)
    """The unit's departments and which of the standard's owners each takes."""
    prepared_by: FreeText | None = None
    """编制单位 in the 落款; the unit itself when missing."""
    prepared_on: Day | None = None
    """The plan's date in the 落款 (YYYY-MM-DD); the plan's start when missing."""
    principles: FreeText | None = None
    """Replaces the standard's 指导思想 in the plan."""
    goals: list[FreeText] | None = None
    """Replace the standard's 工作目标 in the plan."""
    industries: list[FreeText] = Field(default_factory=list)
    """The unit's industries (ids from `safecli.model.industries`): a 判定 pack's checklist
    (`safecli init PACK --subject PROFILE`) takes each one's items."""
    features: list[FreeText] = Field(default_factory=list)
    """粉尘涉爆, 液氨制冷, 有限空间作业, 金属冶炼: the special areas a 判定 checklist takes."""

    @field_validator("industries", mode="before")
    @classmethod
    def _industry_words(cls, value: Any) -> Any:
        return industry_words(value)

    @field_validator("industries")
    @classmethod
    def _known_industries(cls, value: list[str]) -> list[str]:
        return industry_ids(value)

    @field_validator("features")
    @classmethod
    def _known_features(cls, value: list[str]) -> list[str]:
        return feature_ids(value)

    aim: FreeText | None = None
    """The level the unit aims at (e.g. 省级): steps of a standard meant for it are planned."""
    rectify_days: dict[Literal["general", "major"], int] = Field(default_factory=dict)
    """Days from the inspection a hazard without a deadline is given, by level (一般, 重大);
    replaces the standard's."""

    @field_validator("departments")
    @classmethod
    def _unique_departments(cls, value: list[Department]) -> list[Department]:
        taken: dict[str, str] = {}
        clashes, clashes_zh = [], []  # every clash at once, not the first
        for dept in value:
            for owner in dept.takes:
                if owner in taken and taken[owner] != dept.name:
                    clashes.append(f"{owner!r} is taken by both {taken[owner]!r} and {dept.name!r}")
                    clashes_zh.append(f"{owner!r} 同时由 {taken[owner]!r} 和 {dept.name!r} 承担")
                    continue
                taken[owner] = dept.name
        if clashes:
            raise Invalid(
                "owners-taken-twice",
                hint="hint-one-department",
                owners="; ".join(clashes),
                owners_zh="；".join(clashes_zh),
            )
        return value

    def department_for(self, *owners: str) -> str | None:
        """The unit's department that takes any of `owners` (or is named so), if any."""
        for owner in owners:
            for dept in self.departments:
                if owner == dept.name or owner in dept.takes:
                    return dept.name
        return None
