"""What the report contains: its sections and, for each table, the query it comes from.

Every table is a :class:`~.spec.TableSpec`: a query of ``queries/`` with its parameters, the
columns shown (query column → French title, and the query column holding the IRI a cell
links to), the row status (colour) and notes. The key figures of a section are counts over
the rows of its tables. Nothing here queries the graph: :func:`.assemble.build_report` does.
"""

from __future__ import annotations

import re

from .model import Column, Table, format_value
from .spec import PivotSpec, SectionSpec, TableSpec, count_rows, distinct_values, false_is, status_of

LINK_WORDS = {"stated": "affirmé par la source", "curated": "curé", "reconstructed": "reconstruit"}
LINK_STATUS = {"stated": "stated", "curated": "curated", "reconstructed": "reconstructed",
               "aucun lien": "gap", "non couvert": "gap"}


# -- 1. DU ↔ post-bac socle ------------------------------------------------------------------

COVERAGE_STATUS = {"directe": "ok", "par ses capacités": "partial", "non couverte": "gap"}
COVERAGE_COLUMNS = (
    Column("niveau_element", "Élément", width=11, repeat=False,
           labels={"competence": "compétence", "capacite": "capacité"}),
    Column("notation", "N°", width=8, repeat=False),
    Column("libelle", "Compétence ou capacité du socle post-bac", width=70, repeat=False, link="element_iri",
           link_optional=True),
    Column("couverture", "Couverture", width=14, statuses=COVERAGE_STATUS, repeat=False),
    Column("du_type", "Type DU", width=12),
    Column("du_element", "Module ou enseignement du DU", width=55, link="du_iri", link_optional=True),
    Column("module", "Module", width=40),
    Column("domaine_du", "Domaine du DU", width=22),
    Column("niveau_du", "Niveau", width=13),
    Column("heures", "Heures (élément)", "number", width=9),
    Column("heures_module", "Heures (module)", "number", width=9),
    Column("predicat", "Prédicat", width=13),
    Column("statut_correspondance", "Statut", width=10, labels=LINK_WORDS),
    Column("confiance", "Confiance", "number", width=9),
)


def _coverage_rate(row) -> str | None:
    if row.get("domaine_notation") is None:
        return "info"
    return "ok" if not row.get("capacites_non_couvertes") else "partial"


COVERAGE_SECTION = SectionSpec(
    id="couverture-socle",
    number="1",
    title="Couverture du socle post-bac par le DU",
    intro=(
        "Pour chaque compétence et chaque capacité du référentiel socle post-bac V1.1.2022, les modules et "
        "enseignements du DU qui la couvrent, d'après le jeu de correspondances curé DU → socle (par le sens des "
        "intitulés, avec une confiance par ligne), avec leur niveau et leurs heures. Les éléments non couverts "
        "sont surlignés en rouge ; une compétence couverte seulement par ses capacités est en jaune.",
        "Les enseignements n'ont en général pas d'heures propres dans les documents : la colonne « Heures "
        "(module) » donne les heures du module dont ils relèvent (offre de formation).",
    ),
    tables=(
        TableSpec(
            id="couverture-socle-domaines", title="Taux de couverture par domaine du socle",
            query="couverture-socle-par-domaine",
            columns=(
                Column("domaine_notation", "N°", width=5),
                Column("domaine", "Domaine du socle post-bac", width=32),
                Column("heures_socle", "Heures (socle)", "number", width=9),
                Column("competences", "Compétences", "integer", width=11),
                Column("competences_couvertes", "Compétences couvertes", "integer", width=11),
                Column("pct_competences", "% compétences", "percent", width=11),
                Column("capacites", "Capacités", "integer", width=10),
                Column("capacites_couvertes", "Capacités couvertes", "integer", width=10),
                Column("pct_capacites", "% capacités", "percent", width=10),
                Column("capacites_non_couvertes", "Capacités non couvertes", "integer", width=11),
                Column("modules_du", "Modules du DU", "integer", width=9),
                Column("enseignements_du", "Enseignements du DU", "integer", width=11),
            ),
            status=_coverage_rate,
        ),
        TableSpec(
            id="couverture-socle-non-couverts", title="Éléments du socle que le DU ne couvre pas",
            query="couverture-socle-par-du", params={"non_couverts": "true"},
            columns=COVERAGE_COLUMNS[:4],
            status=status_of("couverture", COVERAGE_STATUS),
        ),
        TableSpec(
            id="couverture-socle-detail",
            title="Couverture de chaque compétence et capacité : modules et enseignements",
            query="couverture-socle-par-du", columns=COVERAGE_COLUMNS,
            status=status_of("couverture", COVERAGE_STATUS), group="notation", wide=True,
        ),
    ),
    key_figures=lambda t: [
        *((f"des {label} du socle couvertes", format_value(r.get(key), "percent"))
          for r in t["couverture-socle-domaines"].rows if r.get("domaine_notation") is None
          for key, label in (("pct_competences", "compétences"), ("pct_capacites", "capacités"))),
        ("éléments non couverts", str(count_rows(t["couverture-socle-non-couverts"]))),
    ],
)


