"""The native fast path on texts written the way people write YAML, not dumped by PyYAML.

`test_fast_path.py` compares the two paths on dumped documents and mutated records; here a
generator writes records by hand: block and flow mappings, keys that YAML 1.1 reads as numbers,
booleans, nulls or dates (`1.10`, `yes`, `~`, `2024-01-01`), the same key twice, scalars plain
and quoted, and line breaks where a key or a flow collection spans lines. The property: the
fast path refuses the text or gives exactly what the located path gives, and a text the located
path refuses is never read by the fast path. It also covers the quick JSON reading
(`_Json.quick`) against the per-value one (`_Json.load`), and the byte screen (`refused`)
against the full one.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_fast_path import TRICKY, check, same

from safecli.read import fastyaml, yamlscreen

pytestmark = pytest.mark.skipif(not fastyaml.AVAILABLE, reason="rapidyaml is not installed")

KEYS = [
    "a",
    "b",
    "status",
    "1.10",
    "1.1",
    "50",
    "yes",
    "No",
    "on",
    "~",
    "null",
    "true",
    "2024-01-01",
    "2024-02-30",
    "0x1F",
    "1e3",
    "-.6",
    ".inf",
    "=",
    "a b",
    "中文",
    "'a'",
    '"a"',
    "'yes'",
    "'1.10'",
    "'2024-01-01'",
    "''",
    "k" * 600,
]
"""Keys: plain and quoted look-alikes of one another (`a` and `'a'` are the same key)."""


def _scalar(word: str, form: int) -> str:
    if "\n" in word:
        word = word.replace("\n", " ")
    if form == 0 and word and word.strip() == word:
        return word
    if form == 1 or '"' in word:
        return "'" + word.replace("'", "''") + "'"
    return '"' + word + '"'


scalars = st.builds(_scalar, st.sampled_from(TRICKY), st.integers(0, 2))
keys = st.sampled_from(KEYS)


@st.composite
def values(draw: st.DrawFn, depth: int) -> str:
    kind = draw(st.integers(0, 9 if depth < 3 else 5))
    if kind <= 5:
        return " " + draw(scalars)
    if kind == 6:
        return " [" + ", ".join(draw(st.lists(scalars, max_size=3))) + "]"
    if kind == 7:
        pairs = draw(st.lists(st.tuples(keys, scalars), max_size=3))
        return " {" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"
    return ""  # a block below


@st.composite
def blocks(draw: st.DrawFn, indent: int = 0, depth: int = 0) -> list[str]:
    lines = []
    for key in draw(st.lists(keys, min_size=1, max_size=4)):
        value = draw(values(depth))
        lines.append(" " * indent + f"{key}:{value}")
        if value:
            continue
        if draw(st.booleans()):
            lines += draw(blocks(indent + 2, depth + 1))
        else:
            for _ in range(draw(st.integers(1, 3))):
                lines.append(" " * indent + "-" + (draw(values(depth + 1)) or " x"))
    return lines


BREAKS = ["\n", "\n  ", " ", "'", '"', ":", "#", "\r\n", "[", "{", ","]


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(blocks(), st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(BREAKS)), max_size=2))
@example(["a: {x", "  y: 1}"], [])  # a key over two lines in a flow mapping: PyYAML refuses
@example(["a:", "  'x", "  y': 1"], [])  # a quoted key over two lines: PyYAML refuses
@example(['a: "x', '  y": 1'], [])
@example(["a: [x: 1,", "  y", "  z: 2]"], [])
@example(["yes: 1", "'yes': 2", "true: 3"], [])  # True twice, 'yes' once
@example(["a: 1", "'a': 2"], [])  # the same key twice
@example(["1.10: a", "1.1: b", "'1.10': c"], [])
@example(["d: 2024-01-01", "e: '2024-01-01'"], [])  # a date, then its text quoted
@example(["n: ~", "m: '~'", "o: [~, '~', null]"], [])
@example(["f: -0.5", "g: 1.5e+3", "h: 1e3"], [])
@example(["'1.10': 'null'"], [(13, "\n"), (14, "\n  ")])  # 'null\n': a string, not None
@example(['k: "2024-01-01', "", '  "'], [])  # found by this test (on main too)
def test_written_records_agree(lines: list[str], breaks: list[tuple[int, str]]) -> None:
    text = "\n".join(lines) + "\n"
    for at, piece in breaks:
        at %= len(text) + 1
        text = text[:at] + piece + text[at:]
    check(text)


def test_quick_json_reads_what_the_per_value_reading_does() -> None:
    """`_Json.quick` gives `_Json.load`'s value, or steps aside (`_Slow`, `_Refuse`): never
    another value. (The end-to-end property, both against PyYAML, is the test above.)"""
    fastyaml.load("a: 1\n")  # rapidyaml imported
    ryml = fastyaml.ryml
    texts = [
        "d: 2024-08-15\nn: 2024\np: '2024'\nk:\n  50: 0\n  100: 1\n",
        "a: [2024-01-01, '2024-01-02', yes, 'no', ~, 0x1F, 1_000, 012, +3]\n",
        "a: {b: 1.5, c: -0.5, d: 7, e: null, f: Null, g: 'null'}\n",
        "a: 1.0e+3\nb: 2001-12-14t21:59:43.10-05:00\nc: .5\n",
        "a: x\nb: 'x: y'\nc: \"q\"\n",
        "yes: 1\n",
        "a: -.6\nb: -0.6\n",
    ]
    compared = 0
    for text in texts:
        emitted = fastyaml._emit_json(ryml.parse_in_arena(text.encode()))
        try:
            quick = fastyaml._Json(text).quick(emitted)
        except fastyaml._Refuse:  # the tree walk decides, as after `load`'s refusal
            continue
        if quick is fastyaml._Slow:
            continue
        try:
            slow = fastyaml._Json(text).load(emitted)
        except fastyaml._Refuse:  # -0.5 where the text has no -.5 (only `quick` looks)
            continue
        assert same(quick, slow), text
        compared += 1
    assert compared >= 3
    assert fastyaml.load(texts[0]) == {
        "d": dt.date(2024, 8, 15),
        "n": 2024,
        "p": "2024",
        "k": {"50": 0, "100": 1},
    }


TARGETED = "@%[],#\r\n :-.'\"ak1中"
"""The characters the byte screen decides by pairs, and the common ones around them."""


@settings(max_examples=800, deadline=None)
@given(st.data())
def test_the_byte_screen_refuses_what_the_full_screen_does(data: st.DataObject) -> None:
    text = "standard: safe-enterprise@2013\nsubject:\n  name: 某公司\n  features: []\n"
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        piece = data.draw(st.text(st.sampled_from(TARGETED), min_size=1, max_size=4))
        text = text[:at] + piece + text[at:]
    if yamlscreen.REFUSE_PATTERN.search(text) or yamlscreen._refused_text(text):
        assert yamlscreen.refused(text), text
    check(text)


def test_the_pre_scan_reads_a_crlf_record_with_blank_lines() -> None:
    """A blank line of a CRLF text is a lone CR at column 0: it stopped the line scan with an
    IndexError (the record was 'not scored' in a sharded run)."""
    from safecli.portfolio.shards import unit_in_text, unit_key
    from safecli.read import yamlio

    for text in (
        "standard: s\r\nsubject:\r\n\r\n  id: A\r\n",
        "\r\nstandard: s\r\n\r\nsubject:\r\n  name: N\r\n  id: A\r\n",
        "standard: s\nsubject:\n\r\n  id: A\n",
    ):
        assert unit_in_text(text) == "A" == unit_key(yamlio.parse_located(text, "x").data)
