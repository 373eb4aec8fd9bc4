"""AutoThrottle that never goes below a host's robots.txt Crawl-delay (stock AutoThrottle would lower it)."""

from __future__ import annotations

from typing import Any

from scrapy.extensions.throttle import AutoThrottle


class PoliteAutoThrottle(AutoThrottle):
    def _adjust_delay(self, slot: Any, latency: float, response: Any) -> None:
        super()._adjust_delay(slot, latency, response)
        downloader = self.crawler.engine.downloader
        key = next((k for k, v in downloader.slots.items() if v is slot), None)
        floor = downloader.per_slot_settings.get(key, {}).get("delay", 0.0) if key else 0.0
        slot.delay = max(slot.delay, floor)
