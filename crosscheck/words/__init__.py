"""Word tables, one module each: ``calendar`` (months, weekdays), ``negation``, ``reporting`` (verbs of
saying), ``approximators``, ``aliases`` (countries, capitals, bodies), ``titles``, and ``tfidf`` (word weights over a set of texts). A rule that needs a
word list imports it from here; the tables sit below every stage, so any stage may read them."""
