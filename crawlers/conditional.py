"""Conditional GET for a source's feeds, sitemaps and listing pages: the last response's ETag and Last-Modified,
kept in the crawl state directory next to the seen-URL store (`validators/<source>.json`), go out as
If-None-Match / If-Modified-Since; a 304 answer means nothing new there.

A validator is used only while every story its last full response listed is in the seen-URL store. Otherwise a
304 would hide for good a story that was listed but never stored: a crawl cut short, a load that failed after
the crawl (RADAR_DEFER_SEEN), a page that failed to download. Like the seen store, the file is replaced
atomically when the crawl closes.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from crawlers.seen_store import SeenUrls
from crawlers.state_files import read_state, write_state

FORMAT_VERSION = 1


@dataclass(frozen=True)
class Validator:
    etag: str | None
    last_modified: str | None
    keys: tuple[str, ...] = ()  # the stories the response listed (canonical URLs)
    children: tuple[str, ...] = ()  # a sitemap index's sitemaps, fetched again (conditionally) on a 304


@dataclass
class ValidatorStore:
    path: Path
    entries: dict[str, Validator] = field(default_factory=dict)
    changed: bool = False

    @classmethod
    def open(cls, state_dir: Path, source: str) -> "ValidatorStore":
        path = Path(state_dir) / "validators" / f"{source}.json"
        remedy = "delete it to fetch every entry point in full"
        stored = read_state(path, FORMAT_VERSION, "entries", "validator store", remedy)
        try:
            entries = {url: Validator(e.get("etag"), e.get("last_modified"), tuple(e.get("keys") or ()),
                                      tuple(e.get("children") or ())) for url, e in (stored or {}).items()}
        except (TypeError, AttributeError) as exc:
            raise ValueError(f"{path}: unreadable validator store ({exc}); {remedy}") from None
        return cls(path, entries)

    def request_headers(self, url: str, seen: SeenUrls) -> dict[str, str]:
        """If-None-Match / If-Modified-Since for `url`, or none (never fetched, no validator, or a story it
        listed last time is not stored)."""
        entry = self.entries.get(url)
        if entry is None or not all(seen.known(key) for key in entry.keys):
            return {}
        headers = {}
        if entry.etag:
            headers["If-None-Match"] = entry.etag
        if entry.last_modified:
            headers["If-Modified-Since"] = entry.last_modified
        return headers

    def children(self, url: str) -> tuple[str, ...]:
        entry = self.entries.get(url)
        return entry.children if entry else ()

    def record(self, url: str, etag: str | None, last_modified: str | None, keys: list[str],
               children: list[str] | None = None) -> None:
        """Remember a full response's validators with what it listed; forget `url` when it sent none."""
        if not etag and not last_modified:
            if self.entries.pop(url, None) is not None:
                self.changed = True
            return
        self.entries[url] = Validator(etag, last_modified, tuple(dict.fromkeys(keys)), tuple(dict.fromkeys(children or ())))
        self.changed = True

    def save(self) -> None:
        if not self.changed:
            return
        entries = {url: {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(e).items()}
                   for url, e in self.entries.items()}
        write_state(self.path, FORMAT_VERSION, "entries", entries)
        self.changed = False
