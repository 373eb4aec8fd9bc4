from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import IO

from crawlers.pipelines.base import CrawlerAwarePipeline
from crawlers.records import CrawlRecord


class JsonlWriter(CrawlerAwarePipeline):
    """Append each article as one validated JSON line to the crawl output file, flushed at once.

    Keys starting with "_" are the spider's notes to later pipelines and never reach the file.
    """

    handle: IO[str] | None = None

    def open_spider(self) -> None:
        # "{source}" and "{time}" let a Scrapyd node give every job its own file (crawlers/scrapy_project.py).
        path = Path(self.crawler.settings.get("RADAR_OUTPUT").format(
            source=self.crawler.spider.name, time=datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")))
        path.parent.mkdir(parents=True, exist_ok=True)
        self.handle = open(path, "a", encoding="utf-8")

    def close_spider(self) -> None:
        if self.handle:
            self.handle.close()

    def process_item(self, item: dict) -> dict:
        record = CrawlRecord.model_validate({k: v for k, v in item.items() if not k.startswith("_")})
        assert self.handle is not None
        self.handle.write(json.dumps(record.model_dump(), ensure_ascii=False) + "\n")
        self.handle.flush()
        self.count("articles")
        if item.get("_changed"):
            self.count("articles_updated")
        return item
