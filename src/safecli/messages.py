"""The Chinese of the messages a person reads in errors: one catalog, applied when printing.

The library raises its problems in English (scripts and `--lang en` read them so); the command
line prints them in Chinese by default, through this catalog of message patterns. A message the
catalog does not know is printed as it is. Item ids, keys, quoted values and file names stay as
they are: they are what the person has to find in the file.
"""

from __future__ import annotations

import re

from safecli.errors import Problem

STATUS_CHOICES = "符合、基本符合、部分符合、不符合、不适用、缺项"

MESSAGES: list[tuple[str, str]] = [
    # located schema and meaning errors (loading)
    (r"duplicate key '(?P<k>.+)'", "重复的键 '{k}'"),
    (r"'(?P<v>.+)' is not a real date \((?P<why>.+)\)", "'{v}' 不是有效日期"),
    (r"'(?P<v>.+)' is not a date", "'{v}' 不是日期"),
    (r"expected a date but received: (?P<v>.+)", "应为日期，实为 {v}"),
    (r"expected a whole number but received: (?P<v>.+)", "应为整数，实为 {v}"),
    (r"expected a number but received: (?P<v>.+)", "应为数字，实为 {v}"),
    (r"expected text but received: (?P<v>.+)", "应为文字，实为 {v}"),
    (r"expected a list but received: (?P<v>.+)", "应为列表，实为 {v}"),
    (r"expected a mapping \(key: value\) but received: (?P<v>.+)", "应为“键: 值”映射，实为 {v}"),
    (r"expected a mapping at the top level but received: (?P<v>.+)", "文件顶层应为映射，实为 {v}"),
    (r"expected true or false but received: (?P<v>.+)", "应为 true 或 false，实为 {v}"),
    (r"expected one of: (?P<l>.+) but received: (?P<v>.+)", "应为以下之一：{l}，实为 {v}"),
    (r"unknown status '(?P<v>.+)'", "无法识别的自评结果 '{v}'"),
    (r"unknown key '(?P<k>.+)'", "无法识别的键 '{k}'"),
    (r"missing required key '(?P<k>.+)'", "缺少必填项 '{k}'"),
    (r"unknown field '(?P<f>.+)'", "无法识别的项目 '{f}'"),
    (r"unknown item '(?P<i>.+)' in (?P<s>\S+)", "{s} 中没有条款 '{i}'"),
    (r"unknown metric '(?P<m>.+)' for (?P<s>\S+)", "{s} 没有指标 '{m}'"),
    (r"unknown standard '(?P<s>.+)'", "未知的标准 '{s}'"),
    (r"standard '(?P<s>.+)' has no version '(?P<v>.+)'", "标准 '{s}' 没有版本 '{v}'"),
    (r"score (?P<s>\S+) is above the item's (?P<p>\S+) points", "得分 {s} 高于该条款分值 {p} 分"),
    (
        r"character (?P<n>\d+) '(?P<c>.)' is not allowed: only digits and capitals other than "
        r"I, O, Z, S, V",
        "第 {n} 位字符 '{c}' 不允许：只能是数字和除 I、O、Z、S、V 以外的大写字母",
    ),
    (
        r"check character 18 is '(?P<a>.)' but the first 17 characters give '(?P<b>.)'",
        "第 18 位校验码为 '{a}'，按前 17 位应为 '{b}'",
    ),
    (
        r"a unified social credit code has 18 characters, this one has (?P<n>\d+)",
        "统一社会信用代码应为 18 位，此处为 {n} 位",
    ),
    (
        r"subject\.kind is '(?P<k>.+)' but (?P<s>\S+) assesses subjects of kind '(?P<e>.+)'",
        "单位类型为 '{k}'，但 {s} 评估的单位类型是 '{e}'",
    ),
    (
        r"(?P<i>\S+) is not answered \(metrics\.(?P<m>\S+) missing\)",
        "条款 {i} 未作答（未填报指标 {m}）",
    ),
    (r"(?P<i>\S+) is not answered", "条款 {i} 未作答"),
    (r"(?P<i>\S+) has no deduction '(?P<d>.+)'", "条款 {i} 没有扣分项 '{d}'"),
    (r"(?P<i>\S+) has no deductions to count", "条款 {i} 没有可计次数的扣分项"),
    (
        r"(?P<i>\S+): a score is given but the status is not partial",
        "{i}：给了得分，但自评结果不是部分符合",
    ),
    (
        r"'(?P<o>.+)' is taken by both '(?P<a>.+)' and '(?P<b>.+)'",
        "'{o}' 同时由 '{a}' 和 '{b}' 承担",
    ),
    (r"YAML syntax: a tab character", "YAML 语法错误：含有制表符"),
    (r"YAML syntax: (?P<r>.+)", "YAML 语法错误：{r}"),
    # files and options
    (r"no such file or folder", "文件或文件夹不存在"),
    (r"file not found", "文件不存在"),
    (r"the plan needs a start date", "实施方案需要开始日期"),
    (
        r"give a RECORD, or --standard with --subject",
        "请给出一份自查记录，或同时给出 --standard 和 --subject",
    ),
    (r"--standard needs --subject FILE", "--standard 需要同时给出 --subject 文件"),
    (r"a RECORD names its own subject", "自查记录已载明被评单位，不需要 --subject"),
    (r"a (?P<f>\w+) document needs a file", "{f} 文档需要输出文件"),
]

