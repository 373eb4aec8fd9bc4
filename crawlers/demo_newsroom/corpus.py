"""The bundled demo corpus: articles written for this project, published by the demo sites."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

ARTICLES_DIR = Path(__file__).parent / "articles"

SiteName = Literal["pharmaweek", "biowire", "alderbrook"]


class DemoArticle(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    site: SiteName
    slug: str
    title: str
    dek: str
    published: datetime
    author: str | None
    section: str
    paragraphs: list[str]
    about: str | None
    contact: str | None
    disclaimer: str | None
    syndicated_from: str | None
    labels: dict


def load_corpus(directory: Path = ARTICLES_DIR) -> list[DemoArticle]:
    """Every demo article, oldest first. A bad line is reported with its file and line number."""
    articles: list[DemoArticle] = []
    for path in sorted(directory.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                articles.append(DemoArticle.model_validate(json.loads(line)))
            except ValueError as exc:
                raise ValueError(f"{path}:{number}: {str(exc).splitlines()[0]}") from None
    return sorted(articles, key=lambda a: (a.published, a.id))
