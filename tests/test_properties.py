"""Property-based tests: any label or literal survives every export and every view as text.

Hypothesis puts random text (any Unicode: Korean, Japanese, emoji, control characters,
markup, CSV formulas) into the labels and a literal of the mini source, then checks each
export with a parser that is not the one that wrote it: pyoxigraph for TriG, N-Quads and
JSON-LD; lxml for GEXF and GraphML; the csv module for the Gephi tables; ``json`` for the
HTML view's data block.  Lone surrogates are not characters: a source that spells one
(``"\\uD800"``) is refused with a ParseError.
"""
from __future__ import annotations

import csv
import io
import json
import re
from contextlib import contextmanager

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from rdflib import Dataset, Literal
from rdflib.namespace import RDFS

from graph.errors import ParseError
from graph.load import load_dataset
from graph.project import project_graph
from graph.render.flat import clean_text, metrics_and_layout
from graph.render.gephi_csv import csv_cell, generate_gephi_csv
from graph.render.gexf import generate_gexf
from graph.render.graphml import generate_graphml
from graph.render.html import render_html
from graph.render.rdf import generate_jsonld, generate_nquads, generate_trig
from graph.vocab import KJ, KJD

from .conftest import MINI_SOURCE

pytestmark = pytest.mark.hostile

SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
#: Any text but lone surrogates (those have their own test below).
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
#: Text biased to what breaks writers: markup, quotes, formulas, controls, Korean.
NASTY = st.text(st.sampled_from(list("<>&\"'=+-@\t\r\n\x00\x01\x0b\x1f\x7f\u2028\u2029\ufeff"
                                     "]]>{}\\/한국語🇰🇷 a")), max_size=30)
LABELS = st.one_of(TEXT, NASTY)
KOREA = KJD.korea
AGREEMENT = KJD["mini-agreement"]


@pytest.fixture(scope="module")
def base():
    return load_dataset([MINI_SOURCE])


@contextmanager
def relabelled(ds, en: str, ko: str, wording: str):
    """``ds`` with Korea's labels and the agreement's date wording replaced, restored afterwards."""
    changes = []
    for graph in ds.graphs():
        for s, p, o in list(graph.triples((KOREA, RDFS.label, None))):
            changes.append((graph, (s, p, o), (s, p, Literal(ko if o.language == "ko" else en, lang=o.language))))
        for s, p, o in list(graph.triples((AGREEMENT, KJ.dateWording, None))):
            changes.append((graph, (s, p, o), (s, p, Literal(wording, lang="ko"))))
    for graph, old, new in changes:
        graph.remove(old)
        graph.add(new)
    try:
        yield ds
    finally:
        for graph, old, new in changes:
            graph.remove(new)
            graph.add(old)


def _korea_literals(quads) -> dict:
    return {q.object.language: q.object.value for q in quads
            if q.subject == ox.NamedNode(str(KOREA)) and q.predicate == ox.NamedNode(str(RDFS.label))}


@pytest.fixture(scope="module")
def small():
    """Only the source's graphs (no model), so the RDF writers run fast."""
    return Dataset().parse(MINI_SOURCE, format="trig")


@SETTINGS
@given(en=LABELS, ko=LABELS, wording=LABELS)
def test_rdf_exports_parse_in_pyoxigraph_and_keep_the_text_exactly(small, en, ko, wording):
    with relabelled(small, en, ko, wording) as ds:
        exports = [generate_trig(ds), generate_nquads(ds), generate_jsonld(ds)]
    for text, fmt in zip(exports, (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS, ox.RdfFormat.JSON_LD)):
        quads = list(ox.parse(text.encode("utf-8"), format=fmt))
        assert _korea_literals(quads) == {"en": en, "ko": ko}, fmt
        assert ox.Literal(wording, language="ko") in {q.object for q in quads}, fmt


@pytest.fixture(scope="module")
def layout(base):
    """Metrics and positions of the mini graph, computed once (labels do not move nodes)."""
    return metrics_and_layout(project_graph(base, "full"))


@SETTINGS
@given(en=LABELS, ko=LABELS, wording=LABELS)
def test_gexf_graphml_and_csv_parse_strictly_and_keep_the_cleaned_text(base, layout, en, ko, wording):
    metrics, positions = layout
    with relabelled(base, en, ko, wording) as ds:
        G = project_graph(ds, "full")
    strict = etree.XMLParser(recover=False, resolve_entities=False, no_network=True)
    for lang, expected in (("en", en), ("ko", ko)):
        for data in (generate_gexf(G, lang=lang, metrics=metrics, positions=positions),
                     generate_graphml(G, lang=lang, metrics=metrics, positions=positions)):
            root = etree.fromstring(data.encode("utf-8"), strict)
            texts = {el.text or "" for el in root.iter() if not isinstance(el, etree._Comment)}
            texts |= {v for el in root.iter() if not isinstance(el, etree._Comment) for v in el.attrib.values()}
            assert clean_text(expected) in texts or not clean_text(expected)
        nodes, edges = generate_gephi_csv(G, lang=lang, metrics=metrics, positions=positions)
        rows = list(csv.DictReader(io.StringIO(nodes)))
        row = next(r for r in rows if r["Id"] == str(KOREA))
        assert row["Label"] == csv_cell(clean_text(expected)) or not clean_text(expected)
        for table in (nodes, edges):
            for cells in csv.reader(io.StringIO(table)):
                assert not any(c.startswith(("=", "+", "@", "\t", "\r")) for c in cells), cells


def _strings(value) -> set[str]:
    """Every string inside a JSON value."""
    if isinstance(value, dict):
        return set().union(*map(_strings, value.values()), set())
    if isinstance(value, list):
        return set().union(*map(_strings, value), set())
    return {value} if isinstance(value, str) else set()


def _block(page: str) -> re.Match:
    m = re.search(r'(<script type="application/json" id="kjus-data">)(.*?)(</script>)', page, re.S)
    assert m, "no data block"
    return m


@SETTINGS
@given(en=LABELS, ko=LABELS)
def test_html_view_carries_any_label_as_text_inside_its_json_block(base, en, ko):
    with relabelled(base, "x", "x", "x") as ds:
        plain = render_html(project_graph(ds, "full"))
    with relabelled(base, en, ko, "x") as ds:
        page = render_html(project_graph(ds, "full"))
    block = _block(page)
    data = json.loads(block.group(2))
    korea = _strings(next(n for n in data["nodes"] if n["id"] == str(KOREA)))
    for label in (en, ko):
        assert label in korea or clean_text(label) in korea or not clean_text(label)
    assert "<" not in block.group(2) and ">" not in block.group(2)
    # outside the data block, the page does not depend on the labels at all
    assert page[:block.start(2)] + page[block.end(2):] == \
        plain[:_block(plain).start(2)] + plain[_block(plain).end(2):]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(prefix=TEXT.filter(lambda t: '"' not in t and "\\" not in t and "\n" not in t and "\r" not in t),
       surrogate=st.integers(0xD800, 0xDFFF))
def test_a_lone_surrogate_in_a_source_is_a_parse_error(tmp_path, prefix, surrogate):
    source = tmp_path / "s.trig"
    text = MINI_SOURCE.read_text(encoding="utf-8")
    source.write_text(text.replace('"South Korea"@en', f'"{prefix}\\u{surrogate:04X}"@en'), encoding="utf-8")
    with pytest.raises(ParseError, match=r"line \d+: .*lone UTF-16 surrogate|line \d+: "):
        load_dataset([source])
