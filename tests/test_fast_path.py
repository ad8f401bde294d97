"""The native fast path (rapidyaml) against the located PyYAML path: same values or refusal.

Property: for any text, the fast path either refuses it (and the located path reads it) or
gives exactly what the located path gives: the same keys in the same order, the same values of
the same types (a date is a date, `yes` is True, `'2024'` a string, `012` the octal 10).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from safecli.model.errors import InvalidFile
from safecli.read import fastyaml, linescan, yamlio

pytestmark = pytest.mark.skipif(not fastyaml.AVAILABLE, reason="rapidyaml is not installed")

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "records"

# scalars whose YAML 1.1 reading differs from YAML 1.2 or JSON, plain and quoted
TRICKY = [
    "2024-08-15",
    "2024-02-30",
    "2024-8-5",
    "2001-12-14t21:59:43.10-05:00",
    "2001-12-14 21:59:43",
    "yes",
    "No",
    "ON",
    "off",
    "y",
    "n",
    "True",
    "FALSE",
    "true",
    "null",
    "Null",
    "~",
    "",
    "012",
    "0o17",
    "0x1F",
    "0b101",
    "1_000",
    "1:20",
    "-0",
    "+3",
    "1e3",
    "1.0e+3",
    "1.10",
    ".5",
    ".inf",
    "-.Inf",
    ".NaN",
    "NaN",
    "Infinity",
    "0",
    "00",
    "-1.5",
    "1.",
    "2024",
    "99999999999999999999",
    "1.1.1",
    "-.6",
    ".6",
    "+.6",
    "1.",
    "0.",
    ".5e3",
    "5.e3",
    "007.5",
    "+0",
    "1e+3",
    "a%b",
    "%x",
    "3.0.2",
    "a: b",
    "a #b",
    "#x",
    "- x",
    "[x]",
    "{x}",
    "中文",
    "达标率 95%",
    "x' y",
    "=",
    "<",
    "@x",
    "`x",
    ",",
    "a,b",
    "  lead",
    "trail  ",
    "line\nbreak",
    "C:/path",
    "'",
    # start like a number, hold what no YAML 1.1 number or date can: strings (the quick
    # JSON reading lets them through untouched)
    "3号",
    "1号楼2层",
    "91746434GMW7T4306L",
    "0x1Fg",
    "12:30:45",
    "2024-08-15 号",
    "1.2.3",
    "50",
    "-5",
    "1_0e3",
]


def same(a: object, b: object) -> bool:
    """Equal with the same types all the way down (True is not 1) and keys in the same order."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        assert isinstance(b, dict)
        keys_a, keys_b = list(a), list(b)
        return (
            len(keys_a) == len(keys_b)
            and all(same(x, y) for x, y in zip(keys_a, keys_b, strict=True))
            and all(same(a[k], b[k]) for k in keys_a)
        )
    if isinstance(a, list):
        assert isinstance(b, list)
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and a != a:
        return b != b
    return a == b


def check(text: str) -> None:
    fast = fastyaml.load(text)
    if fast is fastyaml.REFUSED:
        return
    try:
        located = yamlio.parse_located(text, "x.yaml").data
    except InvalidFile as error:
        pytest.fail(f"fast path read what the located path refuses: {error.problems[0]}\n{text}")
    assert same(fast, located), (text, fast, located)


