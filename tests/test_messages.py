"""Messages by code: a problem carries its code and parameters; the wording lives in the gettext
catalogs (src/safecli/messages/locale/{zh,en}/LC_MESSAGES/safecli.po, compiled to .mo).

- every code the source uses is worded in both catalogs, and each .mo is the compiled .po;
- a zh run shows no English message for any code; an en run shows the English wording;
- the English wording is what `str(problem)` shows (scripts read it unchanged).
"""

from __future__ import annotations

import errno
import importlib.util
import re
from pathlib import Path

import pytest

from safecli.messages import catalog
from safecli.model import wording
from safecli.model.errors import Code

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("messages_tool", ROOT / "tools" / "messages.py")
tool = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tool)

USED = tool.codes_in_source()
CJK = re.compile("[\u3400-\u9fff]")
WORD = re.compile(r"\b[a-z][a-z_]{2,}\b")
ALLOWED_LATIN = set(
    # names a person types or reads in a file, kept as they are in a Chinese message: formats,
    # options, keys and values of a standard, a record or safecli.yaml, written as the file has them
    """safecli yaml json csv xlsx docx html true false kind yyyy mib file folder ext out standard
    subject record today reference doc format start shard notice dir templates config lang
    metrics status partial met unmet strict output github sarif junit text table ics general
    major open closed utf check credit proportional target incident metric finding items_unmet
    start_month months end na_reason fail_on gates standards_dirs required_grades excel word python max_grade held_by grade plan note min
    zero_if acceptance date result level never applies_if area district add drop reweigh reword
    title units units_by_staff content points category method industry trade hazards
    xml body sectpr ctrl sigint label extends until pre commit""".split()  # noqa: SIM905
)


def test_the_source_uses_codes():
    assert len(USED) >= 40
    assert "no-such-file" in USED and "unknown-item" in USED


@pytest.mark.parametrize("lang", wording.LANGS)
def test_every_code_is_worded_in_both_catalogs(lang):
    worded = {m.id for m in tool.catalog(lang) if m.id and m.string}
    assert sorted(set(USED) - worded) == []


@pytest.mark.parametrize("lang", wording.LANGS)
def test_the_compiled_catalogs_are_up_to_date(lang):
    mo = tool.po_path(lang).with_suffix(".mo")
    assert mo.read_bytes() == tool.mo_bytes(lang), "run: python tools/messages.py compile"


def _params(template: str) -> dict[str, str]:
    return {name: "X" for name in re.findall(r"{(\w+)", template)}


@pytest.mark.parametrize("code", sorted(USED))
def test_a_zh_message_is_chinese_and_takes_the_english_parameters(code):
    en, zh = tool.catalog("en")[code].string, tool.catalog("zh")[code].string
    # the Chinese may leave a parameter out (a library's English reason) or use a Chinese
    # form of one (`expected_zh`), which the code's callers pass beside it
    extra = set(_params(zh)) - set(_params(en))
    assert all(name.endswith("_zh") for name in extra), (code, extra)
    shown = wording.text(code, "zh", _params(zh))
    assert CJK.search(shown), (code, shown)
    shown = re.sub(r"--[\w-]+|\S*[/.]\S*|safecli( [a-z]+)+", "", shown)  # options, paths, commands
    assert not set(WORD.findall(shown.lower())) - ALLOWED_LATIN, (code, shown)


def test_a_problem_is_worded_in_the_run_language():
    from safecli.read import files

    p = files.os_problem("out.csv", OSError(errno.ENOSPC, "No space"), "write")
    assert str(p) == (
        "out.csv: error: cannot write: no space left on the device "
        "(free some space or lift the file-size limit, or write it elsewhere with -o)"
    )
    assert catalog.problem_text(p, "en") == str(p)
    assert catalog.problem_text(p, "zh") == (
        "out.csv: error: 无法写入：设备上没有剩余空间"
        "（请释放磁盘空间或放宽文件大小限制（ulimit -f），或用 -o 写到别处）"
    )
    assert p.code == "cannot-write" and dict(p.params)["reason"] == Code("os-enospc")


def test_the_catalog_choice_is_made_once():
    assert wording.translations("zh") is wording.translations("zh")
    assert wording.translations("fr") is not None  # an unknown language reads as zh
