"""Across sources (issue 15): corroboration, history of a claim, conflicts, what each build adds.

The fixtures in ``tests/data/multisource/`` are four small sources written for these tests, in the
project's model, each with its text beside it (quotes at their offsets, SHA-256 recorded); they
follow the first article (``graph/sources/000_76483b81068cf569.trig``, 2025-08-25):

* 001 (2025-08-26) — the Korea–US summit it reported as planned is held; repeats the Korea–Japan
  summit and its agreement; a new plan (a second NRF–JST call) no later source mentions;
* 002 (2025-09-15) — the expected Korea–Japan AI fund is agreed; the Korea–Japan summit is dated
  the 24th (not the 23rd); Japan's public funds are 11 trillion yen (not 10);
* 003 (2025-10-02) — Muhayu's subsidiary is set up, its KOSDAQ listing cancelled, Allganize's
  listing delayed; the AI fund called still only expected;
* 004 (2025-10-05) — a curator's note adopting the 23rd as the summit date (a ``kj:Resolution``).

The expected values below were worked out by hand from those files.
"""
from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from graph.analyse.conflicts import conflicts
from graph.analyse.corroboration import corroboration
from graph.analyse.history import history, transition_quads, transitions
from graph.analyse.statements import index_statements, statement_graphs
from graph.analyse.timeline import timeline
from graph.build import build, check_dataset, export_dataset
from graph.cli import main
from graph.diff import diff_builds, load_build
from graph.load import load_sources
from graph.paths import SOURCES_DIR
from graph.project import project_graph
from graph.query import load_store, load_store_from_string, resolve_query, run_query
from graph.render.crosssource import write_changes, write_conflicts
from graph.render.gexf import write_gexf
from graph.vocab import KJ, TRANSITIONS_GRAPH

from .conftest import DATA
from .gephi_fixtures import gexf_problems

MULTI = DATA / "multisource"
FIRST = SOURCES_DIR / "000_76483b81068cf569.trig"
TEXTS = [MULTI, SOURCES_DIR]
KJD = "https://w3id.org/kjus/id/"
SRC = "https://w3id.org/kjus/source/"
S000, S001, S002, S003, S004 = (SRC + n for n in ("000_76483b81068cf569", "001_korea-us-summit", "002_ai-fund-agreed",
                                                  "003_japan-entry-follow-ups", "004_curator-note"))
SUMMIT, US_SUMMIT, FUND = KJD + "korea-japan-summit-2025-08-23", KJD + "korea-us-summit-2025-08-25", KJD + "korea-japan-ai-fund"


def _source(name: str):
    return MULTI / f"{name}.trig"