def test_generated_and_example_records_take_the_fast_path_and_agree() -> None:
    for path in sorted(EXAMPLES.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        fast = fastyaml.load(text)
        assert fast is not fastyaml.REFUSED, path
        check(text)


def test_yaml_1_1_scalars_plain_and_quoted() -> None:
    for word in TRICKY:
        for text in (
            f"k: {word}\n",
            f"k: '{word}'\n",
            f'k: "{word}"\n',
            f"{word}: v\n",
            f"'{word}': v\n",
            f"k: [{word}, '{word}']\n",
            f"k:\n  - {word}\n",
            f"k: |\n  {word}\n",
            f"k: >-\n  {word}\n",
            f"a: '{word}'\nb: {word}\n",
        ):
            check(text)
    assert fastyaml.load("d: 2024-08-15\n") == {"d": dt.date(2024, 8, 15)}
    assert fastyaml.load("p: '2024'\nn: 2024\no: 012\n") == {"p": "2024", "n": 2024, "o": 10}
    assert fastyaml.load("1.10: a\n1.1: b\n") == {"1.10": "a", "1.1": "b"}


def test_duplicates_anchors_tags_and_bad_dates_are_refused() -> None:
    for text in (
        "a: 1\na: 2\n",
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "<<: {a: 1}\n",
        "a: 2024-02-30\n",
        "a:\tb\n",
        "%YAML 1.1\n---\na: 1\n",
        "- a\n",
        "a\n",
        "a: 1\n---\nb: 2\n",
        "? a\n: b\n",
        'a: "\\x41"\n',
        "a: b\x85c\n",
        "a: [1\n",
        "a: b: c\n",
        "1.10: a\n1.10: b\n",
        "yes: 1\ntrue: 2\n",
        "a:\n  b: 1\n  c: 2\n  b: 3\n",  # a duplicate below the top level
        "a:\n  - x: 1\n    x: 2\n",
        "a: [1, {b: 2, b: 3}]\n",
        "a: {}\nb:\n  c: 1\n  c: 1\n",
        "k" * 600 + ": 1\n",  # a key longer than the native path reads
    ):
        check(text)
        assert fastyaml.load(text) is fastyaml.REFUSED or text.startswith("a: b: c"), text


plain_keys = st.sampled_from(
    [
        "standard",
        "subject",
        "name",
        "date",
        "1.10",
        "1.1",
        "2",
        "yes",
        "status",
        "中文键",
        "a b",
        "x-y",
        "on",
        "~",
        "2024-01-01",
    ]
)
scalars = st.one_of(
    st.sampled_from(TRICKY),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, width=32),
    st.booleans(),
    st.none(),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(plain_keys, inner, max_size=4)
    ),
    max_leaves=20,
)
documents = st.dictionaries(plain_keys, values, min_size=1, max_size=6)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, st.booleans(), st.sampled_from([None, 2, 4]), st.booleans())
def test_dumped_documents_agree(doc: dict, flow: bool, indent: int | None, crlf: bool) -> None:
    text = yaml.safe_dump(
        doc, allow_unicode=True, sort_keys=False, default_flow_style=flow, indent=indent
    )
    if crlf:
        text = text.replace("\n", "\r\n")
    check(text)


HOSTILE = "\t\r\n :-?#'\"|>[]{},&*!%@`\\~.0123456789aeyn中\x00\x7f\x85\ufeff\u2028"


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
@example(None)
def test_mutated_records_agree(data: st.DataObject | None) -> None:
    base = (EXAMPLES / "safe-enterprise.yaml").read_text(encoding="utf-8")
    if data is None:
        check(base)
        return
    text = base
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 3))
        piece = data.draw(st.text(st.sampled_from(HOSTILE), min_size=0, max_size=4))
        text = text[:at] + piece + text[at + cut :]
    check(text)


@settings(max_examples=400, deadline=None)
@given(st.text(st.sampled_from(HOSTILE + "abk"), max_size=40))
def test_hostile_fragments_agree(text: str) -> None:
    check(text)


FLOW_ENTRIES = ["a:\n- {x: 1}", "a:\n  - [1]", "a:\n- {x: [1]}", "a: {x: 1}", "- [1]", "a: 'q'"]


