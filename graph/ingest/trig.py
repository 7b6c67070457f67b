"""Write a :class:`graph.ingest.draft.Draft` as TriG, and check what was written.

:func:`render_trig` returns the text of the draft source: the project's
prefixes, one assertion graph per drafted sentence (headed by a comment with
the sentence and marking every proposed entity ``# NEW``), and the provenance
graph: the source document (title, date, language, file name, SHA-256) and,
for every assertion graph, its status, evidence quote and offsets, and the
draft marks — ``kj:draft true``, ``kj:cue`` (the words behind the guesses),
``kj:machineNote`` (what was guessed and why) and ``kj:proposedEntity``.

The output is deterministic: the same article, date and graph give the same
bytes.  :func:`check_trig` parses the text with pyoxigraph and checks every
quote against the article (``text[start:end] == quote``).
"""
from __future__ import annotations

import re

from ..errors import SourceError
from ..prefixes import PREFIXES
from ..vocab import KJ, KJS
from .draft import Draft, Iri, Lit, Node

__all__ = ["render_trig", "check_trig", "DRAFT_PREFIXES"]

#: Prefixes written at the top of every draft (the curated source's set).
DRAFT_PREFIXES = ("rdf", "rdfs", "xsd", "skos", "dcterms", "prov", "schema", "kj", "kjd", "kjt", "kjs", "kjm",
                  "kju", "src")
_LOCAL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_\-.]*[A-Za-z0-9_\-])?$")
_RDF_TYPE = PREFIXES["rdf"] + "type"
_XSD = PREFIXES["xsd"]


def _graph_prefix(stem: str) -> str:
    digits = re.match(r"\d+", stem)
    return f"s{digits.group()}" if digits else "s"


def _term(value: str, prefixes: dict[str, str]) -> str:
    best = None
    for p, ns in prefixes.items():
        if value.startswith(ns) and _LOCAL.match(value[len(ns):]) and (best is None or len(ns) > len(prefixes[best])):
            best = p
    if best is not None:
        return f"{best}:{value[len(prefixes[best]):]}"
    return f"<{value}>"


def _string(s: str) -> str:
    out = s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return f'"{out}"'


def _object(o: Iri | Lit, prefixes: dict[str, str]) -> str:
    if isinstance(o, Iri):
        return _term(o.value, prefixes)
    if o.lang:
        return f"{_string(o.lexical)}@{o.lang}"
    if o.datatype == _XSD + "integer" and re.fullmatch(r"-?\d+", o.lexical):
        return o.lexical
    if o.datatype == _XSD + "decimal" and re.fullmatch(r"-?\d+(?:\.\d+)?", o.lexical):
        return o.lexical if "." in o.lexical else o.lexical + ".0"
    if o.datatype == _XSD + "boolean" and o.lexical in ("true", "false"):
        return o.lexical
    if o.datatype and o.datatype != _XSD + "string":
        return f"{_string(o.lexical)}^^{_term(o.datatype, prefixes)}"
    return _string(o.lexical)


_ORDER = [PREFIXES["rdfs"] + "label", PREFIXES["skos"] + "altLabel", PREFIXES["skos"] + "notation"]


def _node_lines(node: Node, prefixes: dict[str, str], indent: str = "    ") -> list[str]:
    props = sorted(node.props, key=lambda po: (_ORDER.index(po[0]) if po[0] in _ORDER else len(_ORDER), ))
    grouped: dict[str, list[str]] = {}
    for p, o in props:
        grouped.setdefault(p, []).append(_object(o, prefixes))
    head = _term(node.iri, prefixes)
    parts = []
    if node.types:
        parts.append("a " + " , ".join(_term(t, prefixes) for t in node.types))
    for p, objs in grouped.items():
        parts.append(f"{_term(p, prefixes)} " + " , ".join(objs))
    lines = []
    if node.comment:
        lines.append(f"{indent}# {node.comment}")
    if not parts:
        return lines
    lines.append(f"{indent}{head} {parts[0]}" + (" ;" if len(parts) > 1 else " ."))
    for i, part in enumerate(parts[1:], 1):
        lines.append(f"{indent}    {part}" + (" ;" if i < len(parts) - 1 else " ."))
    return lines


