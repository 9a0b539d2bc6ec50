"""Approximators: the words that make a figure approximate ("about", "more than", "up to") and what each means."""

from __future__ import annotations

APPROXIMATORS: dict[str, str] = {
    "about": "about", "around": "about", "roughly": "about", "approximately": "about", "nearly": "about",
    "almost": "about", "some": "about", "close to": "about", "an estimated": "about", "estimated": "about",
    "more than": "more_than", "over": "more_than", "above": "more_than", "upwards of": "more_than",
    "in excess of": "more_than", "exceeding": "more_than", "at least": "at_least", "no fewer than": "at_least",
    "no less than": "at_least", "less than": "less_than", "fewer than": "less_than", "under": "less_than",
    "below": "less_than", "at most": "at_most", "no more than": "at_most", "up to": "up_to",
    "as many as": "up_to", "as much as": "up_to",
}

# Those a duration in a time expression takes ("more than two weeks ago"), in the order the
# time pattern tries them.
TIME_APPROXIMATORS: tuple[str, ...] = ("more than", "over", "about", "around", "nearly", "almost", "roughly", "less than", "at least", "some")
