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
        r"(?P<d>.+) takes '(?P<o>.+)', which no item or body of (?P<s>\S+) names",
        "{d} 对应的 '{o}' 不是 {s} 中任何条款或单位的责任部门",
    ),
    (
        r"phase '(?P<p>.+)' follows '(?P<a>.+)', which is not listed above it",
        "步骤 '{p}' 接在 '{a}' 之后，但 '{a}' 未列在它之前",
    ),
    # exceptions (空项, 豁免) and evidence files
    (
        r"an exception names unknown item '(?P<i>.+)' in (?P<s>\S+)",
        "例外所列条款 '{i}' 不在 {s} 中",
    ),
    (
        r"(?P<i>\S+) cannot be waived \(豁免\): it is a veto item \(否决项\)",
        "{i} 为否决项，不得豁免",
    ),
    (
        r"(?P<i>\S+) cannot be waived \(豁免\): veto rule (?P<v>\S+) fires when it is unmet",
        "{i} 为否决规则 {v} 的判定条件，不得豁免",
    ),
    (
        r"(?P<i>\S+) cannot be waived \(豁免\): grade (?P<g>.+) requires it \(必备条件\)",
        "{i} 为等级 {g} 的必备条件，不得豁免",
    ),
    (
        r"(?P<i>\S+) cannot be waived \(豁免\): the standard says it is never not applicable",
        "标准规定 {i} 不得为不适用，不得豁免",
    ),
    (
        r"(?P<i>\S+) cannot be waived \(豁免\): it is a 判定 item \(重大事故隐患判定\)",
        "{i} 为重大事故隐患判定条款，不得豁免",
    ),
    (
        r"(?P<i>\S+) can never be 空项: the standard says it always applies",
        "{i} 不得列为空项：标准规定该条款始终适用",
    ),
    (
        r"two exceptions for (?P<i>\S+) overlap \((?P<a>\S+) and (?P<b>\S+)\)",
        "{i} 的两项例外有效期重叠（{a} 与 {b}）",
    ),
    (
        r"until (?P<u>\S+) is before the approval date (?P<d>\S+)",
        "until {u} 早于批准日期 {d}",
    ),
    (
        r"evidence file '(?P<n>.+)' of (?P<i>\S+) does not exist",
        "{i} 的证明材料 '{n}' 不存在",
    ),
    (
        r"evidence file '(?P<n>.+)' of (?P<i>\S+) is not there; a file with its sha256 is at "
        r"'(?P<f>.+)'",
        "{i} 的证明材料 '{n}' 不在原处；哈希相同的文件在 '{f}'",
    ),
    (
        r"evidence file '(?P<n>.+)' of (?P<i>\S+) has changed since it was hashed \(sha256 "
        r"(?P<a>\S+) recorded, (?P<b>\S+) now\)",
        "{i} 的证明材料 '{n}' 自登记哈希后已被改动（登记 {a}，现为 {b}）",
    ),
    (
        r"evidence file '(?P<n>.+)' of (?P<i>\S+) is a symbolic link out of the repository: "
        r"refused",
        "{i} 的证明材料 '{n}' 是指向仓库之外的符号链接，拒绝读取",
    ),
    (
        r"evidence file '(?P<n>.+)' of (?P<i>\S+) is outside the repository",
        "{i} 的证明材料 '{n}' 在仓库之外",
    ),
    (
        r"evidence '(?P<n>.+)' of (?P<i>\S+) is a folder, not a file",
        "{i} 的证明材料 '{n}' 是文件夹，不是文件",
    ),
    (
        r"(?P<p>.+) is not a YAML record: evidence hash edits YAML records only",
        "{p} 不是 YAML 记录：evidence hash 只改写 YAML 记录",
    ),
    (r"unknown exception kind '(?P<v>.+)'", "无法识别的例外类别 '{v}'"),
    (
        r"'(?P<v>[^']*)' is not a sha256 \(64 hexadecimal digits\)",
        "'{v}' 不是 sha256 哈希值（应为 64 位十六进制数字）",
    ),
    (r"unknown check method '(?P<v>.+)'", "无法识别的核查方式 '{v}'"),
    (
        r"'(?P<v>.+)' is not in the expected form \((?P<p>.+)\)",
        "'{v}' 不符合要求的格式（{p}）",
    ),
    (
        r"input should be greater than or equal to (?P<n>\S+) \(received: (?P<v>.+)\)",
        "应不小于 {n}，实为 {v}",
    ),
    (
        r"input should be less than or equal to (?P<n>\S+) \(received: (?P<v>.+)\)",
        "应不大于 {n}，实为 {v}",
    ),
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
    # exceptions (空项, 豁免) and evidence files (issue 23; codes to come)
    (r"did you mean (?P<d>.+)\?", "是否应为 {d}？"),
    (r"expected one of: (?P<l>.+)", "应为以下之一：{l}"),
    (
        r"expected one of: na, waiver, 空项, .+",
        "应为以下之一：空项、缺项、不适用、豁免（或 na、waiver）",
    ),
    (
        r"expected one of: on-site, documents, interview, .+",
        "应为以下之一：现场检查、现场核查、查阅资料、查阅、询问（或 on-site、documents、interview）",
    ),
    (r"give the last day the exception applies", "请填写例外适用的最后一天"),
    (r"restore the file, or correct the path", "请补回该文件，或更正路径"),
    (r"write the file's new path", "请改写为文件的新路径"),
    (
        r"restore the file, or hash it again: safecli evidence hash --rehash",
        "请恢复原文件，或核实后重新登记：safecli evidence hash --rehash",
    ),
    (r"keep evidence inside the repository", "证明材料应放在仓库之内"),
    (r"copy the file into the repository", "请把文件复制到仓库之内"),
    (r"name a file", "请写明文件"),
    (r"safecli evidence hash fills it in", "可用 safecli evidence hash 自动填写"),
    (
        r"rectify it; record 空项 only if the item does not apply to the unit",
        "请整改；仅当该条款确不适用于本单位时才可列为空项",
    ),
    (r"answer it met, partial or unmet", "请按符合、部分符合或不符合作答"),
    (r"keep one exception per item at a time", "同一条款同一时间只保留一项例外"),
    (r"hash a sheet's evidence in YAML", "请把自查表转为 YAML 记录后再登记哈希"),
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

