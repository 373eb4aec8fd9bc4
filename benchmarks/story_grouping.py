"""Story grouping speed (issue 16): the vectorised warehouse.story_grouping on a synthetic realistic set.

The set: articles at ~300 a day, 384-dim unit float32 embeddings, 5,000 companies; a third of the announcements
come in 2-4 copies within three days (near-identical text, or similar text naming the same company, a fifth
with the same headline). Two thirds of the articles are new, the rest already loaded, interleaved in time as
when a backfill meets a warehouse.

Three timings on stderr, the row on stdout:
- ours: assign_stories on the full set (default 200,000 new against 100,000 loaded);
- raw: numpy's matrix products of the same day blocks against their windows, nothing else: the floor (on one
  BLAS thread, as ours: see warehouse/story_matching.py); both medians of three runs, interleaved;
- the per-article reference it replaced (tests/helpers/reference_story_grouping.py) and ours on a smaller set
  of the same per-day rate, with whether their decisions agree.

`python -m benchmarks.story_grouping [N_NEW N_OLD REFERENCE_NEW]`; `python -m benchmarks.run story_grouping`.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import numpy as np
import pyarrow as pa
from threadpoolctl import threadpool_limits

from warehouse.story_grouping import StoryCandidates, assign_stories
from warehouse.story_matching import DAY_US, WINDOW_US, day_blocks

PER_DAY = 300
DIM = 384
COMPANIES = 5_000
START_US = int((datetime(2016, 1, 1, tzinfo=timezone.utc) - datetime(1970, 1, 1, tzinfo=timezone.utc))
               // timedelta(microseconds=1))


@dataclass(frozen=True)
class SyntheticSet:
    new: StoryCandidates
    existing: StoryCandidates


def synthetic_set(n_new: int, n_old: int, seed: int = 16) -> SyntheticSet:
    rng = np.random.default_rng(seed)
    n = n_new + n_old
    # Announcements, each with 1 to 4 copies; a copy is published within three days of its original.
    copies = rng.choice([1, 1, 2, 3, 4], size=n)
    announcement = np.repeat(np.arange(n), copies)[:n]
    first = np.r_[True, announcement[1:] != announcement[:-1]]
    root = np.flatnonzero(first)[announcement]  # each article's original
    base = START_US + (rng.random(n) * (n / PER_DAY) * DAY_US).astype(np.int64)
    times = np.where(first, base, base[root] + (rng.random(n) * WINDOW_US).astype(np.int64))
    own = np.empty((n, DIM), dtype=np.float32)
    for lo in range(0, n, 50_000):
        block = rng.standard_normal((min(n, lo + 50_000) - lo, DIM), dtype=np.float32)
        own[lo:lo + len(block)] = block / np.linalg.norm(block, axis=1, keepdims=True)
    # Cosine to the original ~0.98 (a copy), ~0.86 (rewritten), ~0.78 (related coverage).
    noise = np.where(first, 0.0, rng.choice([0.2, 0.6, 0.8], size=n)).astype(np.float32)
    embeddings = own[root] + noise[:, None] * own
    embeddings /= np.linalg.norm(embeddings, axis=1, keepdims=True)
    del own
    subject = rng.integers(COMPANIES, size=n)[root]
    names = np.stack([subject, rng.integers(COMPANIES, size=n)], axis=1)
    same_title = first | (rng.random(n) < 0.2)
    titles = [f"Company {subject[i]} announcement {root[i]}" if same_title[i] else f"Company {subject[i]} item {i}"
              for i in range(n)]
    order = rng.permutation(n)
    is_new = np.zeros(n, dtype=bool)
    is_new[order[:n_new]] = True

    def part(rows: np.ndarray) -> StoryCandidates:
        return StoryCandidates(
            ids=[f"a{i:08d}" for i in rows], published_us=times[rows], dated=np.ones(len(rows), dtype=bool),
            titles=[titles[i] for i in rows], company_offsets=np.arange(0, 2 * len(rows) + 1, 2, dtype=np.int64),
            companies=pa.array([f"Co{c}" for c in names[rows].reshape(-1)], type=pa.string()),
            embeddings=embeddings[rows], has_embedding=np.ones(len(rows), dtype=bool), story_ids=[None] * len(rows))

    return SyntheticSet(new=part(np.flatnonzero(is_new)), existing=part(np.flatnonzero(~is_new)))


def raw_block_products(s: SyntheticSet) -> Callable[[], None]:
    """numpy alone, the same products as ours: each day block of new articles times the loaded articles within
    three days either side and the new ones within three days before (matrices sorted by time beforehand)."""
    old_order, new_order = np.argsort(s.existing.published_us), np.argsort(s.new.published_us)
    old, new = s.existing.embeddings[old_order], s.new.embeddings[new_order]
    old_times, at = s.existing.published_us[old_order], s.new.published_us[new_order]
    products = []
    for block in day_blocks(at):
        first, last = at[block][0], at[block][-1]
        products.append((new[block], old[np.searchsorted(old_times, first - WINDOW_US):
                                         np.searchsorted(old_times, last + WINDOW_US, side="right")]))
        products.append((new[block], new[np.searchsorted(at, first - WINDOW_US):block.stop - 1]))

    def run() -> None:
        with threadpool_limits(limits=1, user_api="blas"):  # as ours runs them
            for queries, window in products:
                queries @ window.T

    return run


def reference_lists(s: SyntheticSet) -> tuple[list, list]:
    from tests.helpers.reference_story_grouping import StoryCandidate

    def items(c: StoryCandidates) -> list:
        epoch = datetime(1970, 1, 1, tzinfo=timezone.utc)
        companies = c.companies.to_pylist()
        return [StoryCandidate(c.ids[i], epoch + timedelta(microseconds=int(c.published_us[i])),
                               frozenset(companies[c.company_offsets[i]:c.company_offsets[i + 1]]), c.titles[i],
                               c.embeddings[i], c.story_ids[i]) for i in range(len(c))]

    return items(s.new), items(s.existing)


def timed(fn):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - started


def run(n_new: int = 200_000, n_old: int = 100_000, reference_new: int = 6_000, repeats: int = 3) -> dict:
    big = synthetic_set(n_new, n_old)
    raw = raw_block_products(big)
    ours_times, raw_times = [], []
    for _ in range(repeats):  # interleaved, so both see the same load from other work on the machine
        ours_big, seconds = timed(lambda: assign_stories(big.new, big.existing))
        ours_times.append(seconds)
        raw_times.append(timed(raw)[1])
    ours_s, raw_s = statistics.median(ours_times), statistics.median(raw_times)
    small = synthetic_set(reference_new, reference_new // 2, seed=17)
    new, old = reference_lists(small)
    expected, reference_s = timed(lambda: __import__(
        "tests.helpers.reference_story_grouping", fromlist=["x"]).assign_stories(new, old))
    got, ours_small_s = timed(lambda: assign_stories(small.new, small.existing))
    agree = sum(expected[i] == g for i, g in zip(small.new.ids, got, strict=True))
    grouped = sum(s != i for i, s in zip(big.new.ids, ours_big, strict=True))
    print(f"story grouping, {n_new:,} new against {n_old:,} loaded (~{PER_DAY}/day): ours {ours_s:.2f} s, "
          f"raw block products {raw_s:.2f} s, {grouped:,} joined a story", file=sys.stderr)
    print(f"  {reference_new:,} new against {reference_new // 2:,}: reference {reference_s:.2f} s, ours "
          f"{ours_small_s:.3f} s ({reference_s / ours_small_s:,.0f}x), same decision for {agree:,}/{len(got):,}",
          file=sys.stderr)
    return {"n_new": n_new, "n_old": n_old, "ours": ours_s, "raw": raw_s, "reference": reference_s,
            "ours_small": ours_small_s, "agree": agree, "reference_new": reference_new}


def bench_row() -> tuple[str, float, float, int, str]:
    r = run()
    return (f"story grouping ({r['n_new']:,} new vs {r['n_old']:,} loaded, ~{PER_DAY}/day; raw = numpy block "
            "matmuls)", r["ours"], r["raw"], r["n_new"], "articles")


if __name__ == "__main__":
    run(*[int(a) for a in sys.argv[1:]])
