"""One place that turns a query's plain values into text, JSON, spreadsheet cells or French prose.

A query result holds plain Python values (``str``, ``int``, ``Decimal``, ``float``, ``bool``,
``datetime``/``date`` or ``None``; see :func:`sens_graph.queries.to_python`). Every writer asks
this module how to show them, for one of four targets:

- :func:`json_value` — JSON (integral decimals as integers, other decimals as floats);
- :func:`machine_text` — CSV cells and the command line's tables (``true``/``false``, decimals in
  plain notation with a point, never an exponent);
- :func:`excel_value` — spreadsheet cells (numbers stay numbers);
- :func:`french_text` — prose and web pages in French (decimal comma, narrow no-break space
  between thousands, ``oui``/``non``, percentages, dates as « 30 novembre 2026 »).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

FRENCH_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
                 "octobre", "novembre", "décembre")


def json_value(value: Any) -> Any:
    """A JSON-ready value: ``Decimal('28')`` → 28, ``Decimal('2.5')`` → 2.5, dates as ISO text."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and value.as_tuple().exponent >= 0 else float(value)
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def machine_text(value: Any) -> str:
    """Text for CSV and plain tables: ``None`` → ``""``, booleans ``true``/``false``, decimals in
    plain notation (``Decimal('1E+1')`` → ``10``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def excel_value(value: Any) -> Any:
    """A spreadsheet cell: numbers stay numbers (``Decimal`` → ``int`` or ``float``), the rest as is."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and value.as_tuple().exponent >= 0 else float(value)
    return value


def french_number(value: Decimal | int | float, places: int | None = None) -> str:
    """« 1 234,5 »: decimal comma, narrow no-break space (U+202F) between groups of thousands.

    ``places`` fixes the number of decimals; by default integral values show none and the others
    their significant decimals.
    """
    if not isinstance(value, Decimal):
        value = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places))
    elif value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    else:
        value = value.normalize()
    text = f"{value:f}"
    whole, _, frac = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = sign + "\u202f".join(groups)
    return f"{out},{frac}" if frac else out


def french_date(value: date | datetime) -> str:
    """« 30 novembre 2026 » (« 1er » for the first of a month)."""
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {FRENCH_MONTHS[value.month - 1]} {value.year}"


def french_text(value: Any, kind: str = "text", base: str | None = None) -> str:
    """A value as French text for pages and printed reports.

    ``kind``: ``text`` (default), ``number``, ``integer``, ``percent`` (the value is already a
    percentage: 78.75 → « 78,8 % »), ``bool``, ``iri`` (shown relative to ``base`` when under it).
    """
    if value is None:
        return ""
    if kind == "iri" and base and str(value).startswith(base):
        return str(value)[len(base):]
    if isinstance(value, bool):
        return "oui" if value else "non"
    if kind == "percent" and isinstance(value, int | float | Decimal):
        return f"{french_number(Decimal(str(value)), 1)} %"
    if isinstance(value, Decimal | float | int):
        return french_number(value)
    if isinstance(value, datetime | date):
        return french_date(value)
    return str(value)


__all__ = ["excel_value", "french_date", "french_number", "french_text", "json_value", "machine_text"]