# -- 2. DU ↔ RNCP36050 -----------------------------------------------------------------------

RNCP_COLUMNS = (
    Column("du_type", "Type DU", width=8, repeat=False),
    Column("du_notation", "N° DU", width=8, repeat=False),
    Column("du_libelle", "Compétence du DU", width=40, repeat=False, link="du_iri", link_optional=True),
    Column("niveau", "Niveau", width=13, repeat=False),
    Column("nb_croix", "Croix imprimées", "integer", width=9, repeat=False),
    Column("rncp_type", "Type RNCP", width=11),
    Column("rncp_notation", "N° RNCP", width=9),
    Column("rncp_libelle", "Bloc ou compétence RNCP36050", width=42, link="rncp_iri", link_optional=True),
    Column("predicat", "Prédicat", width=13),
    Column("statut_lien", "Statut du lien", width=14, statuses=LINK_STATUS, labels=LINK_WORDS),
    Column("confiance", "Confiance", "number", width=10),
    Column("commentaire", "Méthode / commentaire", width=60),
)

RNCP_SECTION = SectionSpec(
    id="du-rncp36050",
    number="2",
    title="DU et certification RNCP36050",
    intro=(
        "Croisement des macro- et micro-compétences du DU avec les blocs et compétences de la certification "
        "RNCP36050. Dans la maquette, ce croisement est un tableau de croix dont l'extraction a perdu les "
        "colonnes : seul le nombre de croix de chaque ligne est certain. Un lien « affirmé » est lu tel quel "
        "dans une source ; un lien « reconstruit » (en italique, bordure pointillée) est déduit des nombres de "
        "croix, avec une confiance inférieure à 1 et sa méthode ; il n'est jamais affirmé comme un fait.",
    ),
    tables=(
        TableSpec(
            id="du-rncp36050-liens", title="Liens entre compétences du DU et RNCP36050",
            query="du-vers-rncp36050", params={"vue": "liens"}, columns=RNCP_COLUMNS, group="du_notation",
            status=status_of("statut_lien", LINK_STATUS), wide=True,
        ),
        TableSpec(
            id="du-rncp36050-sans-lien", title="Compétences du DU et éléments RNCP36050 sans lien",
            query="du-vers-rncp36050", params={"vue": "sans-lien"},
            columns=tuple(c for c in RNCP_COLUMNS if c.key in {"du_type", "du_notation", "du_libelle", "niveau",
                                                                   "nb_croix", "rncp_type", "rncp_notation",
                                                                   "rncp_libelle", "statut_lien"}),
            status=status_of("statut_lien", LINK_STATUS),
            notes=("« aucun lien » : compétence du DU dont aucune croix ne peut être rattachée avec certitude à un "
                   "bloc ; « non couvert » : bloc ou compétence RNCP qu'aucun lien n'atteint.",),
        ),
    ),
    key_figures=lambda t: [
        ("liens DU → RNCP36050", str(count_rows(t["du-rncp36050-liens"]))),
        ("dont reconstruits", str(count_rows(t["du-rncp36050-liens"], "reconstructed"))),
        ("dont affirmés par la source", str(count_rows(t["du-rncp36050-liens"], "stated"))),
        ("éléments sans lien", str(count_rows(t["du-rncp36050-sans-lien"]))),
    ],
)


