"""The matrix of the profession référentiels titles its columns with each framework's short label
(``sens:shortLabel``, read by the query ``ecarts-au-socle-postbac`` as ``referentiel_court``), no
longer with a regex that cut « Référentiel socle … des » off the printed title."""

from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import RDF, SKOS

from sens_graph.namespaces import SENS
from sens_graph.reports import content
from sens_graph.reports.assemble import QueryRunner, make_pivot

COLUMNS = [  # in the order of the versions' printed titles (the query's ORDER BY)
    "Médiateurs numériques",
    "Ambulanciers",
    "Assistants de régulation médicale",
    "Aides-soignants et auxiliaires de puériculture",
    "Travailleurs sociaux - accompagnants",
    "Travailleurs sociaux – éducateurs et assistants",
]


def test_every_framework_has_one_french_short_label_from_its_title(union):
    frameworks = set(union.subjects(RDF.type, SENS.CompetencyFramework))
    assert len(frameworks) == 8
    for framework in frameworks:
        shorts = list(union.objects(framework, SENS.shortLabel))
        assert len(shorts) == 1 and isinstance(shorts[0], Literal) and shorts[0].language == "fr", framework
        short = str(shorts[0])
        title = next(str(label) for label in union.objects(framework, SKOS.prefLabel) if label.language == "fr")
        # the printed title's own words, first letter capitalised
        assert title.endswith(short) or title.endswith(short[:1].lower() + short[1:]), (title, short)


def test_matrix_columns_are_the_short_labels(report_store, report_library, report_settings):
    run = QueryRunner(report_store, report_library, report_settings)
    for spec in (content.GAP_MATRIX, content.GAP_CAPACITIES):
        table = make_pivot(spec, run)
        titles = [column.title for column in table.columns[len(spec.row_columns):]]
        assert titles == COLUMNS, (spec.id, titles)
    added = [row for row in make_pivot(content.GAP_MATRIX, run).rows if row["origine"] == "ajoutée"]
    assert added and all(any(row["notation"].startswith(f"{title} ") for title in COLUMNS) for row in added), added[:3]
    assert not hasattr(content, "short_referential")
