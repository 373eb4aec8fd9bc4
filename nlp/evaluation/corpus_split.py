"""Split the real-reporting corpus so the locked test measures generalisation: by event and by time.

- Items about one real event form one group, and a group is never split. Writers working apart keyed some events
  differently, so items are also grouped when they share a source page or a subject company and month: that
  over-groups a little (two news items of one company in one month), which costs nothing but keeps every copy
  of an event on one side.
- The locked test takes the latest groups (by their first date) until it holds TEST_SHARE of the items, then
  whole companies: while fewer than UNSEEN_SHARE of its subject companies are absent from train and dev, the
  test subject company named least often in train/dev is held out, with every train/dev group that names it.
- Dev is a seeded DEV_SHARE of the remaining groups; train is the rest.

`python -m nlp.evaluation.corpus_split BATCH.jsonl... --out-dir nlp/data` writes corpus/train.jsonl, corpus/dev.jsonl and
locked_test/test.jsonl; the same inputs always give the same split.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

TEST_SHARE = 0.22
DEV_SHARE = 0.22
UNSEEN_SHARE = 0.35  # the issue asks for at least 0.30; the margin survives small corpus edits
SEED = "cdmo-radar-2026-12"


@dataclass
class Split:
    train: list[dict]
    dev: list[dict]
    test: list[dict]


def _groups(items: list[dict]) -> list[list[dict]]:
    """Union-find over event keys, source pages and (subject company, month)."""
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def union(a: str, b: str) -> None:
        parent[find(a)] = find(b)

    for item in items:
        event = f"event:{item['event_key']}"
        find(event)
        union(event, f"page:{item['source_url'].rstrip('/')}")
        if item.get("subject_company"):
            union(event, f"same:{item['subject_company']}|{item['published'][:7]}")
    grouped: dict[str, list[dict]] = defaultdict(list)
    for item in items:
        grouped[find(f"event:{item['event_key']}")].append(item)
    return sorted(grouped.values(), key=lambda g: (min(i["published"] for i in g), _key(g)))


def _key(group: list[dict]) -> str:
    return min(i["event_key"] for i in group)


def _companies(group: list[dict]) -> set[str]:
    return {c for item in group for c in item.get("companies") or []}


def unseen_subject_share(test: list[dict], seen: list[dict]) -> float:
    """Share of the test's distinct subject companies that no train/dev item names."""
    named = {c for item in seen for c in item.get("companies") or []}
    subjects = {i["subject_company"] for i in test if i.get("subject_company")}
    return len(subjects - named) / len(subjects) if subjects else 1.0


def _stable_fraction(key: str) -> float:
    return int(hashlib.sha256(f"{SEED}:{key}".encode()).hexdigest()[:8], 16) / 0xFFFFFFFF


def split_corpus(items: list[dict], test_share: float = TEST_SHARE, dev_share: float = DEV_SHARE,
                 unseen_share: float = UNSEEN_SHARE) -> Split:
    groups = _groups(items)
    total = sum(len(g) for g in groups)
    test_groups: list[list[dict]] = []
    rest = list(groups)
    while rest and sum(len(g) for g in test_groups) < test_share * total:
        test_groups.append(rest.pop())  # latest first
    while True:
        test = [i for g in test_groups for i in g]
        seen = [i for g in rest for i in g]
        if unseen_subject_share(test, seen) >= unseen_share or not rest:
            break
        mentions = Counter(c for g in rest for c in _companies(g))
        subjects = {i["subject_company"] for i in test if i.get("subject_company")}
        candidate = min((s for s in subjects if mentions[s]), key=lambda s: (mentions[s], s))
        moving = [g for g in rest if candidate in _companies(g)]
        test_groups += moving
        rest = [g for g in rest if candidate not in _companies(g)]
    dev_groups = [g for g in rest if _stable_fraction(_key(g)) < dev_share]
    train_groups = [g for g in rest if _stable_fraction(_key(g)) >= dev_share]

    def flat(gs: list[list[dict]]) -> list[dict]:
        return sorted((i for g in gs for i in g), key=lambda i: i["id"])

    return Split(train=flat(train_groups), dev=flat(dev_groups), test=flat(test_groups))


def _write(path: Path, items: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        for item in items:
            handle.write(json.dumps(item, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    from nlp.evaluation.labelled_data import read_jsonl

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("batches", nargs="+", type=Path)
    parser.add_argument("--out-dir", type=Path, default=Path(__file__).parent.parent / "data")
    args = parser.parse_args(argv)
    items = [item for path in args.batches for item in read_jsonl(path)]
    split = split_corpus(items)
    _write(args.out_dir / "corpus" / "train.jsonl", split.train)
    _write(args.out_dir / "corpus" / "dev.jsonl", split.dev)
    _write(args.out_dir / "locked_test" / "test.jsonl", split.test)
    share = unseen_subject_share(split.test, split.train + split.dev)
    print(f"train {len(split.train)}, dev {len(split.dev)}, locked test {len(split.test)}; "
          f"test subject companies unseen in train/dev: {share:.0%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
