"""The 整改通知书 (rectification notice) of one unit, as Markdown or HTML."""

from __future__ import annotations

from typing import Any

from safecli.model.numbering import cited
from safecli.portfolio.ledger import Notice
from safecli.render.docx import DocMeta
from safecli.render.ledger import entry_row

NOTICE_FORMATS = ("md", "html")
"""What `safecli findings --notice` writes."""


def render_notice(notice: Notice, fmt: str, lang: str = "zh", templates_dir: Any = None) -> str:
    """A 整改通知书 as md or html (`notice.md.j2`, `notice.html.j2`)."""
    from safecli.render.documents import render_template

    context = {
        "lang": lang,
        "t": NOTICE_WORDS[lang],
        "notice": notice,
        "hazards": [
            dict(
                entry_row(e, lang),
                overdue=e.overdue,
                supervised_flag=e.supervised,
                basis=cited(e.major.basis, lang) if e.major and e.major.basis else "",
                clause=e.major.clause.get(lang) if e.major and e.major.clause else "",
            )
            for e in notice.hazards
        ],
        "date": notice.date.isoformat(),
        "recheck": notice.recheck.isoformat(),
    }
    return render_template(f"notice.{fmt}.j2", context, templates_dir, lang)


NOTICE_WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "隐患整改通知书",
        "number": "编号",
        "to": "{subject}（{unit}）：",
        "body": "经对你单位安全生产自查记录的跟踪核查（判定日期 {date}），下列事故隐患尚未整改销号。"
        "请按照“定措施、定责任、定资金、定时限、定预案”的要求组织整改，于整改期限前完成，"
        "并将整改情况书面报送；重大事故隐患实行挂牌督办，整改完成并经复核后方可销号。",
        "overdue_note": "已逾期的隐患请立即整改，并说明逾期原因。",
        "basis": "重大事故隐患判定依据",
        "recheck": "复查日期：{recheck}。届时将对上述隐患逐项复查，复查合格的予以销号。",
        "no": "序号",
        "finding": "隐患编号",
        "item": "条款",
        "text": "隐患内容",
        "level": "等级",
        "owner": "责任人",
        "due": "整改期限",
        "status": "状态",
        "days_overdue": "逾期天数",
        "supervised": "挂牌督办",
        "standard": "依据标准",
        "sign_unit": "检查单位（盖章）",
        "receiver": "被检查单位签收",
        "date": "日期",
        "colon": "：",
        "file": "整改通知书",
    },
    "en": {
        "title": "Rectification notice",
        "number": "No.",
        "to": "To {subject} ({unit}):",
        "body": "Following up your self-inspection records (as of {date}), the hazards below are "
        "not yet closed. Rectify each before its deadline and report in writing; major hazards "
        "are under supervision and close only after a re-check.",
        "basis": "Why these are major accident hazards",
        "overdue_note": "Hazards past their deadline must be rectified at once, with the reason "
        "for the delay.",
        "recheck": "Re-check on {recheck}: each hazard is checked again and closed when rectified.",
        "no": "No.",
        "finding": "Finding",
        "item": "Item",
        "text": "Hazard",
        "level": "Level",
        "owner": "Owner",
        "due": "Due",
        "status": "Status",
        "days_overdue": "Days overdue",
        "supervised": "Supervised",
        "standard": "Standard",
        "sign_unit": "Inspecting body (seal)",
        "receiver": "Received by",
        "date": "Date",
        "colon": ": ",
        "file": "rectification-notice",
    },
}


def notice_meta(notice: Notice, lang: str = "zh", landscape: bool = False) -> DocMeta:
    """What the Word file of a 整改通知书 says about itself: its title, date and whether it
    prints landscape (as its HTML does: see `table_layout.WHOLE`)."""
    return DocMeta(
        title=NOTICE_WORDS[lang]["title"], date=notice.date, lang=lang, landscape=landscape
    )
