"""How the French pages write values: numbers and dates in French, no datatype noise."""

from __future__ import annotations

import pytest

from sens_graph.server.pages import display, french_date, french_number

XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.mark.parametrize(("value", "expected"), [
    ("28.0", "28"), ("28", "28"), ("1.5", "1,5"), ("0.85", "0,85"), ("12000", "12\u202f000"),
    ("-2.50", "-2,5"), ("abc", "abc"), (None, ""),
])
def test_french_number(value, expected):
    assert french_number(value) == expected


def test_french_dates_and_literals():
    assert french_date("2026-11-23") == "23 novembre 2026"
    assert french_date("2025-02") == "février 2025"
    assert french_date("2025-13") == "2025-13"
    assert display({"type": "literal", "value": "6.0", "datatype": XSD + "decimal"}) == "6"
    assert display({"type": "literal", "value": "true", "datatype": XSD + "boolean"}) == "oui"
    assert display({"type": "literal", "value": "2026-11-23", "datatype": XSD + "date"}) == "23 novembre 2026"
    assert display({"type": "literal", "value": "Données de santé", "xml:lang": "fr"}) == "Données de santé"