def _dataset(paths) -> ox.Store:
    """Load, validate (quotes checked against the texts beside the sources) and export, as the build does."""
    loaded = load_sources(paths)
    check_dataset(loaded.store, TEXTS)
    return export_dataset(loaded.store)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The real build of the first article and the four fixtures: ``(result, store, out_dir)``."""
    out = tmp_path_factory.mktemp("multisource") / "exports"
    result = build(out, sources=[FIRST, *sorted(MULTI.glob("*.trig"))], texts_dir=TEXTS)
    return result, load_store(out / "kjus.nq"), out


@pytest.fixture(scope="module")
def store(built):
    return built[1]


@pytest.fixture(scope="module")
def first_only():
    return _dataset([FIRST])


@pytest.fixture(scope="module")
def without_003():
    return _dataset([FIRST, _source("001_korea-us-summit"), _source("002_ai-fund-agreed"), _source("004_curator-note")])


# --- the fixtures themselves ----------------------------------------------------------------

def test_fixtures_build_with_their_quotes_checked_and_only_the_two_expected_warnings(built):
    result, _, out = built
    assert (out / "kjus.nq").is_file() and (out / "kjus-dynamic.gexf").is_file()
    assert not any("not found" in p.message for p in result.warnings), "a fixture text was not found: quotes unchecked"
    assert sorted((p.focus, p.path) for p in result.warnings) == [
        (KJD + "japan-semiconductor-ai-public-funds", str(KJ.amount)),   # 10 vs 11 trillion yen
        (SUMMIT, str(KJ.date)),                                          # the 23rd vs the 24th
    ]


def test_a_wrong_offset_in_a_fixture_is_caught(tmp_path):
    """The fixtures are checked for real: move one offset and validation refuses the source."""
    from graph.errors import ValidationError
    text = _source("003_japan-entry-follow-ups").read_text(encoding="utf-8")
    broken = tmp_path / "003_japan-entry-follow-ups.trig"
    broken.write_text(text.replace("kj:start 130 ;", "kj:start 131 ;", 1), encoding="utf-8")
    with pytest.raises(ValidationError, match="quote not found at offsets 131"):
        _dataset([FIRST, broken])


# --- corroboration ----------------------------------------------------------------------------

def test_corroboration_counts_independent_sources_with_every_quote(store):
    facts = {(f["subject"], f["predicate"], f["object"]): f for f in corroboration(store)}
    tokyo = facts[SUMMIT, str(KJ.location), KJD + "tokyo"]
    assert tokyo["sources"] == 3 and tokyo["documents"] == [S000, S001, S002]
    assert [e["quote"] for e in tokyo["evidence"]] == [
        "이 대통령은 지난 23일 일본 도쿄에서 취임 후 처음으로 이시바 시게루 일본 총리와 한일정상회담을 가졌다",
        "이 대통령은 앞서 지난 23일 일본 도쿄에서 이시바 시게루 일본 총리와 한일정상회담을 갖고",
        "이재명 대통령과 이시바 시게루 일본 총리는 지난달 24일 도쿄에서 정상회담을 열고",
    ]
    assert facts[US_SUMMIT, str(KJ.participant), KJD + "donald-trump"]["sources"] == 2
    assert facts[SUMMIT, str(KJ.date), "2025-08-23"]["sources"] == 2
    assert facts[SUMMIT, str(KJ.date), "2025-08-24"]["sources"] == 1
    assert facts[KJD + "nrf-jst-second-physical-ai-call", str(KJ.organizer), KJD + "nrf"]["sources"] == 1
    top = corroboration(store, min_sources=3)
    assert {(f["predicate_label"], f["object_label"]) for f in top} == {
        ("location", "Tokyo"), ("participant", "Lee Jae-myung"), ("participant", "Ishiba Shigeru")}


def test_one_article_corroborates_nothing(first_only):
    assert corroboration(first_only, min_sources=2) == []


def test_the_projection_shows_each_fact_once_with_its_sources(store):
    G = project_graph(store, "full")
    edge = G.edges[SUMMIT, KJD + "tokyo", str(KJ.location)]
    assert (edge["corroboration"], edge["sources"], edge["reported"]) == (3, [S000, S001, S002], "2025-08-25")
    assert G.number_of_edges(SUMMIT, KJD + "tokyo") == 1
    call = G.nodes[KJD + "nrf-jst-second-physical-ai-call"]
    assert (call["reported"], call["sources"]) == ("2025-08-26", [S001])
    assert "weight" not in edge   # counting is the default: nothing changes for existing views


def test_weight_corroboration_weighs_relations_and_ties_by_their_sources(store):
    W = project_graph(store, "full", weight="corroboration")
    assert W.edges[SUMMIT, KJD + "tokyo", str(KJ.location)]["weight"] == 3
    assert W.edges[US_SUMMIT, KJD + "donald-trump", str(KJ.participant)]["weight"] == 2
    by_count = project_graph(store, "actors")
    by_sources = project_graph(W, "actors")
    lee, ishiba = KJD + "lee-jae-myung", KJD + "ishiba-shigeru"
    # the summit's two memberships are stated by three sources, the hydrogen agreement's by two;
    # every other context they share by the first article alone
    assert by_sources[lee][ishiba]["weight"] == by_count[lee][ishiba]["weight"] + 2 + 1
    assert by_sources.graph["weight"] == "corroboration" and by_count.graph["weight"] == "count"


# --- history of a claim -------------------------------------------------------------------------

def test_history_lists_every_statement_in_the_order_it_was_reported(store):
    h = history(store, "한·일 AI 펀드")
    assert h["entity"] == FUND
    assert [(s["reported"], s["source"], s["status"]) for s in h["statements"]] == [
        ("2025-08-25", S000, "expected"), ("2025-09-15", S002, "agreed"), ("2025-10-02", S003, "expected")]
    agreed = h["statements"][1]
    assert "amount: 1,000,000,000,000 KRW" in agreed["says"]
    assert agreed["evidence"][0]["quote"].endswith("한·일 AI 펀드를 조성하기로 합의했다")
    assert [(t["from"], t["to"], t["to_source"]) for t in h["transitions"]] == [("expected", "agreed", S002)]


def test_transitions_across_sources(store, first_only):
    found = {(t["entity"].removeprefix(KJD), t["from"], t["to"], t["kind"]) for t in transitions(store)}
    assert found == {
        ("korea-us-summit-2025-08-25", "planned", "occurred", "progressed"),
        ("korea-japan-ai-fund", "expected", "agreed", "progressed"),
        ("muhayu-japan-subsidiary-opening", "planned", "occurred", "progressed"),
        ("muhayu-kosdaq-listing", "planned", "cancelled", "cancelled"),
        ("allganize-japan-listing", "planned", "delayed", "delayed"),
    }
    assert transitions(first_only) == []


def test_transitions_become_quads_that_the_named_queries_read(store):
    quads = transition_quads(store)
    assert len(quads) == 5 * 6 and {q.graph_name.value for q in quads} == {str(TRANSITIONS_GRAPH)}
    copy = ox.Store()
    copy.extend(store.quads_for_pattern(None, None, None, None))
    copy.extend(quads)
    rows = run_query(copy, resolve_query("expected-then-agreed")[1]).rows
    assert [(r["thing"], r["laterStatus"], r["laterSource"], str(r["laterOn"])) for r in rows if r["laterStatus"]] == [
        (FUND, "https://w3id.org/kjus/status/agreed", S002, "2025-09-15")]
    never = run_query(copy, resolve_query("planned-never-reported-again")[1]).rows
    assert [r["thing"].removeprefix(KJD) for r in never] == [
        "korea-top3-ai-power-goal", "statement-jo-jun-hee-council-support-pledge", "nrf-jst-second-physical-ai-call"]
    top = run_query(copy, resolve_query("facts-by-sources")[1]).rows[:3]
    assert {(r["predicate"].rsplit("#")[1], r["sources"]) for r in top} == {("location", 3), ("participant", 3)}
    # the derived graph stays out of the network: transitions are no nodes of the projection
    assert not [n for n in project_graph(copy, "full") if n.startswith(str(TRANSITIONS_GRAPH))]


# --- conflicts ----------------------------------------------------------------------------------

def test_conflicts_name_both_sources_and_both_quotes(store):
    found = {c["id"]: c for c in conflicts(store)}
    assert sorted(found) == ["kjd:japan-semiconductor-ai-public-funds kj:amount", "kjd:korea-japan-ai-fund kj:status",
                             "kjd:korea-japan-summit-2025-08-23 kj:date"]
    date = found["kjd:korea-japan-summit-2025-08-23 kj:date"]
    assert date["kind"] == "date"
    assert [(r["value"], [x["source"] for x in r["reports"]]) for r in date["readings"]] == [
        ("2025-08-23", [S000, S001]), ("2025-08-24", [S002])]
    assert date["readings"][1]["reports"][0]["quotes"] == [
        {"quote": "이재명 대통령과 이시바 시게루 일본 총리는 지난달 24일 도쿄에서 정상회담을 열고", "start": 108, "end": 153}]
    amount = found["kjd:japan-semiconductor-ai-public-funds kj:amount"]
    assert (amount["kind"], [r["value"] for r in amount["readings"]]) == (
        "amount", ["10,000,000,000,000 JPY", "11,000,000,000,000 JPY"])
    status = found["kjd:korea-japan-ai-fund kj:status"]
    assert [(r["value"], r["reports"][0]["source"]) for r in status["readings"]] == [("agreed", S002), ("expected", S003)]


def test_a_curators_resolution_marks_the_conflict_resolved_without_hiding_it(store):
    found = {c["id"]: c for c in conflicts(store)}
    date = found["kjd:korea-japan-summit-2025-08-23 kj:date"]
    assert date["state"] == "resolved" and len(date["readings"]) == 2   # both readings still reported
    res = date["resolution"]
    assert (res["adopted"], res["source"], res["resolution"]) == ("2025-08-23", S004, KJD + "resolution-korea-japan-summit-date")
    assert res["reason"]["en"].startswith("Both governments' announcements")
    assert found["kjd:japan-semiconductor-ai-public-funds kj:amount"]["state"] == "open"


def test_the_first_article_alone_has_no_conflicts(first_only):
    assert conflicts(first_only) == []


COMPAT = """
<https://w3id.org/kjus/ontology> {
  kj:Meeting rdfs:subClassOf kj:Event . kj:City rdfs:subClassOf kj:Place . kj:Country rdfs:subClassOf kj:Place .
  kj:date a owl:DatatypeProperty . kj:location a owl:ObjectProperty . kj:country a owl:ObjectProperty . }
