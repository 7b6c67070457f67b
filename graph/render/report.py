"""The analysis report: ``analysis.json`` (every figure), ``analysis.md`` (the briefing) and SVG plots.

:func:`analysis_data` gathers every figure of :mod:`graph.analyse` into one
JSON-ready dict; :func:`generate_markdown` turns it into a short briefing
(headline findings first, then tables; English with Korean names in
parentheses), every number of which is in the JSON; :func:`write_analysis`
writes both and the plots, each file atomically.

Plots are drawn with Matplotlib's object API (no pyplot, no global backend),
with NanumGothic when it is installed so that Hangul renders, English labels
otherwise; text is stored as paths and the SVG carries no date or random ids,
so the same graph gives the same bytes.
"""
from __future__ import annotations

import io
import json
import re
from pathlib import Path

import networkx as nx

from ..analyse import (
    EXACT_MAX_NODES, TRILATERAL, brokers, centrality_rankings, communities,
    country_matrix, methods, node_metrics, timeline, topics_by_country_pair, topics_by_status,
    trilateral_ties,
)
from ..analyse.centrality import approximation_errors
from ..files import write_atomic
from ..project import contexts, full_graph, project_graph, simple_graph
from .flat import clean_text

__all__ = ["HANGUL_FONT", "analysis_data", "generate_markdown", "write_analysis", "plot_svgs"]

#: A font with Hangul (Debian package fonts-nanum); plots fall back to English labels without it.
HANGUL_FONT = Path("/usr/share/fonts/truetype/nanum/NanumGothic.ttf")
_TOP = 10
_PLOTS = {"countries": "plots/country-matrix.svg", "actors": "plots/top-actors.svg",
          "timeline": "plots/timeline.svg"}


def analysis_data(G_or_ds, seed: int = 42, top: int = _TOP, *, actors: nx.Graph | None = None,
                  members: dict | None = None) -> dict:
    """Every figure of the report, as plain data (the content of ``analysis.json``).

    Parameters
    ----------
    G_or_ds : rdflib.Dataset or the ``"full"`` projection
    seed : int
        Seed of Louvain and of sampled betweenness.
    top : int
        Length of the rankings.
    actors : networkx.Graph, optional
        ``project_graph(G, "actors")`` if already computed.
    members : dict, optional
        :func:`graph.project.contexts` of the full graph if already computed.

    Examples
    --------
    >>> from graph.project import _example_dataset
    >>> data = analysis_data(_example_dataset())
    >>> data["graph"]["actors"], data["countries"]["pairs"][0]["pair"], data["centrality"]["degree"][0]["score"]
    (2, 'JP–KR', 1)
    """
    F = full_graph(G_or_ds)
    members = contexts(F) if members is None else members
    A = project_graph(F, "actors", members=members) if actors is None else actors
    H = simple_graph(A)
    metrics = node_metrics(A, seed=seed, simple=H)
    components = sorted((len(c) for c in nx.connected_components(A)), reverse=True)
    estimates = approximation_errors(A, seed=seed, simple=H)
    matrix = country_matrix(F, members=members)
    return {
        "graph": {"nodes": F.number_of_nodes(), "relations": F.number_of_edges(), "actors": A.number_of_nodes(),
                  "actor_ties": A.number_of_edges(), "components": len(components),
                  "largest_component": components[0] if components else 0,
                  "isolated_actors": sum(1 for n in A if A.degree(n) == 0)},
        "methods": {**methods(A), "seed": seed, "exact_max_nodes": EXACT_MAX_NODES,
                    **({"estimates": estimates} if estimates else {})},
        "metrics": {n: {**metrics[n], "label": A.nodes[n]["label"], "label_ko": A.nodes[n]["label_ko"],
                        "country": A.nodes[n]["country"]} for n in sorted(metrics)},
        "centrality": centrality_rankings(A, top, metrics),
        "brokers": brokers(A, top, metrics, simple=H),
        "communities": communities(F, seed=seed, metrics=metrics, actors=A, simple=H),
        "countries": matrix,
        "trilateral": trilateral_ties(F, members=members),
        "topics_by_pair": topics_by_country_pair(F, matrix=matrix),
        "topics_by_status": topics_by_status(F),
        "timeline": timeline(F, members=members),
    }


