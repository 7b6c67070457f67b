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

import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .analyse.history import transition_quads
from .cache import ValidationCache, cache_dir, file_key, model_key
from .analyse.statements import index_statements
from .errors import ExportError, ValidationError
from .files import make_work_dir, publish_folder
from .infer import materialise, write_entailments
from .ingest.review import draft_assertions, drafts_message
from .load import load_sources, to_store
from .manifest import MANIFEST, read_manifest, write_manifest
from .paths import ONTOLOGY_FILES, exports_dir, source_text_dirs
from .render.crosssource import write_changes, write_conflicts
from .render.network import render_network
from .render.rdf import RdfFiles
from .render.site import write_site
from .runtime import Forked
from .sources import find_sources
from .vocab import INFERRED_GRAPH, TRANSITIONS_GRAPH
from .validate import VIOLATION, Problem, validate

__all__ = ["BuildResult", "build", "export_dataset", "check_dataset", "MANIFEST"]


@dataclass
class BuildResult:
    """What a build wrote: file paths relative to the output folder, and the warnings it met."""

    out_dir: Path
    files: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    quads: int = 0
    #: Source files validated by this build, and those whose checks an earlier build's cache gave.
    validated: list[Path] = field(default_factory=list)
    reused: list[Path] = field(default_factory=list)


def check_dataset(store, texts_dir: str | Path | Iterable[str | Path] | None = None,
                  graphs: Iterable | None = None) -> list[Problem]:
    """Validate ``store`` (what ``graphs`` can affect, default everything); raise
    :class:`ValidationError` listing every violation, return the warnings."""
    problems = validate(store, texts_dir=texts_dir, graphs=graphs)
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
    result is a new pyoxigraph store (the build itself adds the derived graphs to
    its loaded store in place: no copy of a large dataset).

    Examples
    --------
    >>> from graph.load import load_sources
    >>> exported = export_dataset(load_sources().store)
    >>> from graph.vocab import INFERRED_GRAPH
    >>> sum(1 for _ in exported.quads_for_pattern(None, None, None, ox.NamedNode(str(INFERRED_GRAPH)))) > 100
    True
    """
    out = ox.Store()
    out.bulk_extend(to_store(store))
    _add_transitions(out)
    materialise(out, external_only=True)
    return out


def _add_transitions(store: ox.Store):
    """Add the status transitions across sources to ``store``; return its statement index.

    The index (:func:`graph.analyse.statements.index_statements`) reads the
    assertion graphs only, so it is the same before and after the derived
    graphs are added, and the later stages share it.
    """
    statements = index_statements(store)
    store.extend(transition_quads(statements))
    return statements


def _rdf_files(store: ox.Store, out_dir: Path, prefixes: dict[str, str]) -> RdfFiles:
    """The RDF files of ``store`` with the graphs the build derives.

    ``store`` is only read: the transitions and the inferred graph (as large
    as the sources) are written as N-Triples into scratch files that the writer
    reads as graphs of their own (:class:`graph.render.rdf.RdfFiles`' ``more``),
    so they are never held in a store.
    """
    def transitions(fh) -> None:
        found = transition_quads(index_statements(store))
        ox.serialize((q.triple for q in found), fh, ox.RdfFormat.N_TRIPLES)

    return RdfFiles(store, out_dir, prefixes, more={
        str(TRANSITIONS_GRAPH): transitions,
        str(INFERRED_GRAPH): lambda fh: write_entailments(store, fh, external_only=True)})


class _RdfBeside:
    """The build's RDF files, written by a second process (:class:`graph.runtime.Forked`) while it validates.

    The second process derives the graphs, writes the scratch file of graphs,
    says so through a pipe and goes on with N-Quads and Turtle; :meth:`join`
    has the build write TriG and JSON-LD from the scratch file meanwhile (it
    would otherwise wait idle; both stream, holding little), then waits for
    the rest.  Neither the derived graphs nor the writer's sorted lines stay in
    the build's memory; the later stages read what the sources say, and find
    the transitions again themselves (:func:`_add_transitions`).
    """

    def __init__(self, store: ox.Store, out_dir: Path, prefixes: dict[str, str]):
        self.files = _rdf_files(store, out_dir, prefixes)
        self.ready, tell = os.pipe()

        def job() -> str:
            self.files.write_graphs()
            os.write(tell, b"1")
            return str(self.files.write_sorted())

        try:
            self.process = Forked(job, "the RDF writer")
        finally:
            os.close(tell)

    def join(self) -> int:
        """Write TriG and JSON-LD once the graphs are written, wait for the rest; return the quads written."""
        with os.fdopen(self.ready, "rb") as ready:
            self.ready = None
            if ready.read(1):                       # nothing: the second process failed, and join says why
                self.files.write_trig()
                self.files.write_jsonld()
        written = int(self.process.join())
        self.files.close()
        return written

    def stop(self) -> None:
        self.process.stop()
        if self.ready is not None:
            os.close(self.ready)
            self.ready = None
        self.files.close()


def build(out_dir: str | Path | None = None, *, sources: Iterable[str | Path] | None = None,
          texts_dir: str | Path | None = None, progress: Callable[[str], None] = lambda _msg: None,
          drafts: bool = False, cache: bool = True, _before_swap: Callable[[], None] | None = None) -> BuildResult:
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
    cache : validate only the source files that changed since the last build of ``out_dir``
        (see :mod:`graph.cache`); ``False`` checks everything and leaves the cache alone.
    """
    out = Path(out_dir) if out_dir is not None else exports_dir()
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out}: is a file, not a folder; choose another --out (nothing was written)")
    source_list = None if sources is None else [Path(p) for p in sources]
    texts = texts_dir if texts_dir is not None else source_text_dirs(source_list)
    progress("loading the ontology, vocabularies and sources")
    loaded = load_sources(source_list)
    store = loaded.store
    checks = _Checks(loaded, texts, cache_dir(out) if cache else None)
    out = out.absolute()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = make_work_dir(out.parent, f".{out.name}.staging")
    except OSError as exc:
        raise ExportError(f"{out}: cannot create a staging folder beside the output folder ({exc.strerror}); "
                          "choose another --out") from None
    rdf = None
    try:
        progress(f"loaded {len(store)} quads in {sum(1 for _ in store.named_graphs())} graphs; writing RDF, "
                 "with the inferred types and the status transitions, in a second process")
        rdf = _RdfBeside(store, staging, loaded.prefixes)
        progress(f"validating {checks.summary()}")
        warnings = checks.run()
        still_drafts = draft_assertions(store)
        if still_drafts and not drafts:
            raise ValidationError(drafts_message(still_drafts) + "\nnothing was written", [])
        if still_drafts:
            progress(f"building with {len(still_drafts)} draft statement(s), as asked (--drafts)")
        result = BuildResult(out_dir=out, warnings=warnings, validated=checks.changed, reused=checks.reused)
        progress("indexing the statements of every source")
        statements = _add_transitions(store)
        progress("comparing sources: conflicts")
        write_conflicts(store, staging, index=statements)
        progress("waiting for the RDF files")
        result.quads = rdf.join()
        progress(f"the RDF files took {rdf.process.seconds:.1f} s in the second process")
        render_network(store, staging, progress)
        progress("comparing sources: what changed since the previous build")
        write_changes(out / "kjus.nq", store, staging, index=statements)
        progress("writing the site: a page for every entity and source")
        write_site(store, staging, texts=[texts] if isinstance(texts, (str, Path)) else texts,
                   statements=statements)
        progress("writing the manifest")
        result.files = write_manifest(staging, inputs=[*ONTOLOGY_FILES, *(source_list or find_sources())])
        publish_folder(staging, out, carry=_not_ours(out, set(result.files)), before_swap=_before_swap)
    finally:
        if rdf is not None:
            rdf.stop()
        shutil.rmtree(staging, ignore_errors=True)
    checks.remember()
    progress(f"wrote {len(result.files)} files to {out}")
    return result


