"""The Chinese of the messages a person reads in errors: one catalog, applied when printing.

The library raises its problems in English (scripts and `--lang en` read them so); the command
line prints them in Chinese by default, through this catalog of message patterns. A message the
catalog does not know is printed as it is. Item ids, keys, quoted values and file names stay as
they are: they are what the person has to find in the file.
"""

from __future__ import annotations

import re

from safecli.model.errors import Problem

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
    (
        r"(?P<d>.+) takes '(?P<o>.+)', which no item or body of (?P<s>\S+) names",
        "{d} 对应的 '{o}' 不是 {s} 中任何条款或单位的责任部门",
    ),
    (
        r"phase '(?P<p>.+)' follows '(?P<a>.+)', which is not listed above it",
        "步骤 '{p}' 接在 '{a}' 之后，但 '{a}' 未列在它之前",
    ),
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
    # vetoes, 不适用 and the facts applicability reads (issue 20)
    (
        r"(?P<i>\S+) applies to every (?P<k>.+) \((?P<s>\S+) says na: never\): it may not be "
        r"answered 不适用",
        "条款 {i} 对每个被评单位都适用（{s} 规定 na: never），不得答“不适用”",
    ),
    (
        r"(?P<i>\S+) applies to this unit \((?P<why>.*)\): it may not be answered 不适用",
        "条款 {i} 适用于本单位（{why}），不得答“不适用”",
    ),
    (
        r"(?P<i>\S+) is a veto item \(否决项\): it may not be answered 不适用",
        "条款 {i} 是否决项，不得答“不适用”",
    ),
    (
        r"the record gives no head count \(employees\), which decides whether (?P<l>.+) apply",
        "记录未填从业人员数，{l} 是否适用取决于它",
    ),
    (
        r"the record gives no industry, which decides whether (?P<l>.+) apply",
        "记录未填行业，{l} 是否适用取决于它",
    ),
    (
        r"the record does not say whether the unit has any of: (?P<f>.+), which decides whether "
        r"(?P<l>.+) apply",
        "记录未说明本单位是否具有以下情形：{f}，{l} 是否适用取决于它",
    ),
    (
        r"the record does not say how many units of (?P<n>\d+)\+ staff its area holds, which "
        r"decides whether (?P<l>.+) apply",
        "记录未说明辖区内从业人员 {n} 人以上的单位数，{l} 是否适用取决于它",
    ),
    (
        r"the record does not say how many units of (?P<i>.+) its area holds, which decides "
        r"whether (?P<l>.+) apply",
        "记录未说明辖区内以下行业的单位数：{i}，{l} 是否适用取决于它",
    ),
    (
        r"subject\.area describes a district's or town's area, but the subject is an? (?P<k>\S+)",
        "subject.area 用于区、镇、街道的辖区情况，但被评单位类型为 {k}",
    ),
    (
        r"attestation '(?P<a>.+)' does not state the level of the body that gave it "
        r"\((?P<s>\S+) needs an? \w+ \((?P<z>.+)\) or higher body\)",
        "外部认定 '{a}' 未写明出具机关的级别（{s} 要求{z}级及以上机关）",
    ),
    (
        r"veto item '(?P<i>.+)' carries partial credit \((?P<w>.+)\): a veto item is met or it "
        r"fires",
        "否决项 '{i}' 设有部分分（{w}）：否决项只有符合，否则即否决",
    ),
    (
        r"item '(?P<i>.+)' says na: never but has an applies_if",
        "条款 '{i}' 既规定 na: never 又有 applies_if",
    ),
    (
        r"grade '(?P<g>.+)' requires '(?P<i>.+)', which a record could answer 不适用 without the "
        r"standard saying when",
        "等级 '{g}' 的必备条件 '{i}' 可被自评为“不适用”，而标准未说明何时不适用",
    ),
    (r"unknown feature '(?P<f>.+)'", "未知的情形 '{f}'"),
    (
        r"units_by_staff says (?P<a>\d+) units of (?P<b>\d+)\+ staff but (?P<c>\d+) of "
        r"(?P<d>\d+)\+",
        "units_by_staff 中 {b} 人以上的单位 {a} 家，多于 {d} 人以上的 {c} 家",
    ),
    (
        r"units is (?P<a>\d+), fewer than the (?P<b>\d+) units counted by size or industry",
        "units 为 {a}，少于按规模或行业计的 {b} 家",
    ),
    (
        r"cannot read '(?P<p>.+)' as an industry and a count",
        "无法把 '{p}' 读作行业和单位数",
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
    (r"a (?P<f>\w+) sheet needs a file", "{f} 表格需要输出文件"),
    # hostile inputs and OS faults (files, output, bounds, sheets, templates)
    (r"the file is too large", "文件过大"),
    (r"is a named pipe, not a regular file", "是命名管道，不是普通文件"),
    (r"is a device, not a regular file", "是设备文件，不是普通文件"),
    (r"is a socket, not a regular file", "是套接字，不是普通文件"),
    (r"is not a regular file", "不是普通文件"),
    (r"is a folder, not a file", "是文件夹，不是文件"),
    (r"is a file, not a folder", "是文件，不是文件夹"),
    (r"is a folder", "是文件夹"),
    (r"a loop of symbolic links", "符号链接形成循环"),
    (r"no such file", "文件不存在"),
    (r"cannot read the file \(permission denied\)", "没有读取该文件的权限"),
    (r"cannot write the file \(permission denied\)", "没有写入该文件的权限"),
    (r"cannot write: (?P<r>.+)", "无法写入：{r}"),
    (r"cannot create a file in folder (?P<f>.+): (?P<r>.+)", "无法在文件夹 {f} 中创建文件：{r}"),
    (r"the output would overwrite an input", "输出会覆盖本次读取的输入文件"),
    (r"folder (?P<f>.+) does not exist", "文件夹 {f} 不存在"),
    (r"a named pipe with no reader", "命名管道没有读取方"),
    (r"(?P<v>\S+) is outside (?P<a>\d+)–(?P<b>\d+)", "{v} 超出 {a}–{b} 年的范围"),
    (
        r"a number of (?P<n>\d+) digits is beyond what safecli accepts",
        "{n} 位的数字超出 safecli 接受的范围",
    ),
    (r"(?P<v>\S+) is beyond what safecli accepts", "{v} 超出 safecli 接受的范围"),
    (r"(?P<v>.+) is not a number safecli accepts", "{v} 不是 safecli 接受的数字"),
    (
        r"(?P<h>[^:]+): a value of (?P<n>[\d,]+) characters is not a number",
        "{h}：长达 {n} 个字符的值不是数字",
    ),
    (
        r"the sheet has data at (?P<c>\w+), beyond the (?P<r>[\d,]+) rows and (?P<k>\d+) "
        r"columns a 自查表 may use",
        "工作表在 {c} 处有数据，超出自查表可用的 {r} 行、{k} 列",
    ),
    (r"the sheet has more than (?P<n>[\d,]+) rows", "工作表超过 {n} 行"),
    (r"the workbook unpacks to (?P<n>[\d,]+) MiB", "工作簿解压后达 {n} MiB"),
    (
        r"sheet '(?P<s>.+)' is hidden: safecli reads only what the person filling it in sees",
        "工作表 '{s}' 被隐藏：safecli 只读取填表人看得到的内容",
    ),
    (r"template limit: (?P<r>.+)", "模板超出限制：{r}"),
    (r"internal error: (?P<r>.+)", "内部错误：{r}"),
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
    (r"answer met, partial or unmet", "请答符合、部分符合或不符合"),
    (
        r"answer met, partial or unmet, or correct the subject's facts",
        "请答符合、部分符合或不符合，或更正单位情况",
    ),
    (
        r"answer met, partial or unmet \(anything but met fires the veto\)",
        "请答符合、部分符合或不符合（除符合外均触发否决）",
    ),
    (
        r"add (?P<k>subject\.[\w.]+)(?P<v>: \{.+\})? \(0 when there are none\): an item is never "
        r"taken as not applicable for a missing fact",
        "请填写 {k}{v}（没有的写 0）：缺少情况时，条款不按不适用处理",
    ),
    (
        r"add subject\.features \(features: \[\] when it has none of them\): an item is never "
        r"taken as not applicable for a missing fact",
        "请填写 subject.features（都没有的写 features: []）：缺少情况时，条款不按不适用处理",
    ),
    (
        r"add (?P<k>subject\.\w+): an item is never taken as not applicable for a missing fact",
        "请填写 {k}：缺少情况时，条款不按不适用处理",
    ),
    (r"remove area, or set kind: district", "请删去 area，或改为 kind: district"),
    (
        r"a unit of (?P<b>\d+)\+ staff counts among the (?P<d>\d+)\+",
        "{b} 人以上的单位也计入 {d} 人以上",
    ),
    (r"units counts every unit of the area", "units 是辖区全部单位数"),
    (
        r"write 建筑施工 6、危险化学品 0 \(an industry and how many units\)",
        "请写作 建筑施工 6、危险化学品 0（行业和单位数）",
    ),
    (r"add level: 国家, 省, 市 or 县", "请添加 level: 国家、省、市或县"),
    (r"remove the deductions, or make it no veto item", "请删去扣分项，或取消其否决项"),
    (
        r"remove credit: proportional, or make it no veto item",
        "请删去 credit: proportional，或取消其否决项",
    ),
    (
        r"keep one: na: never \(it always applies\) or applies_if \(when it does\)",
        "二者只留其一：na: never（始终适用）或 applies_if（何时适用）",
    ),
    (
        r"give (?P<i>\S+) na: never \(it applies to every unit\), or an applies_if saying when "
        r"it does not apply",
        "请给 {i} 加 na: never（对每个单位都适用），或加 applies_if 说明何时不适用",
    ),
    (r"add --start YYYY-MM-DD", "请加 --start YYYY-MM-DD"),
    (r"add -o FILE\.(?P<f>\w+)", "请加 -o 文件.{f}"),
    (r"choose the standard for this kind of unit", "请选用评估该类单位的标准"),
    (r"safecli reads files up to (?P<n>\d+) MiB", "safecli 只读取不超过 {n} MiB 的文件"),
    (r"give a file", "请给出一个文件"),
    (r"fix the link", "请修正链接"),
    (r"check the path", "请检查路径"),
    (r"choose a folder you can write to", "请选择有写入权限的文件夹"),
    (r"choose another -o", "请换一个 -o"),
    (r"give a file name, e\.g\. -o folder/out\.ext", "请给出文件名，如 -o 文件夹/输出文件"),
    (r"create it first", "请先创建"),
    (r"give a folder for --out-dir", "--out-dir 请给出文件夹"),
    (r"start the reader first", "请先启动读取方"),
    (r"check the year", "请检查年份"),
    (r"give a date between those years", "请给出此范围内的日期"),
    (r"at most (?P<m>[\d,]+) in size", "绝对值不超过 {m}"),
    (r"delete what lies outside the table", "请删除表格以外的内容"),
    (r"a 自查表 unpacks to far less than (?P<m>\d+) MiB", "自查表解压后远小于 {m} MiB"),
    (r"unhide the sheet, or delete it", "请取消隐藏该工作表，或删除它"),
    (r"templates render documents, not data", "模板用于生成文件，不用于大量计算"),
    (
        r"please report it with the input; --debug shows the traceback",
        "请连同输入文件报告此问题；--debug 显示调用栈",
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
