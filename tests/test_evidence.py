"""Evidence files that are checked, and on-site checks that lapse: issue 23.

Each test builds a small records repository (a `.git` folder marks its root) holding the mini
standard, a record and its evidence files, so the files can be moved, changed and linked.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import tracemalloc
from pathlib import Path

import pytest
from typer.testing import CliRunner

from safecli.cli.app import app
from safecli.model.record import Record
from safecli.model.standard import Standard
from safecli.read.evidence import (
    CHANGED,
    MISSING,
    MOVED,
    OK,
    OUTSIDE,
    PAPER,
    SYMLINK_OUT,
    UNHASHED,
    check_record,
    file_sha256,
)
from safecli.score.scoring import assess

MINI = Path(__file__).parent / "fixtures" / "standards" / "mini.yaml"
runner = CliRunner()


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


RECORD = """\
standard: mini@1
subject: {{kind: enterprise, id: 914403001922038014, name: 甲厂, employees: 320}}
inspection: {{date: 2026-02-01}}
responses:
  a.1:
    status: met
    evidence:
      - {{file: ../archives/good.pdf, sha256: {good}}}
      - {{file: ../archives/missing.pdf, sha256: {missing}}}
      - {{file: ../archives/2025/moved.pdf, sha256: {moved}}}
      - {{file: ../archives/changed.pdf, sha256: {changed}}}
  a.2: {{status: met, evidence: [重点部位整治台帐, ../archives/unhashed.pdf]}}
  a.3: met
  a.4: met
  b.2: met
metrics: {{inspections: 40}}
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "standards").mkdir()
    shutil.copy(MINI, root / "standards" / "mini.yaml")
    archives = root / "archives"
    (archives / "2026").mkdir(parents=True)
    (archives / "good.pdf").write_bytes(b"good")
    (archives / "2026" / "moved.pdf").write_bytes(b"moved")  # was archives/2025/moved.pdf
    (archives / "changed.pdf").write_bytes(b"changed after the assessment")
    (archives / "unhashed.pdf").write_bytes(b"unhashed")
    (root / "records").mkdir()
    (root / "records" / "a.yaml").write_text(
        RECORD.format(
            good=_sha(b"good"),
            missing=_sha(b"missing"),
            moved=_sha(b"moved"),
            changed=_sha(b"as assessed"),
        ),
        encoding="utf-8",
    )
    monkeypatch.chdir(root)
    return root


def _validate(*args: str) -> tuple[int, list[str]]:
    result = runner.invoke(app, ["validate", *args, "--standards-dir", "standards"])
    return result.exit_code, result.stderr.splitlines()


def test_a_good_a_missing_a_moved_and_a_changed_file_give_four_results(repo: Path) -> None:
    record = Record.model_validate(
        __import__("yaml").safe_load((repo / "records" / "a.yaml").read_text(encoding="utf-8"))
    )
    checks = check_record(record, repo / "records" / "a.yaml")
    assert [(c.item, c.index, c.state) for c in checks] == [
        ("a.1", 0, OK),
        ("a.1", 1, MISSING),
        ("a.1", 2, MOVED),
        ("a.1", 3, CHANGED),
        ("a.2", 0, PAPER),
        ("a.2", 1, UNHASHED),
    ]
    assert checks[2].found == "../archives/2026/moved.pdf"
    assert checks[3].sha256 == _sha(b"changed after the assessment")


