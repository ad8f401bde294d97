"""The fallback for problems made without a code: their English read back into Chinese.

Every problem safecli raised when issue 18 split the package is made by code and worded from
the gettext catalogs (`catalog.py`, `locale/`). The problems issue 20 added, which landed before
that, are still raised as English sentences; these patterns word them in Chinese until each
gets a code (the convention: `safecli/messages/__init__.py`). Add no pattern here: add a code.
"""

from __future__ import annotations

import re

MESSAGES: list[tuple[str, str]] = [
    (
        "(?P<i>\\S+) applies to every (?P<k>.+) \\((?P<s>\\S+) says na: never\\): it may not be answered 不适用",
        "条款 {i} 对每个被评单位都适用（{s} 规定 na: never），不得答“不适用”",
    ),
    (
        "(?P<i>\\S+) applies to this unit \\((?P<why>.*)\\): it may not be answered 不适用",
        "条款 {i} 适用于本单位（{why}），不得答“不适用”",
    ),
    (
        "(?P<i>\\S+) is a veto item \\(否决项\\): it may not be answered 不适用",
        "条款 {i} 是否决项，不得答“不适用”",
    ),
    (
        "the record gives no head count \\(employees\\), which decides whether (?P<l>.+) apply",
        "记录未填从业人员数，{l} 是否适用取决于它",
    ),
    (
        "the record gives no industry, which decides whether (?P<l>.+) apply",
        "记录未填行业，{l} 是否适用取决于它",
    ),
    (
        "the record does not say whether the unit has any of: (?P<f>.+), which decides whether (?P<l>.+) apply",
        "记录未说明本单位是否具有以下情形：{f}，{l} 是否适用取决于它",
    ),
    (
        "the record does not say how many units of (?P<n>\\d+)\\+ staff its area holds, which decides whether (?P<l>.+) apply",
        "记录未说明辖区内从业人员 {n} 人以上的单位数，{l} 是否适用取决于它",
    ),
    (
        "the record does not say how many units of (?P<i>.+) its area holds, which decides whether (?P<l>.+) apply",
        "记录未说明辖区内以下行业的单位数：{i}，{l} 是否适用取决于它",
    ),
    (
        "subject\\.area describes a district's or town's area, but the subject is an? (?P<k>\\S+)",
        "subject.area 用于区、镇、街道的辖区情况，但被评单位类型为 {k}",
    ),
    (
        "attestation '(?P<a>.+)' does not state the level of the body that gave it \\((?P<s>\\S+) needs an? \\w+ \\((?P<z>.+)\\) or higher body\\)",
        "外部认定 '{a}' 未写明出具机关的级别（{s} 要求{z}级及以上机关）",
    ),
    (
        "veto item '(?P<i>.+)' carries partial credit \\((?P<w>.+)\\): a veto item is met or it fires",
        "否决项 '{i}' 设有部分分（{w}）：否决项只有符合，否则即否决",
    ),
    (
        "item '(?P<i>.+)' says na: never but has an applies_if",
        "条款 '{i}' 既规定 na: never 又有 applies_if",
    ),
    (
        "grade '(?P<g>.+)' requires '(?P<i>.+)', which a record could answer 不适用 without the standard saying when",
        "等级 '{g}' 的必备条件 '{i}' 可被自评为“不适用”，而标准未说明何时不适用",
    ),
    ("unknown feature '(?P<f>.+)'", "未知的情形 '{f}'"),
    (
        "units_by_staff says (?P<a>\\d+) units of (?P<b>\\d+)\\+ staff but (?P<c>\\d+) of (?P<d>\\d+)\\+",
        "units_by_staff 中 {b} 人以上的单位 {a} 家，多于 {d} 人以上的 {c} 家",
    ),
    (
        "units is (?P<a>\\d+), fewer than the (?P<b>\\d+) units counted by size or industry",
        "units 为 {a}，少于按规模或行业计的 {b} 家",
    ),
    ("cannot read '(?P<p>.+)' as an industry and a count", "无法把 '{p}' 读作行业和单位数"),
]

