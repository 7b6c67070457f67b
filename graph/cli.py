"""``kjus``: the command line, a thin shell over the Python API.

Each command makes one API call, formats its result and turns a
:class:`graph.errors.KGError` into one ``Error:`` line and exit status 1.
Imports of heavy modules happen inside the commands, so ``kjus --help`` is instant.
"""
from __future__ import annotations

import csv
import io
import json
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


def sources_option(fn):
    """The shared ``--sources`` option: source files or folders instead of graph/sources/."""
    return click.option("--sources", "sources", multiple=True, type=click.Path(exists=True),
                        help="A source file or folder of sources (repeatable); default graph/sources/.")(fn)


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


@main.command()
@click.option("--out", type=click.Path(file_okay=False), default=None,
              help="Output folder (default: exports/ in the checkout, or $KJUS_EXPORTS).")
@sources_option
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def build(out, sources, quiet):
    """Build the graph and write every export.

    Loads the ontology, the SKOS vocabularies and every source in
    graph/sources/, validates them (SHACL and provenance), and writes RDF
    (TriG, N-Quads, Turtle, JSON-LD), the analysis report, the HTML views and
    the Gephi files. Nothing is written unless everything checks out.

    Example:

        kjus build
    """
    from .build import build as run_build

    say = (lambda _m: None) if quiet else (lambda m: click.echo(f"· {m}", err=True))
    result = run_build(out, sources=_source_paths(sources), progress=say)
    for problem in result.warnings:
        click.echo(str(problem), err=True)
    if not quiet:
        click.echo(f"built {result.quads} quads; {len(result.files)} files in {result.out_dir}")


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
    from .load import load_dataset
    from .validate import VIOLATION, validate as run_validate

    problems = run_validate(load_dataset(_source_paths(sources)))
    if fmt == "json":
        emit([p.__dict__ for p in problems], "json")
    else:
        for problem in problems:
            click.echo(str(problem), err=True)
    violations = sum(p.severity == VIOLATION for p in problems)
    if violations:
        raise click.ClickException(f"{violations} violation(s) found")
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
    from .load import load_dataset
    from .stats import graph_stats

    result = graph_stats(load_dataset(_source_paths(sources)))
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
