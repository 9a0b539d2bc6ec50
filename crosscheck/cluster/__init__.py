"""The cluster stage: neighbour pairs (``neighbours``), the algorithm (``greedy``), events (``events``)."""

from __future__ import annotations

from crosscheck.cluster.events import Events, find_events
from crosscheck.cluster.greedy import centroid, cluster_claims
from crosscheck.cluster.neighbours import Neighbours, find_neighbours

__all__ = ["Events", "Neighbours", "centroid", "cluster_claims", "find_events", "find_neighbours"]
