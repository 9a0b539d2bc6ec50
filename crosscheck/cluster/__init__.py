"""The cluster stage: the algorithm (``judged``: agglomerative clustering on the judge's scores), events (``events``)."""

from __future__ import annotations

from crosscheck.cluster.events import Events, find_events
from crosscheck.cluster.judged import centroid, cluster_events

__all__ = ["Events", "centroid", "cluster_events", "find_events"]
