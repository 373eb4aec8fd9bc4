"""Resolve organisation mentions to canonical company names using the knowledge base in the repo.

Resolution order: exact written form, normalised form (legal suffix, "Group", possessive, leading "the",
"&"/"and"), the name without a trade descriptor ("Vertex Pharmaceuticals" → "Vertex"), then a fuzzy match
(rapidfuzz) for spelling variants. Unknown names are kept as found (tidied).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import yaml

KNOWLEDGE_BASE = Path(__file__).parent.parent / "data" / "companies.yaml"
# Extra knowledge-base files read after companies.yaml (os.pathsep-separated): the demo's fictional companies,
# a team's local additions. An overlay entry with a name already known replaces that entry.
OVERLAY_ENV = "RADAR_KB_OVERLAY"
# The analysts' own overlay: organisations accepted in the dashboard's knowledge-base queue (read when it exists).
LOCAL_OVERLAY_ENV = "RADAR_KB_LOCAL"
LOCAL_OVERLAY_DEFAULT = Path("data") / "kb_overlay.yaml"
# What an organisation is, for filters and for telling a CDMO from its customers, owners and regulators.
ORGANISATION_TYPES = ("cdmo", "pharma", "biotech", "vendor", "investor", "regulator", "government", "academic",
                      "exchange", "other")

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
# libyaml's safe loader when PyYAML was built with it: the same data as yaml.safe_load, 0.13 s instead of 0.85 s
# for companies.yaml here, which every enricher and every warehouse publish reads once per process.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
FUZZY_MIN_LENGTH = 6


@dataclass(frozen=True)
class FormerName:
    """A name the organisation used until `until` (a year or an ISO date); news still writes it."""

    name: str
    until: str | None = None


@dataclass(frozen=True)
class Company:
    name: str
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    hq_country: str | None = None
    is_cdmo: bool = False
    type: str | None = None
    former_names: tuple[FormerName, ...] = ()

    @property
    def written_forms(self) -> tuple[str, ...]:
        """Every way the knowledge base lets news write this organisation: name, aliases, former names."""
        return (self.name, *self.aliases, *(f.name for f in self.former_names))


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
    # Only the forms the knowledge base lists (case-folded), without the keys normalise() derives from them.
    by_written: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        ambiguous: set[str] = set()
        for company in self.companies.values():
            for written in company.written_forms:
                self.by_written.setdefault(written.casefold(), company.name)
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

    def resolve_written(self, mention: str) -> str | None:
        """Canonical name when the mention is one of the forms the knowledge base lists (any case), else None."""
        return self.by_written.get(" ".join(mention.split()).casefold())

    def canonical(self, mention: str) -> str:
        """Canonical name if known, else the mention tidied (legal suffix kept as found)."""
        return self.resolve(mention) or tidy(mention)

    def parent_of(self, name: str) -> str | None:
        company = self.companies.get(name)
        return company.parent if company else None


def local_overlay_path() -> Path:
    """The analysts' overlay file: RADAR_KB_LOCAL, else data/kb_overlay.yaml (relative to the working directory)."""
    return Path(os.environ.get(LOCAL_OVERLAY_ENV) or LOCAL_OVERLAY_DEFAULT)


def knowledge_base_files(spec: Path | str | None = None) -> tuple[Path, ...]:
    """The files that make the knowledge base: `spec` (one path, or several joined by os.pathsep), else
    companies.yaml followed by the overlays named in RADAR_KB_OVERLAY and the analysts' overlay, when it exists."""
    if spec is None:
        overlays = [Path(p) for p in os.environ.get(OVERLAY_ENV, "").split(os.pathsep) if p.strip()]
        local = local_overlay_path()
        if local.is_file() and local not in overlays:
            overlays.append(local)
        return (KNOWLEDGE_BASE, *overlays)
    return tuple(Path(p) for p in str(spec).split(os.pathsep) if p.strip())


def knowledge_base_spec() -> str:
    """The current knowledge base as one string (what the spaCy components' `knowledge_base` setting takes)."""
    return os.pathsep.join(str(p) for p in knowledge_base_files())


def company_index(path: Path | str | None = None) -> CompanyIndex:
    """The knowledge base of `path` (see knowledge_base_files), built once per set of files and their versions
    (an analyst's accepted entry changes the overlay file, and the next call sees it)."""
    paths = knowledge_base_files(path)
    return _company_index(paths, tuple(_file_version(p) for p in paths))


