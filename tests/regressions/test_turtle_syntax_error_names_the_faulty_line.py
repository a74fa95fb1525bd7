"""A Turtle statement missing its terminator was reported at the line after the faulty one
(the parser notices the fault at the next token). The error now names the line where the
``;`` or ``.`` is missing; a fault inside a line keeps that line, with its column."""

from __future__ import annotations

import pytest

from sens_graph.build import build
from sens_graph.errors import DataSyntaxError

from .conftest import edit_line, line_of

FILE = "data/referentiel/ambulanciers-v1.1.2023.ttl"


def test_missing_semicolon_names_its_own_line(project_copy):
    path = project_copy.project_dir / FILE
    number = line_of(path, "    sens:isVersionOfFramework <referentiel/ambulanciers>")
    edit_line(path, number, lambda line: line.rstrip().removesuffix(";").rstrip())
    with pytest.raises(DataSyntaxError) as caught:
        build(project_copy, reason=False)
    assert (caught.value.path, caught.value.line) == (FILE, number)
    assert "terminator is missing" in str(caught.value)


def test_missing_final_dot_before_a_comment_names_its_own_line(project_copy):
    path = project_copy.data_dir / "sources.ttl"
    lines = path.read_text(encoding="utf-8").split("\n")
    number = max(i for i, line in enumerate(lines, start=1) if line.rstrip().endswith(" ."))
    lines[number - 1] = lines[number - 1].rstrip().removesuffix(".").rstrip()
    lines[number:number] = ["", "# a comment between the statements", "<source/zz> a <x:y> ."]
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(DataSyntaxError) as caught:
        build(project_copy, reason=False)
    assert (caught.value.path, caught.value.line) == ("data/sources.ttl", number)


def test_bad_token_names_its_line_and_column(project_copy):
    path = project_copy.project_dir / FILE
    number = line_of(path, "    sens:isVersionOfFramework <referentiel/ambulanciers>")
    edit_line(path, number, lambda line: line.replace("<referentiel/ambulanciers>", "referentiel/ambulanciers"))
    with pytest.raises(DataSyntaxError) as caught:
        build(project_copy, reason=False)
    assert (caught.value.path, caught.value.line, caught.value.column) == (FILE, number, 31)
    assert str(caught.value).startswith(f"{FILE}:{number}:31: ")
