"""Titles and role words that are not part of a person's name ("Secretary of State Antony Blinken" -> "Antony Blinken")."""

from __future__ import annotations

TITLES: frozenset[str] = frozenset({
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "president", "secretary", "minister", "gen.", "general",
    "sen.", "senator", "rep.", "prime", "foreign", "state", "of", "the", "spokesman", "spokeswoman", "spokesperson",
    "adviser", "advisor", "national", "security", "premier", "chairman", "vice", "ambassador", "director", "chief",
    "press", "deputy", "defense", "defence", "treasury", "commerce", "leader", "sir", "lord", "lady", "prof.",
})