def write_analysis(G_or_ds, out_dir, seed: int = 42, top: int = _TOP, *, data: dict | None = None) -> list[Path]:
    """Write ``analysis.json``, ``analysis.md`` and ``plots/*.svg`` into ``out_dir``.

    ``data``: :func:`analysis_data` of ``G_or_ds`` with ``seed`` and ``top``, if already computed.

    Returns
    -------
    list of Path
        The files written, in a fixed order.

    Raises
    ------
    graph.errors.ExportError
        A file cannot be written.

    Examples
    --------
    >>> import tempfile
    >>> from graph.project import _example_dataset
    >>> [p.name for p in write_analysis(_example_dataset(), tempfile.mkdtemp())]
    ['analysis.json', 'analysis.md', 'country-matrix.svg', 'top-actors.svg', 'timeline.svg']
    """
    out = Path(out_dir)
    data = analysis_data(G_or_ds, seed=seed, top=top) if data is None else data
    written = [write_atomic(out / "analysis.json", generate_json(data)),
               write_atomic(out / "analysis.md", generate_markdown(data))]
    for key, svg in plot_svgs(data).items():
        written.append(write_atomic(out / _PLOTS[key], svg))
    return written


def generate_json(data: dict) -> str:
    """``analysis.json`` text: sorted keys, UTF-8, two-space indent, final newline."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


# --- the briefing ----------------------------------------------------------------

def generate_markdown(data: dict) -> str:
    """The briefing ``analysis.md`` for the figures of :func:`analysis_data`.

    Examples
    --------
    >>> from graph.project import _example_dataset
    >>> md = generate_markdown(analysis_data(_example_dataset()))
    >>> md.splitlines()[0]
    '# Korea–Japan–US AI cooperation: network briefing'
    >>> "JP–KR" in md and "plots/country-matrix.svg" in md
    True
    """
    parts = ["# Korea–Japan–US AI cooperation: network briefing", "",
             _intro(data), "", "## Key findings", "", *[f"- {f}" for f in _findings(data)], "",
             *_centrality_section(data), *_broker_section(data), *_country_section(data),
             *_community_section(data), *_status_section(data), *_timeline_section(data), *_method_section(data)]
    return "\n".join(parts).rstrip() + "\n"


class _Md(str):
    """Text already escaped for Markdown (:func:`md_escape`), safe to place as it is."""


#: Markdown's inline markup characters (links are impossible once brackets are escaped), HTML's angle brackets.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")


def md_escape(text) -> _Md:
    """Escape data for Markdown: every character Markdown or HTML could read as markup.

    Labels come from sources; a label such as ``<img src=x onerror=…>`` must
    stay text in any previewer, and ``|`` must not split a table cell.

    Examples
    --------
    >>> print(md_escape("a|b <img src=x onerror=alert(1)> `c` *d*"))
    a\\|b \\<img src=x onerror=alert(1)\\> \\`c\\` \\*d\\*
    """
    if isinstance(text, _Md):
        return text
    flat = " ".join(str(text).split("\n"))
    return _Md(_MD_SPECIAL.sub(r"\\\1", flat.replace("\r", " ")))


def _name(rec: dict) -> _Md:
    """``Lee Jae-myung (이재명)``: English label with the Korean one in parentheses when it differs (escaped)."""
    ko = rec.get("label_ko", "")
    return md_escape(f"{rec['label']} ({ko})" if ko and ko != rec["label"] else rec["label"])


def _country_name(data: dict, code: str) -> str:
    rec = next((c for c in data["countries"]["countries"] if c["code"] == code), None)
    return _name(rec) if rec else code


def _intro(data: dict) -> str:
    g = data["graph"]
    return (f"The graph holds {g['nodes']} entities linked by {g['relations']} relations. Of them, {g['actors']} are "
            f"actors (people, organisations, countries); {g['actor_ties']} pairs of actors are tied by a shared "
            f"event, agreement, program, council, policy or statement, or by a direct relation. The actor network "
            f"has {g['components']} connected parts; the largest holds {g['largest_component']} actors and "
            f"{g['isolated_actors']} actors stand alone. Figures below are in [`analysis.json`](analysis.json).")


def _findings(data: dict) -> list[str]:
    out = []
    pairs = data["countries"]["pairs"]
    if pairs:
        first = pairs[0]
        a, b = first["countries"]
        others = ", ".join(f"{md_escape(p['pair'])} {p['weight']}" for p in pairs[1:4])
        out.append(f"**{_country_name(data, a)} and {_country_name(data, b)} are the most closely tied pair**: "
                   f"{first['weight']} shared contexts, of which "
                   + ", ".join(f"{n} {md_escape(k)}" for k, n in first["by_status"].items())
                   + (f" (next: {others})." if others else "."))
    tri = data["trilateral"]
    out.append(f"**{len(tri)} context(s) bring in all three of {md_escape(', '.join(TRILATERAL))}**"
               + (": " + "; ".join(_name(t) for t in tri[:5]) + (f"; … {len(tri) - 5} more" if len(tri) > 5 else "")
                  + "." if tri else "."))
    ranking = data["centrality"]
    if ranking["pagerank"]:
        top = ranking["pagerank"][0]
        out.append(f"**{_name(top)} is the most central actor** by PageRank ({_num(top['score'])}); "
                   "top five: " + ", ".join(_name(r) for r in ranking["pagerank"][:5]) + ".")
    if ranking["betweenness"]:
        top = ranking["betweenness"][0]
        out.append(f"**{_name(top)} brokers the most**: highest betweenness ({_num(top['score'])}), on the shortest "
                   "routes between otherwise distant actors.")
    points = data["brokers"]["articulation_points"]
    if points:
        out.append("**Single points of failure**: removing " + ", ".join(
            f"{_name(p)} would cut off {p['separates']} actor(s)" for p in points[:4]) + ".")
    groups = [c for c in data["communities"]["communities"] if c["size"] > 1]
    if groups:
        big = groups[0]
        out.append(f"**{len(groups)} groups** form (modularity {data['communities']['modularity']}); the largest has "
                   f"{big['size']} actors, mostly {md_escape(big['dominant_country'] or 'without a country')}, "
                   f"around {md_escape(big['dominant_topic'] or 'no single topic')}.")
    statuses = data["topics_by_status"]
    if statuses:
        bits = [f"{md_escape(s)}: {md_escape(v[0]['topic'])} ({v[0]['count']})" for s, v in statuses.items() if v]
        out.append("**What is agreed vs. only hoped for** — leading topic by status: " + "; ".join(bits) + ".")
    busiest = max(data["timeline"], key=lambda p: (len(p["events"]), p["ties"]), default=None)
    if busiest and busiest["events"]:
        out.append(f"**{md_escape(busiest['period'])} is the busiest period**: {len(busiest['events'])} event(s), "
                   f"{busiest['ties']} actor tie(s) — " + "; ".join(_name(e) for e in busiest["events"][:4]) + ".")
    return out


def _num(x) -> str:
    """Scores in fixed notation as stored in the JSON (``3e-06`` → ``0.000003``)."""
    return f"{x:.6f}".rstrip("0").rstrip(".") if isinstance(x, float) else str(x)


def _cell(x) -> str:
    """A table cell: numbers as in the JSON, text escaped (unless built from escaped parts)."""
    if isinstance(x, _Md):
        return x
    return _num(x) if isinstance(x, (int, float)) else md_escape(x)


def _join(sep: str, parts) -> _Md:
    """Join escaped and raw parts into one escaped cell."""
    return _Md(sep.join(_cell(p) for p in parts))


def _table(header: list[str], rows: list[list]) -> list[str]:
    esc = [[_cell(c) for c in row] for row in rows]
    return ["| " + " | ".join(_cell(h) for h in header) + " |", "|" + "|".join(" --- " for _ in header) + "|",
            *["| " + " | ".join(r) + " |" for r in esc], ""]


def _centrality_section(data: dict) -> list[str]:
    metrics = data["metrics"]
    rows = [[i, _name(r), r["country"], metrics[r["node"]]["pagerank"], metrics[r["node"]]["betweenness"],
             metrics[r["node"]]["degree"], metrics[r["node"]]["eigenvector"]]
            for i, r in enumerate(data["centrality"]["pagerank"], 1)]
    return ["## Who matters", "", "Top actors by PageRank, with their other centralities "
            f"([chart]({_PLOTS['actors']})).", "",
            *_table(["#", "actor", "country", "PageRank", "betweenness", "degree", "eigenvector"], rows),
            f"![Top actors]({_PLOTS['actors']})", ""]


def _broker_section(data: dict) -> list[str]:
    b = data["brokers"]
    rows = [[_name(p), p["country"], p["separates"]] for p in b["articulation_points"]]
    bridges = [[f"{x['source_label']} — {x['target_label']}"] for x in b["bridges"]]   # escaped as one cell
    return ["## Who brokers", "", "Articulation points: actors whose removal splits the actor network "
            "(\"cut off\" = actors no longer reachable from the larger part).", "",
            *(_table(["actor", "country", "cut off"], rows) if rows else ["None.", ""]),
            "Bridges: ties that are the only link between two parts.", "",
            *(_table(["tie"], bridges) if bridges else ["None.", ""])]


def _country_section(data: dict) -> list[str]:
    m = data["countries"]
    codes = [c["code"] for c in m["countries"]]
    matrix = [[_name(c)] + row for c, row in zip(m["countries"], m["matrix"])]
    pairs = [[p["pair"], p["weight"], ", ".join(f"{k} {n}" for k, n in p["by_status"].items()),
              _Md(_join("; ", (_name(t) for t in p["ties"][:6]))
                  + (f"; … {len(p['ties']) - 6} more" if len(p["ties"]) > 6 else ""))] for p in m["pairs"]]
    topics = [[t["pair"], ", ".join(f"{x['topic']} ({x['count']})" for x in t["topics"][:5])]
              for t in data["topics_by_pair"]]
    tri = [[_name(t), t["category"], t["status"], t["date"], _join(", ", t["topics"])] for t in data["trilateral"]]
    return ["## How the countries are tied", "",
            "Number of shared contexts (events, agreements, programs, councils, policies, statements) with actors "
            "from both countries; the diagonal counts contexts with actors from one country only "
            f"([heatmap]({_PLOTS['countries']})).", "",
            *_table(["", *codes], matrix), f"![Country-pair matrix]({_PLOTS['countries']})", "",
            *_table(["pair", "ties", "of which (by status)", "what ties them"], pairs),
            "### Topics by country pair", "", *_table(["pair", "topics (ties)"], topics),
            f"### Trilateral ties ({', '.join(TRILATERAL)})", "",
            *(_table(["context", "kind", "status", "date", "topics"], tri) if tri else ["None.", ""])]


def _community_section(data: dict) -> list[str]:
    c = data["communities"]
    groups = [g for g in c["communities"] if g["size"] > 1]
    rows = [[g["id"], g["size"], g["dominant_country"], g["dominant_topic"],
             _Md(_join(", ", (_name(m) for m in g["members"][:6])) + (" …" if g["size"] > 6 else ""))]
            for g in groups]
    alone = sum(1 for g in c["communities"] if g["size"] == 1)
    return ["## Groups", "", f"Louvain communities of the actor network (modularity {c['modularity']}); "
            f"{alone} actor(s) without ties are left out.", "",
            *(_table(["id", "size", "country", "topic", "members (most connected first)"], rows) if rows
              else ["None.", ""])]


def _status_section(data: dict) -> list[str]:
    rows = [[s, ", ".join(f"{x['topic']} ({x['count']})" for x in v[:6])] for s, v in data["topics_by_status"].items()]
    return ["## Agreed, planned, expected or feared", "",
            "Topics of the statements, agreements, programs and events, by the status of what the source says.", "",
            *_table(["status", "topics (mentions)"], rows)]


def _timeline_section(data: dict) -> list[str]:
    rows = [[p["period"], len(p["events"]), p["contexts"], p["ties"], _join("; ", (_name(e) for e in p["events"][:4]))]
            for p in data["timeline"]]
    return ["## Timeline", "", f"Dated events and ties by month (year only when the source gives only a year; "
            f"[chart]({_PLOTS['timeline']})).", "",
            *_table(["period", "events", "contexts", "actor ties", "events (first four)"], rows),
            f"![Timeline]({_PLOTS['timeline']})", ""]


def _method_section(data: dict) -> list[str]:
    m = data["methods"]
    approx = [k for k in ("betweenness", "eigenvector") if m[k].startswith("approximate")]
    pruned = " and Louvain's sweeps are pruned" if "revisited" in m["community"] else ""
    note = (f"The actor network has more than {m['exact_max_nodes']} actors, so {' and '.join(approx)} "
            f"centrality are approximations{pruned}." if approx else
            f"All measures are exact (the actor network has at most {m['exact_max_nodes']} actors; above that "
            "betweenness would be estimated from seeded sample sources).")
    return ["## Method", "", note, "", *_table(["measure", "how"], [[k, m[k]] for k in
                                                                  ("degree", "pagerank", "betweenness",
                                                                   "eigenvector", "community")]),
            *_estimate_section(m.get("estimates")),
            f"Seed {m['seed']}. Actors are tied when they take part in the same context or are directly related "
            "(head of, subsidiary of, member of); country ties count contexts, not people.", ""]


def _estimate_section(est: dict | None) -> list[str]:
    """How far the approximations are from exact values, as measured on a smaller sample of the actor network."""
    if not est:
        return []
    sample, e, c = est["sample"], est["eigenvector"], est["community"]
    eigen = ("power iteration did not converge on the sample" if e["max_abs_error"] is None
             else "equal to 6 decimals" if e["max_abs_error"] == 0
             else f"largest difference of a score {_num(e['max_abs_error'])}")
    rows = []
    if "betweenness" in est:
        b = est["betweenness"]
        rows.append([f"betweenness, {b['sources']} sampled sources ({b['draws']} seeded draws)", "exact betweenness",
                     f"Spearman rank correlation {_num(b['spearman'])} (worst draw {_num(b['spearman_worst'])}); "
                     f"top {b['top']} overlap {_num(b['top_overlap'])} (worst {_num(b['top_overlap_worst'])}); "
                     f"largest difference of a normalised score {_num(b['max_abs_error'])}"])
    rows += [["eigenvector, ARPACK", "power iteration to 1e-9", eigen],
            ["community, pruned sweeps", "full sweeps (as NetworkX)",
             f"modularity {_num(c['modularity_pruned'])} against {_num(c['modularity_full'])}; "
             f"{c['communities_pruned']} against {c['communities_full']} communities; "
             f"{_num(c['rand_index'])} of actor pairs grouped alike (Rand index)"]]
    return ["### How close the approximations are", "",
            f"Exact values cannot be computed on the whole actor network in the time of a build, so each "
            f"approximation was measured against the exact method on a sample of it: {sample['how']} "
            f"({sample['nodes']} actors, {sample['edges']} ties). Figures in `analysis.json` under "
            "`methods.estimates`.", "", *_table(["approximation", "compared with", "on the sample"], rows)]


# --- plots -----------------------------------------------------------------------

def plot_svgs(data: dict) -> dict[str, str]:
    """The three plots of the report as SVG text: ``"countries"``, ``"actors"``, ``"timeline"``."""
    from matplotlib import font_manager, rc_context
    from matplotlib.figure import Figure

    korean = HANGUL_FONT.is_file()
    if korean:
        font_manager.fontManager.addfont(str(HANGUL_FONT))
    family = [font_manager.FontProperties(fname=str(HANGUL_FONT)).get_name(), "DejaVu Sans"] if korean \
        else ["DejaVu Sans"]

    def name(rec):  # as plain text: no XML-illegal characters, and "$" is not mathtext
        return clean_text(_name(rec) if korean else rec["label"]).replace("$", r"\$")

    rc = {"svg.hashsalt": "kjus", "svg.fonttype": "path", "font.family": family, "font.size": 9,
          "path.simplify": True}
    with rc_context(rc):
        return {"countries": _svg(_plot_matrix(Figure(figsize=(6, 5)), data, name)),
                "actors": _svg(_plot_actors(Figure(figsize=(7, 4.5)), data, name)),
                "timeline": _svg(_plot_timeline(Figure(figsize=(7, 3.5)), data))}


def _svg(fig) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None}, bbox_inches="tight")
    return buf.getvalue()


def _plot_matrix(fig, data, name):
    m = data["countries"]
    ax = fig.add_subplot()
    labels = [name(c) for c in m["countries"]]
    matrix = m["matrix"] or [[0]]
    im = ax.imshow(matrix, cmap="Blues")
    ax.set_xticks(range(len(labels)), labels, rotation=30, ha="right")
    ax.set_yticks(range(len(labels)), labels)
    peak = max(max(row) for row in matrix) or 1
    for i, row in enumerate(matrix):
        for j, v in enumerate(row):
            ax.text(j, i, str(v), ha="center", va="center", color="white" if v > peak / 2 else "black")
    ax.set_title("Shared contexts by country pair (diagonal: one country only)")
    fig.colorbar(im, ax=ax, shrink=0.8)
    return fig


def _plot_actors(fig, data, name):
    ranked = data["centrality"]["pagerank"][::-1]
    ax = fig.add_subplot()
    ax.barh(range(len(ranked)), [r["score"] for r in ranked], color="#3b6ea8")
    ax.set_yticks(range(len(ranked)), [name(r) for r in ranked])
    ax.set_xlabel("PageRank")
    ax.set_title("Most central actors")
    return fig


def _plot_timeline(fig, data):
    periods = data["timeline"]
    ax = fig.add_subplot()
    xs = range(len(periods))
    ax.bar([x - 0.2 for x in xs], [len(p["events"]) for p in periods], width=0.4, label="events", color="#3b6ea8")
    ax.bar([x + 0.2 for x in xs], [p["ties"] for p in periods], width=0.4, label="actor ties", color="#e0a040")
    ax.set_xticks(list(xs), [p["period"] for p in periods], rotation=45, ha="right")
    ax.legend()
    ax.set_title("Events and ties by period")
    return fig
