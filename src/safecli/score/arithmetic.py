"""Exact arithmetic for scoring: numbers as files state them, points in whole units, rounding half
up as paper assessments do.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

Exact = Fraction | int
"""An exact number: ints stay ints (fast), decimals become fractions."""


def exact(value: float | int) -> Exact:
    """The number a file states, exactly (0.1 is one tenth, not its binary neighbour)."""
    if isinstance(value, float):
        return int(value) if value.is_integer() else _decimal_fraction(value)
    return value


@lru_cache(maxsize=8192)
def _decimal_fraction(value: float) -> Fraction:
    # the same few decimals (0.5 points, 97.5 %) recur in every record: parse each once
    return Fraction(str(value))


def round_half_up(value: Exact, places: int = 1) -> Decimal:
    """Round half away from zero, as paper assessments do (Python's round() goes to even)."""
    if isinstance(value, int):
        return Decimal(value).quantize(Decimal(1).scaleb(-places))
    scale = 10**places
    scaled = abs(value) * scale
    rounded = (scaled.numerator * 2 + scaled.denominator) // (scaled.denominator * 2)
    result = Decimal(rounded) / Decimal(scale)
    return -result if value < 0 else result


def rounded_float(value: Exact, places: int = 2) -> float:
    if isinstance(value, int) or value.denominator == 1:
        return float(value)
    return float(round_half_up(value, places))


def fmt_number(value: float | Fraction) -> str:
    number = float(value)
    return f"{number:g}" if abs(number) < 1e15 else str(number)


# Scoring works in units of 1/UNIT point: every decimal a file states with up to six places is a
# whole number of units, so sums and comparisons stay plain integers (fast) and exact. Anything
# finer (a proportional share, a seventh decimal) is a Fraction of units, exact all the same.
UNIT = 2_000_000
"""Units per point (even: half of any point value is a whole number of units)."""


def units(value: float | int) -> Exact:
    """`value` as it is written, in units: an int whenever it has at most six decimals."""
    if isinstance(value, int):
        return value * UNIT
    if value.is_integer():
        return int(value) * UNIT
    return _float_units(value)


@lru_cache(maxsize=8192)
def _float_units(value: float) -> Exact:
    scaled = _decimal_fraction(value) * UNIT
    return scaled.numerator if scaled.denominator == 1 else scaled


def from_units(u: Exact) -> Exact:
    """Units back to points, exactly."""
    if isinstance(u, int) and u % UNIT == 0:
        return u // UNIT
    return Fraction(u) / UNIT


def units_float(u: Exact) -> float:
    """Units as points, rounded half up to two decimals (what ItemResult reports)."""
    if isinstance(u, int):
        if u % UNIT == 0:
            return float(u // UNIT)
        if u >= 0:
            return ((u * 200 + UNIT) // (2 * UNIT)) / 100
    return rounded_float(from_units(u))


def percent_rate(earned: Exact, points: Exact) -> Decimal:
    """100 × earned ÷ points, rounded half up to one decimal (both in units, points > 0)."""
    if isinstance(earned, int) and isinstance(points, int) and earned >= 0:
        tenths = (earned * 2000 + points) // (2 * points)
        return Decimal(tenths).scaleb(-1)
    return round_half_up(Fraction(100 * earned) / points)


def percent_float(earned: Exact, points: Exact) -> float:
    """`float(percent_rate(earned, points))`, without the Decimal when both are whole units:
    tenths ÷ 10 in floating point is the double nearest the rate, as the Decimal's float is."""
    if earned.__class__ is int and points.__class__ is int and earned >= 0:
        tenths = (earned * 2000 + points) // (2 * points)
        if tenths < 1 << 53:
            return tenths / 10
    return float(percent_rate(earned, points))
