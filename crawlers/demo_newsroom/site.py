"""What every demo site shares: an in-memory route table served over HTTP."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from html import escape

from crawlers.demo_newsroom.corpus import DemoArticle


@dataclass(frozen=True)
class Page:
    body: str
    content_type: str = "text/html; charset=utf-8"
    status: int = 200


@dataclass
class DemoSite(ABC):
    """A mock website: `routes` maps a path (with query) to a page. Subclasses fill it in `build`."""

    name: str
    articles: list[DemoArticle]
    base_url: str = ""
    routes: dict[str, Page] = field(default_factory=dict)
    requested: list[str] = field(default_factory=list)  # every path asked for, in order (for tests)

    @abstractmethod
    def build(self, base_url: str) -> None:
        """Fill `routes` for a site served at `base_url` (no trailing slash)."""

    def get(self, path: str) -> Page:
        return self.routes.get(path) or Page(
            "<html><body><h1>Not found</h1></body></html>", status=404
        )


def paragraphs_html(paragraphs: list[str]) -> str:
    return "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)


def rfc822(article: DemoArticle) -> str:
    return article.published.strftime("%a, %d %b %Y %H:%M:%S %z")
