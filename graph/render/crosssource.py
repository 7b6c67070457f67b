"""The build's reports across sources: ``conflicts.md``/``.json`` and ``changes.md``/``.json``.

:func:`write_conflicts` writes where the sources disagree
(:func:`graph.analyse.conflicts.conflicts`), :func:`write_changes` what this build
adds to the previous one (:func:`graph.diff.diff_builds`).  Both are deterministic:
sorted, no timestamps, the same data gives the same bytes.  Each writer has a twin
that returns the text (:func:`generate_conflicts_markdown`,
:func:`generate_changes_markdown`, :func:`generate_json`).

Examples
--------
>>> from graph.analyse.conflicts import conflicts
>>> from graph.analyse.statements import example_store
>>> print(generate_conflicts_markdown(conflicts(example_store())).splitlines()[2])
1 fact on which sources disagree: 1 open, 0 resolved by a curator.
"""
from __future__ import annotations

import json
from pathlib import Path

from ..files import write_atomic
from ..vocab import curie
from .report import md_escape

__all__ = ["CONFLICT_FILES", "CHANGE_FILES", "generate_json", "generate_conflicts_markdown",
           "generate_changes_markdown", "write_conflicts", "write_changes"]

#: What :func:`write_conflicts` writes, relative to its folder.
CONFLICT_FILES = ("conflicts.json", "conflicts.md")
#: What :func:`write_changes` writes, relative to its folder.
CHANGE_FILES = ("changes.json", "changes.md")


def generate_json(data) -> str:
    """``data`` as the JSON the build writes: UTF-8 text, two-space indent, a final newline.

    Examples
    --------
    >>> generate_json({"b": 1, "a": "한"})
    '{\\n  "b": 1,\\n  "a": "한"\\n}\\n'
    """
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_conflicts(store, out_dir: str | Path, *, shapes=None, index=None) -> list[Path]:
    """Write ``conflicts.json`` and ``conflicts.md`` for ``store`` into ``out_dir``; return the paths.

    Parameters
    ----------
    store : pyoxigraph.Store
        The build's dataset (what it writes as ``kjus.nq``).
    out_dir : folder to write into (the build's staging folder).
    shapes : path, optional
        SHACL shapes that say which properties have one value (default ``ontology/shapes.ttl``).
    index : StatementIndex, optional
        :func:`graph.analyse.statements.index_statements` of ``store``, if the caller made it already.

    Examples
    --------
    >>> import tempfile
    >>> from graph.analyse.statements import example_store
    >>> [p.name for p in write_conflicts(example_store(), tempfile.mkdtemp())]
    ['conflicts.json', 'conflicts.md']
    """
    from ..analyse.conflicts import conflicts
    found = conflicts(store, index=index, **({} if shapes is None else {"shapes": shapes}))
    out = Path(out_dir)
    return [write_atomic(out / CONFLICT_FILES[0], generate_json({"conflicts": found})),
            write_atomic(out / CONFLICT_FILES[1], generate_conflicts_markdown(found))]


def write_changes(old, new_store, out_dir: str | Path, *, shapes=None, index=None) -> list[Path]:
    """Write ``changes.json`` and ``changes.md``: what ``new_store`` adds to the previous build.

    Parameters
    ----------
    old : path or None
        The previous build's ``kjus.nq`` (or its folder); ``None`` or a missing file:
        the first build, everything is new.
    new_store : pyoxigraph.Store
        This build's dataset.
    out_dir : folder to write into (the build's staging folder).
    shapes : path, optional
        SHACL shapes that say which properties have one value (default ``ontology/shapes.ttl``).
    index : StatementIndex, optional
        :func:`graph.analyse.statements.index_statements` of ``new_store``, if the caller made it already.

    Examples
    --------
    >>> import tempfile, json
    >>> from graph.analyse.statements import example_store
    >>> out = tempfile.mkdtemp()
    >>> paths = write_changes(None, example_store(), out)
    >>> json.loads(paths[0].read_text(encoding="utf-8"))["totals"]["new"]["sources"]
    2
    """
    from ..diff import diff_builds
    previous = Path(old) if old is not None and Path(old).exists() else None
    changes = diff_builds(previous, new_store, shapes=shapes, index=index)
    out = Path(out_dir)
    return [write_atomic(out / CHANGE_FILES[0], generate_json(changes)),
            write_atomic(out / CHANGE_FILES[1], generate_changes_markdown(changes))]


# --- Markdown ---------------------------------------------------------------------------

