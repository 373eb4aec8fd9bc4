"""The seen-URL store in Redis, shared by every crawl worker (RADAR_REDIS_URL), one hash per source.

Same contract as the file store (crawlers/seen_store.py): reads see what any worker recorded in any finished run;
this run's URLs are written when the crawl closes, so a crawl that dies records nothing and its retry loses
nothing. The hash never expires: it is the crawl's memory across runs, as the file is.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from crawlers.seen_store import SeenStore, SeenUrls, is_fresh_entry


def seen_key(source: str) -> str:
    return f"radar:seen:{source}"


@dataclass
class RedisSeenStore:
    client: Any  # redis.Redis
    source: str
    pending: dict[str, dict] = field(default_factory=dict)

    def _entry(self, key: str) -> dict | None:
        if key in self.pending:
            return self.pending[key]
        raw = self.client.hget(seen_key(self.source), key)
        return json.loads(raw) if raw else None

    def is_fresh(self, key: str, reported: str | None) -> bool:
        return is_fresh_entry(self._entry(key), reported)

    def known(self, key: str) -> bool:
        return key in self.pending or bool(self.client.hexists(seen_key(self.source), key))

    def remember(self, keys: list[str], kind: str, lastmod: str | None) -> None:
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        for key in dict.fromkeys(keys):
            self.pending[key] = {"kind": kind, "lastmod": lastmod, "seen": now}

    def save(self) -> None:
        if not self.pending:
            return
        self.client.hset(seen_key(self.source), mapping={k: json.dumps(v, sort_keys=True)
                                                          for k, v in self.pending.items()})
        self.pending.clear()


def open_seen_store(state_dir: Path, source: str) -> SeenUrls:
    """The Redis store when RADAR_REDIS_URL is set (all workers share it), else the source's file."""
    url = os.environ.get("RADAR_REDIS_URL")
    if not url:
        return SeenStore.open(state_dir, source)
    import redis

    return RedisSeenStore(redis.Redis.from_url(url), source)
