"""The per-article story grouping as it was before issue 16 (kept unchanged): the reference the vectorised
warehouse.story_grouping must agree with (tests/test_story_grouping.py, benchmarks/story_grouping.py).

Group syndicated copies of one announcement into stories.

Two articles are one story when they are published within a few days of each other and either their
headline+lead embeddings are nearly identical, or they are similar and name a common company.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

WINDOW = timedelta(days=3)
SIMILAR = 0.75  # cosine: same story if they also share a company
NEAR_IDENTICAL = 0.90  # cosine: same story on text alone


@dataclass(frozen=True)
class StoryCandidate:
    id: str
    published: datetime | None
    companies: frozenset[str]
    title: str
    embedding: np.ndarray | None  # unit vector, or None when the record carries none
    story_id: str | None = None  # known for articles already in the warehouse


def title_key(title: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", title.lower()))


def _same_story(a: StoryCandidate, b: StoryCandidate) -> bool:
    if a.published is None or b.published is None or abs(a.published - b.published) > WINDOW:
        return False
    if title_key(a.title) == title_key(b.title):
        return True
    if a.embedding is None or b.embedding is None:
        return False
    similarity = float(np.dot(a.embedding, b.embedding))
    return similarity >= NEAR_IDENTICAL or (similarity >= SIMILAR and bool(a.companies & b.companies))


def assign_stories(new: list[StoryCandidate], existing: list[StoryCandidate]) -> dict[str, str]:
    """story_id for each new article: the story of its closest earlier match, else its own id.

    New articles are taken oldest first, so the first copy of an announcement names the story. Articles without
    an embedding match on their normalised headline only (a dictionary lookup, so bulk loads stay linear).
    """
    assigned: dict[str, str] = {}
    pool = sorted((c for c in existing if c.published is not None), key=_when)
    times = [_when(c) for c in pool]
    by_title: dict[str, list[StoryCandidate]] = {}
    for c in pool:
        by_title.setdefault(title_key(c.title), []).append(c)
    story_of = {c.id: c.story_id or c.id for c in existing}
    for item in sorted(new, key=lambda c: (c.published is None, c.published or datetime.min, c.id)):
        best: StoryCandidate | None = None
        if item.published is not None:
            same_title = [c for c in by_title.get(title_key(item.title), [])
                          if c.id != item.id and _same_story(item, c)]
            best = same_title[0] if same_title else None
            if best is None and item.embedding is not None:
                lo = bisect.bisect_left(times, item.published - WINDOW)
                hi = bisect.bisect_right(times, item.published + WINDOW)
                nearby = [c for c in pool[lo:hi] if c.embedding is not None and c.id != item.id]
                if nearby:
                    scores = np.stack([c.embedding for c in nearby]) @ item.embedding  # type: ignore[misc]
                    for index in np.argsort(-scores):
                        if _same_story(item, nearby[index]):
                            best = nearby[index]
                            break
        assigned[item.id] = story_of[best.id] if best else item.id
        story_of[item.id] = assigned[item.id]
        if item.published is not None:
            at = bisect.bisect_right(times, item.published)
            times.insert(at, item.published)
            pool.insert(at, item)
            by_title.setdefault(title_key(item.title), []).append(item)
    return assigned


def _when(candidate: StoryCandidate) -> datetime:
    assert candidate.published is not None
    return candidate.published
