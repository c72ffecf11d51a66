"""ESCO skill linking throughput, in sentences per second per core.

Ranks the sentences of the Decorte et al. TECH and HOUSE validation files (repeated to
``--sentences``) with the lexical :class:`~roleatlas.pipeline.extract.link_esco.EscoLinker`
and, with ``--index`` naming a semantic skill index and the ``semantic`` extra installed, the
hybrid one. In the same process, a baseline ranks the same sentences the naive way: rapidfuzz
``token_set_ratio`` of the sentence against every ESCO preferred label (C code, one pass).
CPU time (``time.process_time``) gives the per-core rate; torch is held to one thread. Load
times (from the ESCO folders and from an index file) are printed too.

Usage: ``python benchmarks/link_esco.py [--sentences N] [--index PATH] [--json]``
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from roleatlas.evaluate.linking import SUBSETS, load_linking_examples
from roleatlas.pipeline.extract.link_esco import EscoLinker, build_skill_index, semantic_available

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
BENCH = SHARED / "decorte-esco-skill-benchmark"


def sentences(n: int) -> list[str]:
    examples = load_linking_examples(BENCH)
    texts = [s for subset in SUBSETS for s, _ in examples[subset].sentences]
    return [texts[i % len(texts)] for i in range(n)]


def timed(fn: Callable[[], Any]) -> tuple[Any, float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    result = fn()
    return result, time.process_time() - cpu, time.perf_counter() - wall


def rate(n: int, seconds: float) -> float:
    return round(n / seconds, 1) if seconds > 0 else float("inf")


def baseline(texts: Sequence[str], labels: list[str]) -> None:
    for text in texts:
        process.extract(text, labels, scorer=fuzz.token_set_ratio, limit=10)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=400)
    parser.add_argument("--index", type=Path, help="a semantic skill index, for hybrid")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not BENCH.is_dir():
        print(f"{BENCH} is missing", file=sys.stderr)
        return 1
    texts = sentences(args.sentences)
    out: dict[str, Any] = {"sentences": len(texts)}

    linker, cpu, wall = timed(lambda: EscoLinker().load(SHARED))
    out["load_from_folders_s"] = {"cpu": round(cpu, 2), "wall": round(wall, 2)}
    with tempfile.TemporaryDirectory() as tmp:
        path, cpu, wall = timed(lambda: build_skill_index(SHARED, Path(tmp) / "lex.npz"))
        out["build_lexical_index_s"] = {"cpu": round(cpu, 2), "wall": round(wall, 2)}
        out["lexical_index_mb"] = round(path.stat().st_size / 1e6, 1)
        _, cpu, wall = timed(lambda: EscoLinker().load(path))
        out["load_lexical_index_s"] = {"cpu": round(cpu, 2), "wall": round(wall, 2)}

    linker.rank_many(texts[:20])  # warm caches
    _, cpu, wall = timed(lambda: linker.rank_many(texts))
    out["lexical"] = {"per_core": rate(len(texts), cpu), "wall": rate(len(texts), wall)}

    labels = [skill.label for skill in linker.skills_]
    _, cpu, wall = timed(lambda: baseline(texts, labels))
    out["baseline_rapidfuzz"] = {"per_core": rate(len(texts), cpu), "wall": rate(len(texts), wall)}
    out["lexical_vs_baseline"] = round(
        out["lexical"]["per_core"] / out["baseline_rapidfuzz"]["per_core"], 2
    )

    if args.index is not None and semantic_available():
        import torch

        torch.set_num_threads(1)
        hybrid, cpu, wall = timed(lambda: EscoLinker(backend="hybrid").load(args.index))
        out["load_hybrid_index_s"] = {"cpu": round(cpu, 2), "wall": round(wall, 2)}
        hybrid.rank_many(texts[:8])  # loads the model
        _, cpu, wall = timed(lambda: hybrid.rank_many(texts))
        out["hybrid"] = {"per_core": rate(len(texts), cpu), "wall": rate(len(texts), wall)}
        out["hybrid_vs_baseline"] = round(
            out["hybrid"]["per_core"] / out["baseline_rapidfuzz"]["per_core"], 2
        )

    if args.json:
        print(json.dumps(out, indent=2))
    else:
        for key, value in out.items():
            print(f"{key:>24}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
