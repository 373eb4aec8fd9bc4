"""A recorded fixture folder: a source's pages as the crawler fetched them from the live site.

`radar sources record` writes one (crawlers/record.py); the replay mirror (crawlers/replay_server.py) serves it
the way it serves a hand-written imitation folder. The folder holds `manifest.json` (this module's `Manifest`)
and one gzipped file per page, holding the body exactly as the crawler received it (transfer encoding removed;
a page that is itself a .gz file stays gzip inside). A hand-written imitation folder has `routes.yaml` instead.
"""

from __future__ import annotations

import gzip
import hashlib
import re
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, ValidationError

MANIFEST = "manifest.json"
ROUTES = "routes.yaml"
PageKind = Literal["robots", "feed", "sitemap", "listing", "article", "page", "redirect"]
_SLUG = re.compile(r"[^a-z0-9]+")


class RecordedPage(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str
    kind: PageKind
    status: int
    fetched_at: str  # ISO instant, UTC
    file: str | None = None  # none for a redirect
    content_type: str | None = None
    sha256: str | None = None  # of the body as served (the file unpacked)
    bytes: int = 0
    location: str | None = None  # a redirect's target
    last_modified: str | None = None  # the server's header, served again on replay
    published: str | None = None  # an article's publication date as the crawler found it
    date_source: str | None = None
    truncated: bool = False  # an article page cut at RADAR_PAGE_CAP


class Manifest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    source: str
    recorded_at: str
    user_agent: str
    articles_asked: int
    pages: list[RecordedPage]


def folder_kind(folder: Path) -> Literal["recorded", "imitation"] | None:
    """`recorded` (manifest.json), `imitation` (hand-written, routes.yaml), or None for neither."""
    if (folder / MANIFEST).is_file():
        return "recorded"
    if (folder / ROUTES).is_file():
        return "imitation"
    return None


def read_manifest(folder: Path) -> Manifest:
    path = folder / MANIFEST
    try:
        return Manifest.model_validate_json(path.read_bytes())
    except (OSError, ValidationError) as exc:
        raise ValueError(f"{path}: not a recording manifest ({str(exc).splitlines()[0]})") from None


def read_body(folder: Path, page: RecordedPage) -> bytes:
    """A page's body, checked against its sha256 (a hand-edited or damaged file is refused, naming it)."""
    if page.file is None:
        return b""
    path = folder / page.file
    try:
        body = gzip.decompress(path.read_bytes())
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise ValueError(f"{path}: cannot read the recorded page of {page.url} ({exc})") from None
    if page.sha256 and hashlib.sha256(body).hexdigest() != page.sha256:
        raise ValueError(f"{path}: does not match the sha256 recorded for {page.url}")
    return body


def file_name(url: str, content_type: str | None, taken: set[str]) -> str:
    """`<path slug>.<html|xml|txt|json|bin>.gz`, unique within the folder."""
    parts = urlsplit(url)
    if parts.path == "/robots.txt":
        stem = "robots"
    else:
        stem = _SLUG.sub("-", f"{parts.path} {parts.query}".lower()).strip("-")[-60:].strip("-") or "home"
    kind = (content_type or "").lower()
    ext = "xml" if "xml" in kind else "html" if "html" in kind else "json" if "json" in kind \
        else "txt" if "text/plain" in kind else "bin"
    name, n = f"{stem}.{ext}.gz", 1
    while name in taken:
        n += 1
        name = f"{stem}-{n}.{ext}.gz"
    taken.add(name)
    return name


def sha256(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()
