"""Profession families, professions, specialties and transverse categories (graph professions:
seed 002 lines 517-527, 683-745, 757-809; seed 004 lines 65-86) and the context graph (AMI CMA
actions, laureate projects, RNCP37466 blocks, ETU e-Santé items, IA_SaNSeS, seed 004 domains).
Every expected figure is counted in the seeds by hand; the layout of the TAB tables is re-checked
against the seed text when the seeds are present."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest
from common import BASE
from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, SKOS

from sens_graph.iri import slugify
from sens_graph.namespaces import SENS

B = BASE
SEEDS = Path(os.environ.get("SENS_GRAPH_SEEDS_DIR", "/work/shared/seeds"))
SEED_002 = SEEDS / "002_3118bb4998137152.txt"
SEED_004 = SEEDS / "004_f29b1b8e5e19067d.txt"
DCT_AUDIENCE = URIRef("http://purl.org/dc/terms/audience")

FAMILIES = [
    "professions-de-sante-niveau-4-a-8", "aides-soignants-et-auxiliaires-de-puericulture", "ambulanciers",
    "assistants-de-regulation-medicale", "travailleurs-sociaux-educateurs-et-assistants",
    "travailleurs-sociaux-accompagnants", "mediateurs-numeriques",
]
CATEGORIES = [
    "Imagerie médicale/traitement des données numériques", "Chirurgie et médecine interventionnelle",
    "Prévention", "Synergie médicale et paramédicale", "Examens biologiques",
    "Pratique ambulatoire du soin et de la délivrance des médicaments/dispositifs médicaux",
    "Industrie", "Intelligence artificielle",
]
# X marks per column of the specialties table, counted in seed 002 lines 687-743
MARKS_PER_CATEGORY = [20, 28, 28, 28, 23, 24, 2, 56]


def u(path: str) -> URIRef:
    return URIRef(B + path)


def fr(text: str) -> Literal:
    return Literal(text, lang="fr")


@pytest.fixture(scope="module")
def prof(graph_of):
    return graph_of("professions")


@pytest.fixture(scope="module")
def ctx(graph_of):
    return graph_of("context")


def issues_of(g, kind):
    return set(g.subjects(SENS.issueKind, kind))


def concerned(g, kind):
    return {o for i in issues_of(g, kind) for o in g.objects(i, SENS.concerns)}


# ---------------------------------------------------------------- families


def test_seven_families_in_their_scheme(prof):
    fams = set(prof.subjects(RDF.type, SENS.ProfessionFamily))
    assert fams == {u(f"famille/{f}") for f in FAMILIES}
    assert (u("famille"), RDF.type, SKOS.ConceptScheme) in prof
    assert (u("famille"), SKOS.prefLabel, fr("Familles de professions")) in prof
    for f in fams:
        assert (f, SKOS.inScheme, u("famille")) in prof
        assert (f, PROV.wasDerivedFrom, u("source/002")) in prof


def test_family_labels_as_the_sources_name_them(prof):
    f = u("famille/professions-de-sante-niveau-4-a-8")
    assert prof.value(f, SKOS.prefLabel) == fr("Professionnels de santé de formation de niveau 4 à 8")
    assert (f, SKOS.altLabel, fr("Professionnels de santé niveau post-bac")) in prof
    assert prof.value(u("famille/travailleurs-sociaux-educateurs-et-assistants"), SKOS.prefLabel) == fr(
        "Travailleurs sociaux – éducateurs et assistants")
    assert prof.value(u("famille/travailleurs-sociaux-accompagnants"), SKOS.prefLabel) == fr(
        "Travailleurs sociaux - accompagnants")


def test_every_family_is_used_by_a_referentiel(union):
    for f in FAMILIES:
        assert any(union.subjects(SENS.appliesTo, u(f"famille/{f}"))), f


# ---------------------------------------------------------------- professions


def members(g, collection):
    return set(g.objects(u(collection), SKOS.member))


def test_profession_counts_per_source(prof):
    assert len(set(prof.subjects(RDF.type, SENS.Profession))) == 50
    assert len(members(prof, "liste/professions-ciblees-par-les-actions")) == 48
    assert len(members(prof, "liste/professions-arrete-du-10-novembre-2022")) == 11
    assert len(members(prof, "liste/professions-du-regroupement-de-specialites")) == 5


def test_profession_types_as_printed(prof):
    types = Counter(str(t) for t in prof.objects(None, SENS.professionType))
    auxiliaires = ("Auxiliaires médicaux, aides-soignants, auxiliaires de puériculture, ambulanciers "
                   "et assistants dentaires...")
    assert types == {
        auxiliaires: 20,
        "Travailleurs sociaux": 15,
        "Professions de la pharmacie et de la physique médicale": 3,
        "Professions de médecins": 3,
        "Experts": 3,
        "Agents administratifs": 2,
    }


@pytest.mark.parametrize("label,slug", [
    ("Infirmier", "infirmier"),
    ("Ambulancier", "ambulancier"),
    ("Educateur spécialisé", "educateur-specialise"),
    ("Médiateur numérique", "mediateur-numerique"),
    ("Orthoprothésiste (appareillage)", "orthoprothesiste-appareillage"),
    ("Mandataire judiciaire à la protection des majeurs (MJPM)",
     "mandataire-judiciaire-a-la-protection-des-majeurs-mjpm"),
])
def test_users_find_professions_by_their_verbatim_label(prof, label, slug):
    assert prof.value(u(f"profession/{slug}"), SKOS.prefLabel) == fr(label)
    assert (u(f"profession/{slug}"), RDF.type, SENS.Profession) in prof


def test_same_profession_named_by_several_sources_is_one_resource(prof):
    med = u("profession/medecin")
    assert set(prof.objects(med, PROV.wasDerivedFrom)) == {u("source/002"), u("source/004")}
    assert (med, SKOS.altLabel, fr("Médecine")) in prof
    assert len(list(prof.objects(med, SENS.sourceLocation))) >= 3
    discipline_names = [("chirurgien-dentiste", "Odontologie"), ("pharmacien", "Pharmacie"),
                        ("sage-femme", "Maieutique")]
    for slug, alt in discipline_names:
        assert (u(f"profession/{slug}"), SKOS.altLabel, fr(alt)) in prof
    manip = u("profession/manipulateur-d-electroradiologie-medicale")
    assert prof.value(manip, SKOS.prefLabel) == fr("Manipulateur d'électroradiologie médicale")
    assert (manip, SKOS.altLabel, fr("Manipulateur d'ERM")) in prof


def test_families_of_professions_only_where_supported(prof):
    fam = {s: o for s, o in prof.subject_objects(SENS.inFamily)}
    assert fam[u("profession/infirmier")] == u("famille/professions-de-sante-niveau-4-a-8")
    assert fam[u("profession/ambulancier")] == u("famille/ambulanciers")
    assert fam[u("profession/educateur-specialise")] == u("famille/travailleurs-sociaux-educateurs-et-assistants")
    assert fam[u("profession/accompagnant-educatif-et-social")] == u("famille/travailleurs-sociaux-accompagnants")
    assert fam[u("profession/aide-soignant")] == u("famille/aides-soignants-et-auxiliaires-de-puericulture")
    assert fam[u("profession/mediateur-numerique")] == u("famille/mediateurs-numeriques")
    assert Counter(fam.values())[u("famille/professions-de-sante-niveau-4-a-8")] == 12
    assert len(fam) == 22
    for p in fam:  # every attribution says why
        assert prof.value(p, SENS.attributionReasoning) is not None, p
    for p in ("moniteur-educateur", "secretaire-medical", "directeur-d-hopital", "psychomotricien"):
        assert u(f"profession/{p}") not in fam


# ---------------------------------------------------------------- specialties table


def test_specialties_categories_and_marks(prof):
    specs = set(prof.subjects(RDF.type, SENS.Specialty))
    assert len(specs) == 56
    assert len([s for s in specs if (s, SENS.isReconstruction, Literal(True)) in prof]) == 1
    cats = [u(f"categorie/{slugify(c)}") for c in CATEGORIES]
    assert set(prof.subjects(RDF.type, SENS.TransverseCategory)) == set(cats)
    for c, label in zip(cats, CATEGORIES, strict=True):
        assert prof.value(c, SKOS.prefLabel) == fr(label)
        assert (c, SKOS.inScheme, u("categorie")) in prof
    marks = Counter(prof.objects(None, SENS.inTransverseCategory))
    assert [marks[c] for c in cats] == MARKS_PER_CATEGORY
    assert sum(marks.values()) == 209
    per_prof = Counter(prof.objects(None, SENS.specialtyOf))
    assert per_prof == {u("profession/medecin"): 42, u("profession/pharmacien"): 5,
                        u("profession/chirurgien-dentiste"): 4, u("profession/infirmier"): 4,
                        u("profession/sage-femme"): 1}


def test_specialty_samples_and_the_ai_footnote(prof):
    neuro = u("specialite/neurochirurgie")
    assert prof.value(neuro, SKOS.prefLabel) == fr("Neurochirurgie")
    assert set(prof.objects(neuro, SENS.inTransverseCategory)) == {
        u("categorie/imagerie-medicale-traitement-des-donnees-numeriques"),
        u("categorie/chirurgie-et-medecine-interventionnelle"), u("categorie/intelligence-artificielle")}
    assert prof.value(u("specialite/ophthalmologie"), SKOS.prefLabel) == fr("Ophthalmologie")  # verbatim
    assert set(prof.objects(u("specialite/recherche"), SENS.inTransverseCategory)) == {
        u("categorie/prevention"), u("categorie/industrie"), u("categorie/intelligence-artificielle")}
    note = str(prof.value(u("categorie/intelligence-artificielle"), SKOS.scopeNote))
    assert note.startswith("L'intelligence artificielle est comprise dans l'ensemble des catégories transverses")


def test_no_layout_lost_in_the_specialties_table(prof):
    specs = set(prof.subjects(RDF.type, SENS.Specialty))
    assert not (concerned(prof, SENS.LayoutLost) & specs)


@pytest.mark.skipif(not SEED_002.exists(), reason="seeds not available")
def test_specialties_table_tab_layout_in_the_seed():
    lines = SEED_002.read_text(encoding="utf-8").split("\n")
    rows = [lines[n - 1] for n in range(687, 744) if lines[n - 1].strip()]
    assert len(rows) == 56
    for row in rows:
        cells = row.split("\t")
        assert len(cells) == 10, row
        assert set(cells[2:]) <= {"", "X"}, row
    assert lines[685].split("\t")[2:] == [*CATEGORIES[:-1], "Intelligence artificielle*"]
    per_col = [sum(r.split("\t")[2 + i] == "X" for r in rows) for i in range(8)]
    assert per_col == MARKS_PER_CATEGORY


@pytest.mark.skipif(not SEED_004.exists(), reason="seeds not available")
def test_laureates_table_tab_layout_in_the_seed():
    lines = SEED_004.read_text(encoding="utf-8").split("\n")
    rows = [lines[n - 1].split("\t") for n in range(97, 127)]
    assert all(len(r) == 7 and set(r[2:]) <= {"", "Oui"} for r in rows)
    assert [sum(r[2 + i] == "Oui" for r in rows) for i in range(5)] == [17, 13, 5, 2, 3]


# ---------------------------------------------------------------- professions issues


def test_profession_source_issues(prof):
    assert u("profession/psychomotricien") in concerned(prof, SENS.LayoutLost)
    assert u("profession/technicien-de-laboratoire-medical") in concerned(prof, SENS.LayoutLost)
    assert prof.value(u("profession/psychomotricien"), SENS.professionType) is None
    assert u("liste/professions-arrete-du-10-novembre-2022") in concerned(prof, SENS.CountMismatch)
    assert u("specialite/maieutique") in concerned(prof, SENS.MissingContent)
    assert u("specialite/iae-anesthesiste") in concerned(prof, SENS.DocumentDisagreement)
    assert u("famille/professions-de-sante-niveau-4-a-8") in concerned(prof, SENS.DocumentDisagreement)
    for i in prof.subjects(RDF.type, SENS.SourceIssue):
        assert len(list(prof.objects(i, SENS.hasClaim))) >= 1


# ---------------------------------------------------------------- context: actions and projects

A = "ami-cma/sante-numerique/action/"


def test_nine_actions_with_verbatim_titles(ctx):
    acts = set(ctx.subjects(RDF.type, SENS.FundingAction))
    assert acts == {u(f"{A}{n}") for n in range(1, 10)}
    assert ctx.value(u(f"{A}2"), SKOS.prefLabel) == fr(
        "Accroître la proportion de spécialistes en numérique possédant une culture en santé")
    assert ctx.value(u(f"{A}9"), SKOS.prefLabel) == fr(
        "Développer l'offre de formation professionnelle initiale en santé numérique des travailleurs sociaux")
    season_2_title = ("Développer l'offre de formation professionnelle initiale en santé numérique "
                      "pour les professionnels de santé")
    assert (u(f"{A}1"), SKOS.altLabel, fr(season_2_title)) in ctx
    for a in acts:
        assert ctx.value(a, URIRef("http://purl.org/dc/terms/description")) is not None


def test_action_targets(ctx):
    assert u("profession/juristes") in set(ctx.objects(u(f"{A}4"), DCT_AUDIENCE))
    assert u("profession/educateur-specialise") in set(ctx.objects(u(f"{A}9"), DCT_AUDIENCE))
    assert set(ctx.objects(u(f"{A}7"), SENS.trainingStage)) == {SENS.ContinuingTraining}
    assert set(ctx.objects(u(f"{A}9"), SENS.trainingStage)) == {SENS.InitialTraining}


def test_laureate_projects_and_their_actions(ctx):
    laureates = {p for p in ctx.subjects(PROV.wasDerivedFrom, u("source/004"))
                 if (p, RDF.type, SENS.Project) in ctx} - {u("projet/ia-sanses")}
    assert len(laureates) == 30
    per_action = Counter(ctx.objects(None, SENS.fundedUnderAction))
    assert [per_action[u(f"{A}{n}")] for n in range(1, 6)] == [17, 13, 5, 2, 3]
    assert len({p for p, _ in ctx.subject_objects(SENS.fundedUnderAction)}) == 24
    esn = u("projet/esnbyum")
    assert set(ctx.objects(esn, SENS.fundedUnderAction)) == {u(f"{A}{n}") for n in range(1, 6)}
    assert ctx.value(u("projet/sens"), SENS.leadOrganisation) == u("organisation/universite-de-strasbourg")
    assert set(ctx.objects(u("projet/sanurn"), SENS.leadOrganisation)) == {
        u("organisation/universite-de-rouen-normandie"), u("organisation/universite-cote-d-azur")}
    unmarked = {p for p in laureates if not any(ctx.objects(p, SENS.fundedUnderAction))}
    assert unmarked == concerned(ctx, SENS.MissingContent) & laureates
    assert len(unmarked) == 6


# ---------------------------------------------------------------- RNCP37466, ETU, IA_SaNSeS, domains


def test_rncp37466_blocks(ctx):
    blocks = set(ctx.subjects(SENS.partOf, u("rncp/37466")))
    assert blocks == {u("rncp/37466/bloc/5"), u("rncp/37466/bloc/6"), u("rncp/37466/bloc/7")}
    assert (u("rncp/37466"), RDF.type, SENS.Certification) in ctx
    assert ctx.value(u("rncp/37466/bloc/5"), SKOS.prefLabel) == fr(
        "Mener une démarche d'ingénierie de formation afin de créer et d'évaluer des dispositifs de formation en santé")
    assert ctx.value(u("rncp/37466/bloc/7"), SKOS.notation) == Literal("RNCP37466BC07")
    assert u("rncp/37466") in concerned(ctx, SENS.MissingContent)


def test_etu_course_items(ctx):
    items = set(ctx.subjects(RDF.type, SENS.CourseItem))
    assert len(items) == 17
    per_volet = Counter(ctx.value(i, SENS.partOf) for i in items)
    assert per_volet == {u("etu-e-sante/volet/1"): 12, u("etu-e-sante/volet/2"): 5}
    assert ctx.value(u("etu-e-sante/volet/1/item/11"), SKOS.prefLabel) == fr(
        "Interpréteurs automatisés d'électrocardiogrammes")
    assert ctx.value(u("etu-e-sante/volet/2/item/5"), SKOS.prefLabel) == fr(
        "Droits des patients et obligations des professionnels de santé")
    assert u("etu-e-sante") in concerned(ctx, SENS.ImpossibleDate)


def test_ia_sanses(ctx):
    p = u("projet/ia-sanses")
    assert (p, RDF.type, SENS.Project) in ctx
    assert ctx.value(p, URIRef("http://purl.org/dc/terms/title")) == fr(
        "Intelligence Artificielle et Santé Numérique pour les Spécialités en Santé")
    assert len(list(ctx.objects(p, URIRef("https://schema.org/member")))) == 14


def test_seed_004_domains_for_the_post_bac_family(ctx):
    scheme = u("cncem-2025/domaines")
    assert ctx.value(scheme, DCT_AUDIENCE) == u("famille/professions-de-sante-niveau-4-a-8")
    doms = sorted(ctx.objects(scheme, SKOS.hasTopConcept))
    assert [str(ctx.value(d, SKOS.prefLabel)) for d in doms] == [
        "Données de santé", "Cybersécurité", "Communication", "Outils numériques", "Télésanté"]
    comps = Counter(ctx.value(c, SKOS.broader) for c in ctx.subjects(SKOS.inScheme, scheme)
                    if ctx.value(c, SKOS.broader) is not None)
    assert [comps[d] for d in doms] == [4, 2, 3, 4, 2]


def test_context_source_issues(ctx):
    issues = set(ctx.subjects(RDF.type, SENS.SourceIssue))
    assert len(issues) == 18
    assert u("strategie/sante-numerique") in concerned(ctx, SENS.DocumentDisagreement)
    assert u(f"{A}3") in concerned(ctx, SENS.DocumentDisagreement)
    assert u(f"{A}8") in concerned(ctx, SENS.CountMismatch)
    assert u("projet/universante") in concerned(ctx, SENS.TextVariant)
    assert u("referentiel/travail-social-accompagnants/ami-cma-s2") in concerned(ctx, SENS.DocumentDisagreement)
    for i in issues:
        assert len(list(ctx.objects(i, SENS.hasClaim))) >= 1
        assert any(ctx.objects(i, PROV.wasDerivedFrom))