# issue 21 (scoring tables, overlays, the authoring lint): raised before the catalogs landed;
# worded here until each gets a code
MESSAGES += [
    # scoring tables imported, overlays, the authoring lint (issue 21)
    (
        r"(?P<l>小计|合计|总计|总分)\S* at row (?P<r>\d+) says (?P<s>\S+) but the items of rows "
        r"(?P<a>\d+)–(?P<b>\d+) add up to (?P<t>\S+)",
        "第 {r} 行{l}为 {s}，但第 {a}–{b} 行条款分值合计为 {t}",
    ),
    (r"评分方法 sentence not read as a rule: (?P<t>.+)", "评分方法中此句未能识别为评分规则：{t}"),
    (
        r"cannot tell the columns: no header row names 内容 and 分值 in the first (?P<n>\d+) rows",
        "无法确定各列：前 {n} 行中没有同时写明“内容”和“分值”的表头行",
    ),
    (r"no 分值 for (?P<t>.+)", "{t} 没有分值"),
    (r"an item with 分值 but no 内容", "有分值但没有内容"),
    (r"the table has no scored items", "表中没有计分条款"),
    (r"the header has two (?P<k>\S+) columns", "表头中有两个 {k} 列"),
    (r"cannot import a (?P<s>\S+) file as a table", "不能把 {s} 文件作为评分表导入"),
    (r"this is not a Word document \((?P<r>.+)\)", "这不是 Word 文档（{r}）"),
    (r"the document holds no table", "文档中没有表格"),
    (
        r"no grade lines given: the standard has one grade, 已评分",
        "未给出等级线：标准只有一个等级“已评分”",
    ),
    (r"(?P<b>\S+) has no item '(?P<i>.+)'", "{b} 没有条款 '{i}'"),
    (r"(?P<b>\S+) has no grade '(?P<g>.+)'", "{b} 没有等级 '{g}'"),
    (r"(?P<b>\S+) already has item '(?P<i>.+)'", "{b} 已有条款 '{i}'"),
    (r"extends (?P<b>\S+), which is no standard here", "所扩展的 {b} 不在已知标准中"),
    (
        r"the items add up to (?P<a>\S+), not the stated (?P<b>\S+)",
        "条款分值合计为 {a}，与标明的 {b} 不符",
    ),
    (
        r"the items of (?P<s>\S+) add up to (?P<a>\S+), not the stated (?P<b>\S+)",
        "{s} 的条款分值合计为 {a}，与小计 {b} 不符",
    ),
    (r"(?P<a>\S+) has the same text as (?P<b>\S+)", "{a} 与 {b} 内容相同"),
    (
        r"deduction (?P<d>\S+) takes (?P<p>\S+) off an item of (?P<q>\S+) points",
        "扣分项 {d} 扣 {p} 分，超过条款分值 {q} 分",
    ),
    (r"its 评分方法 gives no way to lose points", "其评分方法没有任何扣分或不得分规则"),
    (
        r"item ids '(?P<a>.+)' and '(?P<b>.+)' differ only in case or width",
        "条款编号 '{a}' 与 '{b}' 仅大小写或全半角不同",
    ),
]
HINTS += [
    (
        r"check row (?P<r>\d+) and the 分值 of rows (?P<a>\d+)–(?P<b>\d+)",
        "请核对第 {r} 行及第 {a}–{b} 行的分值",
    ),
    (
        r"write it as 不得分 / 每处扣N分 / 扣N分 / 扣满N分的，追加扣除M分, or add the rule by hand",
        "请写成“不得分”“每处扣N分”“扣N分”“扣满N分的，追加扣除M分”，或手工补写规则",
    ),
    (r"name them: --columns (?P<c>.+)", "请指明各列：--columns {c}"),
    (r"add them: --grades (?P<g>.+)", "请给出等级线：--grades {g}"),
    (r"give the item's points as a number", "请填写数字分值"),
    (r"add the base's folder with --standards-dir", "请用 --standards-dir 加入基础标准所在文件夹"),
    (r"fix the points of an item, or the stated total", "请修正条款分值或标明的总分"),
    (r"fix an item's points, or the 小计", "请修正条款分值或小计"),
    (r"merge them, or say how they differ", "请合并，或写明两者区别"),
    (
        r"the item stops at 0: lower it, or add the 追加扣分 it means",
        "条款扣至 0 分为止：请降低扣分，或补写其追加扣分",
    ),
    (r"add deductions or zero_if conditions", "请补写扣分项或不得分情形"),
    (
        r"write the rule beside it by hand, or reword the sentence",
        "请在旁手工补写规则，或改写该句",
    ),
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
