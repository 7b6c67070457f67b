"""Finding a node from what a person types: an IRI, a CURIE or a label in any language."""
from __future__ import annotations

import difflib
import unicodedata

import networkx as nx

from ..errors import UnknownEntityError
from ..project import local_name
from ..vocab import PREFIXES, curie

__all__ = ["UnknownEntityError", "resolve_entity", "describe", "curie", "names"]

_ALIAS_KEY = "also known as"
_PRIMARY = ("label", "label_en", "label_ko", "label_ja")


def resolve_entity(G: nx.Graph, entity: str) -> str:
    """The node ``entity`` names: a node id, an IRI, a CURIE or a label or alias in any language.

    Labels are compared after NFC normalisation, case folding and whitespace
    collapsing; a primary label (``label_en``/``label_ko``/``label_ja``) wins over
    an alias (``skos:altLabel``) or a local name.

    Raises
    ------
    UnknownEntityError
        Nothing matches (the message suggests close matches), or several nodes do.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_node("https://w3id.org/kjus/id/lee", label="Lee Jae-myung", label_ko="이재명",
    ...            facts={"also known as": "이 대통령"})
    >>> resolve_entity(G, "kjd:lee") == resolve_entity(G, "이재명") == resolve_entity(G, "LEE  jae-myung")
    True
    >>> resolve_entity(G, "Lee Jae-myeong")
    Traceback (most recent call last):
    ...
    graph.errors.UnknownEntityError: no entity named 'Lee Jae-myeong'; did you mean: Lee Jae-myung (kjd:lee)?
    """
    if entity in G:
        return entity
    expanded = _expand(entity)
    if expanded in G:
        return expanded
    wanted = _norm(entity)
    for primary in (True, False):
        found = sorted({n for n in G for name in names(G, n, primary) if _norm(name) == wanted})
        if len(found) == 1:
            return found[0]
        if found:
            listed = ", ".join(f"{_label(G, n)} ({curie(n)})" for n in found[:8])
            raise UnknownEntityError(f"{entity!r} names {len(found)} entities: {listed}; give the IRI or CURIE instead")
    raise UnknownEntityError(f"no entity named {entity!r}; " + _suggest(G, wanted))


def names(G: nx.Graph, node, primary: bool = False) -> list[str]:
    """The labels of ``node`` (``primary=True``: only its labels, else also aliases and local name).

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_node("https://w3id.org/kjus/id/kosa", label="KOSA", facts={"also known as": "한국SW협회; KOSA"})
    >>> names(G, "https://w3id.org/kjus/id/kosa")
    ['KOSA', '한국SW협회', 'kosa']
    """
    d = G.nodes[node]
    found = [d.get(k) for k in _PRIMARY]
    if not primary:
        found += d.get("facts", {}).get(_ALIAS_KEY, "").split("; ") + [local_name(node)]
    return list(dict.fromkeys(x for x in found if x))


def describe(G: nx.Graph, node) -> dict:
    """The short record every analysis uses to name a node: id, names, type and country.

    Examples
    --------
    >>> describe(nx.Graph([("a", "b")]), "a")
    {'node': 'a', 'label': 'a', 'label_ko': '', 'type': '', 'country': ''}
    """
    d = G.nodes[node] if node in G else {}
    return {"node": node, "label": d.get("label") or str(node), "label_ko": d.get("label_ko", ""),
            "type": d.get("type", ""), "country": d.get("country", "")}


def _expand(text: str) -> str:
    prefix, _, rest = text.partition(":")
    return PREFIXES[prefix] + rest if prefix in PREFIXES and rest and not rest.startswith("//") else text


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", str(text)).casefold().split())


def _label(G: nx.Graph, n) -> str:
    return G.nodes[n].get("label") or str(n)


def _suggest(G: nx.Graph, wanted: str) -> str:
    by_name: dict[str, set] = {}
    for n in G:
        for name in names(G, n):
            by_name.setdefault(_norm(name), set()).add(n)
    close = difflib.get_close_matches(wanted, sorted(by_name), n=5, cutoff=0.6)
    close += sorted(k for k in by_name if wanted and wanted in k and k not in close)
    nodes = list(dict.fromkeys(n for k in close for n in sorted(by_name[k])))[:5]
    if not nodes:
        return "check the spelling, or list entities with `kjus query` (labels in English, Korean or Japanese work)"
    return "did you mean: " + ", ".join(f"{_label(G, n)} ({curie(n)})" for n in nodes) + "?"
