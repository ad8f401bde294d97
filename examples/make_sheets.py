"""Make the filled example 自查表 `examples/records/safe-community-自查表.xlsx` with the library.

It starts from the blank sheet `safecli init safe-community --format xlsx` writes, fills it in the
way a community's safety officer would, and saves it byte-identically run to run.

    python examples/make_sheets.py            # rewrite the example
    safecli score "examples/records/safe-community-自查表.xlsx"
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "records" / "safe-community-自查表.xlsx"

SUBJECT = {
    "统一社会信用代码": "SQ-130104-015",
    "单位名称": "桥西区友谊街道维明社区",
    "从业人员": 9,
    "地区": "河北省石家庄市桥西区",
    "联系人": "王建华 0311-8xxxxxxx",
    "检查日期": "2025-10-28",
    "检查人": "王建华、李静",
    "检查期间": "2025",
    "审核人": "周立新",
}

# item id: 自评结果, 实得分, 实测值, 扣分项, 证明材料, 存在问题, 隐患等级, 整改措施, 责任人, 整改期限, 整改状态
ROWS: dict[str, dict[str, Any]] = {
    "organization.1": {"result": "符合", "evidence": "社区安全领导小组成立文件（维社〔2025〕3号）"},
    "organization.2": {"result": "符合"},
    "organization.3": {
        "result": "部分符合",
        "score": 1,
        "evidence": "应急救援预案（2025版）",
        "finding": "应急救援队伍未开展年度演练",
        "measure": "11月内组织一次消防疏散与救援演练并留存影像记录",
        "owner": "李静",
        "due": "2025-11-30",
    },
    "organization.4": {"result": "符合", "evidence": "巡逻登记簿"},
    "organization.5": {
        "deductions": "officer-appraisal×1；safety-meetings×1",
        "finding": "缺安监员工作考核制度；安全工作例会记录不全",
        "measure": "补建考核制度，按月召开例会并记录",
        "owner": "王建华",
        "due": "2025-12-15",
    },
    "production.1": {"result": "符合"},
    "production.2": {"result": "符合"},
    "production.3": {"value": 96.4, "evidence": "辖区生产经营单位普查表（83家/86家）"},
    "production.4": {"result": "符合"},
    "production.5": {"result": "符合"},
    "production.6": {"result": "基本符合", "score": 1.5, "finding": "两家小餐饮未明确安全责任人"},
    "production.7": {"result": "不适用"},  # 辖区内无规模企业
    "fire.1": {"result": "符合"},
    "fire.1.pass_rate": {"value": 100},
    "fire.1.intact_rate": {
        "value": 97.8,
        "finding": "7号楼2单元两具灭火器压力不足",
        "measure": "更换灭火器并张贴检查卡",
        "owner": "物业公司 张伟",
        "due": "2025-11-10",
        "state": "已整改",
    },
    "fire.2": {"result": "符合"},
    "fire.3": {
        "result": "不符合",
        "score": 0,
        "finding": "[重大]3号楼地下室堆放液化气钢瓶，消防通道被电动车堵塞",
        "measure": "立即清理钢瓶和电动车，设置禁停标志，建集中充电棚",
        "owner": "物业公司 张伟",
        "due": "2025-11-15",
    },
    "fire.4": {"result": "符合"},
    "fire.5": {"result": "符合"},
    "fire.6": {"result": "符合"},
    "fire.7": {"result": "符合", "evidence": "消防宣传活动记录（3月、6月、9月）"},
    "fire.8": {"result": "部分符合", "finding": "年内发生一起电动车充电起火（无人员伤亡）"},
    "fire.9": {"result": "符合"},
    "traffic.1": {"result": "符合"},
    "traffic.2": {
        "result": "部分符合",
        "score": 1,
        "finding": "北门非机动车乱停",
        "measure": "施划非机动车停放线",
        "owner": "网格员 赵磊",
        "due": "2025-11-20",
    },
    "traffic.3": {"result": "符合"},
    "traffic.4": {"result": "符合"},
    "traffic.4.plate_rate": {"value": 100},
    "traffic.4.annual_review_rate": {"value": 98.5},
    "traffic.5": {"result": "符合"},
    "food.1": {"result": "符合"},
    "food.2": {"result": "符合"},
    "food.3": {"result": "符合"},
    "food.4": {"result": "符合"},
    "food.5": {"result": "符合"},
    "education.1": {"result": "符合", "evidence": "安全生产月活动照片；119宣传日签到表"},
    "education.2": {"result": "符合"},
    "education.3": {"result": "符合"},
    "education.4": {"result": "符合"},
    "education.5": {"result": "部分符合"},
    "education.6": {"result": "符合"},
    "education.7": {"result": "符合"},
    "accidents.1": {"result": "符合"},
    "officer.1": {"result": "符合"},
    "officer.2": {"result": "符合"},
    "officer.3": {"result": "符合"},
    "officer.4": {"result": "符合"},
    "officer.5": {"result": "符合", "evidence": "安监员培训合格证"},
    "officer.6": {"result": "符合"},
    "review.1": {"value": 4},
    "review.2": {"value": 1},
    "review.3": {"value": 10},
    "review.4": {"result": "符合"},
}

INCIDENTS = [["2025-08-14", "火灾", 0, 0, 6500, "12号楼车棚电动车充电起火，物业及时扑灭"]]


def make() -> bytes:
    """The filled example sheet, as xlsx bytes."""
    import openpyxl

    from safecli.model.numbering import paper_numbers
    from safecli.read.catalog import default_catalog
    from safecli.read.sheets import ITEM_COLUMNS, workbook_bytes, write_blank

    std = default_catalog().get("safe-community@2019")
    blank = write_blank(std, "xlsx", "zh")
    assert isinstance(blank, bytes)
    wb = openpyxl.load_workbook(io.BytesIO(blank))
    items, subject, incidents = wb.worksheets
    column = {c.key: i for i, c in enumerate(ITEM_COLUMNS, start=1)}
    # the Chinese sheet names each item by its number on paper (附件2 一、1)
    ids = {number: item_id for item_id, number in paper_numbers(std).items()}
    for row in items.iter_rows(min_row=2):
        for key, value in ROWS.get(ids.get(row[0].value, row[0].value), {}).items():
            items.cell(row[0].row, column[key]).value = value
    for row in subject.iter_rows(min_row=2):
        if row[0].value in SUBJECT:
            row[1].value = SUBJECT[row[0].value]
    for incident in INCIDENTS:
        incidents.append(incident)
    return workbook_bytes(wb)


def main() -> None:
    from safecli.read.output import write_atomic

    write_atomic(OUTPUT, make())
    print(f"wrote {OUTPUT.relative_to(HERE.parent)}", file=sys.stderr)


if __name__ == "__main__":
    main()
