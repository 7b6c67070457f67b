"""Stage 6 — analyse: what the projected graphs say, as plain functions returning plain data.

Functions take a graph first (a projection from :func:`graph.project.project_graph`;
those marked *full* also accept the dataset) and return dicts and lists that
serialise to JSON as they are.

=========================  ==========================================================
module                     functions
=========================  ==========================================================
:mod:`.centrality`         :func:`node_metrics`, :func:`centrality_rankings`, :func:`brokers`
:mod:`.communities`        :func:`communities`
:mod:`.cooperation`        :func:`country_matrix`, :func:`trilateral_ties`,
                           :func:`topics_by_country_pair`, :func:`topics_by_status` (full)
:mod:`.timeline`           :func:`timeline` (full)
:mod:`.paths`              :func:`shortest_paths`, :func:`neighbors` (full)
:mod:`.entities`           :func:`resolve_entity` (IRI, CURIE or any label)
:mod:`.corroboration`      :func:`corroboration` (a pyoxigraph store: facts by independent sources)
:mod:`.history`            :func:`history`, :func:`transitions`, :func:`transition_quads` (store)
:mod:`.conflicts`          :func:`conflicts` (store: where sources disagree)
=========================  ==========================================================

Betweenness and eigenvector centrality are exact up to :data:`EXACT_MAX_NODES`
nodes and approximate above (betweenness from :func:`betweenness_samples` seeded
sample sources); :func:`methods` says which applies.
"""
from .centrality import (
    BETWEENNESS_BUDGET, BETWEENNESS_MIN_SAMPLES, EXACT_MAX_NODES, betweenness_samples, brokers,
    centrality_rankings, louvain, methods, node_metrics,
)
from .communities import communities
from .conflicts import conflicts
from .corroboration import corroboration
from .cooperation import TRILATERAL, country_matrix, topics_by_country_pair, topics_by_status, trilateral_ties
from .entities import UnknownEntityError, describe, resolve_entity
from .history import history, transition_quads, transitions
from .paths import neighbors, shortest_paths
from .timeline import period_of, timeline

__all__ = ["BETWEENNESS_BUDGET", "BETWEENNESS_MIN_SAMPLES", "EXACT_MAX_NODES", "betweenness_samples", "TRILATERAL", "UnknownEntityError", "brokers",
           "centrality_rankings", "communities", "conflicts", "corroboration", "country_matrix", "history",
           "transition_quads", "transitions", "describe", "louvain", "methods",
           "neighbors", "node_metrics", "period_of", "resolve_entity", "shortest_paths", "timeline",
           "topics_by_country_pair", "topics_by_status", "trilateral_ties"]
