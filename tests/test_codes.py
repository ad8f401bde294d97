"""Every problem made anywhere in `src/` carries a code, so it is worded from the catalogs in
both languages (issue 18's rule, which the problems of issues 20–25 now follow too).

The English-sentence fallback (`messages/translate.py`, regular expressions reading English
back into Chinese) is gone; these tests keep it from coming back by reading the source:

- a `Problem` is built only by `safecli.model.wording.problem` (never `Problem(...)` elsewhere);
- every `problem(...)` names its code; no document offers an uncoded `problem(loc, message)`;
- a model validator refuses with `Invalid(code, ...)`, never `ValueError("sentence")`;
- no error is made from a bare sentence (`SafecliError("...")` is refused at run time too);
- the command line prints no hand-made `error:`/`warning:` line: problems go through
  `report_problems`, in the run's language.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from safecli.model.errors import InvalidFile, Problem, SafecliError
from safecli.model.wording import Invalid, problem

SRC = Path(__file__).resolve().parent.parent / "src" / "safecli"
MODULES = sorted(SRC.rglob("*.py"))
TREES = {p.relative_to(SRC).as_posix(): ast.parse(p.read_text(encoding="utf-8")) for p in MODULES}
VALIDATORS = {"field_validator", "model_validator", "validator", "root_validator"}
ERRORS = {
    "SafecliError",
    "InvalidFile",
    "UnknownStandard",
    "UsageError",
    "ConfigError",
    "OutputError",
    "TemplateError",
}
CODED = {"coded", "Invalid", "where", "_warn", "locate", "_refuse", "_problem"}
"""Calls that pass their keywords on to `problem(path, line, col, code, ...)` as parameters."""


def _name(call: ast.Call) -> str | None:
    return getattr(call.func, "id", None) or getattr(call.func, "attr", None)


def _calls(name: str | set[str]) -> list[tuple[str, ast.Call]]:
    names = {name} if isinstance(name, str) else name
    return [
        (f"{module}:{node.lineno}", node)
        for module, tree in TREES.items()
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and _name(node) in names
    ]


def _is_text(node: ast.expr) -> bool:
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str)
    )


def test_the_source_is_read():
    assert len(TREES) > 100 and "model/wording.py" in TREES


def test_a_problem_is_built_only_by_the_wording_module():
    built = [where for where, _ in _calls("Problem") if not where.startswith("model/wording.py")]
    assert built == []


def test_every_problem_call_names_its_code():
    uncoded = [
        where
        for where, call in _calls("problem")
        if not any(k.arg in ("code", None) for k in call.keywords)
        if not any(isinstance(a, (ast.Constant, ast.Name, ast.IfExp)) for a in call.args[3:])
        if not (any(isinstance(a, ast.Starred) for a in call.args) and len(call.args) >= 2)
    ]
    assert len(_calls("problem")) > 30
    assert uncoded == []


def test_no_document_offers_an_uncoded_problem():
    assert [where for where, _ in _calls("problem") if where.startswith("read/")] != []
    methods = [
        f"{module}:{node.lineno}"
        for module, tree in TREES.items()
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and node.name == "problem" and node.args.args
        if node.args.args[0].arg == "self" and len(node.args.args) > 1  # not a property
    ]
    assert methods == []


def test_a_validator_refuses_by_code():
    refusals = []
    for module, tree in TREES.items():
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef):
                continue
            decorators = {
                _name(d) if isinstance(d, ast.Call) else getattr(d, "id", None)
                for d in node.decorator_list
            }
            if not decorators & VALIDATORS:
                continue
            for inner in ast.walk(node):
                if not (isinstance(inner, ast.Raise) and isinstance(inner.exc, ast.Call)):
                    continue
                if _name(inner.exc) in ("ValueError", "AssertionError", "TypeError"):
                    refusals.append(f"{module}:{inner.lineno}")
    assert refusals == []


def test_the_helpers_validators_call_refuse_by_code():
    """The model's shared checks (industries, features) raise Invalid, as validators do."""
    for module in ("model/industries.py", "model/hazards.py", "model/record.py"):
        raised = [
            f"{module}:{node.lineno}"
            for node in ast.walk(TREES[module])
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)
            if _name(node.exc) == "ValueError"
        ]
        assert raised == [], module


def test_no_error_is_made_from_a_sentence():
    sentences = [where for where, call in _calls(ERRORS) if call.args and _is_text(call.args[0])]
    assert sentences == []
    with pytest.raises(TypeError):
        SafecliError("a sentence")  # type: ignore[arg-type]


def test_a_code_is_shaped_as_a_code():
    wrong = [
        where
        for where, call in _calls("Invalid")
        if not call.args or not isinstance(call.args[0], (ast.Constant, ast.IfExp))
    ]
    assert wrong == []


def test_no_parameter_takes_the_name_of_a_place():
    """`coded(loc, code, line=...)` would clash with `problem(path, line, col, ...)`."""
    clashes = [
        f"{where} {k.arg}"
        for where, call in _calls(CODED)
        for k in call.keywords
        if k.arg in ("path", "line", "col")
    ]
    assert clashes == []


