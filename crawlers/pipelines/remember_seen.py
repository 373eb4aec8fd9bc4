from __future__ import annotations

import json

from crawlers.pipelines.base import CrawlerAwarePipeline


class RememberSeenArticles(CrawlerAwarePipeline):
    """After an article is written, remember its URLs so that the next crawl does not download it again.

    With the setting RADAR_DEFER_SEEN (a file path), the URLs are written there instead, one JSON line per
    article, and the caller remembers them only once the article is safely stored (crawlers.seen_store.
    commit_deferred): the pipeline flow does so after its load is published, so a failed load loses nothing.
    """

    def process_item(self, item: dict) -> dict:
        spider = self.crawler.spider
        keys = item.get("_seen_keys") or [item["canonical_url"]]
        deferred = self.crawler.settings.get("RADAR_DEFER_SEEN")
        if deferred:
            with open(deferred, "a", encoding="utf-8") as handle:
                handle.write(json.dumps({"id": item["id"], "keys": keys, "lastmod": item.get("_reported")}) + "\n")
        else:
            spider.seen.remember(keys, "article", item.get("_reported"))
        return item