HINTS: list[tuple[str, str]] = [
    ("answer met, partial or unmet", "请答符合、部分符合或不符合"),
    (
        "answer met, partial or unmet, or correct the subject's facts",
        "请答符合、部分符合或不符合，或更正单位情况",
    ),
    (
        "answer met, partial or unmet \\(anything but met fires the veto\\)",
        "请答符合、部分符合或不符合（除符合外均触发否决）",
    ),
    (
        "add (?P<k>subject\\.[\\w.]+)(?P<v>: \\{.+\\})? \\(0 when there are none\\): an item is never taken as not applicable for a missing fact",
        "请填写 {k}{v}（没有的写 0）：缺少情况时，条款不按不适用处理",
    ),
    (
        "add subject\\.features \\(features: \\[\\] when it has none of them\\): an item is never taken as not applicable for a missing fact",
        "请填写 subject.features（都没有的写 features: []）：缺少情况时，条款不按不适用处理",
    ),
    (
        "add (?P<k>subject\\.\\w+): an item is never taken as not applicable for a missing fact",
        "请填写 {k}：缺少情况时，条款不按不适用处理",
    ),
    ("remove area, or set kind: district", "请删去 area，或改为 kind: district"),
    (
        "a unit of (?P<b>\\d+)\\+ staff counts among the (?P<d>\\d+)\\+",
        "{b} 人以上的单位也计入 {d} 人以上",
    ),
    ("units counts every unit of the area", "units 是辖区全部单位数"),
    (
        "write 建筑施工 6、危险化学品 0 \\(an industry and how many units\\)",
        "请写作 建筑施工 6、危险化学品 0（行业和单位数）",
    ),
    ("add level: 国家, 省, 市 or 县", "请添加 level: 国家、省、市或县"),
    ("remove the deductions, or make it no veto item", "请删去扣分项，或取消其否决项"),
    (
        "remove credit: proportional, or make it no veto item",
        "请删去 credit: proportional，或取消其否决项",
    ),
    (
        "keep one: na: never \\(it always applies\\) or applies_if \\(when it does\\)",
        "二者只留其一：na: never（始终适用）或 applies_if（何时适用）",
    ),
    (
        "give (?P<i>\\S+) na: never \\(it applies to every unit\\), or an applies_if saying when it does not apply",
        "请给 {i} 加 na: never（对每个单位都适用），或加 applies_if 说明何时不适用",
    ),
]

# writers, letterheads and values (issue 25)
MESSAGES += [
    (
        r"is read-only \(mode 0444\): safecli does not replace it",
        "是只读文件（权限 0444）：safecli 不替换它",
    ),
    (
        r"the folder was removed or replaced while safecli was writing into it",
        "写入过程中该文件夹被删除或替换",
    ),
    (
        r"another safecli run has been writing into this folder for (?P<s>\d+) s",
        "另一个 safecli 进程已向此文件夹写入 {s} 秒",
    ),
    (r"interrupted \(Ctrl-C or SIGINT\)", "已中断（Ctrl-C 或 SIGINT）"),
    (r"a NUL byte \(\\x00\): text holds none", "含有 NUL 字节（\\x00）：文本中不应有"),
    (
        r"declares a (?P<k>\S+): DTDs and entities are refused \(they can read files or reach the "
        r"network\)",
        "声明了 {k}：不接受 DTD 和实体（它们能读取文件或访问网络）",
    ),
    (
        r"is a macro-enabled Word document \(\.docm\): macros are refused",
        "是启用宏的 Word 文档（.docm）：不接受宏",
    ),
    (r"the document has no body \(w:body\)", "文档没有正文（w:body）"),
    (
        r"the document has no section \(w:sectPr\): no page size or margins",
        "文档没有节属性（w:sectPr）：缺少纸张大小和页边距",
    ),
    (
        r"the document unpacks to (?P<n>[\d,]+) MiB, more than 64 MiB",
        "文档解压后为 {n} MiB，超过 64 MiB",
    ),
    (
        r"part inflates (?P<r>[\d,]+) times \((?P<n>[\d,]+) MiB\): a decompression bomb",
        "该部件解压后膨胀 {r} 倍（{n} MiB）：疑为解压炸弹",
    ),
]
HINTS += [
    (
        r"make it writable \(chmod u\+w\) or choose another output",
        "请先改为可写（chmod u+w），或换一个输出",
    ),
    (r"nothing was written; run the command again", "未写入任何文件；请重新运行"),
    (r"wait for it to end, or choose another folder", "请等它结束，或换一个文件夹"),
    (
        r"save it from Word as a \.docx document \(not \.docm, \.dotx or \.doc\)",
        "请在 Word 中另存为 .docx 文档（不是 .docm、.dotx 或 .doc）",
    ),
    (r"save the workbook again from Excel or WPS", "请用 Excel 或 WPS 重新保存该工作簿"),
    (r"set it as YYYY-MM-DD, or unset it", "请设为 YYYY-MM-DD，或取消该变量"),
    (r"write how many times, e\.g\. ×2", "请写出次数，如 ×2"),
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