def generate_conflicts_markdown(found: list[dict]) -> str:
    """The conflicts report as Markdown: one section per conflict, every reading with its sources and quotes."""
    resolved = sum(c["state"] == "resolved" for c in found)
    lines = ["# Where the sources disagree", "",
             f"{len(found)} fact{'' if len(found) == 1 else 's'} on which sources disagree: "
             f"{len(found) - resolved} open, {resolved} resolved by a curator.", "",
             "The build never picks a winner: every reading stays in the graph with its source and quote. "
             "A curator records the reading the graph adopts, and why, as a `kj:Resolution` in a source.", ""]
    for i, c in enumerate(found, 1):
        name = c["subject_label"] + (f" ({c['subject_label_ko']})" if c["subject_label_ko"] != c["subject_label"]
                                     else "")
        lines += [f"## {i}. {md_escape(name)}: {md_escape(c['property_label'])} — {c['kind']}, {c['state']}", "",
                  f"`{curie(c['subject'])}` `{curie(c['property'])}`", ""]
        rows = [[r["value"], _source(x), x["date"], x["status"], _quotes(x["quotes"])]
                for r in c["readings"] for x in r["reports"]]
        lines += _table(["reading", "source", "reported", "status", "quote [offsets]"], rows)
        res = c.get("resolution")
        if res:
            reason = res["reason"].get("en") or next(iter(res["reason"].values()), "")
            adopted = res.get("adopted") or "(none of the readings above)"
            lines += [f"**Adopted reading:** {md_escape(adopted)}: {md_escape(reason)} "
                      f"({md_escape(curie(res['resolution']))}, {md_escape(curie(res['source']))}, {res['date']})", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def generate_changes_markdown(ch: dict) -> str:
    """What a build adds, as Markdown: sources, entities, statements, status changes, transitions, conflicts."""
    old, new = ch["totals"]["old"], ch["totals"]["new"]
    st = ch["statements"]
    lines = ["# What this build changes", "",
             f"Sources {old['sources']} → {new['sources']}, entities {old['entities']} → {new['entities']}, "
             f"statements {old['statements']} → {new['statements']} (+{st['added']} / −{st['removed']}), "
             f"conflicts {old['conflicts']} → {new['conflicts']}.", ""]
    for title, key in (("Sources added", "added"), ("Sources removed", "removed"), ("Sources changed", "changed")):
        if ch["sources"][key]:
            lines += [f"## {title}", ""] + _table(["source", "date", "title"], [
                [curie(s["source"]), s["date"], s["title"]] for s in ch["sources"][key]])
    for title, key in (("Entities added", "added"), ("Entities removed", "removed")):
        if ch["entities"][key]:
            lines += [f"## {title}", ""] + _table(["entity", "type", "label"], [
                [curie(e["entity"]), e["type"], _both(e)] for e in ch["entities"][key]])
    if ch["status_changes"]:
        lines += ["## Status changes", ""] + _table(["entity", "was", "now", "reported", "by"], [
            [_both(s), s["old"], s["new"], s["reported"], curie(s["source"])] for s in ch["status_changes"]])
    for title, key in (("Transitions found", "added"), ("Transitions no longer found", "removed")):
        if ch["transitions"][key]:
            lines += [f"## {title}", ""] + _table(["entity", "from", "to", "reported", "by"], [
                [t["label"], f"{t['from']} ({t['from_date']})", t["to"], t["to_date"], curie(t["to_source"])]
                for t in ch["transitions"][key]])
    for title, key in (("New conflicts", "new"), ("Conflicts gone", "gone"), ("Conflicts now resolved", "resolved")):
        if ch["conflicts"][key]:
            lines += [f"## {title}", ""] + _table(["conflict", "kind", "readings"], [
                [c["id"], c["kind"], "; ".join(f"{r['value']} ({', '.join(map(curie, r['sources']))})"
                                               for r in c["readings"])] for c in ch["conflicts"][key]])
    for title, key in (("Statements added", "added_list"), ("Statements removed", "removed_list")):
        if st[key]:
            more = st["added" if key == "added_list" else "removed"] - len(st[key])
            lines += [f"## {title}", ""] + _table(["subject", "predicate", "object"], [
                [curie(s["subject"]), curie(s["predicate"]), curie(s["object"])] for s in st[key]])
            if more > 0:
                lines += [f"… and {more} more (changes.json has the counts).", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _source(report: dict) -> str:
    return f"{report['title']} ({curie(report['source'])})" if report.get("title") else curie(report["source"])


def _quotes(quotes: list[dict]) -> str:
    return " / ".join(f"“{q['quote']}” [{q['start']}–{q['end']}]" for q in quotes)


def _both(rec: dict) -> str:
    ko = rec.get("label_ko", "")
    return f"{rec['label']} ({ko})" if ko and ko != rec["label"] else rec["label"]


def _table(header: list[str], rows: list[list]) -> list[str]:
    cells = [[md_escape(str(c)) for c in row] for row in rows]
    return ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|",
            *["| " + " | ".join(r) + " |" for r in cells], ""]
