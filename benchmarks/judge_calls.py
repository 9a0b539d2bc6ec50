"""Judged pairs per claim on Reuters-21578 slices (1k and 5k stories), with the fake NLI model.

The candidate stage does not depend on the judge, so the fake NLI model (cosine stands in for
events) counts the pairs the real judge would read, in a few minutes. Each pair is read both
ways, so calls = 2 x pairs. Writes benchmarks/results/judge_calls_reuters.json.

    .venv/bin/python benchmarks/judge_calls.py
"""
import json
import time
from pathlib import Path

from crosscheck import Checker, Config
from crosscheck.bench.reuters import load_reuters

out = {}
for n in (1000, 5000):
    docs = list(load_reuters(Path(__file__).resolve().parents[2] / 'shared' / 'nli-data' / 'news' / 'reuters21578' / 'reuters21578', n))
    t = time.perf_counter()
    r = Checker(Config(nli_model='fake')).check(docs)
    s = r.stats
    out[n] = {'documents': s['documents'], 'claims': s['claims'], 'stories': s['stories'], 'judged_pairs': s['verdicts'],
              'within_story': s['candidates_within_stories'], 'judge_calls_per_claim': round(2 * s['verdicts'] / s['claims'], 3),
              'largest_story_docs': max(len(x.doc_ids) for x in r.stories), 'seconds': round(time.perf_counter() - t, 1),
              'stage_seconds': {k: v for k, v in r.timings.items() if k in ('stories', 'candidates', 'claims', 'embed')}}
    print(n, out[n], flush=True)
from crosscheck.bench.machine import machine_info  # noqa: E402

out['note'] = 'fake NLI (cosine stands in for events); real embedder and parser'
out['machine'] = machine_info()
out['embedder'] = Checker(Config()).embedder.name
json.dump(out, open(Path(__file__).resolve().parent / 'results' / 'judge_calls_reuters.json', 'w'), indent=2)
