"""Generate N synthetic records for the bundled standards, in a chosen mix of outcomes.

    python benchmarks/generate.py 10000 benchmarks/data/half-10000 --mix half

A mix says what share of the records fail each way: `below` (grade under the required one),
`vetoed` (an accident that fires the standard's veto), `blacklisted` (a blacklist rule: resisting
inspection for safety-integrity-enterprise, an unmet 否决项 elsewhere), `overdue` (an open major
hazard past its deadline) and `invalid` (one schema or YAML error). The rest pass every gate.
Named mixes: `passing` (mostly passing), `half` (half failing), `failing` (all failing, 5 %
invalid), `most` (99 % failing, 1 % invalid), `clean` (mostly passing, none invalid: what a batch of reports needs); or give the shares, `--mix below=0.2,vetoed=0.1,invalid=0.02`.

The folder gets `safecli.yaml` (each standard's required grade) and the records under
`records/`. The same N, mix and seed give the same files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

import yaml

from safecli.model.industries import INDUSTRIES
from safecli.model.record import CREDIT_CODE_CHARS, CREDIT_CODE_WEIGHTS
from safecli.model.standard import ItemKind, Op, Standard
from safecli.read.catalog import default_catalog

FATES = ("below", "vetoed", "blacklisted", "overdue", "invalid")
MIXES: dict[str, dict[str, float]] = {
    "passing": {
        "below": 0.04,
        "vetoed": 0.02,
        "blacklisted": 0.01,
        "overdue": 0.02,
        "invalid": 0.01,
    },
    "half": {"below": 0.22, "vetoed": 0.1, "blacklisted": 0.05, "overdue": 0.1, "invalid": 0.03},
    "failing": {"below": 0.45, "vetoed": 0.2, "blacklisted": 0.1, "overdue": 0.2, "invalid": 0.05},
    "most": {"below": 0.5, "vetoed": 0.2, "blacklisted": 0.09, "overdue": 0.19, "invalid": 0.01},
    "clean": {"below": 0.04, "vetoed": 0.02, "blacklisted": 0.01, "overdue": 0.02},
}
"""Share of records failing each way; the rest pass."""
REQUIRED = {
    "safe-enterprise": "pass",
    "safety-integrity-enterprise": "problem-rectified",
    "safe-community": "pass",
    "district-work-plan": "pass",
}
"""The grade each standard's records must reach (written to safecli.yaml)."""

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
REGIONS = [
    "苏州市吴中区",
    "无锡市滨湖区",
    "保定市莲池区",
    "惠州市惠城区",
    "青岛市黄岛区",
    "石家庄市长安区",
    "宁波市鄞州区",
    "佛山市南海区",
    "合肥市蜀山区",
    "长沙市岳麓区",
]
TRADES = ["化工", "机械", "建筑", "物流", "纺织", "食品", "五金", "电子", "建材", "印刷"]
FINDINGS = [
    "消防通道堆物",
    "警示标志缺失",
    "台帐记录不全",
    "灭火器过期",
    "配电箱未接地",
    "应急预案未演练",
]
BAD = ["status", "date", "name", "key", "yaml"]
"""The ways an invalid record is broken."""
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
"""libyaml's emitter when PyYAML has it: the same text as the Python one for these records
(compared on 2,000 of them), four times faster, which a million records need."""


def dump(data: dict) -> str:
    return yaml.dump(data, Dumper=DUMPER, allow_unicode=True, sort_keys=False)


