"""Slots of a claim: figures (``quantities``), times (``timex``), actors, speaker, negation, hedging (``parse``)."""
