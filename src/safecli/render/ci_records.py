"""`safecli check --format json`: one record's part, written straight from its result.

`record_json` gives what `json.dumps(..., ensure_ascii=False, indent=2)` writes for the
record's dict, set in by four spaces (tests/test_ci_writers.py holds them together).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from safecli.portfolio.pool import RecordResult

__all__ = ["record_json"]

_RECORD_KEYS = tuple(
    f'\n      "{k}": '
    for k in (
        "path",
        "standard",
        "subject",
        "subject_id",
        "inspection_date",
        "total",
        "grade",
        "grade_label",
        "required",
        "status",
    )
)
_FAILURE_KEYS = tuple(
    f'\n          "{k}": ' for k in ("path", "line", "col", "rule", "message", "hint", "level")
)


def record_json(r: RecordResult) -> str:
    """`json.dumps` of the record's dict at indent 2, set in by four spaces, written straight
    from the result: the same text (tests/test_ci_writers.py holds them together). Every value
    is encoded in one call of the C encoder, its pieces set into the text of records with as
    many failures and warnings (`_record_template`)."""
    values = [
        r.path,
        r.standard,
        r.subject,
        r.subject_id,
        r.date.isoformat() if r.date else None,
        r.total,
        r.grade,
        r.grade_label,
        r.required,
        r.status,
    ]
    for f in r.failures:
        values += (f.path, f.line, f.col, f.rule, f.message, f.hint)
    for f in r.warnings:
        values += (f.path, f.line, f.col, f.rule, f.message, f.hint, f.level)
    template = _TEMPLATES.get((len(r.failures), len(r.warnings)))
    if template is None:
        template = _record_template(len(r.failures), len(r.warnings))
    return template.format(*"".join(_ENCODE(values, 0))[1:-1].split(_SEP))


_SEP = "\x00"
"""What the encoder puts between values: never inside one (JSON writes it `\\u0000`)."""
_ENCODE: Callable[[list[Any], int], Iterable[str]] = (
    json.encoder.c_make_encoder(
        None, None, json.encoder.encode_basestring, None, ":", _SEP, False, False, True
    )  # type: ignore[attr-defined]
    if json.encoder.c_make_encoder is not None  # type: ignore[attr-defined]
    else json.JSONEncoder(ensure_ascii=False, separators=(_SEP, ":")).iterencode
)
"""`json.dumps(value, ensure_ascii=False)` of each value of a list, `_SEP` between them, in
pieces: the C encoder made once (`JSONEncoder.encode` makes it again on every call)."""
_TEMPLATES: dict[tuple[int, int], str] = {}


def _record_template(failures: int, warnings: int) -> str:
    """A record's text with `{}` for each value, for records with as many failures and
    warnings: what `json.dumps` writes at indent 2, set in by four spaces."""

    def listed(count: int, keys: tuple[str, ...]) -> str:
        if not count:
            return "[]"
        one = "        {{" + ",".join(k + "{}" for k in keys) + "\n        }}"
        return "[\n" + ",\n".join([one] * count) + "\n      ]"

    template = (
        "{{"
        + ",".join(k + "{}" for k in _RECORD_KEYS)
        + ',\n      "failures": '
        + listed(failures, _FAILURE_KEYS[:-1])
        + ',\n      "warnings": '
        + listed(warnings, _FAILURE_KEYS)
        + "\n    }}"
    )
    if len(_TEMPLATES) < 256:
        _TEMPLATES[(failures, warnings)] = template
    return template
