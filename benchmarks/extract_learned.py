"""Speed of the learned span layer, against baselines measured in the same process.

Two measurements, both in CPU time (``time.process_time``), so rates are per core:

1. **Sentences**: SkillSpan dev sentences (already tokenized). The learned layer
   (``SpanTagger.predict_spans``: features + CRF marginals + posterior Viterbi) against the
   baseline of building the CRF features alone and of the plain CRFsuite Viterbi.
2. **Postings**: ~500 Glassdoor descriptions (``../shared/data/postings-glassdoor``) through
   ``find_spans`` (sentence split + tokenize + tag), against tokenization alone and against the
   dictionary layer (``SkillMatcher.find``) when it is installed.

Usage: ``python benchmarks/extract_learned.py [--model PATH] [--postings N] [--json]``
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from roleatlas.evaluate.spans import read_skillspan
from roleatlas.pipeline.extract.learned import (
    SpanTagger,
    default_tagger,
    find_spans,
    split_sentences,
)

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def _timed(fn: Callable[[], Any]) -> tuple[float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    fn()
    return time.process_time() - cpu, time.perf_counter() - wall


def bench_sentences(tagger: SpanTagger, sentences: list[list[str]]) -> dict[str, Any]:
    def features() -> None:
        for words in sentences:
            tagger.features(words)

    def viterbi() -> None:
        for words in sentences:
            tagger.tagger_.tag(tagger.features(words))

    def learned() -> None:
        tagger.predict_spans(sentences)

    out: dict[str, Any] = {"sentences": len(sentences)}
    for name, fn in (("features_only", features), ("crf_viterbi", viterbi), ("learned", learned)):
        cpu, wall = _timed(fn)
        out[name] = {
            "cpu_s": round(cpu, 2),
            "wall_s": round(wall, 2),
            "sentences_per_s_per_core": round(len(sentences) / cpu, 1),
        }
    return out


def bench_postings(tagger: SpanTagger, texts: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "postings": len(texts),
        "characters_mean": round(sum(map(len, texts)) / len(texts)),
        "sentences": sum(len(split_sentences(t)) for t in texts),
    }

    def tokenize_only() -> None:
        for text in texts:
            split_sentences(text)

    def learned() -> None:
        for text in texts:
            find_spans(text, tagger=tagger)

    runs: list[tuple[str, Callable[[], None]]] = [
        ("tokenize_only", tokenize_only),
        ("learned", learned),
    ]
    try:
        from roleatlas.pipeline.extract.skills import SkillMatcher

        matcher = SkillMatcher().load()

        def dictionary() -> None:
            for text in texts:
                matcher.find(text)

        runs.append(("dictionary", dictionary))
    except ImportError:
        pass
    for name, fn in runs:
        cpu, wall = _timed(fn)
        out[name] = {
            "cpu_s": round(cpu, 2),
            "wall_s": round(wall, 2),
            "ms_per_posting": round(1000 * cpu / len(texts), 2),
            "postings_per_s_per_core": round(len(texts) / cpu, 1),
        }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, help="model zip (default: default_tagger())")
    parser.add_argument("--postings", type=int, default=500)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    started = time.process_time()
    tagger = SpanTagger.load(args.model) if args.model else default_tagger()
    load_s = time.process_time() - started
    sentences = [s.tokens for s in read_skillspan(SHARED / "skillspan", "dev")]
    texts = []
    with gzip.open(SHARED / "postings-glassdoor" / "postings.jsonl.gz", "rt") as fh:
        for line in fh:
            description = json.loads(line).get("description")
            if description:
                texts.append(description)
            if len(texts) == args.postings:
                break
    tagger.predict_spans(sentences[:50])  # warm up
    result = {
        "model_load_cpu_s": round(load_s, 2),
        "skillspan_dev": bench_sentences(tagger, sentences),
        "glassdoor": bench_postings(tagger, texts),
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"model load: {result['model_load_cpu_s']} s CPU")
    dev = result["skillspan_dev"]
    print(f"SkillSpan dev, {dev['sentences']} sentences (sentences/s/core):")
    for name in ("features_only", "crf_viterbi", "learned"):
        print(f"  {name:14} {dev[name]['sentences_per_s_per_core']:>10}")
    gd = result["glassdoor"]
    print(
        f"Glassdoor, {gd['postings']} postings, {gd['sentences']} sentences, "
        f"{gd['characters_mean']} chars each (ms/posting/core):"
    )
    for name in ("tokenize_only", "dictionary", "learned"):
        if name in gd:
            print(f"  {name:14} {gd[name]['ms_per_posting']:>10}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
