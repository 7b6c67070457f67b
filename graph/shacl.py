"""SHACL shapes compiled to SPARQL, run on the pyoxigraph store itself.

:func:`compile_shapes` reads a SHACL shapes graph (core SHACL: targets, value
type, cardinality, value range, string, language, property pair, logical,
shape-based and other constraints) and turns every node shape into one
SPARQL ``SELECT`` of the focus nodes that do **not** conform to it.
:func:`nonconforming` runs those queries over the union of a store's graphs.
Nothing is copied or handed over: the queries run in Oxigraph's engine on the
data as it was loaded, which keeps validation of a million triples within
seconds and within the memory the store already uses.

The data is read under the RDFS closure the project validates with
(:mod:`graph.infer`): a type is an ``rdf:type/rdfs:subClassOf*`` path, and a
predicate also matches its sub-properties (``rdfs:subPropertyOf*`` from the
model), so a shape on ``kj:Actor`` reaches every ``kj:Company`` without any
entailment being written.

The answer is *which* focus nodes fail which shapes; the report with each
shape's ``sh:message`` is pySHACL's job, on those nodes only (see
:func:`graph.validate.check_shapes`).  A shape that uses a construct this
compiler does not know is refused with :class:`UnsupportedShape`, naming the
shape and the construct, rather than skipped.

Examples
--------
>>> shapes = '''
... @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <urn:ex:> .
... ex:S a sh:NodeShape ; sh:targetClass ex:C ;
...     sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:datatype <http://www.w3.org/2001/XMLSchema#string> ] .
... '''
>>> store = ox.Store()
>>> store.load(input=b'<urn:a> a <urn:ex:C> ; <urn:ex:name> "A" . <urn:b> a <urn:ex:C> .',
...            format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("urn:g"))
>>> [str(f) for f, _ in nonconforming(store, compile_shapes(shapes))]
['<urn:b>']
"""
from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import KGError

__all__ = ["CompiledShape", "UnsupportedShape", "compile_shapes", "nonconforming", "sparql_term"]

SH = "http://www.w3.org/ns/shacl#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_TYPE_PATH = f"<{_RDF}type>/<{_RDFS}subClassOf>*"
_LIST_FIRST, _LIST_REST, _NIL = ox.NamedNode(_RDF + "first"), ox.NamedNode(_RDF + "rest"), ox.NamedNode(_RDF + "nil")

#: Constraint parameters that apply to each value node (node shapes: the focus node itself).
_VALUE_PARAMS = {"class", "datatype", "nodeKind", "minInclusive", "maxInclusive", "minExclusive", "maxExclusive",
                 "minLength", "maxLength", "pattern", "flags", "languageIn", "in", "node", "not", "or", "and",
                 "xone", "hasValue", "property"}
#: Parameters of property shapes that look at the set of values as a whole.
_SET_PARAMS = {"minCount", "maxCount", "uniqueLang", "qualifiedValueShape", "qualifiedMinCount",
               "qualifiedMaxCount", "lessThan", "lessThanOrEquals", "equals", "disjoint"}
#: Parameters that carry no constraint (reporting, naming, ordering).
_INERT = {"name", "description", "message", "severity", "order", "group", "defaultValue", "path", "targetClass",
          "targetSubjectsOf", "targetObjectsOf", "targetNode", "deactivated", "qualifiedValueShapesDisjoint"}
_COMPARE = {"minInclusive": ">=", "maxInclusive": "<=", "minExclusive": ">", "maxExclusive": "<"}
_NODE_KINDS = {"IRI": "isIRI({t})", "BlankNode": "isBlank({t})", "Literal": "isLiteral({t})",
               "BlankNodeOrIRI": "!isLiteral({t})", "BlankNodeOrLiteral": "!isIRI({t})",
               "IRIOrLiteral": "!isBlank({t})"}


class UnsupportedShape(KGError):
    """A shape uses a SHACL construct that :mod:`graph.shacl` cannot compile."""