def _file_version(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


@lru_cache(maxsize=8)
def _company_index(paths: tuple[Path, ...], versions: tuple[tuple[int, int] | None, ...] = ()) -> CompanyIndex:
    companies: dict[str, Company] = {}
    outlets: set[str] = set()
    for path in paths:
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {}
            raw = data.get("companies") or []
            extra_aliases = data.get("aliases") or []
            outlets.update(str(name).casefold() for name in data.get("outlets") or [])
        except (OSError, UnicodeDecodeError, yaml.YAMLError, AttributeError) as exc:
            raise ValueError(f"{path}: cannot read the knowledge base ({exc.__class__.__name__}: {exc})") from None
        for number, entry in enumerate(raw, start=1):
            company = company_from_entry(entry, f"{path}: company #{number}")
            companies[company.name] = company
        for number, entry in enumerate(extra_aliases, start=1):
            # An overlay's `aliases:` adds written forms to an organisation another file defines.
            where = f"{path}: alias #{number}"
            if not isinstance(entry, dict) or not entry.get("company") or not entry.get("alias"):
                raise ValueError(f"{where}: needs a company and an alias")
            target = companies.get(str(entry["company"]))
            if target is None:
                raise ValueError(f"{where}: {entry['company']!r} is not in the knowledge base")
            companies[target.name] = replace(target, aliases=(*target.aliases, str(entry["alias"])))
    return CompanyIndex(companies, outlets=frozenset(outlets))


def company_from_entry(entry: object, where: str) -> Company:
    """One knowledge-base entry read and checked field by field (ValueError naming `where` when malformed)."""
    if not isinstance(entry, dict) or not entry.get("name"):
        raise ValueError(f"{where}: needs a name")
    kind = entry.get("type")
    if kind is not None and kind not in ORGANISATION_TYPES:
        raise ValueError(f"{where} ({entry['name']}): type {kind!r} is not one of {', '.join(ORGANISATION_TYPES)}")
    former: list[FormerName] = []
    for item in entry.get("former_names") or []:
        if not isinstance(item, dict) or not item.get("name"):
            raise ValueError(f"{where} ({entry['name']}): a former name needs a name (and an `until`)")
        former.append(FormerName(str(item["name"]), str(item["until"]) if item.get("until") is not None else None))
    aliases = entry.get("aliases") or []
    if not isinstance(aliases, list):
        raise ValueError(f"{where} ({entry['name']}): aliases must be a list")
    return Company(
        name=str(entry["name"]), aliases=tuple(str(a) for a in aliases), parent=entry.get("parent"),
        hq_country=entry.get("hq_country"), is_cdmo=bool(entry.get("is_cdmo")), type=kind,
        former_names=tuple(former),
    )


def knowledge_base_problems(companies: list[Company]) -> list[str]:
    """The file's invariants, one line per breach: every written form unique (case-insensitive), parents are
    entries, HQ countries are ISO alpha-2 codes, former-name dates are years or ISO dates."""
    problems: list[str] = []
    owner: dict[str, str] = {}
    names = {c.name for c in companies}
    for company in companies:
        for written in company.written_forms:
            key = written.casefold()
            if key in owner and owner[key] != company.name:
                problems.append(f"{written!r} of {company.name} is already a name of {owner[key]}")
            owner.setdefault(key, company.name)
        # One organisation may list case variants ("FUJIFILM Biotechnologies"): the ruler matches case-sensitively.
        if len(set(company.written_forms)) != len(company.written_forms):
            problems.append(f"{company.name}: a written form is listed twice")
        if company.parent and company.parent not in names:
            problems.append(f"{company.name}: parent {company.parent!r} is not an entry")
        if company.parent == company.name:
            problems.append(f"{company.name}: is its own parent")
        if company.hq_country is not None and not re.fullmatch(r"[A-Z]{2}", str(company.hq_country)):
            problems.append(f"{company.name}: hq_country {company.hq_country!r} is not an ISO alpha-2 code")
        for former in company.former_names:
            if former.until is not None and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", former.until):
                problems.append(f"{company.name}: former name {former.name!r} has until {former.until!r}")
    return problems