@pytest.mark.parametrize("head", FLOW_ENTRIES)
def test_what_follows_a_closed_flow_collection_on_its_line_agrees(head: str) -> None:
    """rapidyaml reads `- {x: 1}  - {y: 2}` as two entries and `- {x: [1]} a: b` as a new
    key; PyYAML refuses both (found by hypothesis in a findings list). Every character after
    the closer, with and without spaces, with whatever may follow it."""
    import string

    for gap in ("", " ", "  ", "   "):
        for char in string.punctuation + "a1中 ":
            for tail in ("", " b", " {y: 2}", " [2]", ": c", ' "x"'):
                check(f"{head}{gap}{char}{tail}\n")


def test_two_findings_on_one_line_take_the_located_path() -> None:
    text = "findings:\n- {id: F2, text: 登记不完整}  - {id: F3, text: 摄像头损坏}\n"
    assert fastyaml.refused(text)
    assert fastyaml.REFUSE_PATTERN.search(text)
    check(text)


def test_a_question_mark_inside_a_flow_collection_takes_the_located_path() -> None:
    # PyYAML ends a plain scalar at "?" inside [] or {} and refuses these; rapidyaml read them
    # as strings (found by hypothesis)
    for text in ("a: [x:?y]\n", "a: [重:?点x]\n", "a: {k: x:?y}\n"):
        assert fastyaml.refused(text), text
        check(text)


def positions_agree(text: str) -> None:
    """Every position a fast-path Document gives is the located parser's."""
    try:
        located = yamlio.parse_located(text, "x.yaml")
    except InvalidFile:
        return
    fast = yamlio.parse(text, "x.yaml")
    paths = list(located.marks)
    for loc in [*paths, ("nowhere",), ("standard", "deeper", 3)]:
        for key in (False, True):
            assert fast.where(loc, key=key) == located.where(loc, key=key), (text, loc, key)


def test_positions_of_example_records_agree() -> None:
    for path in sorted(EXAMPLES.glob("*.yaml")):
        positions_agree(path.read_text(encoding="utf-8"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, st.booleans(), st.sampled_from([None, 2, 4]))
def test_positions_of_dumped_documents_agree(doc: dict, flow: bool, indent: int | None) -> None:
    text = yaml.safe_dump(
        doc, allow_unicode=True, sort_keys=False, default_flow_style=flow, indent=indent
    )
    positions_agree(text)


def test_a_top_level_key_inside_a_quoted_scalar_is_not_taken_for_the_key() -> None:
    text = "name: 'x\nstandard: y'\nstandard: real\n"
    positions_agree(text)
    assert yamlio.parse(text, "x.yaml").where(("standard",)) == (3, 11)


def _generated(tmp_path: Path, count: int, mix: str) -> Path:
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_generate", BENCH / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(count, tmp_path / mix, module.MIXES[mix], seed=7)
    return tmp_path / mix


BENCH = Path(__file__).resolve().parent.parent / "benchmarks"
COMMANDS = [
    ["check", "{d}/records", "--format", "json", "--as-of", "2025-06-30"],
    ["validate", "{d}/records"],
    ["summary", "{d}/records", "--format", "csv"],
    ["findings", "{d}/records", "--format", "csv"],
]


@pytest.mark.slow
@pytest.mark.parametrize("mix", ["failing", "most"])
def test_commands_say_the_same_on_either_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mix: str
) -> None:
    """Records, assessments and every message (with line and column) are the same whether
    records are read by rapidyaml or by the located PyYAML parser alone."""
    from typer.testing import CliRunner

    from safecli.cli.app import app

    folder = _generated(tmp_path, 60, mix)
    runner = CliRunner()

    def outputs() -> list[tuple[int, str]]:
        got = []
        for args in COMMANDS:
            done = runner.invoke(app, [a.format(d=folder) for a in args])
            got.append((done.exit_code, done.output))
        return got

    fast = outputs()
    assert any(code == 1 for code, _ in fast[:1]), fast[0]  # gates failed: positions were asked
    if mix == "failing":
        assert "error:" in fast[1][1]  # invalid records were reported, located
    monkeypatch.setattr(yamlio, "FAST", False)  # every file on the located parser
    assert outputs() == fast


