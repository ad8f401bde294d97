"""Write the example scoring table of a made-up district, as a city would send it.

望川区 does not exist: the table is ours, written to look like a district's 平安企业 考核细则 —
a title row over the header, 类目 cells merged down their rows, 小计 rows under each 类目, a
合计 row, 44 items over 1,000 points, and 评分方法 in the sentences real 评定标准 use.

    python examples/standards/make_example.py      # rewrites both versions, byte-identically
    safecli standards import examples/standards/wangchuan-2024.xlsx -o wangchuan.yaml \\
        --id wangchuan --version 2024 --grades 优秀=90,良好=80,合格=60

`wangchuan-2025.xlsx` is the next year's table: CHANGES_2025 lists what differs, and
tests/test_import.py checks `safecli standards diff` finds exactly those changes.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TITLE = "望川区平安企业创建考核细则（{year}年版）"
HEADER = ("序号", "考评类目", "考评项目", "考评内容", "标准分值", "评分方法", "备注")

# (类目, [(项目, 内容, 分值, 评分方法)])
TABLE: list[tuple[str, list[tuple[str, str, int, str]]]] = [
    (
        "一、安全生产责任制（120分）",
        [
            (
                "责任体系",
                "建立健全全员安全生产责任制，明确各岗位的责任人员、责任范围和考核标准。",
                30,
                "未建立全员安全生产责任制的，不得分；岗位责任不明确的，每处扣2分。",
            ),
            (
                "责任体系",
                "主要负责人每年签订安全生产责任书，逐级签订到班组。",
                20,
                "未签订责任书的，不得分；每缺一个部门扣2分，扣完为止。",
            ),
            (
                "责任考核",
                "每季度对安全生产责任制落实情况进行考核，考核结果与奖惩挂钩。",
                25,
                "未开展考核的，不得分；每少一次考核扣5分。",
            ),
            ("责任考核", "安全生产责任制在醒目位置公示。", 15, "未公示的，扣5分。"),
            (
                "规章制度",
                "制定安全生产规章制度和操作规程，并发放到相关岗位。",
                30,
                "未制定的，不得分；每缺一项制度扣3分；制度未发放到岗位的，扣5分。",
            ),
        ],
    ),
    (
        "二、安全管理机构和人员（100分）",
        [
            (
                "机构设置",
                "按规定设置安全生产管理机构或配备专职安全生产管理人员。",
                4,
                "未设置或配备的，不得分；未以文件形式进行设置或任命的，不得分；"
                "设置或配备不符合规定的，每处扣1分；扣满4分的，追加扣除10分。",
            ),
            (
                "机构设置",
                "主要负责人和安全生产管理人员经安全生产知识和管理能力考核合格。",
                26,
                "每人未考核合格扣3分。",
            ),
            (
                "机构设置",
                "每月召开安全生产例会，研究解决安全生产问题，形成会议纪要。",
                20,
                "每少一次扣2分，扣完为止。",
            ),
            (
                "人员管理",
                "特种作业人员持证上岗，证件在有效期内。",
                30,
                "每发现一人无证上岗扣5分；扣满15分的，追加扣除20分。",
            ),
            (
                "人员管理",
                "建立从业人员安全生产档案。",
                20,
                "未建立的，不得分；档案不全的，每人扣1分。",
            ),
        ],
    ),
    (
        "三、安全生产投入（100分）",
        [
            (
                "费用提取",
                "按规定足额提取安全生产费用，建立使用台账。",
                40,
                "未提取的，不得分；未建立台账的，扣10分。",
            ),
            (
                "费用使用",
                "安全生产费用专款专用，用于隐患整改、安全设施和培训等。",
                30,
                "挪用安全生产费用的，不得分；每发现一处列支不当扣3分。",
            ),
            (
                "工伤保险",
                "依法参加工伤保险，为从业人员缴纳保险费。",
                20,
                "未参加工伤保险的，不得分；每漏缴一人扣1分。",
            ),
            ("工伤保险", "高危行业依法投保安全生产责任保险。", 10, "未投保的，不得分。"),
        ],
    ),
    (
        "四、教育培训（120分）",
        [
            (
                "培训管理",
                "制定年度安全教育培训计划并组织实施。",
                20,
                "未制定计划的，不得分；计划未落实的，每项扣2分。",
            ),
            (
                "培训管理",
                "建立安全教育培训档案，记录培训内容、学时和考核结果。",
                20,
                "未建立档案的，不得分；每缺一人记录扣1分。",
            ),
            (
                "三级教育",
                "新进从业人员经厂、车间、班组三级安全教育，时间不少于24学时。",
                30,
                "每发现一人未经三级教育扣5分。",
            ),
            (
                "三级教育",
                "转岗、离岗一年以上重新上岗人员经车间和班组安全教育。",
                15,
                "每发现一人未经教育扣3分。",
            ),
            (
                "外来人员",
                "对外来施工、参观人员进行安全告知和教育。",
                15,
                "未进行安全告知的，扣5分；每缺一次记录扣1分。",
            ),
            (
                "宣传活动",
                "开展“安全生产月”等安全宣传活动，有记录、有照片。",
                20,
                "未开展的，不得分；记录不全的，扣5分。",
            ),
        ],
    ),
    (
        "五、隐患排查治理（160分）",
        [
            (
                "排查制度",
                "建立事故隐患排查治理制度，明确排查内容、频次和责任人。",
                20,
                "未建立的，不得分；内容不全的，每项扣2分。",
            ),
            (
                "排查实施",
                "每周开展一次安全检查，全年不少于40次，检查有记录。",
                40,
                "每少一次检查扣2分，扣完为止。",
            ),
            ("排查实施", "节假日前、季节变换时开展专项检查。", 20, "每少一次专项检查扣5分。"),
            (
                "隐患治理",
                "一般隐患及时整改，做到责任、措施、资金、时限和预案“五落实”。",
                40,
                "每发现一项隐患未按期整改扣5分；扣满20分的，追加扣除30分。",
            ),
            (
                "隐患治理",
                "重大事故隐患挂牌督办，整改验收后销号。",
                30,
                "存在重大事故隐患未整改的，本项不得分并实行一票否决。",
            ),
            (
                "隐患治理",
                "建立隐患排查治理台账，如实记录隐患排查治理情况。",
                10,
                "未建立台账的，不得分；记录不实的，扣5分。",
            ),
        ],
    ),
    (
        "六、现场安全管理（200分）",
        [
            (
                "设备设施",
                "生产设备设施完好，安全防护装置齐全有效。",
                40,
                "每发现一处防护装置缺失扣4分，扣完为止。",
            ),
            (
                "设备设施",
                "特种设备定期检验，检验合格标志在有效期内。",
                30,
                "每台特种设备未检验扣10分；扣满20分的，追加扣除20分。",
            ),
            (
                "作业管理",
                "动火、受限空间、高处等危险作业实行审批。",
                30,
                "未实行作业审批的，不得分；每发现一次未审批作业扣5分。",
            ),
            ("作业管理", "危险作业现场安排专人监护。", 20, "每发现一次无人监护扣5分。"),
            (
                "警示标志",
                "在危险场所和设备设施上设置明显的安全警示标志。",
                20,
                "每缺一处警示标志扣2分。",
            ),
            (
                "消防安全",
                "消防设施器材配置齐全、定期检查，疏散通道畅通。",
                30,
                "每发现一处器材失效扣3分；疏散通道堵塞的，扣10分。",
            ),
            (
                "职业健康",
                "为从业人员配备合格的劳动防护用品并督促正确佩戴。",
                20,
                "未配备的，不得分；每发现一人未正确佩戴扣1分。",
            ),
            (
                "职业健康",
                "开展职业病危害因素检测和职业健康检查。",
                10,
                "未开展检测的，扣5分；每缺一人体检扣1分。",
            ),
        ],
    ),
    (
        "七、应急管理（120分）",
        [
            (
                "应急预案",
                "编制生产安全事故应急预案，并按规定备案。",
                30,
                "未编制的，不得分；未备案的，扣10分。",
            ),
            (
                "应急预案",
                "每年至少组织一次综合应急演练和两次现场处置方案演练。",
                30,
                "每少一次演练扣10分。",
            ),
            (
                "应急保障",
                "建立应急救援队伍或指定兼职应急救援人员。",
                20,
                "未建立或指定的，不得分。",
            ),
            (
                "应急保障",
                "配备必要的应急救援器材和物资，定期检查维护。",
                20,
                "每缺一项器材扣2分；未检查维护的，扣5分。",
            ),
            (
                "应急保障",
                "有效处置突发事件，及时报告。",
                20,
                "迟报、漏报的，本项不得分并取消评优资格。",
            ),
        ],
    ),
    (
        "八、事故管理（80分）",
        [
            (
                "事故报告",
                "发生生产安全事故按规定及时如实报告。",
                30,
                "瞒报、谎报的，本项不得分并实行一票否决。",
            ),
            (
                "事故调查",
                "按“四不放过”原则调查处理事故，落实整改措施。",
                30,
                "未调查处理的，不得分；整改措施未落实的，每项扣5分。",
            ),
            ("事故统计", "建立事故档案和事故管理台账。", 20, "未建立的，扣10分。"),
        ],
    ),
]
CHANGES_2025 = {
    "reweigh": ("s4.1.1", 20, 25),  # 年度培训计划 20 → 25, and 宣传活动 20 → 15 to keep 120
    "reweigh2": ("s4.5.1", 20, 15),
    "reword": ("s6.4.1", "每缺一处警示标志扣2分。", "每缺一处警示标志扣3分。"),
    "add": ("七、应急管理（120分）", "应急保障", "每年开展应急预案评估。"),
    "remove": "s7.2.3",
}
"""What the 2025 table changes: two items reweighed, one method (a rule) changed, one item
added to 七 and one removed from it (七 keeps 120 points)."""


def table(year: int) -> list[tuple[str, list[tuple[str, str, int, str]]]]:
    if year == 2024:
        return TABLE
    out = []
    for category, items in TABLE:
        rows = list(items)
        if category.startswith("四"):
            rows[0] = (*rows[0][:2], 25, rows[0][3])
            rows[5] = (*rows[5][:2], 15, rows[5][3])
        if category.startswith("六"):
            rows[4] = (*rows[4][:3], "每缺一处警示标志扣3分。")
        if category.startswith("七"):
            del rows[2]  # 建立应急救援队伍 (s7.2.1 in 2024 ids? see tests for the match by text)
            rows.insert(
                2,
                ("应急保障", "每年开展应急预案评估，形成评估报告。", 20, "未开展评估的，不得分。"),
            )
        out.append((category, rows))
    return out


def workbook(year: int) -> Any:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "考核细则"
    ws.append([TITLE.format(year=year)])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append(list(HEADER))
    number = 0
    total = 0
    for category, items in table(year):
        first = ws.max_row + 1
        for project, content, points, method in items:
            number += 1
            ws.append([number, category, project, content, points, method, None])
        last = ws.max_row
        ws.merge_cells(start_row=first, start_column=2, end_row=last, end_column=2)
        subtotal = sum(p for _, _, p, _ in items)
        total += subtotal
        ws.append([None, None, None, "小计", subtotal, None, None])
    ws.append([None, "合计", None, None, total, None, None])
    for column, width in zip("ABCDEFG", (6, 18, 12, 50, 8, 50, 10), strict=True):
        ws.column_dimensions[column].width = width
    wb.properties.creator = "safecli example"
    return wb


def main() -> None:
    sys.path.insert(0, str(HERE.parent.parent / "src"))
    from safecli.read.sheets.writer import workbook_bytes

    for year in (2024, 2025):
        (HERE / f"wangchuan-{year}.xlsx").write_bytes(workbook_bytes(workbook(year)))


if __name__ == "__main__":
    main()
