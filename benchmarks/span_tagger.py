"""Speed of the span tagger per posting, against baselines measured in the same process.

Over N real descriptions (all ``../shared/data/postings-*`` files, shuffled with a fixed
seed), in CPU time (``time.process_time``, so per core):

* **dictionary**: the catalog matcher (``SkillMatcher.spans``), which ingest runs anyway: the
  baseline;
* **tagger, cold**: ``SpanTagger.find`` with the catalog marks, its per-token-type caches
  emptied first (as in a fresh ``roleatlas ingest``); **tagger, warm**: the same texts again;
* **learned CRF**: ``learned.find_spans`` on the first 200 texts (it is ~100× slower);
* the parts of a warm tagger call: tokens, token types and scores (the compiled featurizer
  and emissions), decoding; and the same scores through the Python definition of the
  features (``SpanTagger.scores``, which training and the tests use), on 500 texts.

Usage: ``python benchmarks/span_tagger.py [--postings N] [--json]``
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from roleatlas.pipeline.extract.learned import find_spans
from roleatlas.pipeline.extract.skills import default_matcher
from roleatlas.pipeline.extract.span_tagger import _kernels, default_span_tagger

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def _cpu_ms(fn: Callable[[Any], Any], items: list[Any]) -> float:
    started = time.process_time()
    for item in items:
        fn(item)
    return round(1000 * (time.process_time() - started) / max(len(items), 1), 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postings", type=int, default=5000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    texts = []
    for path in sorted(SHARED.glob("postings-*/postings.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            texts += [d for d in (json.loads(line).get("description") for line in fh) if d]
    random.Random(0).shuffle(texts)
    texts = texts[: args.postings]
    matcher = default_matcher()
    tagger = default_span_tagger()
    tagger.find("Warm up: Python and SQL.")  # load numba's compiled kernels
    marks = {id(t): [(s, e) for s, e, _, _ in matcher.spans(t)] for t in texts}
    tagger.clear_caches()
    report: dict[str, Any] = {"postings": len(texts)}
    report["dictionary_ms"] = _cpu_ms(matcher.spans, texts)
    report["tagger_cold_ms"] = _cpu_ms(lambda t: tagger.find(t, marks[id(t)]), texts)
    report["tagger_warm_ms"] = _cpu_ms(lambda t: tagger.find(t, marks[id(t)]), texts)
    report["token_types_after"] = int(tagger._fast_tables()["type_count"][0]) - 1
    report["parts_warm_ms"] = {
        "tokens_types_scores": _cpu_ms(lambda t: tagger._fast_scores(t, marks[id(t)]), texts),
        "python_path_scores": _cpu_ms(lambda t: tagger.scores(t, marks[id(t)]), texts[:500]),
    }
    scored = [tagger._fast_scores(t, marks[id(t)]) for t in texts]
    decode = _kernels()[1]

    def run_decode(item: Any) -> None:
        n, _, _, scores, new = item
        decode(scores, tagger._weights, tagger._allowed, tagger._start_ok, tagger._bias, new,
               np.zeros(n, dtype=np.int64), np.zeros(n))  # fmt: skip

    report["parts_warm_ms"]["decode"] = _cpu_ms(run_decode, scored)
    report["learned_crf_ms"] = _cpu_ms(find_spans, texts[:200])
    report["tagger_cold_vs_dictionary"] = round(
        report["tagger_cold_ms"] / report["dictionary_ms"], 2
    )
    report["learned_crf_vs_tagger_cold"] = round(
        report["learned_crf_ms"] / report["tagger_cold_ms"], 1
    )
    if args.json:
        print(json.dumps(report, indent=2))
        return
    for key, value in report.items():
        print(f"{key:28} {value}")


if __name__ == "__main__":
    main()
