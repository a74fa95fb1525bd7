"""A competence with two notations was reported under the notation-format rule ("a competence
notation is "<domain>.<n>" such as "1.2""), though both notations had the right format. It is
now reported under the cardinality rule, whose message says "two notations", with the file."""

from __future__ import annotations

import pytest
from common import BASE

from sens_graph.build import build
from sens_graph.errors import ValidationFailed

FILE = "data/referentiel/ambulanciers-v1.1.2023.ttl"

COMPETENCE = "referentiel/ambulanciers/v1.1.2023/competence/1.1"


def test_second_notation_is_a_cardinality_violation(project_copy):
    path = project_copy.project_dir / FILE
    path.write_text(path.read_text(encoding="utf-8")
                    + f"\n<{COMPETENCE}> <http://www.w3.org/2004/02/skos/core#notation> \"1.9\" .\n",
                    encoding="utf-8")
    with pytest.raises(ValidationFailed) as caught:
        build(project_copy, reason=False)
    findings = [f for f in caught.value.report.violations if f.focus == BASE + COMPETENCE]
    assert len(findings) == 1, [f.render() for f in findings]
    finding = findings[0]
    assert "two notations" in finding.message
    assert "CompetenceShape" in finding.rule and "MaxCount" in finding.rule
    assert "such as" not in finding.message  # not the format rule
    assert finding.source_file == FILE
    assert "two notations" in str(caught.value)
