"""空项 on a 必备条件 needs its reason; grades may require an attestation outside the checklist."""

from __future__ import annotations

import json

import pytest
import yaml
from typer.testing import CliRunner

from safecli.cli.app import app
from safecli.model.record import Record, Response
from safecli.model.standard import Standard
from safecli.score.scoring import assess, required_na

runner = CliRunner()


def _standard() -> Standard:
    return Standard.model_validate(
        {
            "id": "tiny",
            "version": "1",
            "subject": "enterprise",
            "title": "小标准",
            "source": "seed.txt",
            "scoring_note": "每项50分。",
            "grades": [
                {
                    "id": "certified",
                    "min": 50,
                    "requires": ["a.1"],
                    "attestations": [
                        {"id": "acceptance", "text": "省级验收合格", "valid_months": 36}
                    ],
                    "label": "认证",
                },
                {"id": "good", "min": 50, "requires": ["a.1"], "label": "良好"},
                {"id": "poor", "min": 0, "label": "差"},
            ],
            "sections": [
                {
                    "id": "a",
                    "title": "甲",
                    "items": [
                        {"id": "a.1", "text": "必备", "points": 50, "source": "seed.txt#一.1"},
                        {
                            "id": "a.2",
                            "text": "大企业才有",
                            "points": 50,
                            "source": "seed.txt#一.2",
                            "applies_if": {"employees_min": 300},
                        },
                    ],
                }
            ],
        }
    )


def _record(a1, employees=500, **extra) -> Record:
    return Record.model_validate(
        {
            "standard": "tiny@1",
            "subject": {"kind": "enterprise", "name": "某公司", "employees": employees},
            "inspection": {"date": "2025-06-30"},
            "responses": {"a.1": a1, "a.2": "met"},
            **extra,
        }
    )


def test_required_na_without_reason_is_not_met():
    # a.1 answered na leaves both sums: 50/50 = 100.0, but the grade that requires it is refused
    result = assess(_standard(), _record("na"))
    assert (result.total, result.grade.id) == (100.0, "poor")
    assert "未说明理由" in result.item("a.1").reason.zh


def test_required_na_even_with_a_reason_is_not_met_but_shows_the_reason():
    # issue 20: a grade is never awarded on a waived 必备条件, whatever the reason
    result = assess(_standard(), _record({"status": "na", "na_reason": "本企业无此工艺"}))
    assert (result.total, result.grade.id) == (100.0, "poor")
    assert "必备条件不得作空项" in result.withheld[0].zh
    assert "理由：本企业无此工艺" in result.item("a.1").reason.zh
    assert "reason: 本企业无此工艺" in result.item("a.1").reason.en


def test_not_applicable_by_applies_if_counts_as_met():
    std = _standard()
    doc = std.model_dump(mode="json")
    doc["grades"][1]["requires"] = ["a.1", "a.2"]
    std = Standard.model_validate(doc)
    # 100 staff: a.2 does not apply by applies_if, whatever was answered; no reason needed
    result = assess(std, _record("met", employees=100))
    assert result.grade.id == "good"
    assert required_na(std, _record("met", employees=100)) == []


def test_na_reason_only_with_na():
    with pytest.raises(ValueError, match="na_reason goes with status na"):
        Response.model_validate({"status": "met", "na_reason": "不适用"})


def test_attestation_dated_on_or_before_inspection_and_still_valid():
    std = _standard()
    ok = {"acceptance": {"date": "2024-01-10", "by": "某省应急管理厅", "ref": "证书001"}}
    assert assess(std, _record("met", attestations=ok)).grade.id == "certified"
    assert assess(std, _record("met")).grade.id == "good"
    late = {"acceptance": {"date": "2025-07-01", "by": "某省应急管理厅"}}
    assert assess(std, _record("met", attestations=late)).grade.id == "good"
    expired = {"acceptance": {"date": "2022-06-29", "by": "某省应急管理厅"}}
    assert assess(std, _record("met", attestations=expired)).grade.id == "good"
    # the attestation does not lift a grade whose items fail
    assert assess(std, _record("unmet", attestations=ok)).grade.id == "poor"


# ---------------------------------------------------------------- through files and the CLI


def _write(tmp_path, responses, features=(), **extra):
    features = list(features)
    conditions = [*(f"conditions.{n}" for n in range(1, 7)), "conditions.6.certified"]
    conditions += [f"conditions.{n}" for n in range(7, 13)]
    doc = {
        "standard": "safety-integrity-enterprise@2023",
        "subject": {
            "kind": "enterprise",
            "id": "914403001922038216",
            "name": "某某机械有限公司",
            "employees": 120,
            "features": features,
        },
        "inspection": {"date": "2025-06-30", "by": "张三"},
        "responses": {c: "met" for c in conditions if c != "conditions.6.certified"}
        | {f"rectification.{n}": "met" for n in range(1, 6)}
        | responses,
        "metrics": {"certified_rate": 100},
        **extra,
    }
    path = tmp_path / "record.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