def test_validate_evidence_locates_each_at_the_record_line(repo: Path) -> None:
    assert _validate("records/a.yaml") == (0, [])  # without --evidence, files are not looked at
    code, lines = _validate("records/a.yaml", "--evidence")
    assert code == 2
    short_old, short_new = _sha(b"as assessed")[:12], _sha(b"changed after the assessment")[:12]
    assert lines == [
        "records/a.yaml:9:9: error: evidence file '../archives/missing.pdf' of a.1 does not exist "
        "(restore the file, or correct the path)",
        "records/a.yaml:10:9: error: evidence file '../archives/2025/moved.pdf' of a.1 is not "
        "there; a file with its sha256 is at '../archives/2026/moved.pdf' (write the file's new "
        "path)",
        f"records/a.yaml:11:9: error: evidence file '../archives/changed.pdf' of a.1 has changed "
        f"since it was hashed (sha256 {short_old}… recorded, {short_new}… now) (restore the file, "
        "or hash it again: safecli evidence hash --rehash)",
    ]


def test_validate_evidence_in_chinese(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAFECLI_LANG", "zh")
    _, lines = _validate("records/a.yaml", "--evidence")
    assert lines[0] == (
        "records/a.yaml:9:9: error: a.1 的证明材料 '../archives/missing.pdf' 不存在"
        "（请补回该文件，或更正路径）"
    )
    assert "不在原处；哈希相同的文件在 '../archives/2026/moved.pdf'" in lines[1]
    assert "自登记哈希后已被改动" in lines[2]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_link_out_of_the_repository_is_refused_and_never_read(repo: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(b"not the repository's")
    os.symlink(secret, repo / "archives" / "link.pdf")
    os.symlink(repo / "archives" / "good.pdf", repo / "archives" / "inner.pdf")
    path = repo / "records" / "a.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "  a.3: met",
            "  a.3: {status: met, evidence: [../archives/link.pdf, ../archives/inner.pdf, "
            "../../outside.pdf]}",
        ),
        encoding="utf-8",
    )
    code, lines = _validate("records/a.yaml", "--evidence")
    assert code == 2
    assert lines[3:] == [
        "records/a.yaml:13:33: error: evidence file '../archives/link.pdf' of a.3 is a symbolic "
        "link out of the repository: refused (copy the file into the repository)",
        "records/a.yaml:13:78: error: evidence file '../../outside.pdf' of a.3 is outside the "
        "repository (keep evidence inside the repository)",
    ]
    # a link that stays inside the repository is followed; the one out is never hashed
    result = runner.invoke(
        app, ["evidence", "hash", "records/a.yaml", "--standards-dir", "standards"]
    )
    assert result.exit_code == 0, result.output
    # each file it leaves out says so, where the record names it, with what to do
    assert result.stderr.splitlines()[-2:] == [
        "records/a.yaml:13:33: warning: evidence file '../archives/link.pdf' of a.3 is a symbolic "
        "link out of the repository: refused (copy the file into the repository)",
        "records/a.yaml:13:78: warning: evidence file '../../outside.pdf' of a.3 is outside the "
        "repository (keep evidence inside the repository)",
    ]
    text = path.read_text(encoding="utf-8")
    assert _sha(b"not the repository's") not in text
    assert f'{{file: "../archives/inner.pdf", sha256: {_sha(b"good")}}}' in text
    record = Record.model_validate(__import__("yaml").safe_load(text))
    states = {(c.item, c.name): c.state for c in check_record(record, path)}
    assert states[("a.3", "../archives/link.pdf")] == SYMLINK_OUT
    assert states[("a.3", "../../outside.pdf")] == OUTSIDE


