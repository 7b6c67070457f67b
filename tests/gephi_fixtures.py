"""Graphs and checkers shared by the Gephi export tests (GEXF, GraphML, CSV).

* :func:`contract_graph` — a small full projection written by hand after the
  contract of ``docs/design.md``, with what the real data rarely has: parallel
  relations, a gYearMonth, a gYear, a period, typed facts, hostile labels;
* :func:`real_graph` — the projection of the real dataset (ontology + sources);
* :func:`gexf_problems` — validation against the official GEXF XSD;
* :func:`graphology` — the second, independent GEXF reader (graphology-gexf under node).
"""
from __future__ import annotations

import functools
import json
import subprocess
from pathlib import Path

import networkx as nx
from lxml import etree

from graph.vocab import KJ, KJD, SRC

from .system import npm_ci

SCHEMAS = Path(__file__).parent / "data" / "gexf"
JS = Path(__file__).parent / "js"
GEXF_NS = "http://www.gexf.net/1.2draft"
VIZ_NS = "http://www.gexf.net/1.2draft/viz"

#: Labels that break naive XML and CSV writers.
HOSTILE = "<b>R&D</b> \"quoted\" ]]> \x00\x01\x1b\x7f 🇰🇷🤖 \ud800 =1+2"
LEE, ISHIBA, SUMMIT = str(KJD["lee-jae-myung"]), str(KJD["ishiba-shigeru"]), str(KJD["summit"])
PROGRAM, FORECAST, ODD = str(KJD["joint-program"]), str(KJD["ai-forecast"]), str(KJD) + "odd<&>"
SOURCE = str(SRC["000_76483b81068cf569"])


def _node(label_en, label_ko="", label_ja="", *, type="", category="Other", country="", status="", date="",
          facts=None, evidence=()):
    return {"label": label_en, "label_en": label_en, "label_ko": label_ko, "label_ja": label_ja, "type": type,
            "category": category, "country": country, "status": status, "date": date, "topics": [],
            "facts": dict(facts or {}), "evidence": list(evidence)}


def _evidence(quote, start, graph):
    return {"quote": quote, "source": SOURCE, "start": start, "end": start + len(quote), "graph": graph}


def contract_graph() -> nx.MultiDiGraph:
    """A full projection by hand: two leaders, a summit, a program (period), a forecast, a hostile node."""
    q1 = _evidence("이 대통령은 지난 23일 일본 도쿄에서 한일정상회담을 가졌다", 10,
                   SOURCE + "/summit")
    G = nx.MultiDiGraph(kind="full", actor_predicates=sorted([str(KJ.participant), str(KJ.organizer),
                                                               str(KJ.funder)]))
    G.add_node(ISHIBA, **_node("Ishiba Shigeru", "이시바 시게루", "石破茂", type="Person", category="Actor",
                               country="JP"))
    G.add_node(LEE, **_node("Lee Jae-myung", "이재명", "李在明", type="Person", category="Actor", country="KR",
                            facts={"role": "President"}, evidence=[q1]))
    G.add_node(SUMMIT, **_node("Korea–Japan summit", "한일정상회담", type="Summit", category="Event",
                               status="occurred", date="2025-08-23", evidence=[q1]))
    G.add_node(PROGRAM, **_node("Joint AI research program", "한일 AI 공동연구", type="ResearchProgram",
                                category="Program", country="KR", status="planned", date="2026-01-01",
                                facts={"end date": "2026-03-31", "number of projects": "10",
                                       "budget": "≈ 30000000 JPY", "approximate": "true"}))
    G.add_node(FORECAST, **_node("AI market forecast", "AI 시장 전망", type="Forecast", category="Indicator",
                                 country="US", status="forecast", date="2030",
                                 facts={"value": "23.2", "number of projects": "3"}))
    G.add_node(ODD, **_node(HOSTILE, "\u1112\u1161\u11ab\u1100\u116e\u11a8", type="Claim", category="Statement",
                            country="FR", status="concern", date="2025-08",
                            facts={"quote": "-1 @ " + HOSTILE, "value": "1.5e3"},
                            evidence=[_evidence("=cmd|' /C calc'!A0", 99, SOURCE + "/odd")]))

    def rel(s, o, p, label, label_ko, status="occurred", date="", graph=SOURCE + "/summit", evidence=(q1,)):
        G.add_edge(s, o, str(p), predicate=str(p), label=label, label_ko=label_ko, status=status, date=date,
                   graph=graph, evidence=list(evidence))

    rel(SUMMIT, LEE, KJ.participant, "participant", "참가자", date="2025-08-23")
    rel(SUMMIT, LEE, KJ.organizer, "organizer", "주최자", date="2025-08-23")
    rel(SUMMIT, ISHIBA, KJ.participant, "participant", "참가자", date="2025-08-23")
    rel(PROGRAM, LEE, KJ.funder, "funder", "자금 제공자", status="planned", date="2026-01-01",
        graph=SOURCE + "/program")
    rel(PROGRAM, SUMMIT, KJ.agreedAt, "agreed at", "합의 장소", status="agreed", date="2026-01-01")
    rel(ODD, FORECAST, KJ.about, "about <&>", "관하여", status="concern", date="2025-08", evidence=())
    rel(FORECAST, ODD, KJ.reportedIn, "reported in", "", status="forecast", date="2030", evidence=())
    return G


@functools.cache
def real_dataset():
    from graph.load import load_dataset
    return load_dataset()


def real_graph(kind: str = "full") -> nx.Graph:
    """The projection of the real dataset (what `kjus build` exports)."""
    from graph.project import project_graph
    return project_graph(real_dataset(), kind)


@functools.cache
def _schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "1.2draft" / "gexf.xsd")))


def gexf_problems(data: bytes) -> list[str]:
    """Why ``data`` is not a valid GEXF 1.2draft document (empty when it is).

    The upstream XSD declares ``color``, ``position``, ``size``, ``shape`` and
    ``thickness`` in the GEXF namespace, while the spec, Gephi and every reader put
    them in the viz namespace (``tests/data/gexf/README.md``).  So this first requires
    that no such element sits in the GEXF namespace, then validates a copy in
    which the viz elements are moved into the GEXF namespace.
    """
    doc = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    problems = [f"line {el.sourceline}: <{etree.QName(el).localname}> outside the viz namespace"
                for el in doc.iter(*(f"{{{GEXF_NS}}}{n}" for n in ("color", "position", "size", "shape",
                                                                    "thickness")))]
    for el in doc.iter(f"{{{VIZ_NS}}}*"):
        el.tag = f"{{{GEXF_NS}}}{etree.QName(el).localname}"
    etree.cleanup_namespaces(doc)
    schema = _schema()
    if not schema.validate(doc):
        problems += [f"line {e.line}: {e.message}" for e in schema.error_log]
    return problems


def graphology(path: Path) -> dict:
    """Parse a GEXF file with graphology-gexf (Gephi Lite's reader) and return ``parse.mjs``'s summary."""
    node = npm_ci(JS)
    done = subprocess.run([node, "parse.mjs", str(path)], cwd=JS, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)
