"""Strict Turtle reading: a syntax error names the file, the line and the column of the fault.

Below everything that reads a hand-edited Turtle file (:mod:`.sources`, :mod:`.validation`, the
programme catalogue, the build), so none of them imports :mod:`.sources` only to parse a file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.plugins.parsers.notation3 import BadSyntax

from .errors import DataSyntaxError


def parse_turtle(path: Path, display: str | None = None) -> Graph:
    """Parse a Turtle file; a syntax error names the file, the line and the column of the fault.

    The text is first read by Oxigraph's strict Turtle parser, which refuses what rdflib lets
    through (an IRI missing its ``>`` swallows the following lines into one IRI with spaces, which
    then breaks validation far from the file) and reports where each fault begins. The graph
    itself is still read by rdflib, so the build's output does not change.

    Raises :class:`~sens_graph.errors.DataSyntaxError` (``path``, ``line``, ``column``).
    """
    name = display or str(path)
    data = path.read_bytes()
    check_turtle_syntax(data, name, base_iri=path.resolve().as_uri())
    g = Graph()
    try:
        g.parse(path, format="turtle")
    except BadSyntax as exc:
        raise DataSyntaxError(name, exc._why, line=exc.lines + 1) from exc
    except Exception as exc:  # rdflib raises several kinds for bad literals, IRIs, encodings
        raise DataSyntaxError(name, str(exc)) from exc
    return g


_OXIGRAPH_POSITION = re.compile(r"^Parser error (?:at|between) [^:]*: ")


def check_turtle_syntax(data: bytes, display: str, *, base_iri: str | None = None) -> None:
    """Raise :class:`DataSyntaxError` at the line of the first Turtle syntax fault in ``data``.

    A missing statement terminator (``;``, ``,`` or ``.``) is only noticed at the next token,
    often on the next line; the error then names the line of the last token before it, which is
    where the terminator is missing.
    """
    try:
        for _ in ox.parse(data, format=ox.RdfFormat.TURTLE, base_iri=base_iri):
            pass
    except SyntaxError as exc:
        reason = _OXIGRAPH_POSITION.sub("", str(exc.msg))
        line, column = exc.lineno, exc.offset
        if line and column and "expected" in reason:
            previous = _previous_token_line(data.decode("utf-8", "replace").splitlines(), line, column)
            if previous is not None:
                reason += f" (the parser stopped at line {line}, column {column}: a terminator is missing)"
                line, column = previous, None
        raise DataSyntaxError(display, reason, line=line, column=column) from exc


def _previous_token_line(lines: list[str], line: int, column: int) -> int | None:
    """The line of the last token before ``line:column`` when nothing but blanks precede it on its line."""
    if line > len(lines) or lines[line - 1][: column - 1].strip():
        return None
    for number in range(line - 1, 0, -1):
        text = lines[number - 1].strip()
        if text and not text.startswith("#"):
            return number
    return None


__all__ = ["check_turtle_syntax", "parse_turtle"]
