"""A fast stand-in for the Enricher in reprocess tests, and raw crawl records to feed it.

It counts what it is given and the enriched records alive at once (each output is a `Tracked` dict that counts
itself), and fails on a title of "boom", as a record that breaks the models would.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class Tracked(dict):
    alive = 0
    most_alive = 0

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        Tracked.alive += 1
        Tracked.most_alive = max(Tracked.most_alive, Tracked.alive)

    def __del__(self) -> None:
        Tracked.alive -= 1

    @classmethod
    def reset(cls) -> None:
        cls.alive = cls.most_alive = 0


@dataclass
class FakeEnricher:
    model_version: str = "fake-1"
    batches: list[int] = field(default_factory=list)  # the size of every batch asked for
    enriched_ids: list[str] = field(default_factory=list)
    closed: bool = False

    def enrich(self, records: list[dict]) -> list[dict]:
        self.batches.append(len(records))
        if any(r.get("title") == "boom" for r in records):
            raise RuntimeError("the model choked")
        self.enriched_ids += [r["id"] for r in records]
        return [Tracked(r, pillar="infrastructure", pillars=["infrastructure"], event_type="facility_investment",
                        companies=["Lonza"], subject_company="Lonza", model_version=self.model_version,
                        enriched_at="2025-03-06T10:00:00+00:00") for r in records]

    def close(self) -> None:
        self.closed = True


def raw_record(id: str, *, title: str = "Lonza opens a plant in Visp", fetched_at: str = "2025-03-05T10:00:00+00:00",
               text: str = "Lonza opened a new plant in Visp, Switzerland, on Monday.", **more: object) -> dict:
    return {"id": id, "url": f"https://news.example/{id}", "canonical_url": f"https://news.example/{id}",
            "source": "example", "title": title, "text": text, "published": "2025-03-04T10:00:00+00:00",
            "fetched_at": fetched_at, "lang": "en", "discovered_via": "feed", "author": None, **more}
