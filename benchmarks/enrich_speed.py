"""Throughput of `radar enrich` against raw spaCy `nlp.pipe` on the same ~400-word articles, in the same run.

    .venv/bin/python -m benchmarks.enrich_speed [--articles N] [--repeats R]

Articles are the demo corpus as the crawler sees them (dek, body, "About" boilerplate, contacts, disclaimer),
each topped up with paragraphs of the next demo articles to 400 words (title included; the last borrowed
paragraph is cut short, so every article is ~400 words, as the target is stated). "raw" is
en_core_web_sm's full pipeline over the same texts with `nlp.pipe(batch_size=64)`, once in one process and
once with `n_process=2`; "ours" is `Enricher().enrich` (everything: both spaCy passes, MiniLM, heads, linking,
frames). Models are loaded and warmed before timing; each figure is the median of the repeats.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from importlib.metadata import version

os.environ.setdefault("HF_HUB_OFFLINE", "1")
TARGET_WORDS = 400


def benchmark_articles(limit: int) -> list[dict]:
    from crawlers.demo_newsroom.corpus import load_corpus

    corpus = load_corpus()
    parts = [[a.dek, *a.paragraphs, *(x for x in (a.about, a.contact, a.disclaimer) if x)] for a in corpus]
    records = []
    for i, article in enumerate(corpus[:limit]):
        paragraphs = list(parts[i])
        words = len(article.title.split()) + len(" ".join(paragraphs).split())
        j = i + 1
        while words < TARGET_WORDS:
            for paragraph in corpus[j % len(corpus)].paragraphs:
                missing = TARGET_WORDS - words
                if missing <= 0:
                    break
                # The last borrowed paragraph is cut to land on the target, so articles average ~400 words.
                taken = paragraph.split()[:missing]
                paragraphs.append(" ".join(taken))
                words += len(taken)
            j += 1
        records.append({"id": article.id, "title": article.title, "text": "\n".join(paragraphs),
                        "published": article.published.isoformat()})
    return records


def _cpu_seconds(pids: list[int]) -> float:
    """CPU time used so far by this process, its reaped children and the given live helper processes."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    ticks = os.sysconf("SC_CLK_TCK")
    for pid in pids:
        try:
            fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
        except (OSError, IndexError, ValueError):
            pass
    return total


def timed(fn, repeats: int, helper_pids=lambda: []) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Median wall-clock seconds and median CPU seconds (all processes) of `fn`."""
    times, cpu = [], []
    for _ in range(repeats):
        started, cpu_started = time.perf_counter(), _cpu_seconds(helper_pids())
        fn()
        times.append(time.perf_counter() - started)
        cpu.append(_cpu_seconds(helper_pids()) - cpu_started)
    return statistics.median(times), statistics.median(cpu)


def run(articles: int, repeats: int) -> dict:
    import spacy

    from nlp.enrich import Enricher
    from nlp.spacy_pipeline import base_model_name

    records = benchmark_articles(articles)
    words = sum(len(f"{r['title']} {r['text']}".split()) for r in records)
    texts = [f"{r['title']}\n{r['text']}" for r in records]
    raw_nlp = spacy.load(base_model_name())
    list(raw_nlp.pipe(texts[:8]))
    enricher = Enricher()
    enricher.warm_up()
    enricher.enrich(records[:32])

    def helpers() -> list[int]:
        return list(enricher._pool._processes) if enricher._pool is not None else []

    load_before = os.getloadavg()[0]
    ours = timed(lambda: enricher.enrich(records), repeats, helpers)
    raw_1 = timed(lambda: list(raw_nlp.pipe(texts, batch_size=64)), repeats)
    raw_2 = timed(lambda: list(raw_nlp.pipe(texts, batch_size=64, n_process=2)), repeats)
    enricher.close()
    return {"articles": len(records), "words_per_article": words / len(records), "ours": ours,
            "raw_1": raw_1, "raw_2": raw_2, "workers": enricher.workers,
            "load_avg_1min": (load_before + os.getloadavg()[0]) / 2}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=214)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    r = run(args.articles, args.repeats)
    n = r["articles"]
    cores = os.cpu_count() or 1
    # The spaCy build matters: from 3.8.8 its NER and parser take the GIL per token (docs/PERFORMANCE.md).
    print(f"{cores} cores, Python {sys.version.split()[0]}, spaCy {version('spacy')}, torch {version('torch')}, "
          f"{n} articles of {r['words_per_article']:.0f} words, "
          f"enricher workers {r['workers']}, 1-min load average during the run {r['load_avg_1min']:.1f}\n")
    print("| what | wall s | articles/s (wall) | CPU s per article | articles/s on 2 idle cores (CPU-bound) "
          "| ours ÷ this (wall throughput) |")
    print("|---|---|---|---|---|---|")
    ours_wall = r["ours"][0]
    for label, (wall, cpu) in (("radar enrich (Enricher.enrich)", r["ours"]),
                               ("raw en_core_web_sm nlp.pipe, 1 process", r["raw_1"]),
                               ("raw en_core_web_sm nlp.pipe, n_process=2", r["raw_2"])):
        per_article = cpu / n
        # One process can use one core; the 2-process runs can use both.
        usable = 1 if "1 process" in label else min(2, cores)
        estimate = usable / per_article if per_article else float("nan")
        ratio = "" if label.startswith("radar") else f"{wall / ours_wall:.2f}"
        print(f"| {label} | {wall:.1f} | {n / wall:.1f} | {per_article:.3f} | {estimate:.1f} | {ratio} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())


def bench_row() -> tuple[str, float, float, int, str]:
    """The row of `make bench` (benchmarks/run.py): ours against raw en_core_web_sm in one process."""
    r = run(214, 1)
    return (f"enrichment (demo articles, ~{r['words_per_article']:.0f} words, raw = en_core_web_sm nlp.pipe)",
            r["ours"][0], r["raw_1"][0], r["articles"], "articles")