def render_trig(draft: Draft) -> str:
    """The TriG text of a draft source.

    Examples
    --------
    >>> from datetime import date
    >>> from graph.ingest.draft import draft_article
    >>> from graph.ingest.gazetteer import build_gazetteer
    >>> d = draft_article("Korea and Japan agreed on AI cooperation.", date(2025, 9, 2), lang="en",
    ...                   stem="001_example", gazetteer=build_gazetteer([]))
    >>> trig = render_trig(d)
    >>> print(trig[trig.index("s001:s01-agreement a"):].split("\\n")[0:5])  # doctest: +NORMALIZE_WHITESPACE
    ['s001:s01-agreement a kj:Assertion ;', '        prov:wasDerivedFrom src:001_example ;',
     '        kj:status kjs:agreed ;', '        kj:evidence s001:s01-agreement-q1 ;', '        kj:draft true ;']
    """
    gp = _graph_prefix(draft.stem)
    prefixes = {p: PREFIXES[p] for p in DRAFT_PREFIXES}
    prefixes[gp] = draft.graph_base
    lines = [
        f"# KJUS Graph — machine DRAFT of source {draft.file_name} ({draft.lang}, {draft.date.isoformat()}),",
        "# written by `kjus ingest`. Every assertion graph is a draft (kj:draft true in the provenance graph",
        "# below): check each one against its sentence (`kjus review` shows them side by side), correct it, and",
        "# delete its `kj:draft true` line to accept it. `kjus build` refuses drafts unless given --drafts.",
        "# Entities marked NEW are proposed by the machine (kj:proposedEntity): keep, merge or rename them.",
        "",
    ]
    lines += [f"@prefix {p}: <{ns}> ." for p, ns in prefixes.items()]
    lines.append("")
    for a in draft.assertions:
        lines.append(f"# sentence {a.sentence} [{a.start}, {a.end}): {_comment(a.quote)}")
        lines.append(f"{gp}:{a.name} {{")
        body: list[str] = []
        for node in sorted(a.nodes, key=lambda n: (n.new, n.iri != a.main, n.iri)):
            body += _node_lines(node, prefixes)
            body.append("")
        if body and body[-1] == "":
            body.pop()
        lines += body
        lines.append("}")
        lines.append("")
    lines.append("# provenance: the source document and every assertion graph")
    lines.append(f"{gp}:provenance {{")
    doc = Node(draft.doc_iri, [str(KJ.SourceDocument)])
    doc.add(PREFIXES["rdfs"] + "label", Lit(_excerpt(draft.title, 120), draft.lang))
    if draft.lang != "en":
        doc.add(PREFIXES["rdfs"] + "label", Lit(f"{draft.lang} article of {draft.date.isoformat()}: "
                                                  f"{_excerpt(draft.title, 80)}", "en"))
    doc.add(PREFIXES["dcterms"] + "title", Lit(draft.title, draft.lang))
    doc.add(PREFIXES["dcterms"] + "date", Lit(draft.date.isoformat(), datatype=_XSD + "date"))
    doc.add(PREFIXES["dcterms"] + "language", Lit(draft.lang))
    if draft.url:
        doc.add(PREFIXES["schema"] + "url", Iri(draft.url))
    doc.add(str(KJ.fileName), Lit(draft.file_name))
    doc.add(str(KJ.sha256), Lit(draft.sha256))
    lines += _node_lines(doc, prefixes)
    for a in draft.assertions:
        lines.append("")
        assertion = Node(draft.graph_base + a.name, [str(KJ.Assertion)])
        assertion.add(PREFIXES["prov"] + "wasDerivedFrom", Iri(draft.doc_iri))
        assertion.add(str(KJ.status), Iri(str(KJS[a.status])))
        assertion.add(str(KJ.evidence), Iri(draft.graph_base + a.name + "-q1"))
        assertion.add(str(KJ.draft), Lit("true", datatype=_XSD + "boolean"))
        for cue in a.cues:
            assertion.add(str(KJ.cue), Lit(cue, draft.lang))
        for note in a.notes:
            assertion.add(str(KJ.machineNote), Lit(note, "en"))
        for iri in a.proposed:
            assertion.add(str(KJ.proposedEntity), Iri(iri))
        lines += _node_lines(assertion, prefixes)
        evidence = Node(draft.graph_base + a.name + "-q1", [str(KJ.Evidence)])
        evidence.add(str(KJ.source), Iri(draft.doc_iri))
        evidence.add(str(KJ.quote), Lit(a.quote, draft.lang))
        evidence.add(str(KJ.start), Lit(str(a.start), datatype=_XSD + "integer"))
        evidence.add(str(KJ.end), Lit(str(a.end), datatype=_XSD + "integer"))
        lines += _node_lines(evidence, prefixes)
    lines.append("}")
    return "\n".join(lines) + "\n"


def _comment(text: str) -> str:
    return _excerpt(text.replace("\n", " "), 100)


def _excerpt(text: str, n: int) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= n else text[:n].rstrip() + "…"


def check_trig(trig: str, text: str, *, where: str = "draft") -> int:
    """Parse ``trig`` and check every quote against ``text``; return the number of quads.

    Raises
    ------
    SourceError
        The TriG does not parse, or a quote is not at its offsets (both are bugs of the drafter).

    Examples
    --------
    >>> check_trig('@prefix kj: <https://w3id.org/kjus/ontology#> . <urn:g> { <urn:q> kj:quote "ab"@en ;'
    ...            ' kj:start 1 ; kj:end 3 . }', "xab")
    3
    """
    import pyoxigraph as ox

    try:
        quads = list(ox.parse(trig.encode("utf-8"), format=ox.RdfFormat.TRIG))
    except SyntaxError as exc:
        raise SourceError(f"{where}: the draft does not parse ({exc}); this is a bug of kjus ingest") from None
    fields: dict[str, dict[str, str]] = {}
    for q in quads:
        if q.predicate.value in (str(KJ.quote), str(KJ.start), str(KJ.end)):
            fields.setdefault(q.subject.value, {})[q.predicate.value] = q.object.value
    for evidence, f in sorted(fields.items()):
        quote, start, end = f.get(str(KJ.quote)), f.get(str(KJ.start)), f.get(str(KJ.end))
        if quote is None or start is None or end is None or text[int(start):int(end)] != quote:
            raise SourceError(f"{where}: {evidence}: the quote is not at its offsets {start}..{end}; "
                              "this is a bug of kjus ingest")
    return len(quads)
