"""The seen-URL store of incremental crawling: one JSON file per source under the crawl state directory.

A URL is remembered once its page was handled for good (written as an article, or recognised as not an
article). The next run skips it unless its feed or sitemap reports a newer date. The file is replaced
atomically at the end of a crawl, so a crawl that dies records nothing and its retry loses nothing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Protocol

from crawlers.state_files import read_state, write_state

FORMAT_VERSION = 1


def default_state_dir() -> Path:
    """RADAR_CRAWL_STATE, else <RADAR_DATA_DIR or ./data>/crawl_state."""
    explicit = os.environ.get("RADAR_CRAWL_STATE")
    if explicit:
        return Path(explicit)
    return Path(os.environ.get("RADAR_DATA_DIR") or "data") / "crawl_state"


class SeenUrls(Protocol):
    """What the spider and the conditional-request store ask of a seen-URL store (file or Redis)."""

    def is_fresh(self, key: str, reported: str | None) -> bool: ...
    def known(self, key: str) -> bool: ...
    def remember(self, keys: list[str], kind: str, lastmod: str | None) -> None: ...
    def save(self) -> None: ...


def is_fresh_entry(entry: dict | None, reported: str | None) -> bool:
    """A remembered URL needs no new download unless its feed/sitemap date is newer than what was seen."""
    if entry is None:
        return False
    if reported and entry.get("lastmod") and reported > entry["lastmod"]:
        return False
    if reported and not entry.get("lastmod") and reported > entry.get("seen", ""):
        return False
    return True


@dataclass
class SeenStore:
    path: Path
    urls: dict[str, dict] = field(default_factory=dict)
    changed: bool = False

    @classmethod
    def open(cls, state_dir: Path, source: str) -> "SeenStore":
        path = Path(state_dir) / "seen" / f"{source}.json"
        urls = read_state(path, FORMAT_VERSION, "urls", "seen-URL store", "delete it to crawl the source afresh")
        return cls(path, urls or {})

    def is_fresh(self, key: str, reported: str | None) -> bool:
        """True when `key` was handled before and its feed/sitemap date (if any) is not newer than then."""
        return is_fresh_entry(self.urls.get(key), reported)

    def known(self, key: str) -> bool:
        return key in self.urls

    def remember(self, keys: list[str], kind: str, lastmod: str | None) -> None:
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        for key in dict.fromkeys(keys):
            self.urls[key] = {"kind": kind, "lastmod": lastmod, "seen": now}
        self.changed = True

    def save(self) -> None:
        if not self.changed:
            return
        write_state(self.path, FORMAT_VERSION, "urls", self.urls)
        self.changed = False


def commit_deferred(state_dir: Path, source: str, deferred: list[dict], stored_ids: set[str]) -> int:
    """Remember the URLs of the deferred articles (RADAR_DEFER_SEEN lines) whose id is in `stored_ids`; return
    how many. Articles that were not stored stay unseen and are fetched again next run."""
    entries = [entry for entry in deferred if entry.get("id") in stored_ids]
    if not entries:
        return 0
    from crawlers.redis_seen_store import open_seen_store

    store = open_seen_store(state_dir, source)
    for entry in entries:
        store.remember(list(entry.get("keys") or []), "article", entry.get("lastmod"))
    store.save()
    return len(entries)
