"""Stories: documents about the same real-world happening.

Two reports of one earthquake share the place, the day and the people quoted; a report of
another earthquake shares the topic words but not those. So documents are compared as a
whole on five kinds of evidence, each an idf-weighted vector over the corpus:

- participants: people (each name token, so "Mr. Xi" meets "Xi Jinping") and organisations,
  from spaCy's named entities;
- places: countries, cities, regions and facilities (kept as named: "Beijing" is not "Anchorage");
- dates: years, months, calendar days and weekdays the text mentions (resolved against the
  document date when it is known, see :mod:`crosscheck.timex`), and the document date itself;
- terms: distinctive words (TF-IDF over the corpus);
- the document embedding (given, or the mean of the embedder's vectors of the lead sentences).

The similarity of two documents is the weighted mean of the cosines of the kinds both of them
have (a document that names no date is neither helped nor hurt by dates). Stories are the
clusters of scikit-learn's average-linkage agglomerative clustering on ``1 - similarity`` cut at
``1 - threshold``. Average linkage joins two groups only when their documents are similar on
average, so one shared name ("China") does not chain two happenings together.

Cost: up to ``StoryConfig.dense_limit`` documents, all pairs are scored (a dense matrix). Beyond
that, candidate pairs are each document's ``neighbours`` nearest documents by embedding (FAISS,
see :func:`crosscheck.index.nearest_to_each`) plus the pairs that share a rare participant or
place (named in at most ``rare_max_docs`` documents); candidate pairs above the threshold give
connected components, and each component is clustered as above (a component larger than
``dense_limit`` is split by networkx's Louvain community detection on its candidate edges). Average
linkage never joins documents of different components, so this is the dense result up to pairs
the candidates miss, at a cost of about n·(neighbours + rare pairs) similarity evaluations.

Measured (``benchmarks/eval_stories.py``, weights and threshold tuned on ECB+ train only): ECB+ dev
(197 documents, 16 stories, one corpus) B-cubed F1 0.922 (P 0.923, R 0.921), against 0.887 for
average linkage on the embedding cosine alone. Known gap: in a corpus all about one relationship
(the seeds), a later visit with no year in its text still joins the earlier talks.
"""


from __future__ import annotations

from crosscheck.stories.evidence import (
           KINDS,
           DocumentEvidence,
           claim_entities,
           document_vectors,
           extract_evidence,
           lead_vectors,
)
from crosscheck.stories.group import find_stories, group_stories, story_key

__all__ = ["KINDS", "DocumentEvidence", "claim_entities", "document_vectors", "extract_evidence", "find_stories",
           "group_stories", "lead_vectors", "story_key"]
