"""Shortcuts of check's per-record pipeline held to what they stand in for.

- A record the fast path read is asked for its nesting depth without the located parse when
  its values are plainly shallow: the problems are the same as the located parser's, on either
  side of the limit.
- `does_apply` (no words) agrees with `not_applying(...) is None` (the worded reason) for every
  conditional item of the bundled standards and any subject.
- A gate's verdict is worded once, in the run's language, and carries no English `Problem`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safecli.model.applicability import does_apply, not_applying
from safecli.model.errors import InvalidFile
from safecli.model.features import FEATURES
from safecli.model.industries import INDUSTRIES
from safecli.model.record import Area, Subject
from safecli.model.standard import AppliesIf, AreaUnits, SubjectKind
from safecli.read import yamlio
from safecli.read.catalog import Catalog
from safecli.read.records import read_record

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "records"


def _problems(path: Path) -> list[tuple[str, str]]:
    try:
        read_record(path, Catalog())
    except InvalidFile as error:
        return [(p.code or "", str(p)) for p in error.problems]
    return []


@pytest.mark.parametrize("depth", [62, 63, 64, 65, 66])
def test_nesting_at_the_limit_reads_as_the_located_parser_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, depth: int
) -> None:
    """An unknown key whose value nests down to `depth` + 1 levels: past 64 the one problem is
    the nesting (the located parser's), up to it the schema's own; both paths agree."""
    lines = (EXAMPLES / "safe-enterprise.yaml").read_text(encoding="utf-8").splitlines()
    nested = "".join("  " * i + f"k{i}:\n" for i in range(1, depth)) + "  " * depth + "v: 1\n"
    path = tmp_path / "deep.yaml"
    path.write_text("\n".join(lines) + "\nextra:\n" + nested, encoding="utf-8")
    monkeypatch.setattr(yamlio, "NATIVE_AFTER", 0)  # rapidyaml from the first file on
    fast = _problems(path)
    monkeypatch.setattr(yamlio, "FAST", False)
    located = _problems(path)
    assert fast == located
    too_deep = [p for p in fast if p[0] == "yaml-too-deep"]
    assert bool(too_deep) == (depth + 1 > 64), fast  # `v` sits depth + 1 levels down


_INDUSTRY = st.sampled_from(sorted(INDUSTRIES))
_FEATURE = st.sampled_from(sorted(FEATURES))
_SUBJECTS = st.builds(
    Subject.model_construct,
    kind=st.sampled_from(list(SubjectKind)),
    name=st.just("单位"),
    employees=st.none() | st.integers(0, 2000),
    industry=st.none() | _INDUSTRY,
    industries=st.lists(_INDUSTRY, max_size=2),
    features=st.none() | st.lists(_FEATURE, max_size=3, unique=True),
    area=st.none()
    | st.builds(
        Area.model_construct,
        units=st.none() | st.integers(0, 50),
        units_by_staff=st.dictionaries(st.sampled_from([50, 100, 300]), st.integers(0, 5)),
        industries=st.dictionaries(_INDUSTRY, st.integers(0, 3), max_size=4),
    ),
)
_CONDITIONS = st.builds(
    AppliesIf.model_construct,
    employees_min=st.none() | st.integers(0, 1000),
    employees_max=st.none() | st.integers(0, 1000),
    industries=st.none() | st.lists(_INDUSTRY, min_size=1, max_size=3),
    features=st.none() | st.lists(_FEATURE, min_size=1, max_size=2),
    area_units=st.none()
    | st.builds(
        AreaUnits.model_construct,
        employees_min=st.none() | st.sampled_from([50, 100, 300]),
        industries=st.none() | st.lists(_INDUSTRY, min_size=1, max_size=3),
    ),
)
_BUNDLED = [item for std in Catalog().standards() for item in std.items() if item.applies_if]


@settings(max_examples=500, deadline=None)
@given(subject=_SUBJECTS, cond=_CONDITIONS, index=st.integers(0, len(_BUNDLED) - 1))
def test_does_apply_agrees_with_the_worded_reason(
    subject: Subject, cond: AppliesIf, index: int
) -> None:
    """Generated conditions (every kind, alone and together), and the bundled items' own."""
    for item in (_BUNDLED[index].model_copy(update={"applies_if": cond}), _BUNDLED[index]):
        assert does_apply(item, subject) == (not_applying(item, subject) is None)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_gate_verdict_is_worded_in_the_run_language_only(lang: str) -> None:
    from safecli.portfolio.config import Config
    from safecli.portfolio.gate import check

    config = Config(lang=lang)
    config._root = EXAMPLES
    report = check([EXAMPLES / "safe-enterprise-vetoed.yaml"], config, dt.date(2025, 6, 30))
    [veto] = report.failures
    assert veto.rule == "veto" and veto.problem is None
    lead = {"zh": "否决 fatal-accident：", "en": "veto fatal-accident: A fatal"}[lang]
    assert veto.message.startswith(lead)
    assert ("机械伤害" in veto.message) == (lang == "zh")


@settings(max_examples=400, deadline=None)
@given(
    earned=st.integers(0, 10**12) | st.fractions(0, 10**9),
    points=st.integers(1, 10**12) | st.fractions(1, 10**9),
)
def test_a_section_rate_as_float_is_the_decimal_rate(earned: Any, points: Any) -> None:
    from safecli.score.arithmetic import percent_float, percent_rate

    assert percent_float(earned, points) == float(percent_rate(earned, points))


_ANSWER = st.sampled_from(["met", "na", "符合", "bogus", "", "partial"]) | st.fixed_dictionaries(
    {},
    optional={
        "status": st.sampled_from(["met", "partial", "unmet", "na", "不符合", "x"]),
        "score": st.sampled_from([0, 0.0, -0.0, 1, 1.0, 1.5, True, -1, "1"]),
        "finding": st.sampled_from(["配电箱未接地", "", 3]),
        "na_reason": st.sampled_from(["无此项", ""]),
        "bogus": st.just(1),
    },
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.dictionaries(st.sampled_from(["a.1", "a.2", "b.1"]), _ANSWER), max_size=4))
def test_shared_answers_validate_as_each_answer_alone(batches: list[dict[str, Any]]) -> None:
    """Answers looked up among those already validated (a bare word, a small mapping) give
    what validating each alone gives, and a bad one the same errors at the same places."""
    from pydantic import TypeAdapter, ValidationError

    from safecli.model.record import Record, Response

    alone = TypeAdapter(dict[str, Response])
    base = {"standard": "x@1", "subject": {"kind": "enterprise", "name": "单位"}}
    base["inspection"] = {"date": dt.date(2025, 1, 1)}
    for responses in batches:  # several records: later ones meet answers seen before
        try:
            expected: Any = alone.validate_python(responses)
        except ValidationError as error:
            expected = [(e["loc"], e["type"]) for e in error.errors()]
        try:
            got: Any = Record.model_validate({**base, "responses": responses}).responses
        except ValidationError as error:
            got = [(e["loc"][1:], e["type"]) for e in error.errors()]
        if isinstance(expected, dict):
            assert got == expected
            for key, answer in got.items():  # the same values of the same types
                assert type(answer.score) is type(expected[key].score)
                assert str(answer.score) == str(expected[key].score)
        else:
            assert got == expected
