"""Make text from untrusted files safe for the consumer of each output format.

A record, a sheet or a standard is data written by someone else; its text reaches
spreadsheets, CI logs, XML parsers, terminals, Markdown viewers, calendars and file names.
Each function here makes a value inert for one of them and changes nothing else:

- `cell`: a csv/xlsx text cell that a spreadsheet would run as a formula (OWASP CSV injection:
  a leading = + - @ tab or CR) gets a leading `'`;
- `workflow_data` / `workflow_property`: GitHub workflow-command escaping of % CR LF (and : ,);
- `log_line`: one line of plain CI/terminal text that cannot start a new line or a workflow
  command, with control and bidi characters shown as escapes;
- `xml_text`: characters XML 1.0 forbids removed;
- `terminal`: control (ANSI escapes included) and bidi characters removed;
- `table_text` / `table_cell`: the one cleaner of every table cell (csv, xlsx, terminal):
  escapes and controls removed, XML-forbidden characters removed, bidi controls shown as
  visible marks (`[U+202E]`), and for a spreadsheet a formula prefix quoted;
- `markdown`: Markdown and HTML syntax escaped, lines joined;
- `ics_text`: every CR or LF one LF (which iCalendar escapes as `\\n`), other controls removed.
"""

from __future__ import annotations

import re

from safecli.model.patterns import lazy

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet cell beginning with one of these is read as a formula (OWASP)."""

BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Bidirectional controls: they reorder what a reader sees (Trojan Source, CVE-2021-42574)."""

_ESCAPE_SEQUENCE = lazy(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x9b[0-?]*[ -/]*[@-~]"
)
_CONTROL = lazy(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_XML_FORBIDDEN = lazy("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_BIDI = lazy("[" + "".join(sorted(BIDI)) + "]")
_TABLE_UNSAFE = lazy(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff" + "".join(sorted(BIDI)) + "]"
)
"""Every character a match of `table_text`'s four patterns holds (an escape sequence starts
with a control): text without any is its own `table_text`."""
_MD_SPECIAL = frozenset("\\`*_[]<>|&#!~{}")


def cell(value: object) -> object:
    """A csv/xlsx cell value: text a spreadsheet would evaluate gets a leading `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def workflow_data(value: str) -> str:
    """The message part of a GitHub workflow command (`::error …::DATA`)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def workflow_property(value: str) -> str:
    """A property value of a GitHub workflow command (`file=…,title=…`)."""
    return workflow_data(value).replace(":", "%3A").replace(",", "%2C")


def _visible(match: re.Match[str]) -> str:
    char = match.group(0)
    return {"\r": "%0D", "\n": "%0A"}.get(char, f"\\x{ord(char):02x}")


def log_line_controls(value: str) -> str:
    """Bidi controls dropped and control characters other than CR and LF shown as \\xNN
    (for text whose CR and LF the caller escapes itself)."""
    return re.sub(r"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f]", _visible, _BIDI.sub("", value))


def log_line(value: str) -> str:
    """Plain text for one line of a log: CR and LF as %0D/%0A (as workflow commands write
    them), other controls as \\xNN, bidi controls dropped, and never a leading `::`, which
    GitHub Actions would run as a workflow command."""
    text = _BIDI.sub("", value)
    text = re.sub(r"[\x00-\x1f\x7f-\x9f]", _visible, text)
    if text.lstrip().startswith("::"):
        text = text.replace("::", "%3A%3A", 1)
    return text


_LINE_BREAKS = lazy("[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def one_line(value: str) -> str:
    """Text that stays on its line in any text format: every character some reader takes for
    a line break (YAML's NEL, U+2028 and U+2029 included) a space, other controls removed.
    For data written inside a line of YAML (a comment of a blank record)."""
    return terminal(_LINE_BREAKS.sub(" ", value))


def terminal(value: str) -> str:
    """Text for a terminal: control characters (escape sequences) and bidi controls removed;
    line breaks kept."""
    return _BIDI.sub("", _CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", value)))


def _bidi_mark(match: re.Match[str]) -> str:
    return f"[U+{ord(match.group(0)):04X}]"


def table_text(value: str) -> str:
    """A table cell's text for any reader (terminal, spreadsheet, XML): escape sequences and
    control characters removed (tab and line breaks kept), XML-forbidden characters removed,
    and bidi controls shown as visible marks (`[U+202E]`): a cell's text reads in the order it
    was written, and the reader sees that something tried to reorder it."""
    if _TABLE_UNSAFE.search(value) is None:  # most cells: one scan, no copy
        return value
    text = _XML_FORBIDDEN.sub("", _CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", value)))
    return _BIDI.sub(_bidi_mark, text)


def table_cell(value: str) -> str:
    """A csv/xlsx text cell: `table_text`, then a leading `'` on text a spreadsheet would run
    as a formula."""
    text = table_text(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def xml_text(value: str) -> str:
    """Text an XML 1.0 parser accepts: the characters it forbids removed."""
    return _XML_FORBIDDEN.sub("", value)


def markdown(value: object) -> str:
    """Text shown as itself in Markdown (a table cell included): HTML, links, emphasis and
    every other syntax character escaped, line breaks as `<br>`."""
    text = "" if value is None else terminal(str(value)).replace("\t", " ")
    out = "".join("\\" + c if c in _MD_SPECIAL else c for c in text)
    return "<br>".join(
        part.strip() for part in out.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    )


def ics_text(value: str, *, one_line: bool = False) -> str:
    """Text for an iCalendar property: CR, CRLF and LF one LF (a space with `one_line`, for
    properties the library does not escape), other controls removed."""
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    if one_line:
        text = " ".join(part.strip() for part in text.split("\n"))
    return _XML_FORBIDDEN.sub("", _CONTROL.sub("", text))


def sheet_value(value: object) -> object:
    """A value for an openpyxl cell: text without XML-forbidden characters (openpyxl refuses
    them); `text_only` then keeps text beginning with `=` from becoming a formula."""
    return xml_text(value) if isinstance(value, str) else value


def text_only(sheet: object) -> None:
    """Every cell of an openpyxl worksheet that openpyxl took for a formula (text beginning
    with `=`) typed back as text, so no spreadsheet evaluates it."""
    for row in sheet.iter_rows():  # type: ignore[attr-defined]
        for item in row:
            if item.data_type == "f":
                item.data_type = "s"