@pytest.mark.slow
def test_the_pre_scan_names_the_unit_the_checked_record_names(tmp_path: Path) -> None:
    from safecli.portfolio.shards import unit_key
    from safecli.read.catalog import default_catalog
    from safecli.read.records import read_record

    folder = _generated(tmp_path, 80, "half")
    checked = 0
    for path in sorted((folder / "records").glob("*.yaml")):
        try:
            record = read_record(path, default_catalog()).record
        except InvalidFile:
            continue
        assert unit_key(yamlio.read(path).data) == (record.subject.id or record.subject.name)
        checked += 1
    assert checked > 60


@settings(max_examples=500, deadline=None)
@given(st.data())
def test_the_quick_screen_refuses_all_the_full_pattern_does(data: st.DataObject) -> None:
    base = (EXAMPLES / "safe-community.yaml").read_text(encoding="utf-8")
    text = base
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(text)))
        piece = data.draw(st.text(st.sampled_from(HOSTILE + "@%`|>?:,]}#"), max_size=3))
        text = text[:at] + piece + text[at:]
    if fastyaml.REFUSE_PATTERN.search(text):
        assert fastyaml.refused(text), text


# ---------------------------------------------------------------- the line scan (linescan)


def test_the_line_scan_leaves_a_tab_to_the_parser() -> None:
    # found by hypothesis: a tab between a key and its value moved the value one column
    text = "subject:\n  kind: district\n  employees: \t80\n"
    assert linescan.rows_of(text) is None
    assert yamlio.parse_located(text, "x.yaml").where(("subject", "employees")) == (3, 15)


def scan_agrees(text: str, extra: tuple[tuple[object, ...], ...] = ()) -> int:
    """Every position the line scan proves is the located parser's; how many it proved."""
    try:
        located = yamlio.parse_located(text, "x.yaml")
    except InvalidFile:
        return 0
    rows = linescan.rows_of(text)
    if not rows or not isinstance(located.data, dict):
        return 0
    proved = 0
    missing = (("nowhere",), ("findings", 99), ("responses", "zz", "status"), ("standard", 0))
    read = linescan.readable(text)
    memo: dict[object, object] = {}  # one per document, as yamlio keeps it
    for loc in [*located.marks, *missing, *extra]:
        for key in (False, True):
            got = linescan.locate(rows, located.data, tuple(loc), key=key)
            if got is not None:
                proved += 1
                assert got == located.where(tuple(loc), key=key), (text, loc, key, got)
            # what yamlio asks: a top-level key from its line alone, below one from its rows
            assert read is not None
            by_top = linescan.locate_in(read, located.data, tuple(loc), key=key, memo=memo)
            if got is None and by_top is not None:  # the first key, proven from its line alone
                assert loc and loc[0] == next(iter(located.data)), (text, loc)
                assert by_top == located.where(tuple(loc), key=key), (text, loc, key, by_top)
                continue
            assert by_top == got, (text, loc, key, by_top, got)
    return proved


