"""The curated public API of ``sens_graph`` (``__all__``), importable and documented."""

from __future__ import annotations

import subprocess
import sys

import sens_graph


def test_every_public_name_resolves_and_is_documented():
    for name in sens_graph.__all__:
        value = getattr(sens_graph, name)
        if name != "__version__":
            assert value.__doc__, f"sens_graph.{name} has no docstring"


def test_unknown_name_is_an_attribute_error():
    try:
        sens_graph.no_such_thing  # noqa: B018
    except AttributeError as exc:
        assert "no_such_thing" in str(exc)
    else:
        raise AssertionError("no AttributeError")


def test_importing_the_package_stays_cheap():
    """``import sens_graph`` (run by every CLI call) does not import rdflib, pyshacl or the server."""
    code = ("import sys, sens_graph; heavy = [m for m in ('rdflib', 'pyshacl', 'fastapi', 'owlready2') "
            "if m in sys.modules]; print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""


def test_all_lists_exactly_the_exports():
    assert set(sens_graph.__all__) == set(sens_graph._EXPORTS) | {"__version__"}