def test_na_on_a_required_item_that_applies_is_refused(tmp_path):
    # conditions.7 applies to an enterprise with a major hazard installation: no 空项, any reason
    path = _write(
        tmp_path,
        {"conditions.7": {"status": "na", "na_reason": "无重大危险源"}},
        features=["major-hazard-installation"],
    )
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert (
        "conditions.7 applies to this unit (features: major-hazard-installation): it may not be "
        "answered 不适用 (answer met, partial or unmet, or correct the subject's facts)"
    ) in result.output
    assert "record.yaml:" in result.output


def test_required_item_not_applying_by_its_condition_counts_as_met(tmp_path):
    # no major hazard installation (features: []): conditions.7 does not apply, whatever is said
    path = _write(tmp_path, {"conditions.7": {"status": "na", "na_reason": "无重大危险源"}})
    result = runner.invoke(app, ["score", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["grade"]["id"] == "normalized"
    assert runner.invoke(app, ["score", str(path), "--strict"]).exit_code == 0


def test_report_lists_every_empty_item_with_its_reason(tmp_path):
    path = _write(tmp_path, {"conditions.7": {"status": "na", "na_reason": "无重大危险源"}})
    out = tmp_path / "report.md"
    result = runner.invoke(app, ["report", str(path), "--format", "md", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "### 空项（不适用）及理由" in text  # under 四、失分项 (issue 10's report)
    assert (
        "| 标准 二（二）7 |" in text and "仅适用于构成重大危险源的单位" in text
    )  # the number on paper


def test_record_names_only_attestations_a_grade_requires(tmp_path):
    path = _write(
        tmp_path, {}, attestations={"iso-9001": {"date": "2025-01-01", "by": "某认证机构"}}
    )
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert "requires an attestation 'iso-9001'" in result.output
    assert "standardization-acceptance" in result.output


def test_standardized_through_the_cli(tmp_path):
    acceptance = {
        "date": "2025-03-15",
        "by": "河北省应急管理厅",
        "ref": "冀安标〔2025〕12号",
        "level": "省",
    }
    path = _write(tmp_path, {}, attestations={"standardization-acceptance": acceptance})
    result = runner.invoke(app, ["score", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["grade"]["id"] == "standardized"


def test_schemas_describe_the_new_fields():
    record = json.loads(runner.invoke(app, ["schema", "record"]).stdout)
    defs = record["$defs"]
    assert "na_reason" in defs["Response"]["anyOf"][1]["properties"] or "na_reason" in str(
        defs["Response"]
    )
    assert "空项理由" in json.dumps(defs["Response"], ensure_ascii=False)
    assert defs["Attestation"]["properties"]["by"]["description"]
    standard = json.loads(runner.invoke(app, ["schema", "standard"]).stdout)
    sdefs = standard["$defs"]
    assert sdefs["Grade"]["properties"]["attestations"]["description"]
    assert sdefs["AttestationRule"]["properties"]["valid_months"]["description"]
    assert sdefs["TracePart"]["properties"]["omitted"]["description"]


def test_report_says_why_a_grade_was_withheld(tmp_path):
    path = _write(tmp_path, {"conditions.7": "unmet"}, features=["major-hazard-installation"])
    result = runner.invoke(app, ["score", str(path), "--format", "json"])
    data = json.loads(result.stdout)
    assert data["grade"]["id"] == "problem-rectified"
    assert data["withheld"] == [
        "未评为标准化企业：必备条件 conditions.7 未符合；记录未载明有效的外部认定："
        "按国家和省有关规定，经安全生产标准化验收合格（国家或省级验收，写明验收机关和日期）"
        "（standardization-acceptance）",
        "未评为规范化企业：必备条件 conditions.7 未符合",
    ]
    out = tmp_path / "report.html"
    runner.invoke(app, ["report", str(path), "--format", "html", "-o", str(out)])
    assert '<p class="withheld">未评为规范化企业：' in out.read_text(encoding="utf-8")


def test_blank_record_offers_the_attestation_line(tmp_path):
    blank = tmp_path / "blank.yaml"
    assert (
        runner.invoke(app, ["init", "safety-integrity-enterprise", "-o", str(blank)]).exit_code == 0
    )
    text = blank.read_text(encoding="utf-8")
    assert "na_reason" in text
    line = "#   standardization-acceptance: {date: YYYY-MM-DD, by: …, ref: …, level: 国家|省|市|县}"
    assert line in text
    text = text.replace("  name:              #", "  name: 某某机械有限公司  #", 1)
    text = text.replace("  date:              #", "  date: 2025-06-30  #", 1)
    text = text.replace("# attestations:", "attestations:", 1)
    text = text.replace(
        line,
        "  standardization-acceptance: {date: 2025-03-15, by: 河北省应急管理厅, ref: 冀安标12号,"
        " level: 省}",
    )
    text = text.replace("  # features: [", "  features: []  # [", 1)
    filled = tmp_path / "filled.yaml"
    filled.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["validate", str(filled)])
    assert result.exit_code == 0, result.output
