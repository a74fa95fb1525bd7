"""sens_graph.values: the one formatter of query values for JSON, CSV, spreadsheets and French text."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sens_graph.values import excel_value, french_text, json_value, machine_text


def test_json():
    assert json_value(Decimal("28")) == 28 and isinstance(json_value(Decimal("28")), int)
    assert json_value(Decimal("28.0")) == 28.0 and isinstance(json_value(Decimal("28.0")), float)
    assert json_value(date(2026, 11, 30)) == "2026-11-30"


def test_machine_text():
    assert machine_text(None) == "" and machine_text(True) == "true"
    assert machine_text(Decimal("1E+1")) == "10" and machine_text(Decimal("2.5")) == "2.5"


def test_excel():
    assert excel_value(Decimal("165")) == 165 and excel_value(Decimal("2.5")) == 2.5


def test_french_text():
    assert french_text(Decimal("1234.5")) == "1\u202f234,5"
    assert french_text(Decimal("28.0")) == "28"
    assert french_text(78.75, "percent") == "78,8 %"
    assert french_text(False) == "non"
    assert french_text(date(2026, 11, 1)) == "1er novembre 2026"
    assert french_text("https://w3id.org/sens-graph/du-cns", "iri", "https://w3id.org/sens-graph/") == "du-cns"
