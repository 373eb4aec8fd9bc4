"""Serve the demo sites on 127.0.0.1, each on its own port, for as long as the context is open."""

from __future__ import annotations

import threading
from contextlib import AbstractContextManager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml

from crawlers.demo_newsroom.corporate_newsroom_site import CorporateNewsroomSite
from crawlers.demo_newsroom.corpus import DemoArticle, load_corpus
from crawlers.demo_newsroom.press_wire_site import PressWireSite
from crawlers.demo_newsroom.site import DemoSite
from crawlers.demo_newsroom.trade_press_site import TradePressSite
from crawlers.sources import Source


def _handler_for(site: DemoSite) -> type[BaseHTTPRequestHandler]:
    class SiteHandler(BaseHTTPRequestHandler):
        server_version = "DemoNewsroom/1.0"

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            self._respond(with_body=True)

        def do_HEAD(self) -> None:  # noqa: N802
            self._respond(with_body=False)

        def _respond(self, with_body: bool) -> None:
            path = self.path.split("?", 1)[0]
            site.requested.append(path)
            page = site.get(path)
            body = page.body.encode("utf-8")
            self.send_response(page.status)
            self.send_header("Content-Type", page.content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if with_body:
                self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return SiteHandler


def build_sites(articles: list[DemoArticle]) -> list[DemoSite]:
    return [
        TradePressSite("pharmamakers-weekly", [a for a in articles if a.site == "pharmaweek"]),
        PressWireSite("biopress-wire", [a for a in articles if a.site == "biowire"]),
        CorporateNewsroomSite("alderbrook-newsroom", [a for a in articles if a.site == "alderbrook"]),
    ]


class DemoNewsroom(AbstractContextManager["DemoNewsroom"]):
    """The three demo sites, served until the context closes."""

    def __init__(self, articles: list[DemoArticle] | None = None, host: str = "127.0.0.1",
                 ports: tuple[int, ...] | None = None) -> None:
        """`ports`: one per site (fixed ports keep article URLs, hence ids, stable across demo runs); default: any free."""
        self.sites = build_sites(load_corpus() if articles is None else articles)
        self.host = host
        self.ports = ports or (0,) * len(self.sites)
        self._servers: list[ThreadingHTTPServer] = []

    def __enter__(self) -> "DemoNewsroom":
        for site, port in zip(self.sites, self.ports, strict=True):
            try:
                server = ThreadingHTTPServer((self.host, port), _handler_for(site))
            except OSError as exc:
                self.__exit__()
                raise OSError(f"demo site {site.name}: cannot listen on {self.host}:{port} ({exc.strerror})") from None
            server.daemon_threads = True
            site.build(f"http://{self.host}:{server.server_address[1]}")
            threading.Thread(target=server.serve_forever, name=f"demo-{site.name}", daemon=True).start()
            self._servers.append(server)
        return self

    def __exit__(self, *exc: object) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()
        self._servers.clear()

    def sources(self) -> list[Source]:
        entries = {
            "pharmamakers-weekly": {"kind": "trade_press", "feeds": ["/feed/"], "listings": ["/news/"]},
            "biopress-wire": {"kind": "wire", "feeds": ["/releases.atom"]},
            "alderbrook-newsroom": {"kind": "newsroom", "sitemaps": ["/sitemap.xml"]},
        }
        sources = []
        for site in self.sites:
            entry = entries[site.name]
            sources.append(
                Source(
                    name=site.name,
                    kind=entry["kind"],
                    home=f"{site.base_url}/",
                    feeds=[site.base_url + p for p in entry.get("feeds", [])],
                    sitemaps=[site.base_url + p for p in entry.get("sitemaps", [])],
                    listings=[site.base_url + p for p in entry.get("listings", [])],
                    max_pages=20,
                )
            )
        return sources

    def write_sources_yaml(self, path: Path) -> Path:
        data = {"sources": [s.model_dump(mode="json") for s in self.sources()]}
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        return path
