"""Enriched records shaped like the pipeline's own output, for the write-path benchmark (deterministic per seed).

Sizes follow real CDMO news rather than a fixed sentence: body lengths drawn around 400 words (a log-normal
from brief items to long releases), words drawn with their frequencies in the project's train split (text we
wrote from real reporting), about 5,000 organisations named with a long-tailed popularity, entities with
character offsets, people and roles, event frames, places, and a 384-dimensional unit embedding per article.
About one article in twelve is a syndicated copy of an earlier one (same headline, a nearly identical
embedding, a shared company, published within two days), so story grouping has real work to do.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
TRAIN = ROOT / "nlp" / "data" / "corpus" / "train.jsonl"
DIM = 384
PILLARS = ("infrastructure", "digital", "leadership", "other")
EVENTS = {"infrastructure": ("facility_investment", "facility_opening", "capacity_expansion", "site_acquisition"),
          "digital": ("digital_launch", "digital_partnership"),
          "leadership": ("executive_appointment", "executive_departure"),
          "other": ("contract_or_partnership", "mna", "other")}
ROLES = ("CEO", "CFO", "COO", "Chief Scientific Officer", "President", "Chair", "Head of Manufacturing")
PLACES = ("Visp, Switzerland", "Incheon, South Korea", "Hillerød, Denmark", "Wuxi, China", "Durham, North Carolina",
          "Cork, Ireland", "Hyderabad, India", "Leiden, Netherlands", "Boston, Massachusetts", "Singapore")
MODALITIES = ("biologics_mammalian", "cell_therapy", "gene_therapy", "small_molecule_api", "fill_finish", "mrna")
SUFFIXES = ("Biologics", "Pharma", "Therapeutics", "BioServices", "Biotech", "Sciences", "Manufacturing", "Labs",
            "Bio", "Pharmaceuticals", "Medicines", "Health")
FIRST = ("Anna", "Marc", "Priya", "Kenji", "Laura", "David", "Sofia", "Rahul", "Elena", "Tom", "Mei", "Jonas")
LAST = ("Keller", "Okafor", "Sharma", "Tanaka", "Rossi", "Meyer", "Lindqvist", "Park", "Dubois", "Novak")


def vocabulary(path: Path = TRAIN) -> tuple[np.ndarray, np.ndarray]:
    """Words of the train split and their probabilities (never the locked test)."""
    counts: Counter[str] = Counter()
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            item = json.loads(line)
            counts.update(re.findall(r"[A-Za-z][A-Za-z'-]*|\d+", f"{item['title']} {item['text']}"))
    words = np.array(list(counts), dtype=object)
    weights = np.array(list(counts.values()), dtype=np.float64)
    return words, weights / weights.sum()


def organisation_names(n: int, rng: np.random.Generator, words: np.ndarray) -> list[str]:
    capitalised = sorted({w for w in words if w[:1].isupper() and w.isalpha() and 4 <= len(w) <= 10})
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < n:
        name = f"{capitalised[rng.integers(len(capitalised))]} {SUFFIXES[rng.integers(len(SUFFIXES))]}"
        if rng.random() < 0.3:
            name = f"{capitalised[rng.integers(len(capitalised))]} {name}"
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


class RealisticRecords:
    """`batches(n, size)` yields lists of enriched records in publication order, n in all."""

    def __init__(self, seed: int = 11, organisations: int = 5_000, start: datetime | None = None,
                 days: int = 3_650) -> None:
        self.rng = np.random.default_rng(seed)
        self.words, word_p = vocabulary()
        self.word_cdf = np.cumsum(word_p)
        self._stream = np.empty(0, dtype=np.int64)  # pre-drawn word numbers, consumed by _text
        self.organisations = organisation_names(organisations, self.rng, self.words)
        popularity = 1.0 / np.arange(1, organisations + 1) ** 0.9  # a few companies in much of the news
        self.org_cdf = np.cumsum(popularity)
        self._org_stream: list[int] = []
        self.start = start or datetime(2016, 1, 1, tzinfo=timezone.utc)
        self.days = days
        self._recent: list[dict] = []  # candidates for syndicated copies

    def _text(self, n_words: int) -> str:
        if len(self._stream) < n_words:
            drawn = np.searchsorted(self.word_cdf, self.rng.random(max(n_words, 2_000_000)) * self.word_cdf[-1])
            self._stream = np.concatenate([self._stream, drawn])
        chosen, self._stream = self.words[self._stream[:n_words]], self._stream[n_words:]
        sentences = [" ".join(chosen[i : i + 22]) + "." for i in range(0, n_words, 22)]
        return " ".join(sentences)

    def _embedding(self) -> np.ndarray:
        vector = self.rng.standard_normal(DIM).astype(np.float32)
        return vector / np.linalg.norm(vector)

    def _record(self, number: int, published: datetime) -> dict:
        rng = self.rng
        if self._recent and rng.random() < 1 / 12:
            return self._copy(number, published)
        pillar = PILLARS[rng.choice(4, p=(0.45, 0.2, 0.15, 0.2))]
        event = EVENTS[pillar][rng.integers(len(EVENTS[pillar]))]
        if len(self._org_stream) < 8:
            self._org_stream = list(np.minimum(np.searchsorted(self.org_cdf, rng.random(100_000) * self.org_cdf[-1]),
                                               len(self.organisations) - 1))
        picks = [self._org_stream.pop() for _ in range(int(rng.integers(1, 7)))]
        companies = list(dict.fromkeys(self.organisations[i] for i in picks))
        subject = companies[0]
        words = int(np.clip(rng.lognormal(np.log(380), 0.45), 60, 2_000))
        title = f"{subject} {self._text(int(rng.integers(6, 13))).rstrip('.')}"
        body = f"{subject} {self._text(words)}"
        people = [f"{FIRST[rng.integers(len(FIRST))]} {LAST[rng.integers(len(LAST))]}"
                  for _ in range(int(rng.integers(0, 3)))]
        roles = [{"person": p, "role": ROLES[rng.integers(len(ROLES))], "company": subject} for p in people]
        place = PLACES[rng.integers(len(PLACES))]
        entities = [{"text": c, "label": "ORG", "start": 0, "end": len(c), "canonical": c} for c in companies]
        entities += [{"text": p, "label": "PERSON", "start": 10, "end": 10 + len(p), "canonical": None} for p in people]
        entities += [{"text": place.split(",")[0], "label": "GPE", "start": 40, "end": 50, "canonical": place}]
        amount = None
        if pillar == "infrastructure" and rng.random() < 0.6:
            usd = float(rng.integers(5, 2_000)) * 1e6
            amount = {"value": usd, "currency": "USD", "usd": usd}
        record = {
            "id": f"rw{number:09d}", "url": f"https://news{number % 60}.example/{number}",
            "canonical_url": f"https://news{number % 60}.example/{number}", "source": f"source-{number % 60}",
            "title": title, "published": published.isoformat(), "author": None, "text": body, "lang": "en",
            "fetched_at": (published + timedelta(hours=2)).isoformat(), "discovered_via": "feed",
            "pillar": pillar, "pillars": [pillar],
            "pillar_scores": {p: (0.9 if p == pillar else 0.03) for p in PILLARS}, "event_type": event,
            "companies": companies, "subject_company": subject,
            "company_roles": {c: ("subject" if c == subject else "mentioned") for c in companies},
            "people": people, "roles": roles, "locations": [place], "amount": amount,
            "modalities": [MODALITIES[rng.integers(len(MODALITIES))]], "entities": entities,
            "evidence": [title], "model_version": "benchmark", "enriched_at": published.isoformat(),
            "embedding": self._embedding().tolist(),
        }
        self._recent = (self._recent + [record])[-200:]
        return record

    def _copy(self, number: int, published: datetime) -> dict:
        original = self._recent[int(self.rng.integers(len(self._recent)))]
        noise = self.rng.standard_normal(DIM).astype(np.float32) * 0.01
        vector = np.asarray(original["embedding"], dtype=np.float32) + noise
        source = f"source-{number % 60}"
        return {**original, "id": f"rw{number:09d}", "url": f"https://news{number % 60}.example/{number}",
                "canonical_url": f"https://news{number % 60}.example/{number}", "source": source,
                "published": published.isoformat(), "embedding": (vector / np.linalg.norm(vector)).tolist()}

    def batches(self, n: int, size: int, first_number: int = 0) -> Iterator[list[dict]]:
        """n records dated evenly over the period in publication order, `size` at a time."""
        step = timedelta(days=self.days) / max(n, 1)
        batch: list[dict] = []
        for i in range(n):
            batch.append(self._record(first_number + i, self.start + step * i))
            if len(batch) == size:
                yield batch
                batch = []
        if batch:
            yield batch
