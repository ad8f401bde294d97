"""Generate N realistic synthetic records for the bundled standards.

    python benchmarks/generate.py 10000 benchmarks/data/10000

Records are valid, spread over the four bundled standards, with a realistic mix of answers
(mostly met, some partial and unmet, a few not applicable or unanswered), metrics around their
targets, occasional incidents and findings. The same N and seed give the same files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

import yaml

from safecli.catalog import default_catalog
from safecli.industries import INDUSTRIES
from safecli.models import CREDIT_CODE_CHARS, CREDIT_CODE_WEIGHTS, ItemKind, Op, Standard

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
PLACES = ["苏州", "无锡", "保定", "惠州", "青岛", "石家庄", "宁波", "佛山", "合肥", "长沙"]
TRADES = ["化工", "机械", "建筑", "物流", "纺织", "食品", "五金", "电子", "建材", "印刷"]
FINDINGS = [
    "消防通道堆物",
    "警示标志缺失",
    "台帐记录不全",
    "灭火器过期",
    "配电箱未接地",
    "应急预案未演练",
]


def credit_code(rnd: random.Random) -> str:
    body = "91" + "".join(rnd.choice("0123456789") for _ in range(6))
    body += "".join(rnd.choice(CREDIT_CODE_CHARS) for _ in range(9))
    total = sum(
        CREDIT_CODE_CHARS.index(c) * w for c, w in zip(body, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return body + CREDIT_CODE_CHARS[(31 - total % 31) % 31]


def metric_value(rnd: random.Random, op: Op, target: float) -> float:
    hit = rnd.random() < 0.8
    if op in (Op.ge, Op.gt):
        base = target if target else 1
        return round(base * (rnd.uniform(1.0, 1.3) if hit else rnd.uniform(0.5, 0.99)), 1)
    if op in (Op.le, Op.lt):
        if target <= 0:
            return round(target - rnd.uniform(0, 5) if hit else target + rnd.uniform(0.5, 5), 1)
        return round(target * (rnd.uniform(0, 1.0) if hit else rnd.uniform(1.1, 2)), 1)
    return target if hit else target + 1


def record(std: Standard, index: int, rnd: random.Random) -> dict:
    day = dt.date(2025, 1, 1) + dt.timedelta(days=rnd.randrange(365))
    place = rnd.choice(PLACES)
    name = {
        "enterprise": f"{place}某{rnd.choice(TRADES)}有限公司{index:06d}",
        "community": f"{place}某街道第{index:06d}社区",
        "district": f"{place}某区第{index:06d}镇",
    }[std.subject.value]
    subject: dict = {"kind": std.subject.value, "name": name}
    if std.subject.value == "enterprise":
        subject["id"] = credit_code(rnd)
        subject["industry"] = rnd.choice(list(INDUSTRIES))
    else:
        subject["id"] = f"U-{index:06d}"
    subject["employees"] = rnd.choice([30, 80, 150, 320, 600, 1500])
    responses: dict = {}
    metrics: dict = {}
    for item in std.items():
        if item.kind is ItemKind.measure:
            if rnd.random() < 0.95:
                assert item.op is not None and item.target is not None
                metrics[item.metric] = metric_value(rnd, item.op, float(item.target))
            continue
        roll = rnd.random()
        if roll < 0.02:
            continue  # unanswered
        if item.deductions and roll < 0.3:
            responses[item.id] = {"deductions": {d.id: rnd.randrange(2) for d in item.deductions}}
        elif roll < 0.75:
            responses[item.id] = "met"
        elif roll < 0.85:
            responses[item.id] = {
                "status": "partial",
                "score": round(rnd.uniform(0, float(item.points)), 1),
            }
        elif roll < 0.92:
            responses[item.id] = {"status": "partial", "finding": rnd.choice(FINDINGS)}
        elif roll < 0.97:
            responses[item.id] = "unmet"
        else:
            responses[item.id] = "na"
    data: dict = {
        "standard": std.ref,
        "subject": subject,
        "inspection": {"date": day, "by": rnd.choice(SURNAMES) + "工", "period": f"{day.year}"},
        "responses": responses,
        "metrics": metrics,
    }
    if rnd.random() < 0.08:
        data["incidents"] = [
            {
                "date": day - dt.timedelta(days=rnd.randrange(400)),
                "kind": rnd.choice(["fire", "fall", "machinery", "traffic"]),
                "fatalities": rnd.choice([0, 0, 0, 1, 3]),
                "serious_injuries": rnd.choice([0, 1, 2]),
                "direct_loss_yuan": rnd.randrange(10_000, 5_000_000),
            }
        ]
    items = [i.id for i in std.items()]
    findings = []
    for n in range(rnd.choice([0, 0, 1, 2, 3])):
        findings.append(
            {
                "id": f"F{n + 1}",
                "item": rnd.choice(items),
                "text": rnd.choice(FINDINGS),
                "level": "major" if rnd.random() < 0.15 else "general",
                "due": day + dt.timedelta(days=rnd.randrange(-60, 60)),
                "status": rnd.choice(["open", "closed"]),
            }
        )
    if findings:
        data["findings"] = findings
    return data


def generate(count: int, folder: Path, seed: int = 2025) -> list[Path]:
    """Write `count` records into `folder` (one file each) and return their paths."""
    rnd = random.Random(seed)
    standards = default_catalog().standards()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        std = standards[index % len(standards)]
        path = folder / f"{index:06d}-{std.id}.yaml"
        text = yaml.safe_dump(record(std, index, rnd), allow_unicode=True, sort_keys=False)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args(argv)
    paths = generate(args.count, args.folder, args.seed)
    print(f"wrote {len(paths)} records to {args.folder}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