class _Checks:
    """Validation of a loaded build, limited to the source files that changed when a cache is given."""

    def __init__(self, loaded, texts, folder: Path | None):
        self.loaded, self.texts = loaded, texts
        self.cache = ValidationCache(folder, model_key()) if folder is not None else None
        files = loaded.files
        self.keys = {p: file_key(loaded.store, f.sha256, f.graphs, texts) for p, f in files.items()} \
            if self.cache is not None else {}
        self.reused = [p for p in files if self.cache is not None and self.cache.fresh(p, self.keys[p])]
        self.changed = [p for p in files if p not in set(self.reused)]

    def summary(self) -> str:
        if not self.reused:
            return f"all {len(self.changed)} source file(s)"
        return (f"{len(self.changed)} changed source file(s); reused the checks of {len(self.reused)} unchanged "
                "one(s) (the checks across sources run on everything)")

    def run(self) -> list[Problem]:
        graphs = None if not self.reused else [g for p in self.changed for g in self.loaded.files[p].graphs]
        found = check_dataset(self.loaded.store, self.texts, graphs)
        self.found = found
        kept = [w for p in self.reused for w in self.cache.warnings(p)] if self.cache is not None else []
        return sorted(set(found) | set(kept))

    def remember(self) -> None:
        """Record the files this build checked (called once the build has published its exports)."""
        if self.cache is None:
            return
        owner = {g: p for p, f in self.loaded.files.items() for g in f.graphs}
        by_file: dict[Path, list[Problem]] = {p: [] for p in self.changed}
        for w in self.found:
            files = {owner.get(q.graph_name) for q in self.loaded.store.quads_for_pattern(ox.NamedNode(w.focus), None,
                                                                                         None)} \
                if w.focus.startswith(("http:", "https:", "urn:")) else set()
            for p in (files & set(by_file)) or by_file:     # a warning no changed file owns stays with all of them
                by_file[p].append(w)
        for p in self.changed:
            self.cache.record(p, self.keys[p], by_file[p])
        self.cache.keep_only(self.loaded.files)
        try:
            self.cache.save()
        except OSError:
            pass            # a read-only place: the next build checks everything, which is only slower


def _not_ours(out: Path, new_files: set[str]) -> list[str]:
    """Files in the previous export set that no build wrote (not in its manifest): these are kept."""
    if not out.is_dir():
        return []
    record = read_manifest(out)
    previous = set(record["files"]) | {MANIFEST} if record else set()   # no manifest: keep what is not replaced
    present = (p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    return sorted(f for f in present if f not in new_files and f not in previous
                  and not f.startswith(".staging-") and not f.endswith(".tmp"))