@dataclass(frozen=True)
class CompiledShape:
    """One node shape as SPARQL: the pattern selecting its targets and the condition for conforming."""

    shape: str
    targets: str
    condition: str

    @property
    def query(self) -> str:
        """A query selecting the non-conforming focus nodes (variable ``?focus``)."""
        return self.restricted_query(None)

    def restricted_query(self, scratch: str | None) -> str:
        """The query, with the focus nodes limited to those listed in the graph ``scratch`` (if given)."""
        limit = f"GRAPH <{scratch}> {{ ?focus <{_FOCUS}> true }} " if scratch else ""
        return (f"SELECT ?focus WHERE {{ {{ SELECT DISTINCT ?focus WHERE {{ {limit}{self.targets} }} }} "
                f"FILTER(!{self.condition}) }}")


_FOCUS = "urn:kjus:validate:focus"
_SCRATCH = "urn:kjus:validate:scratch"


def sparql_term(term) -> str:
    """A pyoxigraph term written in SPARQL syntax.

    Examples
    --------
    >>> sparql_term(ox.Literal('say "hi"\\\\', language="en"))
    '"say \\\\"hi\\\\"\\\\\\\\"@en'
    >>> sparql_term(ox.NamedNode("urn:x"))
    '<urn:x>'
    """
    if isinstance(term, ox.Literal):
        text = term.value.translate({0x5C: "\\\\", 0x22: '\\"', 0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t"})
        if term.language:
            return f'"{text}"@{term.language}'
        if term.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
            return f'"{text}"'
        return f'"{text}"^^<{term.datatype.value}>'
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    raise UnsupportedShape(f"a blank node {term} cannot be a constant in a shape's parameter")


class _Compiler:
    """Compile the shapes of one shapes graph; ``sub_properties`` maps a property to its sub-properties."""

    def __init__(self, shapes: ox.Store, sub_properties: dict[str, set[str]],
                 sub_classes: dict[str, set[str]] | None):
        self.g = shapes
        self.subs = sub_properties
        self.sub_classes = sub_classes
        self.fresh = itertools.count()
        self.compiling: list = []

    # -- reading the shapes graph -------------------------------------------------
    def objects(self, s, name: str) -> list:
        return [q.object for q in self.g.quads_for_pattern(s, ox.NamedNode(SH + name), None)]

    def one(self, s, name: str):
        got = self.objects(s, name)
        if len(got) > 1:
            raise UnsupportedShape(f"shape {s} has {len(got)} values of sh:{name}; a compiled shape takes one")
        return got[0] if got else None

    def items(self, head) -> list:
        """The members of an RDF list."""
        out = []
        while head != _NIL:
            first = next(iter(self.g.quads_for_pattern(head, _LIST_FIRST, None)), None)
            rest = next(iter(self.g.quads_for_pattern(head, _LIST_REST, None)), None)
            if first is None or rest is None:
                raise UnsupportedShape(f"{head} is not a well-formed RDF list")
            out.append(first.object)
            head = rest.object
        return out

    def params(self, s) -> set[str]:
        names = {q.predicate.value[len(SH):] for q in self.g.quads_for_pattern(s, None, None)
                 if q.predicate.value.startswith(SH)}
        unknown = names - _VALUE_PARAMS - _SET_PARAMS - _INERT
        if unknown:
            raise UnsupportedShape(f"shape {s} uses {', '.join('sh:' + n for n in sorted(unknown))}, which "
                                   "graph/shacl.py does not compile; add it there or state the rule otherwise")
        return names

    def var(self) -> str:
        return f"?v{next(self.fresh)}"

    def instance_of(self, t: str, cls) -> str:
        """A graph pattern matching when ``t`` is a SHACL instance of ``cls``.

        With the class hierarchy known, the classes are listed (index lookups);
        otherwise the ``rdf:type/rdfs:subClassOf*`` path is walked for every node.
        """
        if self.sub_classes is None:
            return f"{t} {_TYPE_PATH} {sparql_term(cls)}"
        classes = " ".join(f"<{c}>" for c in [cls.value, *sorted(self.sub_classes.get(cls.value, ()))])
        c = self.var()
        return f"VALUES {c} {{ {classes} }} {t} <{_RDF}type> {c}"

    # -- paths ----------------------------------------------------------------------
    def predicate(self, iri: str) -> str:
        """One predicate read under the RDFS closure: itself or any of its sub-properties."""
        if iri == _RDF + "type":
            return f"({_TYPE_PATH})"
        alts = [iri, *sorted(self.subs.get(iri, ()))]
        return f"<{iri}>" if len(alts) == 1 else "(" + "|".join(f"<{a}>" for a in alts) + ")"

    def path(self, p) -> str:
        if isinstance(p, ox.NamedNode):
            if p == _NIL:
                raise UnsupportedShape("an empty list is not a SHACL path")
            if next(iter(self.g.quads_for_pattern(p, _LIST_FIRST, None)), None) is None:
                return self.predicate(p.value)
        if next(iter(self.g.quads_for_pattern(p, _LIST_FIRST, None)), None) is not None:
            return "(" + "/".join(self.path(x) for x in self.items(p)) + ")"
        for name, fmt in (("inversePath", "^({})"), ("zeroOrMorePath", "({})*"), ("oneOrMorePath", "({})+"),
                          ("zeroOrOnePath", "({})?")):
            inner = self.one(p, name)
            if inner is not None:
                return fmt.format(self.path(inner))
        alternatives = self.one(p, "alternativePath")
        if alternatives is not None:
            return "(" + "|".join(self.path(x) for x in self.items(alternatives)) + ")"
        raise UnsupportedShape(f"{p} is not a SHACL path this compiler knows")

    # -- conformance ------------------------------------------------------------------
    def conforms(self, shape, t: str) -> str:
        """A SPARQL expression, true when the node ``t`` conforms to ``shape``."""
        if shape in self.compiling:                 # recursive shapes are undefined in SHACL core
            raise UnsupportedShape(f"shape {shape} refers to itself; recursive shapes cannot be compiled")
        self.compiling.append(shape)
        try:
            names = self.params(shape)
            if self.one(shape, "deactivated") == ox.Literal(True):
                return "true"
            path = self.one(shape, "path")
            parts = self.value_checks(shape, t, names) if path is None else self.property_checks(shape, t, path, names)
            return "(" + " && ".join(parts) + ")" if parts else "true"
        finally:
            self.compiling.pop()

    def value_checks(self, s, t: str, names: set[str]) -> list[str]:
        """Constraints on the value node ``t`` itself (a node shape's focus, or each value of a property)."""
        out = []
        for c in self.objects(s, "class"):
            out.append(f"EXISTS {{ {self.instance_of(t, c)} }}")
        for d in self.objects(s, "datatype"):
            out.append(f"(isLiteral({t}) && datatype({t}) = {sparql_term(d)})")
        for k in self.objects(s, "nodeKind"):
            kind = k.value[len(SH):] if isinstance(k, ox.NamedNode) and k.value.startswith(SH) else None
            if kind not in _NODE_KINDS:
                raise UnsupportedShape(f"shape {s}: unknown sh:nodeKind {k}")
            out.append(_NODE_KINDS[kind].format(t=t))
        for name, op in _COMPARE.items():
            for v in self.objects(s, name):
                out.append(f"COALESCE({t} {op} {sparql_term(v)}, false)")
        for v in self.objects(s, "minLength"):
            out.append(f"(!isBlank({t}) && STRLEN(STR({t})) >= {int(v.value)})")
        for v in self.objects(s, "maxLength"):
            out.append(f"(!isBlank({t}) && STRLEN(STR({t})) <= {int(v.value)})")
        flags = self.one(s, "flags")
        for v in self.objects(s, "pattern"):
            extra = f", {sparql_term(flags)}" if flags is not None else ""
            out.append(f"(!isBlank({t}) && REGEX(STR({t}), {sparql_term(v)}{extra}))")
        for head in self.objects(s, "languageIn"):
            tags = self.items(head)
            matches = " || ".join(f"langMatches(lang({t}), {sparql_term(tag)})" for tag in tags) or "false"
            out.append(f"(isLiteral({t}) && ({matches}))")
        for head in self.objects(s, "in"):
            members = " || ".join(f"sameTerm({t}, {sparql_term(m)})" for m in self.items(head)) or "false"
            out.append(f"({members})")
        if self.one(s, "path") is None:
            for v in self.objects(s, "hasValue"):
                out.append(f"sameTerm({t}, {sparql_term(v)})")
        for other in self.objects(s, "node"):
            out.append(self.conforms(other, t))
        for other in self.objects(s, "not"):
            out.append(f"!{self.conforms(other, t)}")
        for head in self.objects(s, "or"):
            out.append("(" + " || ".join(self.conforms(x, t) for x in self.items(head)) + ")")
        for head in self.objects(s, "and"):
            out.append("(" + " && ".join(self.conforms(x, t) for x in self.items(head)) + ")")
        for head in self.objects(s, "xone"):
            out.append("(" + " + ".join(f"IF({self.conforms(x, t)}, 1, 0)" for x in self.items(head)) + " = 1)")
        for prop in self.objects(s, "property"):
            out.append(self.conforms(prop, t))
        return out

    def property_checks(self, s, t: str, path, names: set[str]) -> list[str]:
        """Constraints of a property shape on the focus ``t``: on each value, then on the values as a set."""
        p = self.path(path)
        out = []
        v = self.var()
        each = self.value_checks(s, v, names)
        if each:
            out.append(f"NOT EXISTS {{ {t} {p} {v} FILTER(!({' && '.join(each)})) }}")
        for n in self.objects(s, "minCount"):
            if int(n.value) > 0:
                out.append(f"EXISTS {{ {self.distinct_values(t, p, int(n.value))} }}")
        for n in self.objects(s, "maxCount"):
            out.append(f"NOT EXISTS {{ {self.distinct_values(t, p, int(n.value) + 1)} }}")
        if self.one(s, "uniqueLang") == ox.Literal(True):
            a, b = self.var(), self.var()
            out.append(f"NOT EXISTS {{ {t} {p} {a} . {t} {p} {b} FILTER(!sameTerm({a}, {b}) && lang({a}) != \"\" "
                       f"&& LCASE(lang({a})) = LCASE(lang({b}))) }}")
        qualified = self.one(s, "qualifiedValueShape")
        if qualified is not None:
            if self.one(s, "qualifiedValueShapesDisjoint") == ox.Literal(True):
                raise UnsupportedShape(f"shape {s}: sh:qualifiedValueShapesDisjoint is not compiled")
            low, high = self.one(s, "qualifiedMinCount"), self.one(s, "qualifiedMaxCount")
            if low is not None and int(low.value) > 0:
                out.append(f"EXISTS {{ {self.distinct_values(t, p, int(low.value), qualified)} }}")
            if high is not None:
                out.append(f"NOT EXISTS {{ {self.distinct_values(t, p, int(high.value) + 1, qualified)} }}")
        for name, op in (("lessThan", "<"), ("lessThanOrEquals", "<=")):
            for other in self.objects(s, name):
                a, b = self.var(), self.var()
                out.append(f"NOT EXISTS {{ {t} {p} {a} . {t} {self.predicate(other.value)} {b} "
                           f"FILTER(!COALESCE({a} {op} {b}, false)) }}")
        for other in self.objects(s, "equals"):
            a, q = self.var(), self.predicate(other.value)
            out.append(f"NOT EXISTS {{ {t} {p} {a} FILTER NOT EXISTS {{ {t} {q} {a} }} }}")
            out.append(f"NOT EXISTS {{ {t} {q} {a} FILTER NOT EXISTS {{ {t} {p} {a} }} }}")
        for other in self.objects(s, "disjoint"):
            a = self.var()
            out.append(f"NOT EXISTS {{ {t} {p} {a} . {t} {self.predicate(other.value)} {a} }}")
        for v in self.objects(s, "hasValue"):
            out.append(f"EXISTS {{ {t} {p} {sparql_term(v)} }}")
        return out

    def distinct_values(self, t: str, p: str, n: int, shape=None) -> str:
        """A graph pattern matching ``n`` pairwise distinct values of ``t``'s path (each conforming to ``shape``)."""
        vs = [self.var() for _ in range(n)]
        pattern = " . ".join(f"{t} {p} {v}" for v in vs)
        filters = [f"!sameTerm({a}, {b})" for a, b in itertools.combinations(vs, 2)]
        if shape is not None:
            filters.extend(self.conforms(shape, v) for v in vs)
        return pattern + (f" FILTER({' && '.join(filters)})" if filters else "")

    # -- targets ------------------------------------------------------------------------
    def targets(self, s) -> list[str]:
        out = [f"{{ {self.instance_of('?focus', c)} }}" for c in self.objects(s, "targetClass")]
        if next(iter(self.g.quads_for_pattern(s, ox.NamedNode(_RDF + "type"),
                                              ox.NamedNode(_RDFS + "Class"))), None) is not None:
            out.append(f"{{ {self.instance_of('?focus', s)} }}")
        out += [f"{{ ?focus {self.predicate(p.value)} [] }}" for p in self.objects(s, "targetSubjectsOf")]
        out += [f"{{ [] {self.predicate(p.value)} ?focus }}" for p in self.objects(s, "targetObjectsOf")]
        out += [f"{{ VALUES ?focus {{ {sparql_term(n)} }} }}" for n in self.objects(s, "targetNode")]
        return out

    def compile(self, s) -> CompiledShape | None:
        targets = self.targets(s)
        if not targets or self.one(s, "deactivated") == ox.Literal(True):
            return None
        return CompiledShape(shape=str(s), targets=" UNION ".join(targets), condition=self.conforms(s, "?focus"))


def compile_shapes(shapes: str | Path, sub_properties: dict[str, set[str]] | None = None,
                   sub_classes: dict[str, set[str]] | None = None) -> list[CompiledShape]:
    """Compile every shape with a target in ``shapes`` (Turtle text, or a path to a Turtle file).

    Parameters
    ----------
    shapes : the shapes graph.
    sub_properties : property IRI → the IRIs of all its sub-properties (transitively); a path
        step on a property then also follows them, as the RDFS closure would.
    sub_classes : class IRI → the IRIs of all its sub-classes (transitively), when the class
        hierarchy is fixed (the model's); default: follow ``rdfs:subClassOf*`` in the data.

    Raises
    ------
    UnsupportedShape
        naming the shape and the construct, if a shape uses SHACL this module does not compile.
    """
    text = Path(shapes).read_text(encoding="utf-8") if isinstance(shapes, Path) else shapes
    store = ox.Store()
    try:
        store.load(input=text.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    except SyntaxError as exc:
        raise UnsupportedShape(f"the shapes are not valid Turtle: {exc}") from None
    compiler = _Compiler(store, sub_properties or {}, sub_classes)
    heads = {q.subject for name in ("targetClass", "targetSubjectsOf", "targetObjectsOf", "targetNode")
             for q in store.quads_for_pattern(None, ox.NamedNode(SH + name), None)}
    heads |= {q.subject for q in store.quads_for_pattern(None, ox.NamedNode(_RDF + "type"),
                                                         ox.NamedNode(SH + "NodeShape"))
              if next(iter(store.quads_for_pattern(q.subject, ox.NamedNode(_RDF + "type"),
                                                   ox.NamedNode(_RDFS + "Class"))), None) is not None}
    compiled = (compiler.compile(s) for s in sorted(heads, key=str))
    return [c for c in compiled if c is not None]


def nonconforming(store: ox.Store, compiled: Iterable[CompiledShape], focus: Iterable | str | None = None
                  ) -> list[tuple[ox.NamedNode | ox.BlankNode, str]]:
    """Every ``(focus node, shape)`` for which the focus node fails a compiled shape.

    The queries read the union of all graphs of ``store``.  With ``focus``, only
    those nodes are checked (an incremental build checks what changed): they
    are listed in a scratch graph for the duration of the queries.  ``focus`` is
    the nodes, or a SPARQL group graph pattern that binds ``?focus`` to them.
    """
    if focus is None:
        return [(row["focus"], shape.shape) for shape in compiled
                for row in store.query(shape.query, use_default_graph_as_union=True)]
    scratch = ox.NamedNode(_SCRATCH)
    if isinstance(focus, str):
        store.update(f"INSERT {{ GRAPH <{_SCRATCH}> {{ ?focus <{_FOCUS}> true }} }} WHERE {{ {focus} "
                     "FILTER(!isLiteral(?focus)) }")
    else:
        store.extend(ox.Quad(node, ox.NamedNode(_FOCUS), ox.Literal(True), scratch)
                     for node in focus if not isinstance(node, ox.Literal))
    try:
        return [(row["focus"], shape.shape) for shape in compiled
                for row in store.query(shape.restricted_query(_SCRATCH), use_default_graph_as_union=True)]
    finally:
        store.remove_graph(scratch)
