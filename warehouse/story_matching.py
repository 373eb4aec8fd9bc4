"""Each new article's match (warehouse.story_grouping's rules), computed column-wise.

Existing and new articles share one index space: existing 0..m-1, new m..m+n-1. The order the rules were first
written in (a per-article loop over a time-sorted pool) is kept exactly: new articles are processed oldest first,
ties by id; among equally good candidates the earlier in the pool wins (by time, existing before new). The loop
left equal scores to np.argsort, whose order among ties depends on the CPU's sort kernel; this is its stable order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property

import numpy as np
import pyarrow as pa
from threadpoolctl import threadpool_limits

from warehouse.story_grouping import NEAR_IDENTICAL, SIMILAR, WINDOW, StoryCandidates, title_keys

WINDOW_US = WINDOW // timedelta(microseconds=1)
DAY_US = 86_400_000_000
BLOCK_ROWS = 1024  # new articles per matrix product: block x window floats stay a few tens of MB
# Scores this close to a threshold are recomputed one pair at a time, the way the per-article rules did, so a
# matrix product's different rounding never flips a decision.
SLACK = 1e-4


@dataclass(frozen=True)
class _Index:
    new: StoryCandidates
    existing: StoryCandidates

    @cached_property
    def m(self) -> int:
        return len(self.existing)

    @cached_property
    def times(self) -> np.ndarray:
        return np.concatenate([self.existing.published_us, self.new.published_us])

    @cached_property
    def dated(self) -> np.ndarray:
        return np.concatenate([self.existing.dated, self.new.dated])

    @cached_property
    def is_new(self) -> np.ndarray:
        return np.arange(self.m + len(self.new)) >= self.m

    @cached_property
    def order(self) -> np.ndarray:
        """Tie order: input position for existing articles, processing rank for new ones."""
        rank = np.empty(len(self.new), dtype=np.int64)
        rank[self.processing] = np.arange(len(self.new))
        return np.concatenate([np.arange(self.m, dtype=np.int64), rank])

    @cached_property
    def processing(self) -> np.ndarray:
        """New articles (new-side positions) in processing order: dated oldest first, ties by id; undated last."""
        ids = np.array(self.new.ids, dtype=str)
        return np.lexsort((ids, self.new.published_us, ~self.new.dated))

    @cached_property
    def keys(self) -> np.ndarray:
        """A code per normalised headline (title_key)."""
        keys = title_keys(self.existing.titles + self.new.titles).dictionary_encode()
        return keys.indices.to_numpy(zero_copy_only=False).astype(np.int64)

    def vectors(self, rows: np.ndarray) -> np.ndarray:
        dim = max(self.existing.embeddings.shape[1], self.new.embeddings.shape[1])
        out = np.empty((len(rows), dim), dtype=np.float32)
        old = rows < self.m
        if old.any():
            out[old] = self.existing.embeddings[rows[old]]
        if not old.all():
            out[~old] = self.new.embeddings[rows[~old] - self.m]
        return out

    @cached_property
    def _company_sets(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
        """(offsets, codes, sorted article*n_codes+code keys, n_codes) over both sets, for membership tests."""
        offsets = np.concatenate([self.existing.company_offsets[:-1],
                                  self.new.company_offsets + self.existing.company_offsets[-1]])
        names = pa.chunked_array([c.companies.cast(pa.string()) for c in (self.existing, self.new)], type=pa.string())
        encoded = names.combine_chunks().dictionary_encode() if len(names) else None
        codes = (np.zeros(0, dtype=np.int64) if encoded is None
                 else encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64))
        n_codes = 1 if encoded is None else max(1, len(encoded.dictionary))
        owners = np.repeat(np.arange(len(offsets) - 1, dtype=np.int64), np.diff(offsets))
        return offsets, codes, np.sort(owners * n_codes + codes), n_codes

    def share_company(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """For each pair (a[k], b[k]) of articles: do they name a common company?"""
        offsets, codes, keys, n_codes = self._company_sets
        counts = offsets[a + 1] - offsets[a]
        pair = np.repeat(np.arange(len(a)), counts)
        starts = np.repeat(offsets[a] - (np.cumsum(counts) - counts), counts)
        wanted = b[pair] * n_codes + codes[starts + np.arange(len(pair))]
        at = np.minimum(np.searchsorted(keys, wanted), max(len(keys) - 1, 0))
        found = keys[at] == wanted if len(keys) else np.zeros(len(wanted), dtype=bool)
        shared = np.zeros(len(a), dtype=bool)
        shared[pair[found]] = True
        return shared


def best_matches(new: StoryCandidates, existing: StoryCandidates) -> np.ndarray:
    """For each new article (new-side position), the index-space position of its match, or -1."""
    index = _Index(new, existing)
    best = np.full(len(new), -1, dtype=np.int64)
    queries = index.processing[new.dated[index.processing]] + index.m
    if len(queries) == 0:
        return best
    by_title = _title_matches(index, queries)
    best[queries - index.m] = by_title
    rest = queries[(by_title < 0) & new.has_embedding[queries - index.m]]
    if len(rest):
        best[rest - index.m] = _embedding_matches(index, rest)
    return best


def _title_matches(index: _Index, queries: np.ndarray) -> np.ndarray:
    """The earliest existing same-headline article within the window, else the first processed new one."""
    found = np.full(len(queries), -1, dtype=np.int64)
    # Only headlines that two dated articles share can match: usually few, so the sorting below stays small.
    dated = np.flatnonzero(index.dated)
    shared = np.bincount(index.keys[dated], minlength=len(index.keys))[index.keys] >= 2
    ask = np.flatnonzero(shared[queries])
    if len(ask):
        found[ask] = _shared_title_matches(index, queries[ask], dated[shared[dated] & ~index.is_new[dated]])
    return found


def _shared_title_matches(index: _Index, queries: np.ndarray, old: np.ndarray) -> np.ndarray:
    times, keys = index.times, index.keys
    at = times[queries]
    # Dense ranks of every time involved make (headline, time) one sortable int64.
    levels = np.unique(np.concatenate([times[old], at, at - WINDOW_US, at + WINDOW_US]))
    span = len(levels) + 1

    def composite(rows: np.ndarray, moments: np.ndarray) -> np.ndarray:
        return keys[rows] * span + np.searchsorted(levels, moments)

    low, high = composite(queries, at - WINDOW_US), composite(queries, at + WINDOW_US)
    found = np.full(len(queries), -1, dtype=np.int64)
    if len(old):
        key = composite(old, times[old])
        sort = np.lexsort((index.order[old], key))
        key, old = key[sort], old[sort]
        pos = np.searchsorted(key, low)
        hit = pos < len(old)
        hit[hit] &= key[pos[hit]] <= high[hit]
        found[hit] = old[pos[hit]]
    # New candidates are the ones processed earlier: the query itself is in range, so the first in range is
    # either an earlier article or the query.
    key = composite(queries, at)
    sort = np.lexsort((index.order[queries], key))
    first = queries[sort][np.searchsorted(key[sort], low)]
    use = (found < 0) & (first != queries)
    found[use] = first[use]
    return found


def _embedding_matches(index: _Index, rows: np.ndarray) -> np.ndarray:
    """The most similar qualifying candidate of each row (rows in processing order), or -1."""
    candidates = np.flatnonzero(index.dated & np.concatenate([index.existing.has_embedding,
                                                              index.new.has_embedding]))
    pool = candidates[np.lexsort((index.order[candidates], index.is_new[candidates], index.times[candidates]))]
    place = np.empty(len(index.times), dtype=np.int64)  # pool order: the tie-break among equal scores
    place[pool] = np.arange(len(pool))
    old, new = pool[~index.is_new[pool]], pool[index.is_new[pool]]
    rank = np.empty(len(index.times), dtype=np.int64)
    rank[new] = np.arange(len(new))
    at = index.times[rows]
    # Loaded articles on both sides of a row, new ones only before it (processed earlier): two windows, so
    # later new articles cost no multiplications.
    sides = [
        Window(old, np.searchsorted(index.times[old], at - WINDOW_US),
               np.searchsorted(index.times[old], at + WINDOW_US, side="right")),
        Window(new, np.searchsorted(index.times[new], at - WINDOW_US), rank[rows]),
    ]
    found = np.full(len(rows), -1, dtype=np.int64)
    # One BLAS thread: a day block times a week of articles is a small product, and two threads spend longer
    # synchronising than multiplying (200,000 new against 100,000 loaded on the 2-core machine: ~10x slower).
    with threadpool_limits(limits=1, user_api="blas"):
        for block in day_blocks(at):
            found[block] = _best_in_block(index, place, rows[block], [w.rows(block) for w in sides])
    return found


def day_blocks(at: np.ndarray) -> list[slice]:
    """Consecutive runs of sorted times within a day of their first, at most BLOCK_ROWS long."""
    blocks, start = [], 0
    while start < len(at):
        stop = max(start + 1, min(start + BLOCK_ROWS, int(np.searchsorted(at, at[start] + DAY_US))))
        blocks.append(slice(start, stop))
        start = stop
    return blocks


@dataclass(frozen=True)
class Window:
    """Candidates of one kind in time order, and each row's window in them: members[low[i]:high[i]]."""

    members: np.ndarray
    low: np.ndarray
    high: np.ndarray

    def rows(self, block: slice) -> Window:
        return Window(self.members, self.low[block], self.high[block])

    @property
    def span(self) -> slice:
        """Every row's window at once (rows in time order)."""
        return slice(int(self.low[0]), max(int(self.low[0]), int(self.high[-1])))