# -- 3. Profession référentiels vs the post-bac socle -----------------------------------------

GAP_ORDER = ("repris", "adapte", "manque", "ajoute")
GAP_STATUS = {"repris": "ok", "adapte": "adapted", "manque": "gap", "ajoute": "added"}
GAP_WORDS = {"repris": "présente", "adapte": "adaptée", "manque": "absente", "ajoute": "ajoutée"}


def best_gap(values: list) -> str:
    """A socle competence linked to several competences of a referential: the closest link wins
    (repris, then adapte); manque only when no link at all."""
    present = [v for v in values if v]
    return min(present, key=GAP_ORDER.index) if present else None


def _notation_key(notation) -> tuple:
    """« 1.10 » after « 1.9 »: numbers compared as numbers."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"[./ ]", str(notation or "")))


def _gap_key(record) -> tuple:
    if record.get("ecart_type") == "ajoute":
        return ("ajoutée", f"{record.get('referentiel_court') or ''} "
                f"{record.get('notation_referentiel') or ''}".strip(), record.get("libelle_referentiel"))
    return ("socle", record.get("notation_socle"), record.get("libelle_socle"))


GAP_MATRIX = PivotSpec(
    id="matrice-socle-professions", title="Matrice : compétences du socle post-bac dans chaque référentiel",
    query="ecarts-au-socle-postbac", params={"niveau": "competence"},
    row_columns=(
        Column("origine", "Origine", width=9),
        Column("notation", "N°", width=14),
        Column("competence", "Compétence", width=70),
    ),
    row_key=_gap_key, column_key="referentiel_court", value_key="ecart_type", combine=best_gap,
    cell={"width": 14, "statuses": GAP_STATUS, "labels": GAP_WORDS},
    sort_key=lambda r: (r["origine"] != "socle", _notation_key(r["notation"])),
    description=("Pour chaque compétence du socle post-bac V1.1.2022, sa place dans chaque référentiel de "
                 "profession : présente (skos:exactMatch), adaptée (closeMatch, broadMatch, narrowMatch ou "
                 "relatedMatch), absente (aucune correspondance) ; en fin de tableau, les compétences qu'un "
                 "référentiel ajoute (sans équivalent dans le socle)."),
    notes=("Tableau croisé des lignes de la requête ecarts-au-socle-postbac (niveau = competence) : une cellule "
           "reliée à plusieurs compétences du référentiel garde le lien le plus proche (repris, puis adapté). "
           "Le détail des correspondances est dans le tableau suivant.",),
    wide=True,
)

GAP_DETAILS = TableSpec(
    id="ecarts-socle-competences", title="Détail des correspondances par compétence",
    query="ecarts-au-socle-postbac", params={"niveau": "competence"},
    columns=(
        Column("referentiel_libelle", "Référentiel", width=50, repeat=False),
        Column("ecart_type", "Écart", width=10, statuses=GAP_STATUS, labels=GAP_WORDS),
        Column("notation_socle", "N° socle", width=9),
        Column("libelle_socle", "Compétence du socle post-bac", width=60, link="socle_iri", link_optional=True),
        Column("notation_referentiel", "N° référentiel", width=9),
        Column("libelle_referentiel", "Compétence du référentiel", width=60, link="referentiel_iri",
               link_optional=True),
        Column("predicat", "Prédicat", width=13),
        Column("statut_correspondance", "Statut", width=11, labels=LINK_WORDS),
        Column("confiance", "Confiance", "number", width=9),
    ),
    group="referentiel_libelle",
    wide=True,
)

GAP_CAPACITIES = PivotSpec(
    id="capacites-socle-professions", title="Capacités du socle post-bac : décompte par référentiel",
    query="ecarts-au-socle-postbac", params={"niveau": "capacite"},
    row_columns=(Column("ecart", "Écart (capacités)", width=22, labels=GAP_WORDS,
                        statuses=GAP_STATUS),),
    row_key=lambda r: (r.get("ecart_type"),), column_key="referentiel_court", value_key="ecart_type",
    combine=len, missing=0, cell={"kind": "integer", "width": 14},
    sort_key=lambda r: GAP_ORDER.index(r["ecart"]) if r["ecart"] in GAP_ORDER else len(GAP_ORDER),
    description=("Nombre de lignes de la requête ecarts-au-socle-postbac (niveau = capacite) par type d'écart et "
                 "par référentiel : capacités du socle reprises mot pour mot, reformulées ou complétées d'un "
                 "thème dans le référentiel, "
                 "absentes, et capacités que le référentiel ajoute."),
    notes=("Au niveau des capacités, seules les phrases identiques, reformulées ou reprises et complétées d'un "
           "thème (plus larges ou plus étroites) sont reliées (jeu capacites-identiques) : « absente » y signifie "
           "qu'aucune capacité du référentiel n'est cette phrase.",),
    wide=True,
)

HOURS_SIDE_BY_SIDE = TableSpec(
    id="heures-par-domaine-referentiels", title="Heures par domaine, référentiels côte à côte",
    query="heures-par-domaine-cote-a-cote", params={"toutes_versions": "false"},
    columns=(
        Column("referentiel", "Référentiel", width=60),
        Column("version", "Version", width=16),
        *(Column(f"domaine_{k}", f"Domaine {k}", "number", width=10) for k in range(1, 7)),
        Column("total_imprime", "Total imprimé", "number", width=10),
        Column("somme_domaines", "Somme des domaines", "number", width=10),
        Column("total_coherent", "Total cohérent", "bool", width=10),
        Column("ects", "ECTS", "number", width=7),
        Column("domaines", "Domaines (numéro et intitulé)", width=90),
    ),
    status=false_is("mismatch", "total_coherent"),
    wide=True,
)

PROFESSIONS_SECTION = SectionSpec(
    id="referentiels-professions",
    number="3",
    title="Référentiels des professions et socle post-bac",
    intro=(
        "Chaque référentiel socle d'une famille de professions est comparé au référentiel socle post-bac "
        "V1.1.2022, compétence par compétence et par le sens (les numéros diffèrent d'un référentiel à l'autre) : "
        "compétence présente, adaptée, absente ou ajoutée. Les heures par domaine sont données côte à côte, "
        "avec le total imprimé et la somme calculée.",
    ),
    tables=(GAP_MATRIX, GAP_DETAILS, GAP_CAPACITIES, HOURS_SIDE_BY_SIDE),
    key_figures=lambda t: [
        ("référentiels de professions", str(len(t["matrice-socle-professions"].columns) - 3)),
        ("compétences absentes (cellules)", str(_cells(t["matrice-socle-professions"], "manque"))),
        ("compétences ajoutées", str(sum(1 for r in t["matrice-socle-professions"].rows if r["origine"] == "ajoutée"))),
        ("totaux imprimés en écart", str(count_rows(t["heures-par-domaine-referentiels"], "mismatch"))),
    ],
)


def _cells(table: Table, value: str) -> int:
    keys = [c.key for c in table.columns if c.key.startswith("c") and c.key[1:].isdigit()]
    return sum(1 for r in table.rows for k in keys if r.get(k) == value)


# -- 4. DU hours and organisation ------------------------------------------------------------

HOURS_DIMENSIONS = (
    ("domaine", "Domaine"), ("niveau", "Niveau"), ("annee", "Année"), ("semestre", "Semestre"),
    ("modalite", "Modalité (distanciel / présentiel)"),
)


def _hours_table(par: str, label: str) -> TableSpec:
    return TableSpec(
        id=f"heures-du-{par}", title=f"Heures du DU par {label.lower()}",
        query="heures-du", params={"par": par},
        columns=(
            Column("cle", label, width=40, repeat=False),
            Column("modalite", "Modalité", width=14),
            Column("catalogue", "Offre de formation (maquette)", "number", width=14),
            Column("planning", "Planning (légende)", "number", width=12),
            Column("grille_semestrielle", "Grille S1–S6", "number", width=12),
            Column("tableau_enseignements", "Tableau des enseignements", "number", width=14),
            Column("plaquette", "Plaquette", "number", width=11),
            Column("coherent", "Chiffres concordants", "bool", width=12),
            Column("ecart_plaquette", "Écart plaquette − maquette", "number", width=13),
        ),
        status=false_is("mismatch", "coherent"),
        group="cle",
    )


HOURS_SECTION = SectionSpec(
    id="heures-du",
    number="4",
    title="Heures et organisation du DU",
    intro=(
        "Heures du DU par domaine, niveau, année, semestre et modalité, selon chacun des tableaux de la maquette "
        "(offre de formation, légende du planning, grille semestrielle, tableau des enseignements) et selon la "
        "plaquette. Chaque colonne additionne les heures d'un seul document ; une ligne en rouge signale des "
        "chiffres qui ne concordent pas. Les écarts relevés dans les sources elles-mêmes (totaux imprimés qui "
        "ne s'additionnent pas, documents en désaccord) sont listés à la fin de la section.",
    ),
    tables=(
        TableSpec(
            id="totaux-imprimes-du", title="Totaux d'heures imprimés dans les documents du DU",
            query="totaux-imprimes", params={"graphe": "du-cns/"},
            columns=(
                Column("graphe_nomme", "Graphe", width=18),
                Column("libelle", "Total imprimé pour", width=45, link="element"),
                Column("total_imprime", "Total imprimé", "number", width=10),
                Column("nb_parties", "Parties", "integer", width=8),
                Column("somme_parties", "Somme des parties", "number", width=10),
                Column("concordant", "Concordant", "bool", width=10),
                Column("parties", "Parties et leurs heures", width=70),
                Column("emplacement", "Emplacement", width=30),
            ),
            status=false_is("mismatch", "concordant"),
        ),
        *(_hours_table(par, label) for par, label in HOURS_DIMENSIONS),
        TableSpec(
            id="ecarts-heures-du", title="Écarts et désaccords signalés dans les documents du DU",
            query="problemes-de-source",
            params=({"nature": "TotalMismatch"}, {"nature": "DocumentDisagreement"}),
            columns=(
                Column("graphe_nomme", "Graphe", width=20, repeat=False),
                Column("nature_probleme", "Nature", width=18, repeat=False),
                Column("description", "Description", width=90, link="probleme", repeat=False),
                Column("valeur_affirmee", "Valeur affirmée", width=40, link="affirmation"),
                Column("source_affirmation", "Source", width=24),
                Column("emplacement", "Emplacement", width=22),
            ),
            keep=lambda r: str(r.get("graphe_nomme") or "").startswith("du-cns/"),
            status=lambda r: "mismatch",
            group="probleme",
            notes=("Problèmes de source « total incohérent » et « désaccord entre documents » des graphes du DU "
                   "(du-cns/…) ; une ligne par affirmation concurrente.",),
            wide=True,
        ),
    ),
    key_figures=lambda t: [
        ("totaux imprimés vérifiés", str(sum(1 for r in t["totaux-imprimes-du"].rows
                                              if r.get("concordant") is not None))),
        ("totaux imprimés en écart", str(count_rows(t["totaux-imprimes-du"], "mismatch"))),
        ("lignes d'heures discordantes", str(sum(count_rows(t[f"heures-du-{p}"], "mismatch")
                                                  for p, _ in HOURS_DIMENSIONS))),
        ("écarts signalés dans les sources", str(distinct_values(t["ecarts-heures-du"], "probleme"))),
    ],
)


# -- 5. Programmes: coverage of each programme, programmes compared ---------------------------

PROGRAMME_RELATION_STATUS = {"totale": "ok", "partielle": "partial", "non couverte": "gap"}
ELEMENT_WORDS = {"competence": "compétence", "capacite": "capacité"}


PROGRAMME_COMPARISON = {"query": "comparaison-des-programmes", "params": {"referentiel": "socle-postbac/v1.1.2022"}}
"""The query (and its reference framework) of the programme matrix and of its detail table."""


def _element_columns(label_width: int, link: str | None = None) -> tuple[Column, ...]:
    """Élément, N°, libellé: the three columns that name an element (compétence or capacité) of the socle."""
    return (Column("niveau_element", "Élément", width=11, labels=ELEMENT_WORDS),
            Column("code", "N°", width=8),
            Column("libelle", "Compétence ou capacité", width=label_width, link=link))


def _element_order(row) -> tuple:
    return (row.get("niveau_element") != "competence",
            tuple(int(p) if p.isdigit() else 0 for p in str(row.get("code") or "").split(".")))


PROGRAMMES_SECTION = SectionSpec(
    id="programmes",
    number="5",
    title="Programmes de formation et leur couverture",
    intro=(
        "Chaque programme de formation du graphe (le DU CNS, l'ETU e-Santé et tout programme importé avec "
        "sens-graph import), le référentiel qui lui est applicable (fixé par le programme, ou déduit de ses "
        "professions visées) et sa couverture : compétences et capacités couvertes, totalement ou partiellement, "
        "par ses enseignements et modules. Mêmes règles que la commande sens-graph coverage : une compétence est "
        "couverte par une ligne sur elle ou sur une de ses capacités, une capacité seulement par une ligne sur "
        "elle.",
    ),
    tables=(
        TableSpec(
            id="programmes", title="Programmes décrits et leur couverture", query="programmes",
            columns=(
                Column("programme", "Identifiant", width=16),
                Column("titre", "Programme", width=50, link="programme_iri"),
                Column("etablissement", "Établissement", width=40),
                Column("professions", "Professions visées", width=24),
                Column("cle_referentiel", "Référentiel", width=26),
                Column("referentiel_fixe", "Référentiel fixé par le programme", "bool", width=12),
                Column("nb_enseignements", "Enseignements", "integer", width=10),
                Column("competences_couvertes", "Compétences couvertes", "integer", width=10),
                Column("competences_total", "Compétences", "integer", width=10),
                Column("capacites_couvertes", "Capacités couvertes", "integer", width=10),
                Column("capacites_partielles", "dont partiellement", "integer", width=10),
                Column("capacites_total", "Capacités", "integer", width=10),
            ),
            wide=True,
        ),
        PivotSpec(
            id="comparaison-programmes", title="Comparaison des programmes : socle post-bac V1.1.2022",
            **PROGRAMME_COMPARISON, row_columns=_element_columns(70),
            row_key=lambda r: (r.get("niveau_element"), r.get("code"), r.get("libelle")),
            column_key="programme", value_key="relation", combine=lambda values: values[0],
            cell={"width": 14, "statuses": PROGRAMME_RELATION_STATUS},
            sort_key=_element_order,
            description=("Pour chaque compétence et capacité du socle post-bac V1.1.2022, sa couverture par chaque "
                         "programme dont c'est le référentiel applicable : totale, partielle ou non couverte."),
            notes=("Tableau croisé des lignes de la requête comparaison-des-programmes ; une compétence que le "
                   "programme ne vise que par ses capacités y est « non couverte » (elle compte pourtant comme "
                   "couverte dans le tableau précédent).",),
            wide=True,
        ),
        TableSpec(
            id="couverture-programmes", title="Couverture de chaque programme, élément par élément",
            **PROGRAMME_COMPARISON,
            columns=(
                Column("programme", "Programme", width=16, repeat=False),
                *_element_columns(60, link="element_iri"),
                Column("relation", "Couverture", width=13, statuses=PROGRAMME_RELATION_STATUS),
                Column("nb_lignes", "Lignes", "integer", width=8),
                Column("enseignements", "Enseignements ou modules", width=70),
                Column("heures", "Heures (lignes)", "number", width=9),
            ),
            status=status_of("relation", PROGRAMME_RELATION_STATUS),
            group="programme",
            wide=True,
        ),
    ),
    key_figures=lambda t: [
        ("programmes", str(count_rows(t["programmes"]))),
        ("éléments non couverts (toutes lignes)", str(count_rows(t["couverture-programmes"], "gap"))),
    ],
)


# -- 6. Appendix: provenance, source problems, reconstructions -------------------------------

APPENDIX_SECTION = SectionSpec(
    id="annexe",
    number="6",
    title="Annexe : provenance, problèmes de source, reconstructions",
    intro=(
        "Les documents sources (texte extrait des PDF, avec l'empreinte SHA-256 du fichier encodé), les versions "
        "des référentiels, les jeux de correspondances et leur méthode, chaque lien ou donnée reconstruit avec sa "
        "méthode, et tous les problèmes relevés dans les sources (une ligne par affirmation concurrente).",
    ),
    tables=(
        TableSpec(
            id="documents-sources", title="Documents sources", query="documents-sources",
            columns=(
                Column("document", "Document", width=50, link="source"),
                Column("titre", "Titre", width=50),
                Column("fichier", "Fichier texte", width=26),
                Column("sha256", "SHA-256", width=30),
                Column("editeur", "Éditeur", width=24),
                Column("date", "Date", width=11),
                Column("nb_entites", "Entités dérivées", "integer", width=9),
                Column("graphes", "Graphes nommés", width=60),
            ),
            wide=True,
        ),
        TableSpec(
            id="versions-referentiels", title="Versions des référentiels", query="versions-des-referentiels",
            columns=(
                Column("referentiel", "Référentiel", width=60, link="version_iri"),
                Column("version", "Version", width=16),
                Column("date", "Date", width=10),
                Column("emetteur", "Émetteur", width=26),
                Column("sources", "Sources", width=26),
                Column("revise", "Révise", width=10),
                Column("domaines", "Domaines", "integer", width=9),
                Column("competences", "Compétences", "integer", width=9),
                Column("capacites", "Capacités", "integer", width=9),
                Column("total_imprime", "Heures (total imprimé)", "number", width=10),
            ),
            wide=True,
        ),
        TableSpec(
            id="jeux-de-correspondances", title="Jeux de correspondances et leur méthode",
            query="jeux-de-correspondances",
            columns=(
                Column("titre", "Jeu", width=30, link="jeu"),
                Column("nb_correspondances", "Correspondances", "integer", width=10),
                Column("affirmees", "Affirmées", "integer", width=9),
                Column("curees", "Curées", "integer", width=9),
                Column("reconstruites", "Reconstruites", "integer", width=9),
                Column("confiance_min", "Confiance min.", "number", width=9),
                Column("confiance_moyenne", "Confiance moy.", "number", width=9),
                Column("justifications", "Justifications (semapv)", width=18),
                Column("description", "Méthode (description du jeu)", width=100),
            ),
            wide=True,
        ),
        TableSpec(
            id="reconstructions", title="Liens et données reconstruits, et leur méthode", query="reconstructions",
            columns=(
                Column("genre_reconstruction", "Genre", width=14),
                Column("jeu_ou_graphe", "Jeu ou graphe", width=24),
                Column("sujet_libelle", "Sujet", width=45, link="sujet"),
                Column("predicat", "Prédicat", width=12),
                Column("objet_libelle", "Objet", width=45, link="objet"),
                Column("confiance", "Confiance", "number", width=9),
                Column("methode", "Méthode", width=100),
            ),
            status=lambda r: "reconstructed",
            wide=True,
        ),
        TableSpec(
            id="problemes-de-source", title="Problèmes relevés dans les sources", query="problemes-de-source",
            columns=(
                Column("graphe_nomme", "Graphe", width=24, repeat=False),
                Column("nature_probleme", "Nature", width=18, repeat=False),
                Column("description", "Description", width=90, link="probleme", repeat=False),
                Column("sources", "Sources", width=26, repeat=False),
                Column("valeur_affirmee", "Valeur affirmée", width=45, link="affirmation"),
                Column("source_affirmation", "Source de l'affirmation", width=24),
                Column("emplacement", "Emplacement", width=22),
            ),
            group="probleme",
            notes=("Une ligne par affirmation concurrente ; dans les versions HTML et PDF, la description d'un "
                   "problème n'est imprimée que sur sa première ligne.",),
            wide=True,
        ),
    ),
    key_figures=lambda t: [
        ("documents sources", str(count_rows(t["documents-sources"]))),
        ("versions de référentiels", str(count_rows(t["versions-referentiels"]))),
        ("jeux de correspondances", str(count_rows(t["jeux-de-correspondances"]))),
        ("éléments reconstruits", str(count_rows(t["reconstructions"]))),
        ("problèmes de source", str(distinct_values(t["problemes-de-source"], "probleme"))),
    ],
)


SECTIONS: tuple[SectionSpec, ...] = (
    COVERAGE_SECTION, RNCP_SECTION, PROFESSIONS_SECTION, HOURS_SECTION, PROGRAMMES_SECTION, APPENDIX_SECTION,
)

__all__ = ["SECTIONS", "Table"]
