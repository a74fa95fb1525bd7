"""The interface text of the pages in English on request (issue 14); data labels are never translated.

French is the interface's language. English is chosen by ``?lang=en`` (the language switch of the
header). ``Accept-Language`` is not followed: browsers send ``en-US`` by default (headless Chromium
too), and the issue asks for a French interface with English *on request*; the address then says
the language, so a link or bookmark opens the page in the language it was shared in, and caches
need no ``Vary``. :data:`CATALOGUE` maps the French interface strings of the templates to English;
a string missing from it stays French (never an empty or invented label); :data:`PATTERNS` says
the messages that carry a value. :class:`Templates` keeps ``lang=en`` in the links and forms of
every page it renders, so that the whole visit stays in the language asked for.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from fastapi import Request, Response
from fastapi.templating import Jinja2Templates

from .urls import machine_path

LANGUAGES = ("fr", "en")

CATALOGUE: dict[str, str] = {
    # base.html: header and footer
    "Aller au contenu": "Skip to content",
    "Rechercher": "Search",
    "Rechercher…": "Search…",
    "Accueil": "Home",
    "Comparer": "Compare",
    "Éditeur SPARQL": "SPARQL editor",
    "Téléchargements": "Downloads",
    "Ontologie": "Ontology",
    "Rapports": "Reports",
    "Navigation principale": "Main navigation",
    "construit le": "built on",
    "données sous licence": "data licensed under",
    "les IRI": "the IRIs",
    "sont servies ici au même chemin": "are served here at the same path",
    "Fil d'Ariane": "Breadcrumb",
    # page-programme.html
    "Programme": "Programme",
    "Programme de formation": "Training programme",
    "Couverture du référentiel": "Coverage of the framework",
    "Référentiel applicable :": "Applicable framework:",
    "compétences couvertes": "competences covered",
    "capacités couvertes, dont": "capacities covered, of which",
    "partiellement": "partly",
    "capacités non couvertes": "capacities not covered",
    "Carte de chaleur : enseignements × compétences": "Heat map: courses × competences",
    "Enseignement": "Course",
    "Compétences :": "Competences:",
    "Chaque case donne le nombre d'éléments de la compétence (elle-même ou ses capacités) que l'enseignement "
    "couvre ; plus la case est foncée, plus il y en a. Case vide : aucun.":
        "Each cell gives the number of elements of the competence (itself or its capacities) that the course "
        "covers; the darker the cell, the more there are. Empty cell: none.",
    "Nombre d'éléments de chaque compétence couverts par chaque enseignement":
        "Number of elements of each competence covered by each course",
    "Compétence": "Competence",
    "Capacités non couvertes": "Capacities not covered",
    "Toutes les capacités du référentiel sont couvertes.": "Every capacity of the framework is covered.",
    "Heures par domaine": "Hours per domain",
    "Heures des lignes de couverture du programme et heures attendues par le référentiel, par domaine":
        "Hours of the programme's coverage rows and hours expected by the framework, per domain",
    "Domaine": "Domain",
    "Heures du programme": "Programme hours",
    "Heures du référentiel": "Framework hours",
    "inconnues": "unknown",
    "Enseignements": "Courses",
    "Unités, modules et enseignements du programme": "Teaching units, modules and courses of the programme",
    "Identifiant": "Identifier",
    "Intitulé": "Title",
    "Type": "Kind",
    "Unité": "Unit",
    "Heures": "Hours",
    "Total du programme (chaque heure comptée une fois) :": "Programme total (each hour counted once):",
    "Analyser un autre programme": "Analyse another programme",
    "Déposez le tableur d'un programme sur": "Upload a programme's spreadsheet on",
    "le formulaire d'analyse": "the analysis form",
    "pour obtenir la même couverture.": "to get the same coverage.",
    "Pour les machines :": "For machines:",
    # _twins.html, _term.html (every entity page)
    "graphe nommé": "named graph",
    "Aucune source déclarée.": "No source declared.",
    "Aucun problème de source signalé.": "No source issue reported.",
    # accueil.html
    "référentiels de compétences du numérique en santé": "digital-health competency frameworks",
    "Référentiels de compétences du numérique en santé": "Digital-health competency frameworks",
    "Les référentiels socles du numérique en santé, leurs compétences et capacités, les correspondances entre eux "
    "et les formations qui les couvrent, tels que les sources les impriment.":
        "The core digital-health frameworks, their competences and capacities, the crosswalks between them and "
        "the training programmes that cover them, as the sources print them.",
    "Une compétence, une capacité, un enseignement, une profession…":
        "A competence, a capacity, a course, a profession…",
    "Quel référentiel s'applique à ma profession ?": "Which framework applies to my profession?",
    "Profession": "Profession",
    "— choisir —": "— choose —",
    "Voir le référentiel": "Show the framework",
    "famille :": "family:",
    "version": "version",
    "domaines": "domains",
    "compétences": "competences",
    "capacités": "capacities",
    "remplacée par une révision": "superseded by a revision",
    "Aucun référentiel de ce graphe ne s'applique à cette profession (ni par sa famille, ni directement).":
        "No framework of this graph applies to this profession (neither through its family nor directly).",
    "Les référentiels": "The frameworks",
    "Versions des référentiels et leurs chiffres clés": "Framework versions and their key figures",
    "Référentiel": "Framework",
    "Version": "Version",
    "Public": "Audience",
    "Domaines": "Domains",
    "Compétences": "Competences",
    "Capacités": "Capacities",
    "Heures (total imprimé)": "Hours (printed total)",
    "remplacée": "superseded",
    "macro-compétences": "macro-competences",
    "micro-compétences": "micro-competences",
    "Comparer deux référentiels": "Compare two frameworks",
    "Les formations": "The training programmes",
    "total imprimé": "printed total",
    "Aucune formation dans ce graphe.": "No training programme in this graph.",
    "Questions prêtes à poser": "Ready-made questions",
    "Pour écrire vos propres requêtes SPARQL :": "To write your own SPARQL queries:",
    "l'éditeur": "the editor",
    "Profession inconnue : « {wanted} ». Choisissez-la dans la liste.":
        "Unknown profession: “{wanted}”. Choose it from the list.",
    # analyse.html
    "Analyse d'un programme": "Programme analysis",
    "Analyse de la couverture d'un programme": "Coverage analysis of a programme",
    "Déposer un classeur rempli à partir du": "Upload a workbook filled in from the",
    "modèle": "template",
    "feuilles": "sheets",
    "au plus {n} octets ; formules refusées": "at most {n} bytes; formulas refused",
    "Le classeur est analysé en mémoire :": "The workbook is analysed in memory:",
    "rien n'est enregistré": "nothing is stored",
    "Classeur du programme (.xlsx)": "Programme workbook (.xlsx)",
    "Analyser": "Analyse",
    "feuille": "sheet",
    "ligne": "row",
    "colonne": "column",
    "valeur": "value",
    "attendu": "expected",
    "référentiel": "framework",
    "Compétences couvertes :": "Competences covered:",
    "non couvertes :": "not covered:",
    "Capacités couvertes :": "Capacities covered:",
    "dont {n} partiellement": "of which {n} partly",
    "Capacités non couvertes ({n}) :": "Capacities not covered ({n}):",
    "aucune": "none",
    "Heures du programme :": "Programme hours:",
    "inconnues (aucun enseignement n'indique d'heures)": "unknown (no course gives hours)",
    "domaine": "domain",
    "heures des lignes de couverture": "hours of the coverage rows",
    "heures attendues par le référentiel": "hours expected by the framework",
    "fichier vide": "empty file",
    "aucun fichier (champ « fichier » du formulaire)": "no file (form field “fichier”)",
    "l'analyse a dépassé le temps limite": "the analysis went over the time limit",
    "fichier refusé": "file refused",
    # comparer.html
    "Les compétences et capacités de la version A, retrouvées dans la version B par les correspondances "
    "(jeux SSSOM) :": "The competences and capacities of version A, found in version B through the crosswalks "
                     "(SSSOM sets):",
    "présente": "present",
    "équivalent": "equivalent",
    "adaptée": "adapted",
    "proche, plus large, plus étroit ou lié": "close, broader, narrower or related",
    "absente": "absent",
    "aucune correspondance": "no mapping",
    " ; puis les éléments que B": "; then the elements that B",
    " :": ":",
    "ajoute": "adds",
    "reliés à rien dans A": "linked to nothing in A",
    "Version A": "Version A",
    "Version B": "Version B",
    "Résumé": "Summary",
    "Niveau": "Level",
    "Une compétence de A reliée à plusieurs éléments de B garde le lien le plus proche (équivalent, puis les "
    "autres). Au niveau des capacités, les correspondances ne relient que les phrases identiques ou reformulées.":
        "A competence of A linked to several elements of B keeps the closest link (equivalent, then the others). "
        "At the level of capacities, the crosswalks only link identical or reworded sentences.",
    "Dans A ({version})": "In A ({version})",
    "Écart": "Gap",
    "Dans B ({version})": "In B ({version})",
    "confiance": "confidence",
    "reconstituée": "reconstructed",
    "Aucun élément.": "No element.",
    "ajoutée": "added",
    "Présentes": "Present",
    "Adaptées": "Adapted",
    "Absentes": "Absent",
    "Ajoutées": "Added",
    "Compétences de A et B côte à côte": "Competences of A and B side by side",
    "Capacités de A et B côte à côte": "Capacities of A and B side by side",
    "Version de référentiel inconnue : « {key} ».": "Unknown framework version: “{key}”.",
    "Choisissez deux versions différentes.": "Choose two different versions.",
    # words of the crosswalks (pages.MAPPING_WORDS, STATUS_WORDS, JUSTIFICATION_WORDS, CHANGE_WORDS, KIND_NAMES)
    "proche": "close",
    "plus large": "broader",
    "plus étroit": "narrower",
    "lié": "related",
    "énoncée par la source": "stated by the source",
    "établie par l'équipe": "curated by the team",
    "curation manuelle": "manual curation",
    "correspondance lexicale": "lexical matching",
    "raisonnement logique": "logical reasoning",
    "revue de correspondance": "mapping review",
    "non précisée": "unspecified",
    "reformulé": "reworded",
    "renommé": "retitled",
    "déplacé": "moved",
    "ajouté": "added",
    "retiré": "removed",
    "version de référentiel": "framework version",
    "compétence": "competence",
    "capacité": "capacity",
    # downloads.html (group titles: layout.DOWNLOAD_GROUPS)
    "construite le {date}, {triples} triplets dans {graphs} graphes nommés.":
        "built on {date}, {triples} triples in {graphs} named graphs.",
    "Empreinte des sources": "Source digest",
    "Licence :": "Licence:",
    "Sommes de contrôle :": "Checksums:",
    "Aucune information de construction (dist/build-info.json manque).":
        "No build information (dist/build-info.json is missing).",
    "Le point d'accès SPARQL et les pages servent la construction du {date}":
        "The SPARQL endpoint and the pages serve the build of {date}",
    "empreinte": "digest",
    "Les fichiers ci-dessous sont ceux de dist/, construits le {date}":
        "The files below are those of dist/, built on {date}",
    "que le magasin n'a pas chargés": "which the store has not loaded",
    "voir": "see",
    "Fichier": "File",
    "Format": "Format",
    "Taille": "Size",
    "Licence": "Licence",
    "{n} octets": "{n} bytes",
    "Jeu de données complet (tous les graphes nommés)": "Complete dataset (every named graph)",
    "Un fichier par graphe nommé (référentiels, sources, professions, correspondances…)":
        "One file per named graph (frameworks, sources, professions, crosswalks…)",
    "Jeux de correspondances SSSOM": "SSSOM mapping sets",
    "Exports standard : CASE 1.0 (case/), CTDL-ASN (ctdl-asn/), CSV Moodle (moodle/)":
        "Standard exports: CASE 1.0 (case/), CTDL-ASN (ctdl-asn/), Moodle CSV (moodle/)",
    "Métadonnées, contexte JSON-LD et sommes de contrôle": "Metadata, JSON-LD context and checksums",
    "Autres fichiers": "Other files",
    "Aucun rapport dans cette construction (dist/reports/ n'existe pas).":
        "No reports in this build (dist/reports/ does not exist).",
    # editor.html
    "éditeur SPARQL": "SPARQL editor",
    "Exemples de requêtes": "Example queries",
    "Paramètres (modifiez la ligne marquée": "Parameters (edit the line marked",
    "Aucune bibliothèque de requêtes (queries/*.rq) n'a été trouvée au démarrage.":
        "No query library (queries/*.rq) was found at start-up.",
    "Point d'accès :": "Endpoint:",
    "Le graphe par défaut est l'union de tous les graphes nommés. Lecture seule ; pas de SERVICE ; limite de {n} s "
    "par requête.": "The default graph is the union of every named graph. Read-only; no SERVICE; a limit of {n} s "
                    "per query.",
    # editor.html's script (YASGUI's results table, error panel and the names of its controls)
    "lignes": "rows",
    "Toutes": "All",
    "Aucune ligne dans la réponse": "No row in the answer",
    "Aucune ligne ne correspond": "No matching row",
    "Lignes _START_ à _END_ sur _TOTAL_": "Rows _START_ to _END_ of _TOTAL_",
    "Aucune ligne": "No row",
    "(filtrées parmi _MAX_)": "(filtered from _MAX_)",
    "_MENU_ lignes par page": "_MENU_ rows per page",
    "Filtrer :": "Filter:",
    "Chargement…": "Loading…",
    "Calcul…": "Computing…",
    "La requête est refusée par le point d'accès": "The endpoint refused the query",
    "Cette opération est interdite (le point d'accès est en lecture seule)":
        "This operation is forbidden (the endpoint is read-only)",
    "Délai dépassé": "Time limit reached",
    "La requête est trop longue": "The query is too long",
    "Type de contenu non accepté": "Content type not accepted",
    "La réponse dépasse la taille permise : ajoutez une LIMIT": "The answer is larger than allowed: add a LIMIT",
    "Délai de calcul dépassé ou serveur occupé : simplifiez la requête ou ajoutez une LIMIT":
        "Time limit reached or server busy: simplify the query or add a LIMIT",
    "Erreur du point d'accès (HTTP ": "Endpoint error (HTTP ",
    "Le point d'accès ne répond pas": "The endpoint does not answer",
    "La requête n'a pas abouti": "The query failed",
    "Requête SPARQL": "SPARQL query",
    "Adresse du point d'accès SPARQL": "SPARQL endpoint address",
    "Lignes par page": "Rows per page",
    "Nom de l'onglet": "Tab name",
    "Ajouter un onglet": "Add a tab",
    "Fermer l'onglet": "Close the tab",
    "Requête SPARQL (défilement)": "SPARQL query (scrolling)",
    "Requête": "Query",
    # entity.html (the generic page)
    "Propriété": "Property",
    "Valeur": "Value",
    "Graphe nommé": "Named graph",
    "Provenance": "Provenance",
    "Graphes nommés": "Named graphs",
    "Décrit dans :": "Described in:",
    "Cette IRI nomme un graphe de {n} triplets": "This IRI names a graph of {n} triples",
    "le télécharger (Turtle)": "download it (Turtle)",
    "L'interroger :": "Query it:",
    "Liens entrants": "Incoming links",
    "Depuis": "From",
    "Seuls les {n} premiers liens entrants sont affichés ; interrogez /sparql pour les voir tous.":
        "Only the first {n} incoming links are shown; query /sparql to see them all.",
    # page-element.html
    "n°": "no.",
    "reconstitué": "reconstructed",
    "Cet élément est une reconstitution, pas un texte imprimé.": "This element is a reconstruction, not printed text.",
    "La source n'imprime aucune capacité pour cette compétence.": "The source prints no capacity for this competence.",
    "Dans les autres référentiels": "In the other frameworks",
    "Correspondances de cet élément dans les autres référentiels": "Mappings of this element in the other frameworks",
    "Élément correspondant": "Corresponding element",
    "Relation": "Relation",
    "Justification": "Justification",
    "Confiance": "Confidence",
    "Statut": "Status",
    "Relation lue de cet élément vers l'élément correspondant : « équivalent » (skos:exactMatch), « proche » "
    "(closeMatch), « plus large » / « plus étroit » (broadMatch / narrowMatch : l'élément correspondant est plus "
    "large / plus étroit), « lié » (relatedMatch). Les correspondances reconstituées ne sont pas des faits imprimés.":
        "Relation read from this element to the corresponding one: “equivalent” (skos:exactMatch), “close” "
        "(closeMatch), “broader” / “narrower” (broadMatch / narrowMatch: the corresponding element is broader / "
        "narrower), “related” (relatedMatch). Reconstructed mappings are not printed facts.",
    "Aucune correspondance établie avec un autre référentiel.": "No mapping established with another framework.",
    "Formations qui le couvrent": "Training that covers it",
    "Enseignements reliés à cet élément": "Courses linked to this element",
    "Par la capacité": "Through the capacity",
    "Aucun enseignement relié dans les correspondances du graphe.": "No course linked in the graph's crosswalks.",
    "Historique entre versions": "History across versions",
    "Aucun changement calculé entre versions pour cet élément.":
        "No change computed between versions for this element.",
    "Problèmes de source": "Source issues",
    "Source": "Source",
    # page-referentiel.html
    "pour": "for",
    "révision de": "revision of",
    "Chiffres clés": "Key figures",
    "Chiffres clés de la version": "Key figures of the version",
    "non imprimé": "not printed",
    "Somme des heures des domaines": "Sum of the domains' hours",
    "Comparer cette version à un autre référentiel": "Compare this version with another framework",
    "Domaines, compétences et capacités": "Domains, competences and capacities",
    "chiffre imprimé sans unité": "figure printed without a unit",
    "Changements depuis la version précédente": "Changes since the previous version",
    "élément de cette version": "element of this version",
    "élément précédent": "previous element",
    "Aucun changement calculé.": "No change computed.",
    "Pas de version précédente dans le graphe.": "No previous version in the graph.",
    "Problèmes de source de cette version": "Source issues of this version",
    "Sources": "Sources",
    "Télécharger": "Download",
    "Cette page pour les machines :": "This page for machines:",
    # question.html (titles, questions and parameter help come from the library, in both languages)
    "questions": "questions",
    "Questions": "Questions",
    "facultatif": "optional",
    "Répondre": "Answer",
    "Afficher la réponse": "Show the answer",
    "Réponse : {n} ligne": "Answer: {n} row",
    "Réponse : {n} lignes": "Answer: {n} rows",
    "Télécharger :": "Download:",
    "seules les {n} premières lignes sont affichées ; les fichiers les contiennent toutes":
        "only the first {n} rows are shown; the files hold them all",
    "Réponse à la question « {title} »": "Answer to the question “{title}”",
    "Aucune ligne.": "No row.",
    "La requête SPARQL": "The SPARQL query",
    "Ouvrir dans l'éditeur": "Open in the editor",
    "le fichier {name}.rq": "the file {name}.rq",
    "— tous —": "— all —",
    "— indifférent —": "— either —",
    "oui": "yes",
    "non": "no",
    "Aucune question nommée « {name} ».": "No question named “{name}”.",
    "La requête n'a pas abouti : {reason}": "The query failed: {reason}",
    # recherche.html
    "Recherche": "Search",
    "Rechercher dans les référentiels, compétences, capacités, enseignements, professions et problèmes de source":
        "Search the frameworks, competences, capacities, courses, professions and source issues",
    "{n} résultat pour « {q} »": "{n} result for “{q}”",
    "{n} résultats pour « {q} »": "{n} results for “{q}”",
    "sans accents ni majuscules, mots français ramenés à leur racine":
        "accents and capitals ignored, French words reduced to their stem",
    "Libellé": "Label",
    "Code": "Code",
}
"""French interface string → English."""

PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(french), english) for french, english in (
    (r"(?P<iri>\S+) n'est pas dans le graphe", "{iri} is not in the graph"),
    (r"(?P<file>.+) : (?P<n>\d+) problème\(s\)", "{file}: {n} problem(s)"),
    (r"fichier trop volumineux \(au plus (?P<n>\d+) octets\)", "file too large (at most {n} bytes)"),
    (r"formulaire illisible : (?P<reason>.*)", "unreadable form: {reason}"),
    (r"analyse indisponible : (?P<reason>.*)", "analysis unavailable: {reason}"),
    (r"Rapports /(?P<rel>.*)", "Reports /{rel}"),
))
"""Interface messages that carry a value (made outside the templates): French pattern → English."""


def language(request: Request) -> str:
    """``"en"`` for ``?lang=en``, else ``"fr"`` (an unknown ``lang`` value gives French)."""
    asked = (request.query_params.get("lang") or "").strip().lower()
    return asked if asked in LANGUAGES else "fr"


def translator(lang: str) -> Callable[..., str]:
    """The ``_`` of the templates and pages: the English of a French interface string (itself when
    French or unknown), with ``{name}`` fields filled from keyword arguments after translation."""
    def translate(text: str, **values: object) -> str:
        said = text
        if lang == "en":
            said = CATALOGUE.get(text) or next((english.format(**found.groupdict()) for pattern, english in PATTERNS
                                                if (found := pattern.fullmatch(text))), text)
        return said.format(**values) if values else said
    return translate


def bilingual(text: str, lang: str) -> str:
    """``"texte fr / English text"`` (the query library's titles and descriptions) → the part in ``lang``.

    A text whose halves hold `` / `` themselves (``"Part interne / externe par domaine / Internal /
    external share per domain"``) splits in the middle of its even number of parts; a text without
    an English part is given as it is.
    """
    parts = text.split(" / ")
    middle = len(parts) // 2 if len(parts) % 2 == 0 else 1
    french, english = " / ".join(parts[:middle]).strip(), " / ".join(parts[middle:]).strip()
    return english if lang == "en" and english else french


_INTERNAL_HREF = re.compile(r'(<a\b[^>]*?\bhref=")(/(?!/)[^"#]*)(#[^"]*)?(")')
_POST_FORM = re.compile(r'(<form\b(?=[^>]*\bmethod="post")[^>]*?\baction=")(/[^"]*)(")', re.IGNORECASE)
_GET_FORM = re.compile(r'(<form\b(?=[^>]*\bmethod="get")[^>]*>)', re.IGNORECASE)


def keeps_language(path: str) -> bool:
    """A link to a page of this interface (not a file download, a static asset or a machine twin)."""
    bare = path.split("?", 1)[0]
    if machine_path(bare):
        return False
    last = bare.rsplit("/", 1)[-1]
    return "." not in last or last.endswith(".html")


def keep_language(html: str, lang: str) -> str:
    """The page with its internal links and GET forms kept in ``lang`` (``lang=en`` added; French unchanged).

    Links to pages of this server (``href="/…"``, not to files, static assets, the endpoint or the
    machine twins) get ``lang=en`` in their query string; every ``method="get"`` form gets a hidden
    ``lang`` field and every ``method="post"`` form's action the parameter, so that following a
    link or submitting a form keeps the language of the address.
    """
    if lang == "fr":
        return html

    def link(match: re.Match[str]) -> str:
        path = match.group(2).replace("&amp;", "&")
        if not keeps_language(path) or re.search(r"[?&]lang=", path):
            return match.group(0)
        joined = path + ("&" if "?" in path else "?") + "lang=" + lang
        return match.group(1) + joined.replace("&", "&amp;") + (match.group(3) or "") + match.group(4)

    html = _INTERNAL_HREF.sub(link, html)
    html = _POST_FORM.sub(lambda m: m.group(1) + m.group(2) + ("&amp;" if "?" in m.group(2) else "?")
                          + f"lang={lang}" + m.group(3), html)
    return _GET_FORM.sub(lambda m: m.group(1) + f'<input type="hidden" name="lang" value="{lang}">', html)


class Templates(Jinja2Templates):
    """:class:`Jinja2Templates` whose HTML answers keep the page's language in their links and forms."""

    def TemplateResponse(self, *args: Any, **kwargs: Any) -> Response:
        response = super().TemplateResponse(*args, **kwargs)
        request = args[0] if args and isinstance(args[0], Request) else kwargs.get("request")
        lang = language(request) if request is not None else "fr"
        if lang != "fr" and response.media_type == "text/html":
            body = keep_language(response.body.decode("utf-8"), lang).encode("utf-8")
            response.body = body
            response.headers["content-length"] = str(len(body))
        return response


def switch_href(request: Request, lang: str) -> str:
    """The address of the same page in the other language (its query string kept, ``lang`` replaced)."""
    other = "fr" if lang == "en" else "en"
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"] + [("lang", other)]
    return f"{request.url.path}?{urlencode(params)}"


__all__ = ["CATALOGUE", "LANGUAGES", "Templates", "bilingual", "keep_language", "keeps_language", "language",
           "switch_href", "translator"]


def install(env) -> None:
    """Give every template ``_`` (interface text), ``page_lang()`` and ``lang_switch()``, read from its ``request``."""
    from jinja2 import pass_context

    def lang_of(context) -> str:
        request = context.get("request")
        return language(request) if request is not None else "fr"

    @pass_context
    def translate(context, text: str, **values: object) -> str:
        return translator(lang_of(context))(text, **values)

    @pass_context
    def page_lang(context) -> str:
        return lang_of(context)

    @pass_context
    def lang_switch(context) -> dict[str, str] | None:
        request = context.get("request")
        if request is None:
            return None
        lang = lang_of(context)
        return {"href": switch_href(request, lang), "lang": "fr" if lang == "en" else "en",
                "text": "Français" if lang == "en" else "English"}

    @pass_context
    def bilingual_text(context, text: str) -> str:
        return bilingual(text or "", lang_of(context))

    env.globals.update(_=translate, page_lang=page_lang, lang_switch=lang_switch, bilingual=bilingual_text)