def _best_in_block(index: _Index, place: np.ndarray, rows: np.ndarray, windows: list[Window]) -> np.ndarray:
    queries = index.vectors(rows)
    pairs = [_pairs(index, queries, w) for w in windows]
    r, candidate, score = (np.concatenate(column) for column in zip(*pairs, strict=True))
    exact = score.astype(np.float64)
    for k in np.flatnonzero((np.abs(exact - SIMILAR) < SLACK) | (np.abs(exact - NEAR_IDENTICAL) < SLACK)):
        exact[k] = float(np.dot(queries[r[k]], index.vectors(candidate[k:k + 1])[0]))
    near = exact >= NEAR_IDENTICAL
    similar = ~near & (exact >= SIMILAR)
    ok = near.copy()
    if similar.any():
        ok[similar] = index.share_company(rows[r[similar]], candidate[similar])
    r, candidate, score = r[ok], candidate[ok], score[ok]
    found = np.full(len(rows), -1, dtype=np.int64)
    if len(r):
        sort = np.lexsort((place[candidate], -score, r))
        r, candidate = r[sort], candidate[sort]
        head = np.concatenate([[True], r[1:] != r[:-1]])
        found[r[head]] = candidate[head]
    return found


def _pairs(index: _Index, queries: np.ndarray, window: Window) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row, candidate, score) of each candidate in its row's window scoring SIMILAR or more (less the slack)."""
    span = window.span
    scores = queries @ index.vectors(window.members[span]).T
    r, c = np.nonzero(scores >= SIMILAR - SLACK)
    score = scores[r, c]
    c = c + span.start
    keep = (c >= window.low[r]) & (c < window.high[r])
    return r[keep], window.members[c[keep]], score[keep]
