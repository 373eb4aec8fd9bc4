"""Resolve organisation mentions to canonical company names using the knowledge base in the repo."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

KNOWLEDGE_BASE = Path(__file__).parent / "data" / "companies.yaml"

LEGAL_SUFFIXES = re.compile(
    r"[,\s]+(inc\.?|incorporated|corp\.?|corporation|co\.?|company|ltd\.?|limited|llc|l\.l\.c\.|plc|ag|sa|s\.a\.|"
    r"se|spa|s\.p\.a\.|gmbh|nv|n\.v\.|bv|b\.v\.|ab|a/s|as|kgaa|holdings?|group)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Company:
    name: str
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    hq_country: str | None = None
    is_cdmo: bool = False


def normalise(name: str) -> str:
    """Comparable key: no possessive, leading article or legal suffix, case-folded, single spaces."""
    text = " ".join(name.replace("\u2019", "'").split())
    text = re.sub(r"'s?$", "", text)
    text = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
    previous = None
    while previous != text:
        previous = text
        text = LEGAL_SUFFIXES.sub("", text).strip(" ,.")
    return text.casefold()


@dataclass
class CompanyIndex:
    companies: dict[str, Company]
    by_key: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for company in self.companies.values():
            for written in (company.name, *company.aliases):
                self.by_key.setdefault(normalise(written), company.name)
                self.by_key.setdefault(written.casefold(), company.name)

    def resolve(self, mention: str) -> str | None:
        """Canonical name of a known company, or None."""
        return self.by_key.get(mention.casefold()) or self.by_key.get(normalise(mention))

    def canonical(self, mention: str) -> str:
        """Canonical name if known, else the mention tidied (possessive and legal suffix kept as found)."""
        known = self.resolve(mention)
        if known:
            return known
        return re.sub(r"['\u2019]s$", "", " ".join(mention.split()))


@lru_cache(maxsize=1)
def company_index(path: Path = KNOWLEDGE_BASE) -> CompanyIndex:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))["companies"]
    companies = {
        entry["name"]: Company(
            name=entry["name"], aliases=tuple(entry.get("aliases") or ()), parent=entry.get("parent"),
            hq_country=entry.get("hq_country"), is_cdmo=bool(entry.get("is_cdmo")),
        )
        for entry in raw
    }
    return CompanyIndex(companies)