TRICKY_LAYOUTS = [
    "name: 'x\nstandard: y'\nstandard: real\n",
    'a: "x\n- y"\nb:\n- 1\n- 2\n',
    "b:\n- 'x\n- y'\n- 2\n",
    'b:\n  - id: 1\n    text: "two\n  - id: 3"\n  - id: 4\n',
    "b:\n- id: 1\n  text: |\n    - fake: 1\n- id: 2\nc: 3\n",
    "b: # note\n  x: 1\n  y:\n    z: 2\n",
    "b:\n  x: 1 # not a key: 2\n  'y': 2\n",
    "b:\n  x: 1\n y: 2\n",
    "b:\n    x: 1\n  y: 2\n",
    "b:\n\n  # c\n  x: [1, 2]\n  y: {z: 1}\n",
    "b:\n- - 1\n  - 2\n- -   3\n",
    "b:\n  x:\n  - 1\n  y: 2\n",
    "b:\n-\n  x: 1\n- \n  y: 2\n",
    "--- \nb: 1\n",
    "b: 1\n...\n",
    "b:\r\n  x: 1\r\n  y: 2\r\n",
    "b:\r  x: 1\r",
    "b:\n  x: 1\u2028  y: 2\n",
    "1.10: a\n1.1: b\ntrue: c\n2024-01-01: d\n",
    "b:\n  x: >\n    y: 1\n  z: 2\n",
    "b:   \n  x:    1\n",
    "b:\n  x:\n\n    - 1\n",
    "b: 1\nc: plain\n  continued: here\nd: 2\n",
    "b:\n  x:\n    # c\n    1\n  y: 2\n",
    "b:\n- a\n-\n  # c\n  b\n- c\nd: 1\n",
    "b:\n  x: 1\n  - y\n",
    "b:\n  x: 'a\n  y: b'\n  z: 1\n",
    "b:\n  x: |\n    a\n  y: 1\n",
    "b:\n  - - 1\n  -\n  - 'x\n  - y'\n",
    "b:\n  x:\n  y:\n    - 1\nc:\n  # only a comment\n",
    "a: 1\nb:\n   x: 1\n   y:   # c\n     z\n",
]


def test_the_line_scan_agrees_on_tricky_layouts() -> None:
    for text in TRICKY_LAYOUTS:
        scan_agrees(text)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, st.booleans(), st.sampled_from([None, 2, 4]), st.booleans())
def test_the_line_scan_agrees_on_dumped_documents(
    doc: dict, flow: bool, indent: int | None, crlf: bool
) -> None:
    text = yaml.safe_dump(
        doc, allow_unicode=True, sort_keys=False, default_flow_style=flow, indent=indent
    )
    scan_agrees(text.replace("\n", "\r\n") if crlf else text)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_line_scan_agrees_on_mutated_records(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(p.name for p in EXAMPLES.glob("*.yaml"))))
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 3))
        piece = data.draw(st.text(st.sampled_from(HOSTILE + "\n\n  - "), max_size=4))
        text = text[:at] + piece + text[at + cut :]
    scan_agrees(text)


