"""The single exception tree of the toolkit.

The library raises these; the CLI turns them into one ``Error:`` line and exit
status 1.  Every message names the file, line, node or query at fault and says
what to do about it.
"""
from __future__ import annotations

__all__ = ["KGError", "SourceError", "ParseError", "ModelError", "ValidationError",
           "QueryError", "ExportError", "UnknownEntityError"]


class KGError(Exception):
    """Base class of every error the toolkit reports to a user."""


class SourceError(KGError):
    """A source file or source text is missing, unreadable or inconsistent."""


class ParseError(SourceError):
    """An RDF file does not parse; the message names the file and line."""


class ModelError(KGError):
    """The ontology, or data that uses terms the ontology does not define."""


class ValidationError(KGError):
    """The graph breaks a SHACL shape or a provenance rule.

    ``problems`` holds the :class:`graph.validate.Problem` records.
    """

    def __init__(self, message: str, problems=()):
        super().__init__(message)
        self.problems = list(problems)


class QueryError(KGError):
    """A SPARQL query is malformed, refused (updates, SERVICE) or too costly."""


class ExportError(KGError):
    """An export could not be written (bad path, disk, interrupted write)."""


class UnknownEntityError(KGError):
    """No node, or more than one, matches what the user typed; the message lists candidates."""
