"""What the report contains: its sections and, for each table, the query it comes from.

Every table is a :class:`~.model.TableSpec`: a query of ``queries/`` with its parameters, the
columns shown (query column → French title, and the query column holding the IRI a cell
links to), the row status (colour) and notes. The key figures of a section are counts over
the rows of its tables. Nothing here queries the graph: :func:`.model.build_report` does.
"""

from __future__ import annotations

from .model import Column, SectionSpec, Table, TableSpec, _count, _distinct, _false_is, _status_of

LINK_WORDS = {"stated": "affirmé par la source", "curated": "curé", "reconstructed": "reconstruit"}
LINK_STATUS = {"stated": "stated", "curated": "curated", "reconstructed": "reconstructed",
               "aucun lien": "gap", "non couvert": "gap"}


# -- 2. DU ↔ RNCP36050 -----------------------------------------------------------------------

RNCP_COLUMNS = (
    Column("du_type", "Type DU", width=8, repeat=False),
    Column("du_notation", "N° DU", width=8, repeat=False),
    Column("du_libelle", "Compétence du DU", width=60, repeat=False),
    Column("niveau", "Niveau", width=13, repeat=False),
    Column("nb_croix", "Croix imprimées", "integer", width=9, repeat=False),
    Column("rncp_type", "Type RNCP", width=11),
    Column("rncp_notation", "N° RNCP", width=9),
    Column("rncp_libelle", "Bloc ou compétence RNCP36050", width=60),
    Column("predicat", "Prédicat", width=13),
    Column("statut_lien", "Statut du lien", width=14, statuses=LINK_STATUS, labels=LINK_WORDS),
    Column("confiance", "Confiance", "number", width=10),
    Column("commentaire", "Méthode / commentaire", width=80),
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
            status=_status_of("statut_lien", LINK_STATUS), wide=True,
        ),
        TableSpec(
            id="du-rncp36050-sans-lien", title="Compétences du DU et éléments RNCP36050 sans lien",
            query="du-vers-rncp36050", params={"vue": "sans-lien"},
            columns=tuple(c for c in RNCP_COLUMNS if c.key in {"du_type", "du_notation", "du_libelle", "niveau",
                                                                   "nb_croix", "rncp_type", "rncp_notation",
                                                                   "rncp_libelle", "statut_lien"}),
            status=_status_of("statut_lien", LINK_STATUS),
            notes=("« aucun lien » : compétence du DU dont aucune croix ne peut être rattachée avec certitude à un "
                   "bloc ; « non couvert » : bloc ou compétence RNCP qu'aucun lien n'atteint.",),
        ),
    ),
    key_figures=lambda t: [
        ("liens DU → RNCP36050", str(_count(t["du-rncp36050-liens"]))),
        ("dont reconstruits", str(_count(t["du-rncp36050-liens"], "reconstructed"))),
        ("dont affirmés par la source", str(_count(t["du-rncp36050-liens"], "stated"))),
        ("éléments sans lien", str(_count(t["du-rncp36050-sans-lien"]))),
    ],
)


# -- 3. Profession référentiels vs the post-bac socle -----------------------------------------

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
    status=_false_is("mismatch", "total_coherent"),
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
    tables=(HOURS_SIDE_BY_SIDE,),
    key_figures=lambda t: [
        ("référentiels comparés", str(_count(t["heures-par-domaine-referentiels"]))),
        ("totaux imprimés en écart", str(_count(t["heures-par-domaine-referentiels"], "mismatch"))),
    ],
)


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
            Column("cle", label, width=50),
            Column("catalogue", "Offre de formation (maquette)", "number", width=14),
            Column("planning", "Planning (légende)", "number", width=12),
            Column("grille_semestrielle", "Grille S1–S6", "number", width=12),
            Column("tableau_enseignements", "Tableau des enseignements", "number", width=14),
            Column("plaquette", "Plaquette", "number", width=11),
            Column("coherent", "Chiffres concordants", "bool", width=12),
            Column("ecart_plaquette", "Écart plaquette − maquette", "number", width=13),
        ),
        status=_false_is("mismatch", "coherent"),
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
        ("domaines du DU", str(_count(t["heures-du-domaine"]))),
        ("lignes d'heures discordantes", str(sum(_count(t[f"heures-du-{p}"], "mismatch")
                                                  for p, _ in HOURS_DIMENSIONS))),
        ("écarts signalés dans les sources", str(_distinct(t["ecarts-heures-du"], "probleme"))),
    ],
)


# -- 5. Appendix: provenance, source problems, reconstructions -------------------------------

APPENDIX_SECTION = SectionSpec(
    id="annexe",
    number="5",
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
                Column("titre", "Jeu", width=45, link="jeu"),
                Column("nb_correspondances", "Correspondances", "integer", width=10),
                Column("affirmees", "Affirmées", "integer", width=9),
                Column("curees", "Curées", "integer", width=9),
                Column("reconstruites", "Reconstruites", "integer", width=9),
                Column("confiance_min", "Confiance min.", "number", width=9),
                Column("confiance_moyenne", "Confiance moy.", "number", width=9),
                Column("justifications", "Justifications (semapv)", width=26),
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
        ("documents sources", str(_count(t["documents-sources"]))),
        ("versions de référentiels", str(_count(t["versions-referentiels"]))),
        ("jeux de correspondances", str(_count(t["jeux-de-correspondances"]))),
        ("éléments reconstruits", str(_count(t["reconstructions"]))),
        ("problèmes de source", str(_distinct(t["problemes-de-source"], "probleme"))),
    ],
)


SECTIONS: tuple[SectionSpec, ...] = (RNCP_SECTION, PROFESSIONS_SECTION, HOURS_SECTION, APPENDIX_SECTION)

__all__ = ["SECTIONS", "Table"]