HINTS: list[tuple[str, str]] = [
    (r"first given at line (?P<n>\d+); keep one", "首次出现在第 {n} 行；只保留一个"),
    (r"first at line (?P<n>\d+)", "首次出现在第 {n} 行"),
    (r"use YYYY-MM-DD|write it as YYYY-MM-DD", "请写作 YYYY-MM-DD"),
    (r"quote it", "请加引号"),
    (r"write it as a '- ' list", "请写作以“- ”开头的列表"),
    (r"expected one of: met, partial, unmet, na, .+", f"应为以下之一：{STATUS_CHOICES}"),
    (r"did you mean '(?P<d>.+)'\? expected one of: (?P<l>.+)", "是否应为 '{d}'？可用：{l}"),
    (r"did you mean '(?P<d>.+)'\? known: (?P<l>.+)", "是否应为 '{d}'？已知：{l}"),
    (r"did you mean (?P<d>.+)\?", "是否应为 {d}？"),
    (r"expected one of: (?P<l>.+?), or a metric: (?P<m>.+)", "应为以下之一：{l}；或指标：{m}"),
    (r"expected one of: (?P<l>.+)", "应为以下之一：{l}"),
    (r"known: (?P<l>.+)", "已知：{l}"),
    (r"available: (?P<l>.+)", "现有版本：{l}"),
    (r"remove it", "请删除"),
    (r"add (?P<k>.+): …", "请添加 {k}: …"),
    (r"give 0\.\.(?P<p>\S+)", "请填 0 至 {p}"),
    (r"check the 统一社会信用代码 on the business licence", "请核对营业执照上的统一社会信用代码"),
    (
        r"set kind: (?P<e>\S+), or choose a standard for an? (?P<k>.+)",
        "改为 kind: {e}，或选用评估该类单位的标准",
    ),
    (r"answer it, or mark it na", "请作答，或标为不适用"),
    (r"report the metric", "请填报该指标"),
    (r"answer it with a status", "请填写自评结果"),
    (r"set status: partial, or remove the score", "改为部分符合，或删去得分"),
    (r"give each owner one department", "每个标准中的责任部门只对应本单位一个部门"),
    (r"YAML indents with spaces; replace the tab", "YAML 用空格缩进，请把制表符换成空格"),
    (r"add --start YYYY-MM-DD", "请加 --start YYYY-MM-DD"),
    (r"add -o FILE\.(?P<f>\w+)", "请加 -o 文件.{f}"),
    (r"choose the standard for this kind of unit", "请选用评估该类单位的标准"),
]

_MESSAGES = [(re.compile(p), t) for p, t in MESSAGES]
_HINTS = [(re.compile(p), t) for p, t in HINTS]
_LOCATED = re.compile(r"^(?P<at>[\w.\[\]\-]+|[^\s:]+): (?P<rest>.+)$")


def _lookup(text: str, table: list[tuple[re.Pattern[str], str]]) -> str | None:
    for pattern, template in table:
        match = pattern.fullmatch(text)
        if match is not None:
            return template.format(**{k: v or "" for k, v in match.groupdict().items()})
    return None


def zh_message(text: str) -> str:
    """`text` in Chinese when the catalog knows it (a leading `field:` kept), else as it is."""
    found = _lookup(text, _MESSAGES)
    if found is not None:
        return found
    located = _LOCATED.match(text)
    if located is not None:
        rest = _lookup(located["rest"], _MESSAGES)
        if rest is not None:
            return f"{located['at']}：{rest}"
    return text


def zh_hint(text: str) -> str:
    """A hint in Chinese when the catalog knows it, else as it is."""
    found = _lookup(text, _HINTS)
    return found if found is not None else text


def problem_text(problem: Problem, lang: str = "zh") -> str:
    """One problem as the command line prints it: `path:line:col: error: …（…）` in Chinese.

    `error:` stays a keyword (editors and CI problem matchers look for it); the rest is Chinese.
    """
    if lang == "en":
        return str(problem)
    where = problem.path
    if problem.line:
        where += f":{problem.line}:{problem.col or 1}"
    text = f"{where}: error: {zh_message(problem.message)}"
    return f"{text}（{zh_hint(problem.hint)}）" if problem.hint else text