src:a-g { kjd:m1 a kj:Meeting ; kj:date "2025-08"^^xsd:gYearMonth ; kj:location kjd:japan .
          kjd:m2 a kj:Meeting ; kj:location kjd:tokyo .
          kjd:tokyo a kj:City ; kj:country kjd:japan . kjd:osaka a kj:City ; kj:country kjd:japan .
          kjd:japan a kj:Country . }
src:b-g { kjd:m1 kj:date "2025-08-23"^^xsd:date ; kj:location kjd:tokyo . kjd:m2 kj:location kjd:osaka . }
src:a-p { src:a a kj:SourceDocument ; dcterms:date "2025-09-01"^^xsd:date .
          src:a-g a kj:Assertion ; prov:wasDerivedFrom src:a ; kj:status kjs:occurred . }
src:b-p { src:b a kj:SourceDocument ; dcterms:date "2025-09-02"^^xsd:date .
          src:b-g a kj:Assertion ; prov:wasDerivedFrom src:b ; kj:status kjs:occurred . }
"""


def test_values_that_do_not_contradict_each_other_are_no_conflict():
    """A month and a day in it, a country and a city in it agree; two cities do not."""
    found = conflicts(load_store_from_string(COMPAT))
    assert [(c["id"], c["kind"], [r["value"] for r in c["readings"]]) for c in found] == [
        ("kjd:m2 kj:location", "place", ["tokyo", "osaka"])]   # earliest report first


# --- what each build adds -------------------------------------------------------------------------

def test_adding_a_source_changes_exactly_what_changes_json_says(without_003, store, tmp_path):
    old = tmp_path / "old.nq"
    without_003.dump(str(old), format=ox.RdfFormat.N_QUADS)
    written = write_changes(old, store, tmp_path / "staging")
    changes = json.loads(written[0].read_text(encoding="utf-8"))
    assert [s["source"] for s in changes["sources"]["added"]] == [S003]
    assert changes["sources"]["removed"] == changes["sources"]["changed"] == []
    assert [e["entity"].removeprefix(KJD) for e in changes["entities"]["added"]] == [
        "expectation-korea-japan-ai-fund-still-expected", "muhayu-japan"]
    assert changes["entities"]["removed"] == []
    # 003 states 26 triples; 7 of them (the KOSDAQ and Allganize listings' lister and exchange, the
    # fund's two parties, Muhayu as organizer of its opening) were already in the graph
    assert (changes["statements"]["added"], changes["statements"]["removed"]) == (19, 0)
    assert {s["predicate"].rsplit("#")[-1] for s in changes["statements"]["added_list"]} >= {"outcome", "dateWording"}
    assert all(s["sources"] == [S003] for s in changes["statements"]["added_list"])
    assert [(s["entity"].removeprefix(KJD), s["old"], s["new"]) for s in changes["status_changes"]] == [
        ("allganize-japan-listing", "planned", "delayed"), ("muhayu-japan-subsidiary-opening", "planned", "occurred"),
        ("muhayu-kosdaq-listing", "planned", "cancelled")]
    assert len(changes["transitions"]["added"]) == 3 and changes["transitions"]["removed"] == []
    assert [c["id"] for c in changes["conflicts"]["new"]] == ["kjd:korea-japan-ai-fund kj:status"]
    assert changes["conflicts"]["gone"] == changes["conflicts"]["resolved"] == []
    assert (changes["totals"]["old"]["sources"], changes["totals"]["new"]["sources"]) == (4, 5)
    md = written[1].read_text(encoding="utf-8")
    assert "## Sources added" in md and "src:003\\_japan-entry-follow-ups" in md and "## New conflicts" in md


def test_a_first_build_adds_everything_and_the_same_build_changes_nothing(store):
    first = diff_builds(None, store)
    assert [s["source"] for s in first["sources"]["added"]] == [S000, S001, S002, S003, S004]
    assert first["statements"]["removed"] == 0 and first["statements"]["added"] == first["totals"]["new"]["statements"]
    same = diff_builds(store, store)
    assert same["statements"]["added"] == same["statements"]["removed"] == 0
    assert same["status_changes"] == [] and same["conflicts"]["new"] == [] and same["sources"]["changed"] == []


def test_a_source_whose_facts_change_is_reported_changed(without_003, tmp_path):
    edited = tmp_path / "002_ai-fund-agreed.trig"
    edited.write_text(_source("002_ai-fund-agreed").read_text(encoding="utf-8").replace(
        'kj:numberOfProjects 3 .', 'kj:numberOfProjects 4 .'), encoding="utf-8")
    changed = _dataset([FIRST, _source("001_korea-us-summit"), edited, _source("004_curator-note")])
    d = diff_builds(without_003, changed)
    assert [s["source"] for s in d["sources"]["changed"]] == [S002]
    assert (d["statements"]["added"], d["statements"]["removed"]) == (1, 0)   # the first article still says 3
    assert [c["id"] for c in d["conflicts"]["new"]] == ["kjd:nrf-jst-physical-ai-call kj:numberOfProjects"]


def test_the_build_can_hand_its_statement_index_to_the_reports(without_003, store, tmp_path):
    """build.py reads the statements once: reports made from its index are those made from the store alone."""
    old = tmp_path / "old.nq"
    without_003.dump(str(old), format=ox.RdfFormat.N_QUADS)
    alone = [p.read_bytes() for p in write_changes(old, store, tmp_path / "a")]
    handed = [p.read_bytes() for p in write_changes(old, store, tmp_path / "b", index=index_statements(store))]
    assert alone == handed and json.loads(alone[0])["statements"]["added"] == 19
    assert diff_builds(old, store) == diff_builds(load_build(old), store)     # a previous build's path or its store


def test_statements_are_keyed_by_text_and_counted_once_across_sources(store):
    found = statement_graphs(store, index_statements(store))
    party = found[FUND, "https://w3id.org/kjus/ontology#party", KJD + "korea"]
    assert isinstance(party, list) and len({g.split("/")[-2] for g in party}) >= 2     # several sources, one statement
    literals = [o for (_, _, o) in found if o.startswith('"')]
    assert literals and all(o.endswith(('"', ">")) or "@" in o for o in literals)       # N-Triples form: "…"@ko, "…"^^<…>


def test_reports_are_deterministic(store, tmp_path):
    a = [p.read_bytes() for p in write_conflicts(store, tmp_path / "a") + write_changes(None, store, tmp_path / "a")]
    b = [p.read_bytes() for p in write_conflicts(store, tmp_path / "b") + write_changes(None, store, tmp_path / "b")]
    assert a == b
    assert len(json.loads(a[0])["conflicts"]) == 3


# --- time in the network ------------------------------------------------------------------------

def test_gexf_and_timeline_tell_when_it_happened_from_when_it_was_reported(store, tmp_path):
    G = project_graph(store, "full")
    path = write_gexf(G, tmp_path / "d.gexf", dynamic=True, metrics={}, positions={})
    assert gexf_problems(path.read_bytes()) == []
    import networkx as nx
    H = nx.read_gexf(path)
    call = H.nodes[KJD + "nrf-jst-second-physical-ai-call"]
    assert (call["start"], call["end"], call["reported"]) == ("2026-01-01", "2026-06-30", "2025-08-26")
    edge = H.edges[SUMMIT, KJD + "tokyo"]
    assert (edge["reported"], edge["corroboration"]) == ("2025-08-25", 3)
    events = {e["node"]: e for p in timeline(G) for e in p["events"]}
    opening = events[KJD + "muhayu-japan-subsidiary-opening"]
    assert (opening["date"], opening["reported"]) == ("2025-09", "2025-08-25")   # planned in August, done in September


# --- the command line -----------------------------------------------------------------------------

def test_cli_history_conflicts_and_diff(store, without_003, tmp_path):
    new, old = tmp_path / "new.nq", tmp_path / "old.nq"
    store.dump(str(new), format=ox.RdfFormat.N_QUADS)
    without_003.dump(str(old), format=ox.RdfFormat.N_QUADS)
    runner = CliRunner()
    result = runner.invoke(main, ["history", "kjd:korea-us-summit-2025-08-25", "--data", str(new)])
    assert result.exit_code == 0, result.output
    assert "planned (2025-08-25, src:000_76483b81068cf569) → occurred (2025-08-26, src:001_korea-us-summit)" in result.output
    result = runner.invoke(main, ["conflicts", "--data", str(new), "--format", "json"])
    assert result.exit_code == 0 and [c["id"] for c in json.loads(result.output)] == [c["id"] for c in conflicts(store)]
    result = runner.invoke(main, ["diff", str(old), str(new), "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.output) == json.loads(json.dumps(diff_builds(load_build(old), load_build(new))))
    result = runner.invoke(main, ["history", "no such fund", "--data", str(new)])
    assert result.exit_code == 1 and result.output.startswith("Error: no entity named 'no such fund'")


def test_cli_weight_corroboration_reaches_the_gephi_files(store, tmp_path):
    data = tmp_path / "kjus.nq"
    store.dump(str(data), format=ox.RdfFormat.N_QUADS)
    out = tmp_path / "gephi"
    result = CliRunner().invoke(main, ["export", "gephi", "--graph", "actors", "--weight", "corroboration",
                                       "--data", str(data), "--out", str(out)])
    assert result.exit_code == 0, result.output
    import networkx as nx
    H = nx.read_gexf(out / "kjus.gexf")
    expected = project_graph(store, "actors", weight="corroboration")
    lee, ishiba = KJD + "lee-jae-myung", KJD + "ishiba-shigeru"
    assert H.edges[ishiba, lee]["weight"] == float(expected[lee][ishiba]["weight"])
    assert expected[lee][ishiba]["weight"] > project_graph(store, "actors")[lee][ishiba]["weight"]


def test_the_build_writes_transitions_conflicts_and_changes_into_the_export_set(built):
    """What `kjus build` itself publishes: transitions in kjus.nq, conflicts.*, changes.* against the last set."""
    result, store, out = built
    assert {"conflicts.json", "conflicts.md", "changes.json", "changes.md"} <= set(result.files)
    count = store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/kjus/transitions> "
                        "{ ?t a <https://w3id.org/kjus/ontology#StatusTransition> } }")
    assert int(next(iter(count))["n"].value) == len(transitions(store)) == 5
    published = json.loads((out / "conflicts.json").read_text(encoding="utf-8"))["conflicts"]
    assert len(published) == len(conflicts(store)) == 3
    first = json.loads((out / "changes.json").read_text(encoding="utf-8"))
    assert len(first["sources"]["added"]) == 5 and first["sources"]["removed"] == []   # nothing built there before
    sources = [FIRST, *sorted(MULTI.glob("*.trig"))]
    again = build(out, sources=sources, texts_dir=TEXTS)
    assert again.files == result.files
    second = json.loads((out / "changes.json").read_text(encoding="utf-8"))
    assert second["sources"]["added"] == [] and second["statements"]["added"] == 0


def test_entity_pages_tell_how_the_reports_moved_on(built):
    """The site's page of an entity shows its transitions, each linked to both statements and sources."""
    result, store, out = built
    from lxml import html as lxml_html
    page = lxml_html.parse(str(out / "site" / "id" / FUND.rsplit("/", 1)[1]) + ".html")
    items = page.xpath("//section[@class='story']//li")
    story = [t for t in transitions(store) if t["entity"] == FUND]
    assert len(items) == len(story) >= 1
    first = items[0].text_content()
    assert story[0]["from"] in first and story[0]["to"] in first and story[0]["to_date"] in first
    for href in items[0].xpath(".//a/@href"):
        assert (out / "site" / "id" / href.split("#")[0]).resolve().is_file(), href