def test_the_command_line_prints_no_hand_made_problem_line():
    made = []
    for where, call in _calls("echo"):
        if not where.startswith("cli/"):
            continue
        for node in ast.walk(call):
            text = node.value if isinstance(node, ast.Constant) else None
            if isinstance(text, str) and (": warning:" in text or ": error:" in text):
                made.append(where)
    assert made == []


def test_the_fallback_is_gone():
    assert not (SRC / "messages" / "translate.py").exists()
    imports = [
        module
        for module, tree in TREES.items()
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("translate")
    ]
    assert imports == []


def test_a_problem_made_by_code_is_worded_in_both_languages():
    from safecli.messages.catalog import problem_text

    p = problem("r.yaml", 3, 5, "exception-na-never", hint="hint-answer-it", item="a.1")
    assert p.code == "exception-na-never" and isinstance(p, Problem)
    assert problem_text(p, "en") == (
        "r.yaml:3:5: error: a.1 can never be 空项: the standard says it always applies "
        "(answer it met, partial or unmet)"
    )
    assert problem_text(p, "zh") == (
        "r.yaml:3:5: error: a.1 不得列为空项：标准规定该条款始终适用（请按符合、部分符合或不符合作答）"
    )
    refused = Invalid(
        "until-before-date", hint="hint-last-day", until="2025-01-01", date="2025-02-01"
    )
    assert str(refused) == (
        "until 2025-01-01 is before the approval date 2025-02-01 "
        "(give the last day the exception applies)"
    )
    assert isinstance(InvalidFile([p]).problems[0], Problem)


PLACE_FIRST = {"problem": 1, "_refuse": 1, "_problem": 1, "_dropped": 1, "left_out": 1, "fail": 2}
"""How many leading arguments of each call are a place (a path, a sheet, a cell), not a code."""


def test_a_code_or_a_hint_is_never_a_sentence():
    """A sentence passed where a code goes is looked up, not found, and printed as it is, in
    English in every language: no code, hint or place of these calls is a sentence."""
    sentences = []
    for where, call in _calls(set(PLACE_FIRST) | CODED):
        if where.startswith("portfolio/gate.py"):  # the gate's fail(where, rule, text): worded
            continue
        args = call.args[PLACE_FIRST.get(_name(call) or "", 0) :]
        values = [*args, *(k.value for k in call.keywords if k.arg in ("code", "hint"))]
        for value in values:
            text = value.value if isinstance(value, ast.Constant) else None
            if isinstance(value, ast.JoinedStr) or (isinstance(text, str) and " " in text):
                sentences.append(f"{where} {ast.unparse(value)[:40]}")
    assert sentences == []


# ---------------------------------------------------------------- the command line, both languages

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MET = (FIXTURES / "records" / "mini-all-met.yaml").read_text(encoding="utf-8")


def _run(tmp_path: Path, text: str, command: str, lang: str) -> tuple[int, list[str]]:
    from typer.testing import CliRunner

    from safecli.cli.app import app

    (tmp_path / "r.yaml").write_text(text, encoding="utf-8")
    args = [command, str(tmp_path / "r.yaml"), "--standards-dir", str(FIXTURES / "standards")]
    if command == "check":  # the gate reads its standards folders from safecli.yaml
        shown = (FIXTURES / "standards").as_posix()
        (tmp_path / "safecli.yaml").write_text(f"standards_dirs: ['{shown}']\n", encoding="utf-8")
        args = [command, str(tmp_path / "r.yaml"), "--lang", lang]
    result = CliRunner().invoke(app, args, env={"SAFECLI_LANG": lang})
    lines = [line.replace(str(tmp_path) + "/", "") for line in result.stderr.splitlines()]
    if command == "check":
        lines = [line.replace(str(tmp_path) + "/", "") for line in result.stdout.splitlines()]
        lines = [line for line in lines if ": error: " in line]
    return result.exit_code, lines


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "zh",
            "r.yaml:4:38: error: [invalid] responses.a.3：无法识别的自评结果 '好'（应为以下之一："
            "符合、不存在、基本符合、部分符合、不符合、存在、不适用、缺项）",
        ),
        (
            "en",
            "r.yaml:4:38: error: [invalid] responses.a.3: unknown status '好' (expected one of: "
            "met, partial, unmet, na, 符合, 不存在, 基本符合, 部分符合, 不符合, 存在, 不适用, 缺项)",
        ),
    ],
)
def test_check_words_a_coded_problem_in_the_run_language(tmp_path, lang, expected):
    """`check --lang zh` read problems back through English patterns, which no longer matched
    once they had codes: an unknown status printed in English. Now it is worded by its code."""
    code, lines = _run(tmp_path, MET.replace("a.3: met", "a.3: 好"), "check", lang)
    assert (code, lines) == (1, [expected])


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "zh",
            [
                "r.yaml:4:13: error: 条款 a.1 对每个企业都适用（mini@1 规定 na: never），不得答“不适用”"
                "（请答符合、部分符合或不符合）",
                "r.yaml:4:52: error: 条款 b.2 是否决项，不得答“不适用”（请答符合、部分符合或不符合"
                "（除符合外均触发否决））",
            ],
        ),
        (
            "en",
            [
                "r.yaml:4:13: error: a.1 applies to every enterprise (mini@1 says na: never): it may "
                "not be answered 不适用 (answer met, partial or unmet)",
                "r.yaml:4:52: error: b.2 is a veto item (否决项): it may not be answered 不适用 (answer "
                "met, partial or unmet (anything but met fires the veto))",
            ],
        ),
    ],
)
def test_na_refusals_of_issue_20_in_both_languages(tmp_path, lang, expected):
    text = MET.replace("a.1: met", "a.1: na").replace("b.2: met", "b.2: na")
    assert _run(tmp_path, text, "validate", lang) == (2, expected)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "zh",
            "r.yaml:4:12: error: YAML 语法错误：花括号 { } 未闭合（缺少逗号或右花括号）"
            "（补上缺少的逗号或右花括号 }）",
        ),
        (
            "en",
            "r.yaml:4:12: error: YAML syntax: a { } mapping is not closed (expected ',' or '}') "
            "(add the missing ',' or '}')",
        ),
    ],
)
def test_a_yaml_parser_reason_is_worded_by_its_code(tmp_path, lang, expected):
    text = MET.replace("responses: {a.1: met,", "responses: {a.1: met").replace(
        ", b.2: met}", ", b.2: met"
    )
    code, lines = _run(tmp_path, text, "validate", lang)
    assert code == 2 and len(lines) == 1
    assert lines[0].split(": error: ")[1] == expected.split(": error: ")[1]