def credit_code(rnd: random.Random) -> str:
    body = "91" + "".join(rnd.choice("0123456789") for _ in range(6))
    body += "".join(rnd.choice(CREDIT_CODE_CHARS) for _ in range(9))
    total = sum(
        CREDIT_CODE_CHARS.index(c) * w for c, w in zip(body, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return body + CREDIT_CODE_CHARS[(31 - total % 31) % 31]


def metric_value(rnd: random.Random, op: Op, target: float, hit: bool) -> float:
    if op in (Op.ge, Op.gt):
        base = target if target else 1
        return round(base * (rnd.uniform(1.0, 1.3) if hit else rnd.uniform(0.5, 0.99)), 1)
    if op in (Op.le, Op.lt):
        if target <= 0:
            return round(target - rnd.uniform(0, 5) if hit else target + rnd.uniform(0.5, 5), 1)
        return round(target * (rnd.uniform(0, 1.0) if hit else rnd.uniform(1.1, 2)), 1)
    return target if hit else target + 1


def parse_mix(text: str) -> dict[str, float]:
    if text in MIXES:
        return MIXES[text]
    mix = {}
    for part in text.split(","):
        name, _, share = part.partition("=")
        if name not in FATES:
            raise SystemExit(f"unknown fate {name!r}: one of {', '.join(FATES)}")
        mix[name] = float(share)
    return mix


def fate(rnd: random.Random, mix: dict[str, float]) -> str:
    roll = rnd.random()
    for name in FATES:
        roll -= mix.get(name, 0)
        if roll < 0:
            return name
    return "pass"


def record(std: Standard, index: int, rnd: random.Random, outcome: str) -> dict:
    """One record of `std` whose outcome is `outcome` (pass or one of FATES)."""
    day = dt.date(2021, 1, 1) + dt.timedelta(days=rnd.randrange(5 * 365))
    region = rnd.choice(REGIONS)
    place = region[:2]
    name = {
        "enterprise": f"{place}某{rnd.choice(TRADES)}有限公司{index:06d}",
        "community": f"{place}某街道第{index:06d}社区",
        "district": f"{place}某区第{index:06d}镇",
    }[std.subject.value]
    subject: dict = {"kind": std.subject.value, "name": name, "region": region}
    if std.subject.value == "enterprise":
        subject["id"] = credit_code(rnd)
        subject["industry"] = rnd.choice(list(INDUSTRIES))
    else:
        subject["id"] = f"U-{index:06d}"
    subject["employees"] = rnd.choice([30, 80, 150, 320, 600, 1500])
    # the facts `applies_if` reads: an item is never silently 不适用 for a missing one
    if std.subject.value == "enterprise":
        subject["features"] = rnd.choice(
            [
                [],
                ["major-hazard-installation"],
                ["occupational-hazards"],
                ["major-hazard-installation", "occupational-hazards"],
            ]
        )
    elif std.subject.value == "district":
        big = rnd.randrange(0, 40)
        subject["area"] = {
            "units": 100 + big * 5,
            "units_by_staff": {50: big * 2, 100: big, 300: big // 3},
            "industries": {name: rnd.randrange(0, 4) for name in INDUSTRIES},
        }
    # what must hold for a pass: required items and veto items met
    guarded = {r for g in std.grades for r in g.requires} | {i.id for i in std.items() if i.veto}
    good = outcome != "below"
    responses: dict = {}
    metrics: dict = {}
    for item in std.items():
        if item.kind is ItemKind.measure:
            assert item.op is not None and item.target is not None
            hit = rnd.random() < (0.92 if good else 0.3) or (good and item.id in guarded)
            metrics[item.metric] = metric_value(rnd, item.op, float(item.target), hit)
            continue
        roll = rnd.random()
        if item.id in guarded and good:
            responses[item.id] = "met"
        elif not good:
            responses[item.id] = "unmet" if roll < 0.6 else {"status": "partial"}
        elif roll < 0.01:
            continue  # unanswered
        elif item.deductions and roll < 0.3:
            responses[item.id] = {"deductions": {d.id: rnd.randrange(2) for d in item.deductions}}
        elif roll < 0.8:
            responses[item.id] = "met"
        elif roll < 0.9:
            responses[item.id] = {
                "status": "partial",
                "score": round(rnd.uniform(float(item.points) / 2, float(item.points)), 1),
            }
        elif roll < 0.96:
            responses[item.id] = {"status": "partial", "finding": rnd.choice(FINDINGS)}
        elif roll < 0.98:
            responses[item.id] = "unmet"
        elif item.na is None and not item.veto and item.applies_if is None:
            responses[item.id] = "na"  # only where the standard lets a record say so
        else:
            responses[item.id] = "met"
    data: dict = {
        "standard": std.ref,
        "subject": subject,
        "inspection": {"date": day, "by": rnd.choice(SURNAMES) + "工", "period": f"{day.year}"},
        "responses": responses,
        "metrics": metrics,
    }
    if outcome == "vetoed":  # a major accident (10+ deaths) fires every standard's incident veto
        data["incidents"] = [
            {
                "date": day - dt.timedelta(days=rnd.randrange(1, 300)),
                "kind": "explosion",
                "fatalities": rnd.randrange(10, 20),
                "serious_injuries": 3,
                "direct_loss_yuan": rnd.randrange(1_000_000, 9_000_000),
            }
        ]
    elif rnd.random() < 0.05:  # a minor incident that fires nothing
        data["incidents"] = [
            {
                "date": day - dt.timedelta(days=rnd.randrange(400)),
                "kind": "fall",
                "serious_injuries": 1,
                "direct_loss_yuan": rnd.randrange(10_000, 200_000),
            }
        ]
    if outcome == "blacklisted":
        if std.id == "safety-integrity-enterprise":
            metrics["inspections_resisted"] = 1
        else:  # an unmet 否决项: a measure misses its target, a check is answered unmet
            item = rnd.choice([i for i in std.items() if i.veto])
            if item.kind is ItemKind.measure:
                assert item.op is not None and item.target is not None
                metrics[item.metric] = metric_value(rnd, item.op, float(item.target), False)
            else:
                responses[item.id] = "unmet"
    items = [i.id for i in std.items()]
    findings = []
    for n in range(rnd.choice([0, 0, 1, 2, 3])):
        findings.append(
            {
                "id": f"F{n + 1}",
                "item": rnd.choice(items),
                "text": rnd.choice(FINDINGS),
                "level": "general",
                "due": day + dt.timedelta(days=rnd.randrange(-60, 60)),
                "status": rnd.choice(["open", "closed"]),
            }
        )
    if outcome == "overdue":
        findings.append(
            {
                "id": f"F{len(findings) + 1}",
                "item": rnd.choice(items),
                "text": rnd.choice(FINDINGS),
                "level": "major",
                "owner": rnd.choice(SURNAMES) + "经理",
                "due": day - dt.timedelta(days=rnd.randrange(1, 90)),
                "status": "open",
            }
        )
    elif rnd.random() < 0.1:  # a major hazard rectified in time
        findings.append(
            {
                "id": f"F{len(findings) + 1}",
                "item": rnd.choice(items),
                "text": rnd.choice(FINDINGS),
                "level": "major",
                "due": day + dt.timedelta(days=30),
                "status": "closed",
            }
        )
    if findings:
        data["findings"] = findings
    return data


def spoil(data: dict, rnd: random.Random) -> str | None:
    """Break a record one way; returns replacement text for a YAML error, else None."""
    how = rnd.choice(BAD)
    if how == "status":
        item = rnd.choice(sorted(data["responses"]))
        data["responses"][item] = "maybe"
    elif how == "date":
        data["inspection"]["date"] = "2025-13-40"
    elif how == "name":
        del data["subject"]["name"]
    elif how == "key":
        data["subject"]["employes"] = 12
    else:
        return dump(data).replace("\n  name:", "\n\tname:", 1)
    return None


def generate(
    count: int, folder: Path, mix: dict[str, float] | None = None, seed: int = 2025
) -> list[Path]:
    """Write `count` records into `folder`/records (one file each) and safecli.yaml beside."""
    rnd = random.Random(seed)
    mix = mix if mix is not None else MIXES["passing"]
    # 判定 packs are not scored: the benchmark records are self-inspections of creation standards
    standards = [s for s in default_catalog().standards() if s.kind == "creation"]
    records = folder / "records"
    records.mkdir(parents=True, exist_ok=True)
    (folder / "safecli.yaml").write_text(
        yaml.safe_dump({"required_grades": REQUIRED}, sort_keys=True), encoding="utf-8"
    )
    paths = []
    for index in range(count):
        std = standards[index % len(standards)]
        outcome = fate(rnd, mix)
        data = record(std, index, rnd, outcome)
        text = spoil(data, rnd) if outcome == "invalid" else None
        if text is None:
            text = dump(data)
        path = records / f"{index:06d}-{std.id}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument(
        "--mix", default="passing", help="passing, half, failing, most, clean or name=share,..."
    )
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args(argv)
    paths = generate(args.count, args.folder, parse_mix(args.mix), args.seed)
    print(f"wrote {len(paths)} records to {args.folder}/records", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
