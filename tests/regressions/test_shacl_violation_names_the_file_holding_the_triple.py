"""The data file named beside a SHACL violation was picked at random among the named graphs that
mention the resource (6 of 12 runs named an SSSOM TSV for a fault in a ``.ttl``). It is now the
file whose graph holds the faulty triple, the same on every run whatever the hash seed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
from common import BASE

from sens_graph.build import build
from sens_graph.errors import ValidationFailed

FILE = "data/referentiel/ambulanciers-v1.1.2023.ttl"
COMPETENCE = "referentiel/ambulanciers/v1.1.2023/competence/1.1"


def test_build_names_the_turtle_file_not_the_mapping_set(project_copy):
    # The competence is also the subject of a mapping in ambulanciers-socle-postbac.sssom.tsv.
    path = project_copy.project_dir / FILE
    path.write_text(path.read_text(encoding="utf-8")
                    + f"\n<{COMPETENCE}> <https://w3id.org/sens-graph/def#hours> \"deux\" .\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as caught:
        build(project_copy, reason=False)
    findings = [f for f in caught.value.report.violations if f.focus == BASE + COMPETENCE]
    assert findings and {f.source_file for f in findings} == {FILE}
    assert f"<{BASE}{COMPETENCE}>" in str(caught.value) and f"[{FILE}]" in str(caught.value)


SCRIPT = textwrap.dedent('''
    import json, sys
    from pathlib import Path
    from rdflib import Dataset, URIRef
    from sens_graph.config import Settings
    from sens_graph.namespaces import DEFAULT_BASE_IRI as base
    from sens_graph.validation import validate_dataset
    comp = "<referentiel/t/v1/competence/1.1>"
    head = ("@base <" + base + "> . @prefix sens: <" + base + "def#> . "
            "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .")
    ds = Dataset()
    files = {"referentiel/t-v1": comp + " a sens:Competence ; sens:hours \\"deux\\" ."}
    for k in range(6):  # six mapping sets that also state something about the competence
        files[f"mapping/m{k}"] = comp + f" skos:closeMatch <referentiel/u/v1/competence/{k}> ."
    for name in sorted(files, reverse=sys.argv[1] == "reverse"):
        ds.graph(URIRef(base + "graph/" + name)).parse(data=head + files[name], format="turtle")
    report = validate_dataset(ds, Settings(project_dir=Path(sys.argv[2])))
    print(json.dumps(sorted({f.source_file for f in report.findings
                             if f.focus == base + comp[1:-1] and "hours" in f.path})))
''')


@pytest.mark.parametrize("seed", ["1", "2", "3", "4"])
def test_same_file_whatever_the_hash_seed_and_graph_order(seed, project_copy):
    order = "reverse" if int(seed) % 2 else "forward"
    env = {**os.environ, "PYTHONHASHSEED": seed}
    out = subprocess.run([sys.executable, "-c", SCRIPT, order, str(project_copy.project_dir)],
                         env=env, capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == ["data/referentiel/t-v1.ttl"]
