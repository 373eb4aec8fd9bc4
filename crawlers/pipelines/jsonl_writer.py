from __future__ import annotations

import json
from typing import IO

from crawlers.pipelines.base import CrawlerAwarePipeline
from crawlers.records import CrawlRecord


class JsonlWriter(CrawlerAwarePipeline):
    """Append each article as one validated JSON line to the crawl output file, flushed at once."""

    handle: IO[str] | None = None

    def open_spider(self) -> None:
        self.handle = open(self.crawler.settings.get("RADAR_OUTPUT"), "a", encoding="utf-8")

    def close_spider(self) -> None:
        if self.handle:
            self.handle.close()

    def process_item(self, item: dict) -> dict:
        record = CrawlRecord.model_validate(item)
        assert self.handle is not None
        self.handle.write(json.dumps(record.model_dump(), ensure_ascii=False) + "\n")
        self.handle.flush()
        self.count("articles")
        return item
