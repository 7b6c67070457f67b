"""The pipeline in one call: sources → load → validate → infer → render every export.

:func:`build` renders the whole export set into a staging folder beside the
output folder and then exchanges the two folders in one system call
(:func:`graph.files.publish_folder`): before that call the output folder is
exactly the previous export set, after it exactly the new one.  A failed,
interrupted or killed build therefore leaves the previous exports as they
were, byte for byte.  Files the build wrote last time and no longer writes are
gone from the new set; files the build did not write (``bench/`` from
``kjus bench``, a user's notes) are carried over.  What the build wrote is
listed, with SHA-256 digests, in ``manifest.json``.
The staging folder is named after the build's process; the next build removes
those of processes that no longer run, so a ``kill -9`` leaves no litter behind.
"""
from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .analyse.history import transition_quads
from .analyse.statements import index_statements
from .errors import ExportError, ValidationError
from .files import make_work_dir, publish_folder
from .infer import entailments
from .ingest.review import draft_assertions, drafts_message
from .load import load_sources, to_store
from .manifest import MANIFEST, read_manifest, write_manifest
from .paths import ONTOLOGY_FILES, exports_dir, source_text_dirs
from .render.crosssource import write_changes, write_conflicts
from .render.rdf import canonical_quads, write_rdf
from .render.site import write_site
from .sources import find_sources
from .validate import VIOLATION, Problem, validate
from .vocab import INFERRED_GRAPH

__all__ = ["BuildResult", "build", "export_dataset", "check_dataset", "MANIFEST"]


@dataclass
class BuildResult:
    """What a build wrote: file paths relative to the output folder, and the warnings it met."""

    out_dir: Path
    files: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    quads: int = 0


def check_dataset(store, texts_dir: str | Path | Iterable[str | Path] | None = None) -> list[Problem]:
    """Validate ``store``; raise :class:`ValidationError` listing every violation, return the warnings."""
    problems = validate(store, texts_dir=texts_dir)
    violations = [p for p in problems if p.severity == VIOLATION]
    if violations:
        shown = "\n".join(f"  {p}" for p in violations[:50])
        more = f"\n  … and {len(violations) - 50} more" if len(violations) > 50 else ""
        raise ValidationError(f"the graph has {len(violations)} violation(s); nothing was written:\n{shown}{more}",
                              violations)
    return problems


def export_dataset(store) -> ox.Store:
    """The dataset as exported: the loaded graphs, the standard-vocabulary entailments and the transitions.

    ``store`` is the loaded (and validated) store, or an rdflib ``Dataset``; the
    result is a new pyoxigraph store.

    Examples
    --------
    >>> from graph.load import load_sources
    >>> exported = export_dataset(load_sources().store)
    >>> from graph.vocab import INFERRED_GRAPH
    >>> sum(1 for _ in exported.quads_for_pattern(None, None, None, ox.NamedNode(str(INFERRED_GRAPH)))) > 100
    True
    """
    store = to_store(store)
    out = ox.Store()
    out.extend(store)
    inferred = ox.NamedNode(str(INFERRED_GRAPH))
    out.extend(ox.Quad(t.subject, t.predicate, t.object, inferred) for t in entailments(store, external_only=True))
    out.extend(transition_quads(out))
    return out


def build(out_dir: str | Path | None = None, *, sources: Iterable[str | Path] | None = None,
          texts_dir: str | Path | None = None, progress: Callable[[str], None] = lambda _msg: None,
          drafts: bool = False, _before_swap: Callable[[], None] | None = None) -> BuildResult:
    """Build the graph and write every export into ``out_dir`` (default ``exports/``).

    Parameters
    ----------
    out_dir : output folder.
    sources : source files; default every file in ``graph/sources/``.
    texts_dir : folder of source texts for the quote check; default the folder
        of each source file (see :func:`graph.paths.source_text_dirs`).
    progress : called with one line of text per step, for a user watching.
    drafts : build even when statements are still machine drafts (``kj:draft true``, from
        ``kjus ingest``); by default such a build is refused, naming them.
    """
    out = Path(out_dir) if out_dir is not None else exports_dir()
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out}: is a file, not a folder; choose another --out (nothing was written)")
    source_list = None if sources is None else [Path(p) for p in sources]
    texts = texts_dir if texts_dir is not None else source_text_dirs(source_list)
    progress("loading the ontology, vocabularies and sources")
    loaded = load_sources(source_list)
    progress(f"loaded {len(loaded.store)} quads in {sum(1 for _ in loaded.store.named_graphs())} graphs; validating")
    warnings = check_dataset(loaded.store, texts)
    still_drafts = draft_assertions(loaded.store)
    if still_drafts and not drafts:
        raise ValidationError(drafts_message(still_drafts) + "\nnothing was written", [])
    if still_drafts:
        progress(f"building with {len(still_drafts)} draft statement(s), as asked (--drafts)")
    result = BuildResult(out_dir=out, warnings=warnings)
    progress("inferring the standard-vocabulary types and the status transitions across sources")
    store = export_dataset(loaded.store)
    result.quads = len(store)
    out = out.absolute()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = make_work_dir(out.parent, f".{out.name}.staging")
    except OSError as exc:
        raise ExportError(f"{out}: cannot create a staging folder beside the output folder ({exc.strerror}); "
                          "choose another --out") from None
    try:
        progress(f"writing RDF ({result.quads} quads)")
        write_rdf(canonical_quads(store, loaded.prefixes), staging)
        _render_network(store, staging, progress)
        progress("comparing sources: conflicts, and what changed since the previous build")
        write_conflicts(store, staging, index=index_statements(store))
        write_changes(out / "kjus.nq", store, staging)
        progress("writing the site: a page for every entity and source")
        write_site(store, staging, texts=[texts] if isinstance(texts, (str, Path)) else texts)
        result.files = write_manifest(staging, inputs=[*ONTOLOGY_FILES, *(source_list or find_sources())])
        publish_folder(staging, out, carry=_not_ours(out, set(result.files)), before_swap=_before_swap)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    progress(f"wrote {len(result.files)} files to {out}")
    return result


def _not_ours(out: Path, new_files: set[str]) -> list[str]:
    """Files in the previous export set that no build wrote (not in its manifest): these are kept."""
    if not out.is_dir():
        return []
    record = read_manifest(out)
    previous = set(record["files"]) | {MANIFEST} if record else set()   # no manifest: keep what is not replaced
    present = (p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    return sorted(f for f in present if f not in new_files and f not in previous
                  and not f.startswith(".staging-") and not f.endswith(".tmp"))


def _render_network(store, staging: Path, progress: Callable[[str], None]) -> None:
    """Project once, then write the analysis report, the HTML views and the Gephi files from it."""
    from .project import project_graph
    from .render.gephi import write_gephi
    from .render.html import write_views
    from .render.report import write_analysis

    progress("projecting to NetworkX")
    full = project_graph(store, "full")
    progress(f"analysing {full.number_of_nodes()} nodes, {full.number_of_edges()} edges")
    write_analysis(full, staging)
    progress("writing HTML views")
    write_views(full, staging)
    progress("writing Gephi files")
    write_gephi(full, staging)
