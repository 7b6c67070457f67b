"""``kjus``: the command line, a thin shell over the Python API.

Each command makes one API call, formats its result and turns a
:class:`graph.errors.KGError` into one ``Error:`` line and exit status 1.
Imports of heavy modules happen inside the commands, so ``kjus --help`` is instant.
"""
from __future__ import annotations

import csv
import io
import json
import logging
import sys
import unicodedata

import click

from .errors import KGError


class KJUSGroup(click.Group):
    """A click group that shows ``Error: …`` instead of a traceback (unless ``--debug``)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KGError as exc:
            if ctx.params.get("debug"):
                raise
            raise click.ClickException(str(exc)) from None
        except OSError as exc:  # e.g. a closed pipe or an unreadable file the API did not wrap
            if ctx.params.get("debug"):
                raise
            raise click.ClickException(f"{exc.filename or ''} {exc.strerror or exc}".strip()) from None
        except (click.ClickException, click.exceptions.Abort, click.exceptions.Exit):
            raise
        except Exception as exc:  # a bug, not the user's fault: one line, the traceback only with --debug
            if ctx.params.get("debug"):
                raise
            raise click.ClickException(f"unexpected {type(exc).__name__}: {exc}; rerun with "
                                       "`kjus --debug …` and report the traceback") from None


def sources_option(fn):
    """The shared ``--sources`` option: source files or folders instead of graph/sources/."""
    return click.option("--sources", "sources", multiple=True, type=click.Path(exists=True),
                        help="A source file or folder of sources (repeatable); default graph/sources/. "
                             "Commands that read the build then build these in memory instead.")(fn)


def data_option(fn):
    """The shared ``--data`` option of the commands that read the build."""
    return click.option("--data", type=click.Path(exists=True, dir_okay=False),
                        help="Built N-Quads (or any RDF file with the model) to read; default "
                             "exports/kjus.nq, written by `kjus build`.")(fn)


def open_build(data=None, sources=()):
    """The one read path: a pyoxigraph store of the build's N-Quads (or ``--data``).

    Says in one line when a source or model file changed since that build.
    With ``--sources``, those sources are loaded, validated and inferred in
    memory instead, and read through the same loader.
    """
    from pathlib import Path

    from .manifest import stale_inputs
    from .paths import exports_dir
    from .query import load_store

    if sources:
        from .build import check_dataset, export_dataset
        from .load import load_sources
        from .paths import source_text_dirs

        paths = _source_paths(sources)
        loaded = load_sources(paths)
        check_dataset(loaded.store, source_text_dirs(paths))
        return export_dataset(loaded.store)
    path = Path(data) if data else exports_dir() / "kjus.nq"
    if not path.is_file():
        raise click.ClickException(f"{path}: no build here; run `kjus build` first (or pass --data FILE)")
    stale = stale_inputs(path)
    if stale:
        names = ", ".join(p.name for p in stale[:3]) + (f" and {len(stale) - 3} more" if len(stale) > 3 else "")
        click.echo(f"note: {len(stale)} input(s) changed since the build in {path.parent} ({names}); "
                   "these answers are from that build — run `kjus build` to update it", err=True)
    return load_store(path)


def _source_paths(sources):
    from pathlib import Path

    from .sources import find_sources

    if not sources:
        return None
    return [f for s in sources for f in (find_sources(s) if Path(s).is_dir() else [Path(s)])]


def format_option(*choices: str, default: str = "table"):
    """The shared ``--format`` option: a table for people by default, machine formats on request."""
    return click.option("--format", "fmt", type=click.Choice([default, *choices]), default=default,
                        show_default=True, help="Output format.")


def emit(rows: list[dict], fmt: str = "table") -> None:
    """Print ``rows`` (dicts with the same keys) as an aligned table, JSON or CSV."""
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(rows[0]) if rows else [], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        click.echo(buf.getvalue(), nl=False)
    else:
        click.echo(text_table(rows))


def text_table(rows: list[dict]) -> str:
    """Align ``rows`` in columns, counting East Asian wide characters as two cells.

    Examples
    --------
    >>> print(text_table([{"name": "한국", "n": 1}, {"name": "Japan", "n": 22}]))
    name   n
    -----  --
    한국   1
    Japan  22
    """
    if not rows:
        return "(no rows)"
    keys = list(rows[0])
    cells = [keys] + [["" if r.get(k) is None else str(r.get(k)) for k in keys] for r in rows]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(keys))]
    lines = []
    for n, row in enumerate(cells):
        lines.append("  ".join(c + " " * (w - _width(c)) for c, w in zip(row, widths)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


@click.group(cls=KJUSGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show the full traceback when something fails.")
@click.version_option(package_name="kjus-graph")
def main(debug: bool) -> None:
    """KJUS Graph: the knowledge graph of Korea–Japan–US AI cooperation.

    Build it from the curated sources, check it, query it with SPARQL, analyse
    it with NetworkX, view it in a browser and export it to Gephi.

    Start with `kjus build`, then try `kjus query --list` and `kjus stats`.
    """
    # rdflib logs a traceback for an ill-typed literal such as "2025-13-45"^^xsd:date;
    # validation reports it properly, so the log would only scare the user.
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)


@main.command()
@click.option("--out", type=click.Path(file_okay=False), default=None,
              help="Output folder (default: exports/ in the checkout, or $KJUS_EXPORTS).")
@sources_option
@click.option("--drafts", is_flag=True,
              help="Build even if statements are still machine drafts from `kjus ingest` (to look at them).")
@click.option("--no-cache", is_flag=True,
              help="Validate every source file, not only those that changed since the last build.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def build(out, sources, drafts, no_cache, quiet):
    """Build the graph and write every export.

    Loads the ontology, the SKOS vocabularies and every source in
    graph/sources/, validates them (SHACL and provenance), and writes RDF
    (TriG, N-Quads, Turtle, JSON-LD), the analysis report, the HTML views and
    the Gephi files. Nothing is written unless everything checks out.

    A source file whose content (and whose quoted texts, and the model) has not
    changed since the last build is not validated again: its checks are reused
    from .kjus-cache/ beside the output folder, and the build says how many.
    The checks across sources always run on everything.

    Example:

        kjus build
    """
    from .build import build as run_build

    say = (lambda _m: None) if quiet else (lambda m: click.echo(f"· {m}", err=True))
    result = run_build(out, sources=_source_paths(sources), progress=say, drafts=drafts, cache=not no_cache)
    for problem in result.warnings:
        click.echo(str(problem), err=True)
    if not quiet:
        click.echo(f"built {result.quads} quads; {len(result.files)} files in {result.out_dir}; validated "
                   f"{len(result.validated)} source file(s), reused the checks of {len(result.reused)}")


@main.command()
@sources_option
@format_option("json")
def validate(sources, fmt):
    """Check the sources without writing anything.

    Runs the SHACL shapes of ontology/shapes.ttl and the provenance checks
    (every quote at its offsets in its source text). Exits 1 on any violation.

    Example:

        kjus validate
    """
    from .load import load_sources
    from .paths import source_text_dirs
    from .validate import VIOLATION, validate as run_validate

    paths = _source_paths(sources)
    problems = run_validate(load_sources(paths).store, texts_dir=source_text_dirs(paths))
    if fmt == "json":
        emit([p.__dict__ for p in problems], "json")
    else:
        for problem in problems:
            click.echo(str(problem), err=True)
    violations = sum(p.severity == VIOLATION for p in problems)
    if violations:
        raise click.ClickException(f"{violations} violation(s) found; fix them (listed above) and run "
                                   "`kjus validate` again")
    if fmt != "json":
        click.echo(f"valid ({len(problems)} warning(s))")


@main.command()
@sources_option
@format_option("json", "csv")
def stats(sources, fmt):
    """Count what the graph holds: by class, by source and by statement status.

    Example:

        kjus stats --format json
    """
    from .load import load_sources
    from .stats import graph_stats

    result = graph_stats(load_sources(_source_paths(sources)).store)
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    for section in ("by_class", "by_source", "by_status"):
        click.echo(f"\n{section.replace('_', ' ')}:" if fmt == "table" else "", nl=fmt == "table")
        emit(result[section], fmt)
    if fmt == "table":
        totals = result["totals"]
        click.echo(f"\n{totals['triples']} triples in {totals['graphs']} graphs from {totals['sources']} source(s)")


# --- commands of later stages are added below this line ---------------------------------


QUERY_FORMATS = ["table", "json", "xml", "csv", "tsv", "turtle", "ntriples", "nquads", "trig", "jsonld"]


@main.command()
@click.argument("query", required=False)
@click.option("--list", "list_", is_flag=True,
              help="List the named queries of graph/queries/ with the question each answers.")
@click.option("--format", "fmt", type=click.Choice(QUERY_FORMATS), default="table", show_default=True,
              help="SELECT/ASK: table, or the W3C results formats json, xml, csv, tsv. "
                   "CONSTRUCT/DESCRIBE: turtle (also for table), ntriples, nquads, trig, jsonld, "
                   "json (= JSON-LD), xml (= RDF/XML).")
@click.option("--data", type=click.Path(exists=True),
              help="RDF file or folder to query instead of the build's exports/kjus.nq.")
@click.option("--limit", type=click.IntRange(min=0), help="Output at most N rows or triples.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=60.0,
              show_default=True, help="Seconds before the query is stopped.")
@click.option("--allow-service", is_flag=True,
              help="Permit SERVICE (federated) calls; they reach the network.")
def query(query, list_, fmt, data, limit, timeout, allow_service):
    """Run a read-only SPARQL query over the built graph.

    QUERY is SPARQL text, a .rq file, or the NAME of a query in graph/queries/
    (see --list). The project prefixes (kj:, kjd:, kjt:, kjs:, rdfs:, skos:,
    dcterms:, prov:, …) are predeclared. The default graph is the union of all
    graphs; GRAPH ?g { … } reaches each named graph, FROM / FROM NAMED pick
    graphs explicitly. Updates are refused.

    Example:

        kjus query 'SELECT ?event ?date WHERE { ?event a kj:Summit ; kj:date ?date }'
    """
    from .query import check_query, format_table, list_queries, load_store, resolve_query, run_query

    if list_:
        emit([{"name": q.name, "question": q.question} for q in list_queries()],
             fmt if fmt in ("json", "csv") else "table")
        return
    if not query:
        raise click.UsageError("give a QUERY (SPARQL text, a .rq file or a NAME), or --list")
    label, text = resolve_query(query)
    check_query(text, allow_service=allow_service, name=label)  # a bad query fails before any data is loaded
    import os
    store = open_build(data) if data is None or os.path.isfile(data) else load_store(data)
    result = run_query(store, text, allow_service=allow_service, limit=limit, timeout=timeout, name=label)
    click.echo((format_table(result) if fmt == "table" else result.serialize(fmt)).rstrip("\n"))
    if result.truncated and fmt != "table":
        click.echo(f"(truncated to {limit})", err=True)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on; loopback by default (0.0.0.0 opens it to your network).")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True,
              help="Port of the endpoint (0 picks a free one).")
@click.option("--data", type=click.Path(exists=True),
              help="RDF file or folder to serve instead of exports/kjus.nq (named graphs kept).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=30.0,
              show_default=True, help="Seconds a query may run.")
@click.option("--max-results", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Most rows or triples an answer may hold.")
@click.option("--allow-service", is_flag=True,
              help="Permit SERVICE (federated) queries; they reach the network.")
@click.option("--quiet", "-q", is_flag=True, help="Do not log requests.")
def serve(host, port, data, timeout, max_results, allow_service, quiet):
    """Serve a read-only SPARQL 1.1 endpoint and an offline query page.

    Runs Oxigraph's server over the built graph behind a small front that
    refuses updates (and SERVICE unless allowed), caps results and time, and
    serves a query page at /. The endpoint is /query (GET or POST, every
    standard results format by content negotiation). The graph's IRIs answer
    too: /id/NAME, /source/…, /ontology give a page to a browser and Turtle,
    N-Triples, JSON-LD or RDF/XML by Accept header; /index.html starts the
    pages. Ctrl+C stops it.

    Example:

        kjus serve --port 7878
    """
    import os

    from .manifest import stale_inputs
    from .paths import exports_dir
    from .serve import serve as run_serve

    built = data if data else exports_dir() / "kjus.nq"
    if os.path.isfile(built) and (stale := stale_inputs(built)):
        click.echo(f"note: {len(stale)} input(s) changed since the build in {os.path.dirname(built) or '.'}; "
                   "serving that build — run `kjus build` to update it", err=True)

    def ready(url):
        click.echo(f"SPARQL endpoint: {url}")
        click.echo(f"query page:      {url.removesuffix('query')}")
        click.echo(f"pages:           {url.removesuffix('query')}index.html  (and /id/NAME for any entity)")
        click.echo("Ctrl+C stops it.")

    run_serve(data, host=host, port=port, timeout=timeout, max_results=max_results,
              allow_service=allow_service, on_ready=ready,
              log=None if quiet else (lambda line: click.echo(line, err=True)))


@main.command()
@click.option("--store", "url", required=True,
              help="Graph Store Protocol URL (e.g. http://localhost:3030/ds/data), "
                   "or the SPARQL Update endpoint with --update (e.g. http://localhost:3030/ds/update).")
@click.option("--graph-store-protocol", "mode", flag_value="gsp", default=True,
              help="PUT each named graph (replaces it). The default.")
@click.option("--update", "mode", flag_value="update",
              help="DROP SILENT GRAPH + INSERT DATA in batches over SPARQL Update.")
@click.option("--user", help="User name for HTTP authentication (Basic or Digest, as the store asks).")
@click.option("--password", envvar="KJUS_STORE_PASSWORD",
              help="Password for HTTP authentication (or $KJUS_STORE_PASSWORD).")
@click.option("--data", type=click.Path(exists=True),
              help="RDF file or folder to push instead of exports/kjus.nq.")
@click.option("--batch-size", type=click.IntRange(min=1), default=5000, show_default=True,
              help="Triples per INSERT DATA request (--update; at most 2000 on Virtuoso).")
def push(url, mode, user, password, data, batch_size):
    """Load the whole dataset, named graphs included, into a SPARQL 1.1 store.

    Works with Apache Jena Fuseki, GraphDB, Virtuoso, Amazon Neptune and
    Oxigraph. Idempotent: each graph is replaced, so pushing twice leaves one
    copy. Progress goes to stderr, the summary to stdout.

    Example:

        kjus push --store http://localhost:3030/ds/data
    """
    from .push import push_dataset

    summary = push_dataset(data, url, mode=mode, user=user, password=password,
                           batch_size=batch_size, progress=lambda line: click.echo(line, err=True))
    click.echo(f"pushed {summary.triples} triples in {len(summary.graphs)} graphs "
               f"to {summary.url} ({'Graph Store Protocol' if mode == 'gsp' else 'SPARQL Update'})")


@main.group()
def export():
    """Write the graph in formats other tools open (Gephi, Gephi Lite, Cytoscape, yEd)."""


@export.command()
@click.option("--graph", "kind", type=click.Choice(["full", "actors", "countries"]), default="full",
              show_default=True, help="Projection: every relation, actors tied by shared contexts, or countries.")
@click.option("--lang", type=click.Choice(["en", "ko", "ja"]), default="en", show_default=True,
              help="Language of the labels Gephi shows (the others stay as attributes).")
@click.option("--out", type=click.Path(file_okay=False), default=None,
              help="Output folder (default: ./gephi-GRAPH-LANG in the current directory).")
@click.option("--seed", type=int, default=42, show_default=True, help="Seed of the layout.")
@click.option("--weight", type=click.Choice(["count", "corroboration"]), default="count", show_default=True,
              help="Edge weight: how many relations or shared contexts, or how many independent sources state them.")
@data_option
@sources_option
def gephi(kind, lang, out, seed, weight, data, sources):
    """Write Gephi-ready files: GEXF (static and with a timeline), GraphML and CSV.

    Writes kjus.gexf, kjus-dynamic.gexf, kjus.graphml, gephi/nodes.csv and
    gephi/edges.csv, coloured by country, sized by PageRank and laid out. Open
    kjus.gexf in Gephi or Gephi Lite; see docs/gephi.md.

    Example:

        kjus export gephi --graph actors --lang ko --out gephi-actors
    """
    from pathlib import Path

    from .project import project_graph
    from .render.gephi import write_gephi

    G = project_graph(open_build(data, sources), kind, weight=weight)
    target = Path(out) if out else Path.cwd() / f"gephi-{kind}-{lang}"
    for path in write_gephi(G, target, lang=lang, seed=seed):
        click.echo(str(path))


@main.command()
@click.option("--focus", "entity", metavar="ENTITY",
              help="Centre the view on ENTITY: an IRI, a CURIE (kjd:kosa) or a label in any language.")
@click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True,
              help="Hops around --focus, in both directions.")
@click.option("--query", "query_spec", metavar="QUERY",
              help="View a SPARQL result: a .rq file, SPARQL text or a NAME from graph/queries/; "
                   "a CONSTRUCT, or a SELECT with ?s ?p ?o (or ?source ?target) rows.")
@click.option("--lang", type=click.Choice(["en", "ko", "ja"]), default="en", show_default=True,
              help="Language of the labels drawn (the page can switch).")
@click.option("--color-by", type=click.Choice(["country", "type", "community", "status"]), default="country",
              show_default=True, help="What the node colour shows.")
@click.option("--size-by", type=click.Choice(["degree", "pagerank", "betweenness"]), default="pagerank",
              show_default=True, help="What the node size shows.")
@click.option("--max-nodes", type=click.IntRange(min=1), default=300, show_default=True,
              help="Most nodes shown; the rest are left out by PageRank and the page says so.")
@click.option("--out", type=click.Path(dir_okay=False), default="kjus-view.html", show_default=True,
              help="HTML file to write (nothing else is written).")
@click.option("--weight", type=click.Choice(["count", "corroboration"]), default="count", show_default=True,
              help="Edge weight: how many relations or shared contexts, or how many independent sources state them.")
@data_option
@sources_option
def view(entity, depth, query_spec, lang, color_by, size_by, max_nodes, out, weight, data, sources):
    """Write an interactive HTML view that opens offline in any browser.

    The whole graph by default; with --focus the neighbourhood of one entity;
    with --query the result of a SPARQL query. Hover or click shows labels in
    English, Korean and Japanese, facts and the Korean evidence quotes; the page
    has a search box, filters by country, category and status, and a legend.
    `kjus build` writes the whole graph and the curated views to exports/.

    Example:

        kjus view --focus "한국소프트웨어산업협회" --depth 2 --lang ko --out kosa.html
    """
    from .project import project_graph
    from .query import resolve_query
    from .render.html import focus_graph, query_graph, write_html

    if entity and query_spec:
        raise click.UsageError("give --focus or --query, not both")
    ds = open_build(data, sources)
    G = project_graph(ds, "full", weight=weight)
    title = "KJUS Graph"
    if entity:
        G, title = focus_graph(G, entity, depth), f"KJUS Graph · {entity} (depth {depth})"
    elif query_spec:
        label, text = resolve_query(query_spec)
        G, title = query_graph(ds, text, full=G), f"KJUS Graph · {label}"
    path = write_html(G, out, lang=lang, color_by=color_by, size_by=size_by, max_nodes=max_nodes, title=title)
    click.echo(f"{path} ({G.number_of_nodes()} nodes, {G.number_of_edges()} edges)")


@main.command()
@click.option("--out", type=click.Path(file_okay=False), default=None,
              help="Output folder (default: exports/ in the checkout, or $KJUS_EXPORTS).")
@click.option("--seed", type=int, default=42, show_default=True, help="Seed of Louvain and of sampled betweenness.")
@click.option("--weight", type=click.Choice(["count", "corroboration"]), default="count", show_default=True,
              help="Edge weight: how many relations or shared contexts, or how many independent sources state them.")
@data_option
@sources_option
def analyze(out, seed, weight, data, sources):
    """Write the network analysis: analysis.json, analysis.md and plots/*.svg.

    Centralities, brokers, communities, the country-pair matrix, trilateral ties,
    topics by country pair and by status, and the timeline, as a briefing
    (analysis.md) whose every figure is in analysis.json.

    Example:

        kjus analyze --out exports
    """
    from .paths import exports_dir
    from .project import project_graph
    from .render.report import write_analysis

    G = project_graph(open_build(data, sources), "full", weight=weight)
    for path in write_analysis(G, out or exports_dir(), seed=seed):
        click.echo(str(path))


@main.command()
@click.argument("a")
@click.argument("b")
@click.option("--max", "max_paths", type=click.IntRange(min=1), default=5, show_default=True,
              help="Most shortest paths shown.")
@click.option("--lang", type=click.Choice(["en", "ko"]), default="en", show_default=True,
              help="Language of the step descriptions.")
@format_option("json")
@data_option
@sources_option
def path(a, b, max_paths, lang, fmt, data, sources):
    """Explain how two entities are connected: the shortest paths, step by step.

    A and B are IRIs, CURIEs (kjd:lee-jae-myung) or labels in any language.
    Each step gives the relation in words, its status and the evidence quote.

    Example:

        kjus path "Lee Jae-myung" KOSA --lang ko
    """
    from .analyse import shortest_paths
    from .project import project_graph

    result = shortest_paths(project_graph(open_build(data, sources), "full"), a, b, max_paths)
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    if result["length"] is None:
        raise click.ClickException(f"{result['source']['label']} and {result['target']['label']} are not connected")
    key = "text_ko" if lang == "ko" else "text"
    emit([{"path": i, "step": j, "relation": s[key], "status": s["status"], "evidence": s["quote"]}
          for i, p in enumerate(result["paths"], 1) for j, s in enumerate(p["steps"], 1)])


@main.command()
@click.argument("entity")
@click.option("--depth", type=click.IntRange(min=1), default=1, show_default=True, help="Hops from ENTITY.")
@format_option("json", "csv")
@data_option
@sources_option
def neighbors(entity, depth, fmt, data, sources):
    """List what is linked to an entity, nearest first, with the linking relation.

    ENTITY is an IRI, a CURIE (kjd:kosa) or a label in any language.

    Example:

        kjus neighbors 이재명 --depth 2
    """
    from .analyse import neighbors as find_neighbors
    from .project import project_graph

    found = find_neighbors(project_graph(open_build(data, sources), "full"), entity, depth)
    if fmt == "json":
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    emit([{"distance": n["distance"], "label": n["label"], "label_ko": n["label_ko"], "type": n["type"],
           "country": n["country"], "relation": n["relations"][0]["text"] if n["relations"] else ""}
          for n in found], fmt)


@main.command()
@click.option("--triples", "n_triples", default="10k", show_default=True,
              help="Size: at least this many triples (10k, 100k, 1M or a number); whole documents.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed; the same seed gives the same bytes.")
@click.option("--out", type=click.Path(dir_okay=False), required=True, help="Output file (.trig or .nq).")
@click.option("--format", "fmt", type=click.Choice(["trig", "nq"]), default=None,
              help="Output format (default: from the file name, TriG unless it ends in .nq).")
@click.option("--texts/--no-texts", default=True, show_default=True,
              help="Also write each document's text to OUT-STEM-texts/ so quotes can be checked at their offsets.")
def synth(n_triples, seed, out, fmt, texts):
    """Generate a synthetic dataset in the project's model, for scale tests.

    Writes source documents of news-like sentences about Korea–Japan–US AI
    cooperation: actors across many countries, meetings, agreements, programs,
    councils, indicators, claims, each sentence an assertion graph with
    provenance. Deterministic for a seed; passes `kjus validate`
    (with KJUS_SOURCE_DIR set to the texts folder).

    Example:

        kjus synth --triples 1M --seed 1 --out synth-1m.trig
    """
    from .bench import parse_size
    from .synth import write_synth

    made = write_synth(out, parse_size(n_triples), seed, format=fmt, write_texts=texts)
    where = f"; texts in {made['texts_dir']}" if made["texts_dir"] else ""
    click.echo(f"wrote {made['triples']} triples in {made['documents']} documents to {made['path']}{where}")


@main.command()
@click.option("--sizes", default="10k,100k,1M", show_default=True, help="Comma-separated dataset sizes in triples.")
@click.option("--repeat", type=click.IntRange(min=1), default=3, show_default=True,
              help="Runs per measurement; the median is reported.")
@click.option("--seed", type=int, default=1, show_default=True, help="Seed of the synthetic data.")
@click.option("--out", type=click.Path(file_okay=False), default=None,
              help="Folder for bench.json and bench.md (default: exports/bench).")
@click.option("--rdflib-cap", type=click.FloatRange(min=1), default=60.0, show_default=True,
              help="Longest an rdflib query may run, in seconds.")
@click.option("--build-sizes", default="10k,100k", show_default=True,
              help="Sizes at which `kjus build` runs end to end against pyoxigraph load + dump ('' for none).")
def bench(sizes, repeat, seed, out, rdflib_cap, build_sizes):
    """Benchmark every stage against the fastest engine and plain rdflib.

    Generates synthetic graphs of each size and measures load, every query of
    graph/queries/, projection, analyses, views and GEXF export (medians, peak
    memory), prints a Markdown table with ratios and whether each target of
    issue 7 is met, and writes bench.json and bench.md. See docs/benchmark.md.

    Example:

        kjus bench --sizes 10k,100k,1M --repeat 3
    """
    from .bench import parse_size, render_markdown, run_benchmark, write_report

    results = run_benchmark([parse_size(s) for s in sizes.split(",")], repeat=repeat, seed=seed,
                            rdflib_cap=rdflib_cap, progress=lambda m: click.echo(f"· {m}", err=True),
                            build_sizes=[parse_size(s) for s in build_sizes.split(",") if s.strip()])
    for path in write_report(results, out):
        click.echo(f"wrote {path}", err=True)
    click.echo(render_markdown(results), nl=False)


@main.command()
@click.option("--out", type=click.Path(file_okay=False), default=None,
              help="Folder that receives site/ (default: exports/, or $KJUS_EXPORTS).")
@click.option("--data", type=click.Path(exists=True, dir_okay=False),
              help="N-Quads or TriG file to publish instead of the build's exports/kjus.nq.")
@click.option("--texts", type=click.Path(exists=True, file_okay=False), multiple=True,
              help="Folder of source texts (repeatable); default beside the sources (graph/sources/).")
@click.option("--rdf", "rdf", default="", show_default=False,
              help="Also write RDF beside each page: 'all' or some of ttl,nt,jsonld,rdf.")
def site(out, data, texts, rdf):
    """Write the linked-data pages as a static site that works offline.

    One page per entity, source (a reader with every quote highlighted and
    linked to its statements), concept and ontology term, indexes by type,
    country and status, and a timeline; relative links, search over labels in
    every language, nothing from the network. Open OUT/site/index.html.

    Example:

        kjus site --out exports
    """
    from .paths import exports_dir
    from .render.site import RDF_FORMATS, write_site

    formats = list(RDF_FORMATS) if rdf == "all" else [f for f in rdf.split(",") if f]
    target = out if out is not None else exports_dir()
    files = write_site(open_build(data), target, texts=list(texts) or None, rdf_formats=formats,
                       progress=lambda m: click.echo(f"· {m}", err=True))
    click.echo(f"wrote {len(files)} files to {target}/site; open {target}/site/index.html")


# --- across sources: history of a claim, conflicts, what a build changes (issue 15) ----------

@main.command()
@click.argument("entity")
@format_option("json")
@data_option
@sources_option
def history(entity, fmt, data, sources):
    """List every statement about ENTITY in the order it was reported.

    ENTITY is an IRI, a CURIE (kjd:korea-japan-ai-fund) or a label in any
    language. Each statement gives the date of its source (when it was
    reported), its kind (expected, planned, agreed, occurred, cancelled,
    delayed, …), the source, what it says and the quote; then the transitions
    (expected → agreed, planned → occurred, a plan cancelled or delayed).

    Example:

        kjus history "한·일 AI 펀드"
    """
    from .analyse.history import history as entity_history
    from .vocab import curie

    result = entity_history(open_build(data, sources), entity)
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    click.echo(f"{result['label']} ({result['label_ko']}) — {curie(result['entity'])}")
    emit([{"reported": s["reported"], "status": s["status"], "source": curie(s["source"]),
           "says": "; ".join(s["says"]), "quote": s["evidence"][0]["quote"] if s["evidence"] else ""}
          for s in result["statements"]])
    for t in result["transitions"]:
        click.echo(f"{t['from']} ({t['from_date']}, {curie(t['from_source'])}) → {t['to']} "
                   f"({t['to_date']}, {curie(t['to_source'])})")


@main.command()
@format_option("json")
@data_option
@sources_option
def conflicts(fmt, data, sources):
    """Report the facts on which sources disagree, with both sources and quotes.

    Different dates, places, amounts or counts for the same thing (a property
    the shapes give one value), or one source reporting it agreed or done and
    another only expected. Nothing is settled here: a curator's kj:Resolution
    marks a conflict resolved and says which reading the graph adopts, and why.

    Example:

        kjus conflicts --format json
    """
    from .analyse.conflicts import conflicts as find_conflicts
    from .vocab import curie

    found = find_conflicts(open_build(data, sources))
    if fmt == "json":
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    emit([{"conflict": c["id"], "kind": c["kind"], "state": c["state"], "reading": r["value"],
           "source": curie(x["source"]), "reported": x["date"], "quote": "; ".join(q["quote"] for q in x["quotes"])}
          for c in found for r in c["readings"] for x in r["reports"]])


@main.command()
@click.argument("old", type=click.Path(exists=True))
@click.argument("new", type=click.Path(exists=True))
@format_option("json")
def diff(old, new, fmt):
    """Compare two builds (folders with kjus.nq) or two RDF files: what NEW adds to OLD.

    Sources added, removed or changed; entities and statements added or
    removed; status changes and transitions; new, gone and newly resolved
    conflicts. The build writes the same as exports/changes.md and .json.

    Example:

        kjus diff last-week/ exports/
    """
    from .diff import diff_builds, load_build
    from .render.crosssource import generate_changes_markdown

    changes = diff_builds(load_build(old), load_build(new))
    if fmt == "json":
        click.echo(json.dumps(changes, ensure_ascii=False, indent=2))
    else:
        click.echo(generate_changes_markdown(changes), nl=False)


@main.command()
@click.argument("article", required=False, type=click.Path(dir_okay=False))
@click.option("--date", "article_date", metavar="YYYY-MM-DD",
              help="The article's publication date; relative dates (지난 23일, next year) count from it.")
@click.option("--title", help="The document's title (default: the first line of the text).")
@click.option("--url", default="", help="Where the article was published.")
@click.option("--lang", type=click.Choice(["ko", "en", "ja"]), default=None,
              help="The article's language (default: guessed from its script).")
@click.option("--out", type=click.Path(dir_okay=False), default=None,
              help="The TriG to write (default graph/sources/NNN_<sha256[:16]>.trig); the text goes beside it.")
@click.option("--force", is_flag=True, help="Overwrite an existing source of that name.")
@click.option("--evaluate", is_flag=True,
              help="Instead: draft the first article against its curated source, print the figures of issue 13 "
                   "beside their targets and write evaluation.json and .md to exports/ingest/ (or --out).")
def ingest(article, article_date, title, url, lang, out, force, evaluate):
    """Draft a source from a news article, for a curator to review.

    Copies the article's text into graph/sources/ and writes beside it a TriG
    source in the project's model: one assertion graph per statement, with its
    evidence quote and exact offsets, entities linked to the graph or proposed
    as new, dates resolved against --date, amounts typed, and a status guessed
    from the verbs. Every statement is marked as a draft (kj:draft true) with
    the cue words and notes of what was guessed; see them with `kjus review`.

    Example:

    \b
        kjus ingest article.txt --date 2025-10-01 --lang ko
        kjus review graph/sources/001_0123456789abcdef.trig
        kjus ingest --evaluate
    """
    if evaluate:
        from .ingest.evaluate import evaluate_and_write, render_markdown

        report, paths = evaluate_and_write(out)
        click.echo(render_markdown(report), nl=False)
        for path in paths:
            click.echo(f"wrote {path}", err=True)
        return
    if not article:
        raise click.UsageError("give the ARTICLE text file to draft (or --evaluate)")
    if not article_date:
        raise click.UsageError("give the article's publication date with --date YYYY-MM-DD")
    from .ingest import ingest_article

    result = ingest_article(article, article_date, title=title, url=url, lang=lang, out=out, force=force)
    click.echo(f"wrote {result.trig} ({result.assertions} draft statements from {result.sentences} sentences; "
               f"{len(result.linked_entities)} entities linked to the graph, {len(result.new_entities)} proposed "
               f"as new; {result.decisions} notes ask for a decision) and its text {result.text.name} "
               f"in {result.seconds:.2f} s")
    click.echo(f"next: kjus review {result.trig}")


@main.command()
@click.argument("source", type=click.Path(dir_okay=False))
@format_option("json", default="text")
def review(source, fmt):
    """Show a source's statements beside their sentences: what is still a draft, what is new, what to decide.

    For each assertion graph: its status, whether it is still a machine draft,
    the quote checked against its offsets, the facts it states, the cue words
    and notes of what the machine guessed, the entities it proposes, and the
    notes that ask for a decision. Accept a statement by deleting its
    `kj:draft true` line.

    Example:

        kjus review graph/sources/001_0123456789abcdef.trig
    """
    from .ingest.review import format_review, review_source

    result = review_source(source)
    if fmt == "json":
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(format_review(result))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
