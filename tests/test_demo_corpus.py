from __future__ import annotations

from collections import Counter

from nlp.taxonomy import EVENT_TYPES, PILLARS


def test_corpus_size_span_and_mix(demo_corpus):
    assert len(demo_corpus) >= 200
    first, last = demo_corpus[0].published, demo_corpus[-1].published
    months = (last.year - first.year) * 12 + last.month - first.month
    assert months >= 18
    pillars = Counter(a.labels["pillar"] for a in demo_corpus)
    assert set(pillars) == set(PILLARS)
    assert all(pillars[p] >= 0.1 * len(demo_corpus) for p in PILLARS)
    events = {a.labels["event_type"] for a in demo_corpus}
    assert events <= set(EVENT_TYPES) and len(events) >= 12


def test_three_sites_and_syndicated_copies(demo_corpus):
    by_id = {a.id: a for a in demo_corpus}
    assert len(by_id) == len(demo_corpus)
    assert {a.site for a in demo_corpus} == {"pharmaweek", "biowire", "alderbrook"}
    copies = [a for a in demo_corpus if a.syndicated_from]
    assert len(copies) >= 10
    for copy in copies:
        original = by_id[copy.syndicated_from]
        assert original.site != copy.site
        assert copy.labels["pillar"] == original.labels["pillar"]
        assert 0 <= (copy.published - original.published).days <= 3


def test_slugs_unique_per_site(demo_corpus):
    seen = Counter((a.site, a.slug) for a in demo_corpus)
    assert max(seen.values()) == 1
