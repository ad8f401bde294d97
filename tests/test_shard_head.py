"""A shard reads the unit from the head of a file: the lines up to the first top-level key after
the subject's block. Hostile records whose lines mislead a scan (a quoted value over several
lines hiding a fake id, a subject past the head, `standard` after the subject) still land in
exactly one shard, the one of the unit the checked record names; the head and the whole text
always agree."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from ci_repo import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safecli.model.errors import InvalidFile
from safecli.portfolio import gate
from safecli.portfolio.config import load_config
from safecli.portfolio.shards import HEAD, Shard, shard_of, unit_in_head, unit_in_text, unit_key
from safecli.read import yamlio

EXAMPLE = (ROOT / "examples" / "records" / "safe-community.yaml").read_text(encoding="utf-8")
NAME = "长安区建北街道育才社区"
ID = "  id: SQ-130102-007\n"
REGION = "  region: 河北省石家庄市长安区\n"
DAY = dt.date(2026, 11, 25)


def _fake() -> str:
    """An id whose shard is not the one of the record's real unit (its name)."""
    return next(f"FAKE-{i}" for i in range(20) if shard_of(f"FAKE-{i}", 4) != shard_of(NAME, 4))


def _hidden(quote: str) -> str:
    """A valid record whose `contact` is quoted over three lines that look like `id` and
    `region`: it has no id, its unit is its name."""
    field = f"  contact: {quote}刘洋\n  id: {_fake()}\n  region: x{quote}\n"
    return EXAMPLE.replace(ID, field, 1).replace(REGION, "", 1)


VALID_HOSTILE = {
    "double-quoted.yaml": _hidden('"'),
    "single-quoted.yaml": _hidden("'"),
    # a flow sequence over lines: the id line is an item (a mapping: the record is invalid)
    "flow.yaml": EXAMPLE.replace(REGION, f"  industries: [a,\n    id: {_fake()}, b]\n", 1).replace(
        ID, "", 1
    ),
    # `standard` after the subject: the lines up to the subject's end do not name it
    "standard-last.yaml": "\n".join(
        line for line in EXAMPLE.splitlines() if not line.startswith("standard:")
    )
    + "\nstandard: safe-community@2019\n",
    # the subject's id past the head a shard reads first
    "long-subject.yaml": EXAMPLE.replace(
        "subject:\n", "subject:\n" + "".join(f"  # 备注 {i}\n" for i in range(700)), 1
    ),
    "bom-crlf.yaml": "\ufeff" + EXAMPLE.replace("\n", "\r\n"),
}


def test_the_hostile_records_are_valid_and_name_their_unit() -> None:
    for name, text in VALID_HOSTILE.items():
        text = text.removeprefix("\ufeff")
        data = yamlio.parse_located(text, name).data
        if name == "flow.yaml":
            assert data["subject"]["industries"][1] == {"id": _fake()}
        expected = "SQ-130102-007" if "id" in data["subject"] else NAME
        assert unit_key(data) == expected, name
        assert unit_in_text(text) in (None, expected), name
    long = VALID_HOSTILE["long-subject.yaml"].encode("utf-8")
    assert long.find(b"\n  id: ") > HEAD
    assert not isinstance(unit_in_head(long[:HEAD], complete=False), str)  # read on
    assert unit_in_head(long, complete=True) == "SQ-130102-007"


@pytest.mark.parametrize("parallel", [False, True])
def test_each_hostile_record_is_in_the_shard_of_its_unit(tmp_path: Path, parallel: bool) -> None:
    records = tmp_path / "records"
    records.mkdir()
    for name, text in VALID_HOSTILE.items():
        (records / name).write_text(text, encoding="utf-8", newline="")
    for i in range(250 if parallel else 0):  # enough files for the pool
        unit = EXAMPLE.replace("SQ-130102-007", f"U-{i:03d}", 1)
        (records / f"z{i:03d}.yaml").write_text(unit, encoding="utf-8")
    (tmp_path / "safecli.yaml").write_text("required_grades: {}\n", encoding="utf-8")
    config = load_config(tmp_path / "safecli.yaml")
    whole = gate.check([records], config, DAY, parallel=parallel)
    assert {r.path: r.status for r in whole.results if r.path[8:] in VALID_HOSTILE} == {
        f"records/{name}": "invalid" if name == "flow.yaml" else "pass" for name in VALID_HOSTILE
    }
    shards = [
        gate.check([records], config, DAY, parallel=parallel, shard=Shard(i, 4))
        for i in (1, 2, 3, 4)
    ]
    for name in VALID_HOSTILE:
        found = [i for i, part in enumerate(shards, 1) for r in part.results if r.path[8:] == name]
        unit = NAME if name not in ("long-subject.yaml", "bom-crlf.yaml") else "SQ-130102-007"
        if name == "standard-last.yaml":
            unit = "SQ-130102-007"
        assert found == [shard_of(unit, 4)], name
    union = sorted((r.path, r.status, r.failures) for part in shards for r in part.results)
    assert union == sorted((r.path, r.status, r.failures) for r in whole.results)