def test_evidence_hash_fills_in_hashes_keeping_the_layout(repo: Path) -> None:
    path = repo / "records" / "a.yaml"
    path.write_text(
        "# 甲厂 2026 自查\n"
        + path.read_text(encoding="utf-8").replace(
            "  a.4: met",
            "  a.4:\n    status: met\n    evidence:\n      - file: ../archives/good.pdf  # 原件\n",
        ),
        encoding="utf-8",
    )
    result = runner.invoke(
        app, ["evidence", "hash", "records/a.yaml", "--standards-dir", "standards"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "records/a.yaml: a.2: sha256 of ../archives/unhashed.pdf recorded",
        "records/a.yaml: a.4: sha256 of ../archives/good.pdf recorded",
    ]
    assert result.stderr == (
        "records/a.yaml:10:9: warning: evidence file '../archives/missing.pdf' of a.1 does not "
        "exist (restore the file, or correct the path)\n"
        "records/a.yaml:11:9: warning: evidence file '../archives/2025/moved.pdf' of a.1 does not "
        "exist (restore the file, or correct the path)\n"
    )
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# 甲厂 2026 自查\n")
    assert (
        "  a.2: {status: met, evidence: [重点部位整治台帐, "
        f'{{file: "../archives/unhashed.pdf", sha256: {_sha(b"unhashed")}}}]}}\n'
    ) in text
    assert (
        f"      - file: ../archives/good.pdf  # 原件\n        sha256: {_sha(b'good')}\n"
    ) in text or (
        f"      - file: ../archives/good.pdf\n        sha256: {_sha(b'good')}  # 原件\n"
    ) in text
    # the hashes already recorded (the changed file's among them) are left alone
    assert _sha(b"changed after the assessment") not in text
    again = runner.invoke(
        app, ["evidence", "hash", "records/a.yaml", "--standards-dir", "standards"]
    )
    assert again.stdout == "records/a.yaml: nothing to hash\n"
    # --rehash takes the file as it is now: the change is accepted on purpose
    runner.invoke(
        app, ["evidence", "hash", "records/a.yaml", "--rehash", "--standards-dir", "standards"]
    )
    assert _sha(b"changed after the assessment") in path.read_text(encoding="utf-8")


def test_evidence_hash_writes_nothing_when_a_record_is_invalid(repo: Path) -> None:
    good = repo / "records" / "a.yaml"
    before = good.read_bytes()
    (repo / "records" / "bad.yaml").write_text("standard: mini@1\nsubject: 1\n", encoding="utf-8")
    result = runner.invoke(
        app,
        ["evidence", "hash", "records/a.yaml", "records/bad.yaml", "--standards-dir", "standards"],
    )
    assert result.exit_code == 2
    assert "records/bad.yaml:2:10: error:" in result.stderr
    assert good.read_bytes() == before
    sheet = repo / "records" / "x.csv"
    sheet.write_text("标准,mini@1\n", encoding="utf-8")
    result = runner.invoke(app, ["evidence", "hash", "records/x.csv"])
    assert result.exit_code == 2
    assert result.stderr == (
        "records/x.csv: error: is not a YAML record: evidence hash edits YAML "
        "records only (hash a sheet's evidence in YAML)\n"
    )


def test_check_fails_the_evidence_gate_when_the_config_asks(repo: Path) -> None:
    (repo / "safecli.yaml").write_text("standards_dirs: [standards]\n", encoding="utf-8")
    assert runner.invoke(app, ["check", "--as-of", "2026-03-01"]).exit_code == 0
    (repo / "safecli.yaml").write_text(
        "standards_dirs: [standards]\nfail_on: {evidence: true}\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["check", "--as-of", "2026-03-01", "--lang", "en"])
    assert result.exit_code == 1
    errors = [line for line in result.stdout.splitlines() if ": error: " in line]
    assert [line.split(" of a.1 ")[0] for line in errors] == [
        "records/a.yaml:9:9: error: [evidence] evidence file '../archives/missing.pdf'",
        "records/a.yaml:10:9: error: [evidence] evidence file '../archives/2025/moved.pdf'",
        "records/a.yaml:11:9: error: [evidence] evidence file '../archives/changed.pdf'",
    ]


def test_the_report_lists_each_evidence_file_with_its_state(repo: Path) -> None:
    args = ["report", "records/a.yaml", "--format", "md", "-o", "a.md"]
    assert runner.invoke(app, [*args, "--standards-dir", "standards"]).exit_code == 0
    text = (repo / "a.md").read_text(encoding="utf-8")
    assert "| 标准 1 | ../archives/good.pdf | 完好（哈希一致） |" in text
    assert "| 标准 1 | ../archives/missing.pdf | 缺失 |" in text
    assert "| 标准 1 | ../archives/2025/moved.pdf | 已移动：../archives/2026/moved.pdf |" in text
    assert "| 标准 1 | ../archives/changed.pdf | 已改动（哈希不符） |" in text
    assert "| 标准 2 | 重点部位整治台帐 | 纸质材料（不核对） |" in text


def test_hashing_streams_in_flat_memory(tmp_path: Path) -> None:
    big = tmp_path / "big.bin"
    with open(big, "wb") as handle:
        handle.truncate(64 << 20)  # 64 MiB of zeros (sparse: cheap to make)
    tracemalloc.start()
    digest = file_sha256(big)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert digest == hashlib.sha256(bytes(64 << 20)).hexdigest()
    assert peak < 4 << 20  # one block of 1 MiB, not the file


# ---------------------------------------------------------------- on-site checks


def _onsite_standard() -> Standard:
    return Standard.model_validate(
        {
            "id": "site",
            "version": "1",
            "subject": "enterprise",
            "title": "现场标准",
            "source": "seed.txt",
            "scoring_note": "每项50分。",
            "grades": [
                {"id": "good", "min": 60, "label": "良好"},
                {"id": "poor", "min": 0, "label": "差"},
            ],
            "sections": [
                {
                    "id": "a",
                    "title": "甲",
                    "items": [
                        {"id": "a.1", "text": "消防通道畅通", "points": 50, "source": "seed.txt#1",
                         "on_site": True},
                        {"id": "a.2", "text": "制度齐全", "points": 50, "source": "seed.txt#2"},
                    ],
                }
            ],
        }
    )  # fmt: skip


def _site_record(verified: dict | None, status: str = "met") -> Record:
    response: dict = {"status": status}
    if verified is not None:
        response["verified"] = verified
    return Record.model_validate(
        {
            "standard": "site@1",
            "subject": {"kind": "enterprise", "name": "某公司"},
            "inspection": {"date": "2026-02-01"},
            "responses": {"a.1": response, "a.2": "met"},
        }
    )


ON_SITE = {
    "by": "李四（区应急管理局）",
    "date": "2025-06-01",
    "method": "现场检查",
    "valid_months": 12,
}


@pytest.mark.parametrize(
    ("verified", "as_of", "total", "status"),
    [
        (ON_SITE, dt.date(2026, 2, 1), 100.0, "met"),  # checked eight months before: stands
        (ON_SITE, dt.date(2026, 5, 31), 100.0, "met"),  # the last day of its twelve months
        (ON_SITE, dt.date(2026, 6, 1), 50.0, "unmet"),  # lapsed: the answer is self-assessed
        ({**ON_SITE, "method": "查阅资料"}, dt.date(2026, 2, 1), 50.0, "unmet"),  # not on site
        (None, dt.date(2026, 2, 1), 50.0, "unmet"),  # never checked
    ],
)
def test_an_on_site_item_is_not_met_on_a_self_assessed_answer_alone(
    verified: dict | None, as_of: dt.date, total: float, status: str
) -> None:
    a = assess(_onsite_standard(), _site_record(verified), as_of)
    assert (a.total, a.item("a.1").status) == (total, status)


def test_a_lapsed_check_says_when(tmp_path: Path) -> None:
    a = assess(_onsite_standard(), _site_record(ON_SITE), dt.date(2026, 6, 1))
    assert a.item("a.1").reason.zh == (
        "现场检查（李四（区应急管理局），2025-06-01，有效 12 个月）已于 2026-06-01 失效，"
        "自评结果不作数，得 0 分"
    )
    # an unmet answer needs no check to stand: it scores 0 as answered
    unmet = assess(_onsite_standard(), _site_record(None, "unmet"), dt.date(2026, 2, 1))
    assert unmet.item("a.1").reason.zh == "不符合，得 0 分"
