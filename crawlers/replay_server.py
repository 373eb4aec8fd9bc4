"""Serve the fixture pages of many sources on 127.0.0.1 for offline crawls (`--replay`).

A fixture folder is either a hand-written imitation of a site, `routes.yaml` (real URL → file, or → {file, status,
content_type, location}) and the files, or a recording of the live site made by `radar sources record`
(`manifest.json` and gzipped pages, crawlers/recording.py), served with the status, content type and
Last-Modified it was recorded with. The server answers /<host>/<path>?<query>, which is where
crawlers/replay.py sends every request. Unknown URLs get a 404. Every request is logged, so tests can check
robots.txt was obeyed.
"""

from __future__ import annotations

import threading
import time
from contextlib import AbstractContextManager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from crawlers.recording import ROUTES, folder_kind, read_body, read_manifest
from crawlers.urls import canonicalize_url

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8", ".htm": "text/html; charset=utf-8", ".xml": "application/xml",
    ".rss": "application/rss+xml; charset=utf-8", ".atom": "application/atom+xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8", ".json": "application/json",
}


@dataclass(frozen=True)
class Route:
    body: bytes
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    location: str | None = None
    headers: tuple[tuple[str, str], ...] = ()  # further headers a recorded page was served with


def route_key(url: str) -> str:
    """host/path?query of a URL, the scheme dropped (the mirror serves http and https alike)."""
    parts = urlsplit(url)
    return f"{parts.netloc.lower()}{parts.path or '/'}" + (f"?{parts.query}" if parts.query else "")


def load_routes(folder: Path) -> dict[str, Route]:
    """The routes of one source's fixture folder, recorded or hand-written; a bad entry is refused naming the
    file and URL."""
    if folder_kind(folder) == "recorded":
        return recorded_routes(folder)
    routes_file = folder / ROUTES
    data = yaml.safe_load(routes_file.read_text(encoding="utf-8")) or {}
    routes: dict[str, Route] = {}
    for url, spec in data.items():
        spec = {"file": spec} if isinstance(spec, str) else dict(spec or {})
        body = b""
        if spec.get("file"):
            path = folder / spec["file"]
            if not path.is_file():
                raise ValueError(f"{routes_file}: {url}: no file {spec['file']!r}")
            body = path.read_bytes()
        suffix = Path(spec.get("file") or "").suffix
        routes[route_key(url)] = Route(
            body=body, status=int(spec.get("status", 200)),
            content_type=spec.get("content_type") or CONTENT_TYPES.get(suffix, "text/html; charset=utf-8"),
            location=spec.get("location"),
        )
    return routes


def recorded_routes(folder: Path) -> dict[str, Route]:
    routes: dict[str, Route] = {}
    for page in read_manifest(folder).pages:
        headers = (("Last-Modified", page.last_modified),) if page.last_modified else ()
        routes[route_key(page.url)] = Route(body=read_body(folder, page), status=page.status,
                                            content_type=page.content_type or "application/octet-stream",
                                            location=page.location, headers=headers)
    return routes


class FixtureMirror(AbstractContextManager["FixtureMirror"]):
    """All fixture folders under `root`, served on one port for as long as the context is open."""

    def __init__(self, root: Path | None = None, only: set[str] | None = None,
                 routes: dict[str, Route] | None = None) -> None:
        """Serve the fixture folders under `root` (or `only` some), and/or `routes` given as URL → Route."""
        self.routes: dict[str, Route] = {}
        if root is not None:
            for folder in sorted(p for p in Path(root).iterdir() if p.is_dir() and folder_kind(p)):
                if only is None or folder.name in only:
                    self.routes.update(load_routes(folder))
        for url, route in (routes or {}).items():
            self.routes[route_key(url)] = route
        self.requested: list[str] = []
        self.request_times: list[tuple[float, str]] = []  # (time.monotonic(), key), for politeness tests
        self._server: ThreadingHTTPServer | None = None
        self.url = ""

    def __enter__(self) -> "FixtureMirror":
        mirror = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                key = self.path.lstrip("/")
                mirror.requested.append(key)
                mirror.request_times.append((time.monotonic(), key))
                # Like the real sites, the mirror ignores tracking parameters (utm_source=rss, ...).
                route = mirror.routes.get(key) or mirror.routes.get(route_key(canonicalize_url("http://" + key))) \
                    or Route(b"<html><body><h1>Not found</h1></body></html>", 404)
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                if route.location:
                    self.send_header("Location", route.location)
                for name, value in route.headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self.wfile.write(route.body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, name="fixture-mirror", daemon=True).start()
        return self

    def set(self, url: str, body: str | bytes, status: int = 200, content_type: str | None = None) -> None:
        """Add or replace one page while serving (a site that changes between two crawls)."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        suffix = Path(urlsplit(url).path).suffix
        self.routes[route_key(url)] = Route(data, status, content_type or CONTENT_TYPES.get(suffix, CONTENT_TYPES[".html"]))

    def __exit__(self, *exc: object) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