def _agrees(text: str) -> None:
    """The unit read from the lines is the parsed record's (when it reads one and the text
    parses), and any head of the text reads the same unit or asks for more."""
    raw = text.encode("utf-8")
    whole = unit_in_head(raw, complete=True)
    assert whole == unit_in_text(text.removeprefix("\ufeff")), text
    for size in (1, 16, 64, 200, 512):
        head = unit_in_head(raw[:size], complete=len(raw) < size)
        assert head == whole or not (head is None or isinstance(head, str)), (text, size)
    if whole is None:
        return
    try:
        data = yamlio.parse_located(text, "x.yaml").data
    except InvalidFile:
        return  # not a record: the lines place it, the same in every shard
    assert whole == unit_key(data), text


TRAPS = [
    'standard: s\nsubject:\n  name: N\n  kind: "a\n  id: FAKE\n  end: x"\n',
    "standard: s\nsubject:\n  name: N\n  kind: 'a\n  id: FAKE\n  end: x'\n",
    "standard: s\nsubject:\n  name: N\n  tags: [a,\n  id: FAKE, b]\n",
    "standard: s\nsubject:\n  name: N\n  tags: {a: 1,\n  id: FAKE}\n",
    "standard: s\nsubject:\n  name: N\n  tags: |\n  id: A\n",
    'standard: s\nsubject:\n  name: N\n  area:\n    x: "q\n  id: FAKE\n    y: z"\n',
    'standard: s\nsubject:\n  name: N\n  id: A\ninspection:\n  x: "\nsubject:\n  id: B"\n',
    "standard: s\nsubject:\n  name: N\n  id: 'A' # it's \"x\"\n",
    "standard: s\nsubject:\n  name: N\n  features: []\n  id: A\n",
    "standard: s\nsubject:\n  name: O'Brien\ninspection: {date: 2025-01-01}\n",
    'standard: s\nnote: "x\nsubject:\n  id: FAKE\nz: 1"\nsubject:\n  id: REAL\n',
    "standard: s\nsubject:\n  id: A\nnote: x\n\tbad\n",
    "standard: s\nsubject:\n  id: A\n---\nsubject:\n  id: B\n",
    "standard: s\nsubject:\n  id: A\n...\n",
    "standard: s\nsubject:\n  id: A\n\u2028subject:\n  id: B\n",
    "standard: s\nsubject:\n  id: A\u2028  id: B\nx: 1\n",
    "\ufeffstandard: s\nsubject:\n  id: A\n",
    "standard: s\nsubject:\n  id: A\n# c\n  name: N\nx: 1\n",
]


def test_the_head_agrees_on_traps() -> None:
    for text in TRAPS:
        _agrees(text)
    assert unit_in_text(TRAPS[0]) is None  # the quote hides lines: parsed, not scanned
    assert unit_in_text(TRAPS[8]) == "A"  # an empty flow sequence closes on its line


HOSTILE = "\"'[]{}#:-|>&*!?\t\r\n \u2028\ufeff\x85"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_head_agrees_on_mutated_records(data: st.DataObject) -> None:
    text = EXAMPLE
    head = text.find("subject:")
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(max(head - 40, 0), min(len(text), head + 240)))
        cut = data.draw(st.integers(0, 3))
        piece = data.draw(st.text(st.sampled_from(HOSTILE + "idname\n  "), max_size=6))
        text = text[:at] + piece + text[at + cut :]
    _agrees(text)
