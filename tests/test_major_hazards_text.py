"""The 判定 packs against the regulations' text, clause by clause (issue 22, the text check).

Each expectation below was written by hand from the clause as read (see each pack's
`source_note`): what a corrected situation must say, what it must no longer say, and which
clauses a unit of a corrected industry gets on its checklist."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from safecli.cli.app import app
from safecli.read.catalog import default_catalog

runner = CliRunner()


def pack(version: str):
    return default_catalog().get(f"major-hazards-industry-trade@{version}")


def checklist(tmp_path, version: str, industries: str, features: str = "[]") -> list[str]:
    """The item ids `init` writes for a unit of these industries and features, in order."""
    profile = tmp_path / "profile.yaml"
    profile.write_text(
        f"name: 某厂\nregion: 某省某市\nindustries: {industries}\nfeatures: {features}\n",
        encoding="utf-8",
    )
    out = tmp_path / "checklist.yaml"
    args = ["init", f"major-hazards-industry-trade@{version}", "--subject", str(profile)]
    result = runner.invoke(app, [*args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return re.findall(r"^  # ([\w.-]+): 不存在  # ", out.read_text(encoding="utf-8"), flags=re.M)


# -------------------------------------------------------- what each corrected clause says


@pytest.mark.parametrize(
    ("version", "clause", "says", "does_not_say"),
    [
        # 第五条（三）: two kinds of furnace are excepted, not tilting ones alone
        ("2023", "第五条（三）", ["倾动式", "带保温炉的固定式熔炼炉除外"], []),
        # 第五条（十三）: the same four ways as 第四条（八）
        ("2023", "第五条（十三）", ["30kPa", "隔断装置两侧", "不同介质"], []),
        # 第六条（四）: 焙烧窑, 预热器旋风筒 and 竖炉 are among the places entered
        ("2023", "第六条（四）", ["焙烧窑", "预热器旋风筒", "竖炉", "坍塌"], []),
        # 第九条（二）: mixing with incompatibles, or the store not kept dry; no "open air"
        ("2023", "第九条（二）", ["次氯酸钠", "禁忌物料", "防水防潮"], ["露天", "包装"]),
        ("2023", "第十二条（二）", ["9人", "或者"], []),
        ("2023", "第十三条（二）", ["审批", "先通风", "监护"], []),
        # 2017 二（一）: 7 煤气柜, 8 CO alarms, 9 isolation and purging, 10 shut-off valves
        ("2017", "二（一）7", ["煤气柜", "防雷"], ["高炉"]),
        ("2017", "二（一）8", ["一氧化碳"], []),
        ("2017", "二（一）9", ["隔离装置", "吹扫"], ["切断阀"]),
        ("2017", "二（一）10", ["支管", "总管切断阀"], []),
        ("2017", "二（二）1", ["耳轴销", "钢丝绳"], ["探伤"]),
        ("2017", "二（五）5", ["衬砖损坏", "壳体发红"], []),
        ("2017", "二（五）6", ["喷涂车间", "调漆间", "通风装置", "防爆电气"], ["可燃气体"]),
        # kept as it was: 2017 still had 露天 for 保险粉
        ("2017", "二（六）2", ["禁忌物料", "露天"], []),
    ],
)
def test_a_corrected_clause_says_what_the_text_says(version, clause, says, does_not_say):
    std = pack(version)
    (item,) = [i for i in std.items() if i.article == clause]
    for words in says:
        assert words in item.text.zh, (clause, words)
    for words in does_not_say:
        assert words not in item.text.zh, (clause, words)
    assert item.text.en  # English beside it


def test_the_2017_pack_has_no_blast_furnace_top_pressure_item():
    """二（一） of 2017 has no 高炉炉顶压力 situation (that is 2023's 第四条（五））."""
    assert not [i.article for i in pack("2017").items() if "炉顶" in i.text.zh]
    (top,) = [i for i in pack("2023").items() if "炉顶" in i.text.zh]
    assert top.article == "第四条（五）"


def test_article_13_names_its_subject_confined_spaces_with_a_poisoning_risk():
    (section,) = [s for s in pack("2023").sections if s.article == "第十三条"]
    assert "中毒" in section.title.zh and "poisoning" in section.title.en
    assert [i.applies_if.features for i in section.items] == [["confined-space"]] * 2


@pytest.mark.parametrize("version", ["2023", "2017"])
def test_the_source_note_names_where_the_text_was_read(version):
    note = pack(version).source_note
    if version == "2023":
        for place in ("An-0726/safety-basis", "C_PDDB_3.json", "C_PDDB_14.json", "mem.gov.cn"):
            assert place in note.zh and place in note.en
        # read in one transcription only
        assert "第五条、第八条至第十条、第十一条（六）至（十）、第十二条、第十三条" in note.zh
    else:
        assert "m.niuyw.com" in note.zh and "m.wenke99.com" in note.zh
        assert "16183622833" in note.zh and "16183622833" in note.en


# -------------------------------------------------------- checklists of corrected industries


def test_a_textile_unit_gets_the_management_items_and_article_9(tmp_path):
    assert checklist(tmp_path, "2023", "[textile]") == ["art3.1", "art3.2", "art9.1", "art9.2"]


def test_a_nonferrous_unit_with_confined_spaces_gets_article_5_and_article_13(tmp_path):
    ids = checklist(tmp_path, "2023", "[nonferrous]", "[有限空间作业]")
    assert ids == [
        "art3.1",
        "art3.2",
        *(f"art5.{n}" for n in range(1, 14)),
        "art13.1",
        "art13.2",
    ]


def test_a_light_industry_unit_gets_the_seven_clauses_of_article_8(tmp_path):
    ids = checklist(tmp_path, "2023", "[light-industry]")
    assert ids == ["art3.1", "art3.2", *(f"art8.{n}" for n in range(1, 8))]


def test_a_2017_metallurgy_unit_gets_the_eleven_metallurgy_situations(tmp_path):
    ids = checklist(tmp_path, "2017", "[metallurgy]")
    assert ids == [f"metallurgy.{n}" for n in range(1, 12)]
    articles = [pack("2017").item_map()[i].article for i in ids]
    assert articles == [f"二（一）{n}" for n in range(1, 12)]


def test_a_2017_light_industry_unit_gets_its_six_situations(tmp_path):
    ids = checklist(tmp_path, "2017", "[light-industry]")
    assert ids == [f"light-industry.{n}" for n in range(1, 7)]


def test_the_2017_note_states_each_class_count_as_the_structure_has_it():
    """一（一）10 … 二（八）1: each class's count in the note's words, within its part."""
    std = pack("2017")
    note = std.source_note.zh
    special = note[note.index("一、专项类") : note.index("二、行业类")]
    industry = note[note.index("二、行业类") :]
    for key, count in std.structure.items():
        part = special if key.startswith("一") else industry
        assert re.search(re.escape(key[1:]) + f"[^（）。；，]*?{count}项", part), key
    assert sum(std.structure.values()) == 59
