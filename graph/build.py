"""The pipeline in one call: sources → load → validate → infer → render every export.

:func:`build` renders every file into a staging folder inside the output
folder and only then moves them into place, each with one ``os.replace``: a
failed or interrupted build leaves the previous exports as they were (a build
killed while moving leaves each file whole, either the old or the new one).
The staging folder is named after the build's process; the next build removes
those of processes that no longer run, so a ``kill -9`` leaves no litter behind.
"""
from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset

from .errors import ExportError, ValidationError
from .files import make_work_dir
from .infer import entailments
from .load import load_dataset
from .paths import exports_dir
from .render.rdf import write_rdf
from .validate import VIOLATION, Problem, validate
from .vocab import INFERRED_GRAPH

__all__ = ["BuildResult", "build", "export_dataset", "check_dataset"]


@dataclass
class BuildResult:
    """What a build wrote: file paths relative to the output folder, and the warnings it met."""

    out_dir: Path
    files: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    quads: int = 0


def check_dataset(ds: Dataset, texts_dir: str | Path | None = None) -> list[Problem]:
    """Validate ``ds``; raise :class:`ValidationError` listing every violation, return the warnings."""
    problems = validate(ds, texts_dir=texts_dir)
    violations = [p for p in problems if p.severity == VIOLATION]
    if violations:
        shown = "\n".join(f"  {p}" for p in violations[:50])
        more = f"\n  … and {len(violations) - 50} more" if len(violations) > 50 else ""
        raise ValidationError(f"the graph has {len(violations)} violation(s); nothing was written:\n{shown}{more}",
                              violations)
    return problems


def export_dataset(ds: Dataset) -> Dataset:
    """The dataset as exported: the loaded graphs plus the standard-vocabulary entailments graph."""
    out = Dataset()
    for prefix, ns in ds.namespaces():
        out.bind(prefix, ns, override=False)
    for s, p, o, g in ds.quads((None, None, None, None)):
        out.graph(g).add((s, p, o))
    inferred = out.graph(INFERRED_GRAPH)
    for triple in entailments(ds, external_only=True):
        inferred.add(triple)
    return out


def build(out_dir: str | Path | None = None, *, sources: Iterable[str | Path] | None = None,
          texts_dir: str | Path | None = None, progress: Callable[[str], None] = lambda _msg: None) -> BuildResult:
    """Build the graph and write every export into ``out_dir`` (default ``exports/``).

    Parameters
    ----------
    out_dir : output folder.
    sources : source files; default every file in ``graph/sources/``.
    texts_dir : folder of source texts for the quote check; default :func:`graph.paths.source_text_dir`.
    progress : called with one line of text per step, for a user watching.
    """
    out = Path(out_dir) if out_dir is not None else exports_dir()
    progress("loading the ontology, vocabularies and sources")
    ds = load_dataset(sources)
    progress(f"loaded {len(ds)} triples in {len(set(g for *_, g in ds.quads()))} graphs; validating")
    warnings = check_dataset(ds, texts_dir)
    result = BuildResult(out_dir=out, warnings=warnings)
    exported = export_dataset(ds)
    result.quads = sum(1 for _ in exported.quads((None, None, None, None)))
    try:
        out.mkdir(parents=True, exist_ok=True)
        staging = make_work_dir(out, ".staging")
    except OSError as exc:
        raise ExportError(f"{out}: cannot create the output folder ({exc.strerror}); choose another --out") from None
    try:
        progress(f"writing RDF ({result.quads} quads)")
        write_rdf(exported, staging)
        _render_network(ds, staging, progress)
        result.files = _publish(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    progress(f"wrote {len(result.files)} files to {out}")
    return result


def _render_network(ds: Dataset, staging: Path, progress: Callable[[str], None]) -> None:
    """Project once, then write the analysis report, the HTML views and the Gephi files from it."""
    from .project import project_graph
    from .render.gephi import write_gephi
    from .render.html import write_views
    from .render.report import write_analysis

    progress("projecting to NetworkX")
    full = project_graph(ds, "full")
    progress(f"analysing {full.number_of_nodes()} nodes, {full.number_of_edges()} edges")
    write_analysis(full, staging)
    progress("writing HTML views")
    write_views(full, staging)
    progress("writing Gephi files")
    write_gephi(full, staging)


def _publish(staging: Path, out: Path) -> list[str]:
    """Move every staged file into ``out`` (one ``os.replace`` each); return their relative paths."""
    moved = []
    for path in sorted(p for p in staging.rglob("*") if p.is_file()):
        rel = path.relative_to(staging)
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, target)
        moved.append(rel.as_posix())
    return moved
