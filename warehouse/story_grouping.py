"""Group syndicated copies of one announcement into stories.

Two articles are one story when they are published within a few days of each other and either their normalised
headlines are identical, or their headline+lead embeddings are nearly identical, or they are similar and name a
common company. New articles are taken oldest first (ties by id) and join the story of their match: the earliest
article with the same headline (articles already loaded before new ones), else the most similar qualifying one.
Articles already loaded and earlier new articles are candidates; undated articles match nothing.

The work is columnar (warehouse.story_matching): sorted searches for headlines, and for embeddings a day block of
new articles times the week around it, so a load costs time linear in its articles for a fixed number a day.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

WINDOW = timedelta(days=3)
SIMILAR = 0.75  # cosine: same story if they also share a company
NEAR_IDENTICAL = 0.90  # cosine: same story on text alone

_EPOCH_UTC = datetime(1970, 1, 1, tzinfo=timezone.utc)
_EPOCH_NAIVE = datetime(1970, 1, 1)


def title_key(title: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", title.lower()))


def title_keys(titles: list[str]) -> pa.Array:
    """title_key of each title: by Arrow for ASCII titles (its lowercase is Python's there), else one by one."""
    column = pa.array(titles, type=pa.string())
    keys = pc.utf8_trim(pc.replace_substring_regex(pc.ascii_lower(column), "[^a-z0-9]+", " "), " ")
    other = pc.invert(pc.string_is_ascii(column))
    if pc.any(other).as_py():
        keys = pc.replace_with_mask(keys, other, pa.array([title_key(t) for t in column.filter(other).to_pylist()],
                                                          type=pa.string()))
    return keys


def microseconds(moment: datetime) -> int:
    """Microseconds since the Unix epoch (naive datetimes read as UTC), exact."""
    return (moment - (_EPOCH_UTC if moment.tzinfo else _EPOCH_NAIVE)) // timedelta(microseconds=1)


@dataclass(frozen=True)
class StoryCandidates:
    """Articles to group, one column per field; row i of every column is article i."""

    ids: list[str]
    published_us: np.ndarray  # int64 microseconds since the epoch; ignored where `dated` is False
    dated: np.ndarray  # bool
    titles: list[str]
    company_offsets: np.ndarray  # int64, len + 1: article i names companies[offsets[i]:offsets[i + 1]]
    companies: pa.Array  # string
    embeddings: np.ndarray  # float32 (len, dim), unit rows; a row is ignored where `has_embedding` is False
    has_embedding: np.ndarray  # bool
    # The story of an article already grouped: one loaded earlier, or a new one settled by an earlier call.
    story_ids: list[str | None]

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def of(cls, ids: Sequence[str], published: Sequence[datetime | None], titles: Sequence[str],
           companies: Sequence[Iterable[str] | None], embeddings: Sequence[Sequence[float] | np.ndarray | None],
           story_ids: Sequence[str | None] | None = None) -> StoryCandidates:
        """From per-article values (small inputs and tests; the loader builds the columns from Arrow)."""
        n = len(ids)
        names = [list(c or ()) for c in companies]
        has_embedding = np.array([e is not None for e in embeddings], dtype=bool)
        dim = next((len(e) for e in embeddings if e is not None), 0)
        matrix = np.zeros((n, dim), dtype=np.float32)
        for i in np.flatnonzero(has_embedding):
            matrix[i] = np.asarray(embeddings[i], dtype=np.float32)
        return cls(
            ids=list(ids),
            published_us=np.array([microseconds(p) if p is not None else 0 for p in published], dtype=np.int64),
            dated=np.array([p is not None for p in published], dtype=bool),
            titles=list(titles),
            company_offsets=np.concatenate([[0], np.cumsum([len(c) for c in names], dtype=np.int64)]).astype(np.int64),
            companies=pa.array([c for cs in names for c in cs], type=pa.string()),
            embeddings=matrix,
            has_embedding=has_embedding,
            story_ids=list(story_ids) if story_ids is not None else [None] * n,
        )


def assign_stories(new: StoryCandidates, existing: StoryCandidates) -> list[str]:
    """The story id of each new article (in `new`'s order): its match's story, else its own id.

    Ids must be unique across both sets. A new article that already carries a story id keeps it (the loader
    groups a long batch in consecutive time chunks and passes the last days of the previous chunk that way).
    """
    from warehouse.story_matching import best_matches

    if len(set(new.ids)) != len(new) or not set(new.ids).isdisjoint(existing.ids):
        raise ValueError("story candidates need unique ids across new and existing articles")
    best = best_matches(new, existing)
    return _resolve(best, new, existing)


def _resolve(best: np.ndarray, new: StoryCandidates, existing: StoryCandidates) -> list[str]:
    """Follow each new article's match to a root (an existing article, a settled or unmatched new one)."""
    m, n = len(existing), len(new)
    root_story = np.array(new.ids, dtype=object)
    parent = np.arange(n)
    settled = np.array([s is not None for s in new.story_ids], dtype=bool)
    root_story[settled] = [s for s in new.story_ids if s is not None]
    to_existing = (best >= 0) & (best < m) & ~settled
    root_story[to_existing] = [existing.story_ids[b] or existing.ids[b] for b in best[to_existing]]
    to_new = (best >= m) & ~settled
    parent[to_new] = best[to_new] - m
    # Matches always point to earlier articles, so halving the path each round ends in log(depth) rounds.
    while True:
        jumped = parent[parent]
        if np.array_equal(jumped, parent):
            break
        parent = jumped
    return root_story[parent].tolist()
