"""The pieces behind the hostile corpus, checked directly: output neutralisation, the glob
matcher without backtracking (against the regex it replaced), gap values without re-scoring
(against re-scoring), the guarded reader and writer."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from safecli.model import neutralise
from safecli.portfolio.config import Glob

ROOT = Path(__file__).resolve().parents[1]


# ---------------------------------------------------------------- neutralise


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_cells_become_text(text: str) -> None:
    assert neutralise.cell(text) == "'" + text
    assert neutralise.cell(3.5) == 3.5
    assert neutralise.cell("甲厂") == "甲厂"


@given(st.text())
def test_log_line_is_one_line_and_no_workflow_command(text: str) -> None:
    line = neutralise.log_line(text)
    assert "\n" not in line and "\r" not in line
    assert not line.lstrip().startswith("::")
    assert not set(line) & neutralise.BIDI


@given(st.text())
def test_workflow_data_never_holds_a_line_break(text: str) -> None:
    data = neutralise.workflow_data(text)
    assert "\n" not in data and "\r" not in data
    assert data.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%") == text


@given(st.text())
def test_xml_text_always_parses(text: str) -> None:
    element = ET.Element("x", {"a": neutralise.xml_text(text)})
    element.text = neutralise.xml_text(text)
    ET.fromstring(ET.tostring(element, encoding="unicode"))


@given(st.text())
def test_terminal_text_has_no_escape_or_bidi(text: str) -> None:
    shown = neutralise.terminal(text)
    assert "\x1b" not in shown and "\x9b" not in shown
    assert not set(shown) & neutralise.BIDI


def test_terminal_drops_whole_escape_sequences() -> None:
    assert neutralise.terminal("\x1b[31m红\x1b[0m\x1b]8;;http://x\x07链\x1b]8;;\x07") == "红链"


@given(st.text())
def test_markdown_has_no_html_or_link(text: str) -> None:
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").render(neutralise.markdown(text))
    assert "<a " not in html and "<img" not in html and "<script" not in html


@given(st.text())
def test_ics_text_has_no_carriage_return(text: str) -> None:
    assert "\r" not in neutralise.ics_text(text)
    assert "\n" not in neutralise.ics_text(text, one_line=True)


def test_safe_name_drops_bidi_and_zero_width() -> None:
    from safecli.read.output import safe_name

    assert safe_name("报告\u202egpj.exe\u200b\u2066") == "报告gpj.exe"
    assert safe_name("../../etc/passwd") == "_.._etc_passwd"
    assert safe_name("\u202e\u200b") == "unnamed"


# ---------------------------------------------------------------- globs


def _regex(pattern: str) -> re.Pattern[str]:
    """The backtracking regex the matcher replaced: the oracle for what a glob means."""
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    if pattern.endswith("/"):
        out.append(".*")
    return re.compile("".join(out), re.DOTALL)


@settings(max_examples=600, deadline=None)
@example("**//", "a/")
@example("a**/b", "ax/b")
@given(
    st.text(alphabet="ab*?/.", max_size=12).filter(lambda p: not p.startswith(("./", " "))),
    st.text(alphabet="ab/.", max_size=14),
)
def test_glob_means_what_the_regex_meant(pattern: str, path: str) -> None:
    assert Glob(pattern).fullmatch(path) == bool(_regex(pattern).fullmatch(path))


class _CountingGlob(Glob):
    """A Glob that counts the states its match visits."""

    visited = 0

    def _closure(self, states: set[int]) -> set[int]:
        out = super()._closure(states)
        _CountingGlob.visited += len(out)
        return out


@pytest.mark.parametrize(
    ("pattern", "path"),
    [("*a" * 50 + "b", "a" * 2000), ("**/" * 50 + "x", "a/" * 1000 + "y")],
)
def test_glob_work_is_pattern_times_path(pattern: str, path: str) -> None:
    """Counted, not timed: the match visits at most two states per pattern token (a `**/`
    has an inside state) per character, where a backtracking regex takes exponential steps."""
    _CountingGlob.visited = 0
    glob = _CountingGlob(pattern)
    assert not glob.fullmatch(path)
    assert 0 < _CountingGlob.visited <= (2 * len(glob.tokens) + 1) * (len(path) + 1)


# ---------------------------------------------------------------- gap values


def _rescored(standard, record, assessment):
    """Gap values the slow way: re-score a fixed copy of the record per gap."""
    from safecli.score.gaps import fixed_record
    from safecli.score.scoring import assess

    out = {}
    for result in assessment.lost():
        after = assess(standard, fixed_record(standard, record, result.id), assessment.as_of)
        out[result.id] = (after.total, after.grade.id, [r.id for r in after.veto.rules])
    return out


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "examples" / "records").glob("*.yaml"))
    + sorted((ROOT / "tests" / "fixtures" / "records").glob("*.yaml")),
    ids=lambda p: p.name,
)
def test_gap_values_equal_rescoring(path: Path) -> None:
    from safecli.model.errors import SafecliError
    from safecli.read.catalog import Catalog
    from safecli.read.records import read_record
    from safecli.score.gaps import gap_values
    from safecli.score.scoring import assess

    catalog = Catalog([ROOT / "tests" / "fixtures" / "standards"])
    try:
        loaded = read_record(path, catalog)
    except SafecliError:
        pytest.skip("an invalid fixture")
    a = assess(loaded.standard, loaded.record)
    slow = _rescored(loaded.standard, loaded.record, a)
    fast = {
        g.item: (g.total_after, g.grade_after.id, g.capped_by)
        for g in gap_values(loaded.standard, loaded.record, a)
    }
    assert fast == slow


# ---------------------------------------------------------------- the guarded reader and writer


def test_reader_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    import os

    from safecli.model.errors import InvalidFile
    from safecli.read.files import read_bytes, read_head

    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "zero").symlink_to("/dev/zero")
    for name, fragment in (("pipe", "named pipe"), ("zero", "device"), (".", "folder")):
        with pytest.raises(InvalidFile, match=fragment):
            read_bytes(tmp_path / name)
        assert read_head(tmp_path / name, 10) is None
    (tmp_path / "big").write_bytes(b"x" * 101)
    with pytest.raises(InvalidFile, match="too large"):
        read_bytes(tmp_path / "big", limit=100)


def test_writer_refuses_every_file_read(tmp_path: Path) -> None:
    import os

    from safecli.model.errors import OutputError
    from safecli.read.files import read_bytes, track
    from safecli.read.output import write_atomic

    source = tmp_path / "in.yaml"
    source.write_text("x", encoding="utf-8")
    os.link(source, tmp_path / "hard.yaml")
    with track():
        read_bytes(source)
        for target in (source, tmp_path / "hard.yaml"):
            with pytest.raises(OutputError, match="would overwrite an input"):
                write_atomic(target, "y")
        write_atomic(tmp_path / "out.txt", "y")
    write_atomic(source, "z")  # outside a command nothing is remembered
    assert source.read_text(encoding="utf-8") == "z"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hard.yaml", "in.yaml", "out.txt"]


def _table_text_by_the_four_patterns(value: str) -> str:
    """`table_text` as it was before its one-scan shortcut: every pattern applied."""
    text = re.sub(
        r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x9b[0-?]*[ -/]*[@-~]",
        "",
        value,
    )
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", "", text)
    text = re.sub("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]", "", text)
    bidi = "[" + "".join(sorted(neutralise.BIDI)) + "]"
    return re.sub(bidi, lambda m: f"[U+{ord(m.group(0)):04X}]", text)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.characters(exclude_categories=())  # surrogates too
        | st.sampled_from([*sorted(neutralise.BIDI), "\x1b[31m", "\x9b1m", "\ufffe", "甲"]),
        max_size=20,
    ).map("".join)
)
@example("甲厂 A-1")
@example("\u202e甲")
@example("a\x1b]0;title\x07b")
def test_table_text_shortcut_changes_nothing(value: str) -> None:
    assert neutralise.table_text(value) == _table_text_by_the_four_patterns(value)
