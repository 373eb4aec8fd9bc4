"""Resolve organisation mentions to canonical company names using the knowledge base in the repo.

Resolution order: exact written form, normalised form (legal suffix, "Group", possessive, leading "the",
"&"/"and"), the name without a trade descriptor ("Vertex Pharmaceuticals" → "Vertex"), then a fuzzy match
(rapidfuzz) for spelling variants. Unknown names are kept as found (tidied).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

KNOWLEDGE_BASE = Path(__file__).parent / "data" / "companies.yaml"
# Extra knowledge-base files read after companies.yaml (os.pathsep-separated): the demo's fictional companies,
# a team's local additions. An overlay entry with a name already known replaces that entry.
OVERLAY_ENV = "RADAR_KB_OVERLAY"

# Legal forms proper ("Inc.", "AG", "GmbH"), and the words the knowledge base also reads as a suffix when it
# matches a mention ("Group", "Holdings", "Co."), which an unknown company keeps as part of its name.
_LEGAL_FORMS = (r"inc\.?|incorporated|corp\.?|corporation|ltd\.?|limited|llc|l\.l\.c\.|plc|ag|sa|s\.a\.|se|spa|"
                r"s\.p\.a\.|s\.r\.l\.|srl|gmbh|gmbh & co\. kg|kg|nv|n\.v\.|bv|b\.v\.|ab|a/s|asa|oy|oyj|k\.k\.|"
                r"pte\.? ltd\.?|pvt\.? ltd\.?|pvt\.?|private limited")
_SUFFIX_WORDS = r"co\.?|company|as|kgaa|holdings?|holding ag|group"
LEGAL_SUFFIXES = re.compile(rf"[,\s]+({_LEGAL_FORMS}|{_SUFFIX_WORDS})$", re.IGNORECASE)
LEGAL_FORMS = re.compile(rf"[,\s]+({_LEGAL_FORMS})$", re.IGNORECASE)
# Words that describe the trade rather than name the firm; dropped only as a fallback lookup.
DESCRIPTORS = re.compile(
    r"\s+(pharmaceuticals?|pharma|biopharma(?:ceuticals)?|therapeutics|biotherapeutics|biosciences?|life sciences|"
    r"laboratories|labs|technologies|solutions|services|manufacturing|international|global|drug delivery|"
    r"healthcare|biotech|biotechnology|medicines?)$",
    re.IGNORECASE,
)
FUZZY_MIN_SCORE = 90
FUZZY_MIN_LENGTH = 6


@dataclass(frozen=True)
class Company:
    name: str
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    hq_country: str | None = None
    is_cdmo: bool = False


def normalise(name: str) -> str:
    """Comparable key: no possessive, leading article or legal suffix, "&" read as "and", case-folded."""
    text = " ".join(name.replace("\u2019", "'").split())
    text = re.sub(r"'s?$", "", text)
    text = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
    previous = None
    while previous != text:
        previous = text
        text = LEGAL_SUFFIXES.sub("", text).strip(" ,.")
    return text.replace(" & ", " and ").casefold()


def tidy(mention: str) -> str:
    """A mention as found, minus possessive, leading article and surrounding punctuation."""
    text = " ".join(mention.replace("\u2019", "'").split()).strip(" ,;:()\"")
    text = re.sub(r"\s*'s?$", "", text)
    return re.sub(r"^the\s+", "", text, flags=re.IGNORECASE).strip()


# "French CDMO Novasep", "CDMO Therapure Biopharma", "Korean drugmaker Samsung Biologics": a descriptor written
# in front of a name is not part of it.
LEADING_DESCRIPTOR = re.compile(
    r"^(?:(?:[A-Z][a-z]+|US|UK|U\.S\.|EU)\s+)?(?:CDMOs?|CMOs?|CRDMOs?|CROs?|drugmaker|biotech|pharma(?:ceutical)? "
    r"(?:company|group|maker)|contract manufacturer)\s+(?=[A-Z0-9])")


def without_descriptor(name: str) -> str:
    stripped = LEADING_DESCRIPTOR.sub("", name)
    return stripped if len(stripped) >= 2 else name


def without_legal_suffix(name: str) -> str:
    """"Corvane Therapeutics, Inc." → "Corvane Therapeutics": an unknown company keeps its name, not its form."""
    previous, text = None, name
    while previous != text:
        previous = text
        text = LEGAL_FORMS.sub("", text).strip(" ,")
    return text or name


def acronym(name: str) -> str:
    """Initials of the capitalised words: "Center for Breakthrough Medicines" → "CBM"."""
    return "".join(w[0] for w in re.split(r"[\s-]+", name) if w[:1].isupper())


@dataclass
class CompanyIndex:
    companies: dict[str, Company]
    # Publishers and wires (casefolded): they print the news, they are not organisations of it.
    outlets: frozenset[str] = frozenset()
    by_key: dict[str, str] = field(default_factory=dict)
    by_descriptorless: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        ambiguous: set[str] = set()
        for company in self.companies.values():
            for written in (company.name, *company.aliases):
                self.by_key.setdefault(normalise(written), company.name)
                self.by_key.setdefault(written.casefold(), company.name)
                short = DESCRIPTORS.sub("", normalise(written))
                if short in self.by_descriptorless and self.by_descriptorless[short] != company.name:
                    ambiguous.add(short)
                self.by_descriptorless.setdefault(short, company.name)
        for key in ambiguous:
            del self.by_descriptorless[key]
        self._fuzzy_keys = [k for k in self.by_key if len(k) >= FUZZY_MIN_LENGTH]

    def resolve(self, mention: str) -> str | None:
        """Canonical name of a known company, or None."""
        found = self.by_key.get(mention.casefold()) or self.by_key.get(normalise(mention))
        if found:
            return found
        key = normalise(mention)
        short = DESCRIPTORS.sub("", key)
        if len(short) >= 4 and short in self.by_descriptorless:
            return self.by_descriptorless[short]
        if len(key) >= FUZZY_MIN_LENGTH:
            from rapidfuzz import fuzz, process

            match = process.extractOne(key, self._fuzzy_keys, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN_SCORE)
            if match:
                return self.by_key[match[0]]
        return None

    def canonical(self, mention: str) -> str:
        """Canonical name if known, else the mention tidied (legal suffix kept as found)."""
        return self.resolve(mention) or tidy(mention)

    def parent_of(self, name: str) -> str | None:
        company = self.companies.get(name)
        return company.parent if company else None


def knowledge_base_files(spec: Path | str | None = None) -> tuple[Path, ...]:
    """The files that make the knowledge base: `spec` (one path, or several joined by os.pathsep), else
    companies.yaml followed by the overlays named in RADAR_KB_OVERLAY."""
    if spec is None:
        overlays = [p for p in os.environ.get(OVERLAY_ENV, "").split(os.pathsep) if p.strip()]
        return (KNOWLEDGE_BASE, *(Path(p) for p in overlays))
    return tuple(Path(p) for p in str(spec).split(os.pathsep) if p.strip())


def knowledge_base_spec() -> str:
    """The current knowledge base as one string (what the spaCy components' `knowledge_base` setting takes)."""
    return os.pathsep.join(str(p) for p in knowledge_base_files())


def company_index(path: Path | str | None = None) -> CompanyIndex:
    """The knowledge base of `path` (see knowledge_base_files), built once per set of files."""
    return _company_index(knowledge_base_files(path))


@lru_cache(maxsize=4)
def _company_index(paths: tuple[Path, ...]) -> CompanyIndex:
    companies: dict[str, Company] = {}
    outlets: set[str] = set()
    for path in paths:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            raw = data.get("companies") or []
            outlets.update(str(name).casefold() for name in data.get("outlets") or [])
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise ValueError(f"{path}: cannot read the knowledge base ({exc.__class__.__name__}: {exc})") from None
        for number, entry in enumerate(raw, start=1):
            if not isinstance(entry, dict) or not entry.get("name"):
                raise ValueError(f"{path}: company #{number}: needs a name")
            companies[entry["name"]] = Company(
                name=entry["name"], aliases=tuple(entry.get("aliases") or ()), parent=entry.get("parent"),
                hq_country=entry.get("hq_country"), is_cdmo=bool(entry.get("is_cdmo")),
            )
    return CompanyIndex(companies, outlets=frozenset(outlets))
