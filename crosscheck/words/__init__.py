"""Word tables, one module each: ``calendar`` (months, weekdays), ``negation``, ``reporting`` (verbs of
saying), ``approximators``. A rule that needs a word list imports it from here."""