BLOCK = MET.replace(
    "responses: {a.1: met, a.2: met, a.3: met, a.4: met, b.2: met}",
    "responses:\n  a.1: met\n  a.2: met\n  a.3: met\n  a.4: met\n  b.2: met",
)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "zh",
            "r.yaml:6:6: error: YAML 语法错误：全角冒号“：”不能分隔键和值"
            "（请改为半角冒号“:”，其后加一个空格）",
        ),
        (
            "en",
            "r.yaml:6:6: error: YAML syntax: a full-width colon '：' does not separate a key "
            "from its value (write a half-width colon ':' followed by a space)",
        ),
    ],
)
def test_a_full_width_colon_is_named_at_its_column(tmp_path, lang, expected):
    """`a.2：met`, as a Chinese keyboard types it: the parser only finds no ':' on the next
    line; the message names the colon where it is."""
    assert _run(tmp_path, BLOCK.replace("a.2: met", "a.2：met"), "validate", lang) == (
        2,
        [expected],
    )


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "zh",
            "r.yaml:3:39: error: YAML 语法错误（请检查该行及上一行的缩进、冒号和引号；"
            "值中含特殊字符时请加引号）",
        ),
        (
            "en",
            "r.yaml:3:39: error: YAML syntax: found invalid Unicode character escape code (check "
            "the indentation, colons and quotes of this line and the one above; quote a value "
            "holding special characters)",
        ),
    ],
)
def test_any_other_yaml_syntax_error_says_what_to_check(tmp_path, lang, expected):
    text = MET.replace("by: 张三", 'by: "\\ud800"')
    assert _run(tmp_path, text, "validate", lang) == (2, [expected])


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh", "r.yaml:1:1: error: 文件是 UTF-16 编码（请将文件另存为 UTF-8 编码）"),
        ("en", "r.yaml:1:1: error: the file is encoded in UTF-16 (save the file as UTF-8)"),
    ],
)
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_a_utf16_record_is_named_so_not_binary(tmp_path, lang, expected, encoding):
    """Notepad's "Unicode" and PowerShell's `>` write UTF-16 with a BOM: a text file, in an
    encoding safecli does not read, never "a binary file"."""
    from typer.testing import CliRunner

    from safecli.cli.app import app

    bom = {"utf-16-be": "\ufeff"}.get(encoding, "")
    (tmp_path / "r.yaml").write_bytes((bom + MET).encode(encoding))
    args = ["validate", str(tmp_path / "r.yaml"), "--standards-dir", str(FIXTURES / "standards")]
    result = CliRunner().invoke(app, args, env={"SAFECLI_LANG": lang})
    assert result.exit_code == 2
    if encoding == "utf-32":
        expected = expected.replace("UTF-16", "UTF-32")
    assert [x.replace(str(tmp_path) + "/", "") for x in result.stderr.splitlines()] == [expected]


def test_a_key_typed_in_full_width_letters_is_named_with_its_ascii(tmp_path):
    """ｉｎｓｐｅｃｔｉｏｎ (a Chinese input method left in full-width mode) is not a key: the
    message says which key it was meant to be."""
    text = MET.replace("inspection:", "ｉｎｓｐｅｃｔｉｏｎ:")
    code, lines = _run(tmp_path, text, "validate", "en")
    assert code == 2
    assert (
        "r.yaml:3:1: error: ｉｎｓｐｅｃｔｉｏｎ: unknown key 'ｉｎｓｐｅｃｔｉｏｎ' (did you mean "
        "'inspection'? "
        "expected one of: standard, subject, inspection, responses, metrics, incidents, findings, "
        "attestations, exceptions)"
    ) in lines