def test_the_line_scan_places_what_gates_point_at_without_composing(tmp_path: Path) -> None:
    """Generated records of every outcome: the places gates name are proven by the scan."""
    folder = _generated(tmp_path, 60, "failing") / "records"
    asked = 0
    for path in sorted(folder.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        data = yamlio.parse_located(text, "x.yaml").data if "\t" not in text else None
        if not isinstance(data, dict):
            continue
        locs = [("standard",), ("subject",), ("metrics",)]
        locs += [("responses", item) for item in data.get("responses") or {}]
        locs += [("findings", i) for i in range(len(data.get("findings") or []))]
        locs += [("incidents", i) for i in range(len(data.get("incidents") or []))]
        assert scan_agrees(text, tuple(locs)) > 0
        fast = yamlio.parse(text, str(path))
        for loc in locs:
            fast.where(loc)
            asked += 1
        assert fast._located is not None and fast._located._node is None, path  # not composed
    assert asked > 200


# ---------------------------------------------------------------- the shard pre-scan


def unit_agrees(text: str) -> bool:
    """The unit the pre-scan reads from a text's lines is the parsed record's; True when it
    read one."""
    from safecli.portfolio.shards import unit_in_text, unit_key

    scanned = unit_in_text(text)
    if scanned is None:
        return False
    try:
        data = yamlio.parse_located(text, "x.yaml").data
    except InvalidFile:
        return True  # not YAML: the scanned unit places it, the same on every machine
    assert scanned == unit_key(data), (text, scanned)
    return True


UNIT_TRAPS = [
    "standard: s\nsubject:\n  id: A\n",
    "standard: s\nsubject:\n  id: 'A''s' # c\n  name: n\n",
    'standard: s\nsubject:\n  id: "A"\n',
    'standard: s\nsubject:\n  id: "A\\tB"\n',
    "standard: s\nsubject:\n  id: ''\n  name: N\n",
    "standard: s\nsubject:\n  id:\n  name: N\n",
    "standard: s\nsubject:\n  id:\n    A\n  name: N\n",
    "standard: s\nsubject:\n  id: A\n    B\n",
    "standard: s\nsubject:\n  id: 0012\n",
    "standard: s\nsubject:\n  id: 2024-01-01\n",
    "standard: s\nsubject:\n  id: yes\n  name: N\n",
    "standard: s\nsubject:\n  id: ~\n  name: N\n",
    "standard: s\nsubject:\n  id: A # c\n",
    "standard: s\nsubject:\n  id: A#c\n",
    "standard: s\nsubject:\n  features:\n  - x\n  id: A\n",
    "standard: s\nsubject:\n  id:\n  - A\n  name: N\n",
    "standard: s\nsubject:\n  id: A\n  id: B\n",
    "standard: s\nsubject:\n  id: A\nsubject:\n  id: B\n",
    "standard: s\nnote: 'x\nsubject:\n  id: FAKE'\nsubject:\n  id: REAL\n",
    "standard: s\nsubject:\n  name: 'x\n  id: FAKE'\n  id: REAL\n",
    "standard: s\nsubject:\n  name: N\n  <<: {id: M}\n",
    "standard: s\nbase: &b {id: M}\nsubject:\n  <<: *b\n  name: N\n",
    "standard: s\nsubject: {id: A}\n",
    "standard: s\nsubject: # c\n  id: A\n",
    "standard: s\nsubject:\n    id: A\n  name: N\n",
    "--- \nstandard: s\nsubject:\n  id: A\n",
    "standard: s\nsubject:\n  id: A\n...\n",
    "standard: s\r\nsubject:\r\n  id: A\r\n",
    "standard: s\rsubject:\r  id: A\r",
    "standard: s\nsubject:\n\tid: A\n",
    "standard: s\nsubject:\n  id: A: B\n",
    "standard: s\nsubject:\n  id: -A\n",
    "standard: s\nsubject:\n  id: [A]\n",
    "standard: s\nsubject:\n  id: !!str 12\n",
    "subject:\n  id: A\n",
]


def test_the_pre_scan_agrees_on_traps() -> None:
    read = [text for text in UNIT_TRAPS if unit_agrees(text)]
    assert len(read) >= 8  # the plain cases are read from the lines, not parsed


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_pre_scan_agrees_on_mutated_records(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(p.name for p in EXAMPLES.glob("*.yaml"))))
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    head = text.find("subject:")
    for _ in range(data.draw(st.integers(1, 4))):
        # most mutations land in or near the subject block, where the unit is read
        near = data.draw(st.booleans())
        at = data.draw(
            st.integers(max(head, 0), min(len(text), head + 200))
            if near
            else st.integers(0, len(text))
        )
        cut = data.draw(st.integers(0, 3))
        piece = data.draw(st.text(st.sampled_from(HOSTILE + "\n\n  -idname"), max_size=5))
        text = text[:at] + piece + text[at + cut :]
    unit_agrees(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(plain_keys, values, max_size=3),
    st.sampled_from(TRICKY),
    st.sampled_from([None, 2, 4]),
)
def test_the_pre_scan_agrees_on_dumped_subjects(extra: dict, unit: str, indent: int | None) -> None:
    subject = {**extra, "id": unit}
    doc = {"standard": "s", "subject": subject, "other": extra}
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, indent=indent)
    unit_agrees(text)


def test_the_pre_scan_reads_generated_records(tmp_path: Path) -> None:
    folder = _generated(tmp_path, 60, "failing") / "records"
    read = sum(unit_agrees(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.yaml")))
    assert read >= 50
