"""A fault in the YAML header of an SSSOM TSV was always reported at line 1 of the file. The
error now names the line of the fault: where an unclosed bracket or quote opens, or where a
badly indented key stands."""

from __future__ import annotations

import pytest

from sens_graph.build import build
from sens_graph.errors import MappingFileError

from .conftest import edit_line, line_of

TSV = "data/mappings/ambulanciers-socle-postbac.sssom.tsv"


@pytest.mark.parametrize(("start", "change"), [
    ("# mapping_set_title:", lambda line: line.replace("# mapping_set_title: ", "# mapping_set_title: [", 1)),
    ("# license:", lambda line: line.replace("# license:", "#  license:", 1)),
], ids=["unclosed bracket", "bad indentation"])
def test_yaml_fault_names_its_own_line(project_copy, start, change):
    path = project_copy.project_dir / TSV
    number = line_of(path, start)
    assert number > 2
    edit_line(path, number, change)
    with pytest.raises(MappingFileError) as caught:
        build(project_copy, reason=False)
    assert caught.value.line == number
    assert caught.value.path.endswith(TSV)
    assert f"ambulanciers-socle-postbac.sssom.tsv:{number}: bad YAML header" in str(caught.value)
