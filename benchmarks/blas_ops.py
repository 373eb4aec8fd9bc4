"""Does `nlp/blas_ops.py` still earn its place? spaCy's NER and parser with thinc's own ops against the same
pipeline on numpy's OpenBLAS, over the enrichment benchmark's ~400-word articles, alternated in one run.

Issue 19 keeps the module only while this shows a gain of at least 10 % on this box (ratio ≤ 0.90).
`python -m benchmarks.blas_ops [--repeats N]`; also the `blas_ops` row of `make bench`.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time

from benchmarks.enrich_speed import benchmark_articles


def _pipe_seconds(nlp, texts: list[str]) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    return time.perf_counter() - start


def measure(repeats: int = 3, articles: int = 214) -> tuple[float, float, int]:
    """Median seconds (OpenBLAS, thinc's default ops) for NER + parser over the same texts."""
    from thinc.api import get_current_ops
    from threadpoolctl import threadpool_limits

    from nlp.blas_ops import OpenBlasOps, set_ops
    from nlp.model_loading import load_spacy

    texts = [f"{a['title']}\n{a['text']}" for a in benchmark_articles(articles)]
    nlp = load_spacy()
    default_ops = get_current_ops()
    openblas, default = [], []
    with threadpool_limits(limits=1, user_api="blas"):
        _pipe_seconds(nlp, texts[:20])  # warm-up
        for _ in range(repeats):
            openblas.append(_pipe_seconds(set_ops(nlp, OpenBlasOps()), texts))
            default.append(_pipe_seconds(set_ops(nlp, default_ops), texts))
    return statistics.median(openblas), statistics.median(default), len(texts)


def bench_row() -> tuple[str, float, float, int, str]:
    ours, raw, n = measure(repeats=3)
    return ("spaCy pipeline on OpenBLAS (nlp/blas_ops.py), raw = thinc's default ops", ours, raw, n, "articles")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    ours, raw, n = measure(args.repeats)
    print(f"{n} articles: OpenBLAS {ours:.2f} s, thinc default {raw:.2f} s, ratio {ours / raw:.2f} "
          f"({'keeps its place' if ours / raw <= 0.90 else 'under 10 %: retire'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
