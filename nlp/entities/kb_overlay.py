"""The analysts' knowledge-base overlay: organisations accepted from the dashboard's queue, and aliases merged
into organisations the knowledge base already has.

The file (default `data/kb_overlay.yaml`, env RADAR_KB_LOCAL) has the layout of `companies.yaml` plus an
`aliases:` list; enrichment reads it after companies.yaml (nlp.entities.company_names.knowledge_base_files), so an
accepted organisation is linked from the next enrichment on. `radar kb export` prints it for a pull request.
Every edit is checked against the whole knowledge base first and refused with one clear sentence; nothing is
written then. The file is replaced atomically, so a reader never sees half an edit.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from nlp.entities.company_names import (
    ORGANISATION_TYPES,
    CompanyIndex,
    company_from_entry,
    company_index,
    knowledge_base_files,
    normalise,
)

_COUNTRY = re.compile(r"^[A-Z]{2}$")
MAX_NAME_LENGTH = 120


class OverlayEditError(ValueError):
    """An edit refused, with the reason an analyst can act on."""


@dataclass(frozen=True)
class NewOrganisation:
    name: str
    aliases: tuple[str, ...] = ()
    hq_country: str | None = None
    type: str = "other"
    is_cdmo: bool = False

    def entry(self) -> dict:
        entry: dict = {"name": self.name, "aliases": list(self.aliases)}
        if self.hq_country:
            entry["hq_country"] = self.hq_country
        return entry | {"type": self.type, "is_cdmo": self.is_cdmo}


@dataclass(frozen=True)
class Overlay:
    companies: list[dict]
    aliases: list[dict]

    def as_yaml(self) -> str:
        data: dict = {"companies": self.companies}
        if self.aliases:
            data["aliases"] = self.aliases
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=120)


def read_overlay(path: Path) -> Overlay:
    """The overlay as written (an absent file is an empty overlay)."""
    if not path.exists():
        return Overlay([], [])
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise OverlayEditError(f"{path}: cannot read the overlay ({exc.__class__.__name__})") from None
    if not isinstance(data, dict):
        raise OverlayEditError(f"{path}: the overlay is not a mapping")
    return Overlay(list(data.get("companies") or []), list(data.get("aliases") or []))


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def _check_written_form(written: str, index: CompanyIndex, what: str) -> None:
    if not written:
        raise OverlayEditError(f"The {what} is empty.")
    if len(written) > MAX_NAME_LENGTH:
        raise OverlayEditError(f"The {what} is longer than {MAX_NAME_LENGTH} characters.")
    owner = _owner(written, index)
    if owner is not None:
        raise OverlayEditError(f"“{written}” is already a name or alias of {owner}; merge into it instead.")


def _owner(written: str, index: CompanyIndex) -> str | None:
    """The organisation that already answers to this written form (same letters in any case, or the same name
    but for a legal suffix or "Group"): a second entry would never be linked, the first one wins."""
    return index.by_key.get(written.casefold()) or index.by_key.get(normalise(written))


def knowledge_base_with(path: Path) -> CompanyIndex:
    """The knowledge base enrichment would read, with the overlay at `path` in it whether or not it is the
    default one."""
    files = list(knowledge_base_files())
    if path.is_file() and path.resolve() not in {f.resolve() for f in files}:
        files.append(path)
    return company_index(os.pathsep.join(str(f) for f in files))


def accept_organisation(path: Path, new: NewOrganisation, index: CompanyIndex | None = None) -> NewOrganisation:
    """Add `new` to the overlay at `path` after checking it against the knowledge base (OverlayEditError when
    refused; the file is then untouched). Returns the entry as written (names tidied)."""
    index = index or knowledge_base_with(path)
    name = _clean(new.name)
    aliases = tuple(dict.fromkeys(a for a in (_clean(a) for a in new.aliases) if a and a.casefold() != name.casefold()))
    country = _clean(new.hq_country).upper() or None
    _check_written_form(name, index, "name")
    for alias in aliases:
        _check_written_form(alias, index, "alias")
    if len({a.casefold() for a in aliases}) != len(aliases):
        raise OverlayEditError("An alias is listed twice.")
    if country is not None and not _COUNTRY.match(country):
        raise OverlayEditError(f"HQ country “{country}” is not a two-letter ISO code (CH, US, KR…).")
    if new.type not in ORGANISATION_TYPES:
        raise OverlayEditError(f"Type “{new.type}” is not one of {', '.join(ORGANISATION_TYPES)}.")
    accepted = NewOrganisation(name, aliases, country, new.type, bool(new.is_cdmo))
    company_from_entry(accepted.entry(), str(path))  # the loader's own check: what is written, enrichment reads
    overlay = read_overlay(path)
    _write(path, Overlay([*overlay.companies, accepted.entry()], overlay.aliases))
    return accepted


def merge_alias(path: Path, alias: str, company: str, index: CompanyIndex | None = None) -> None:
    """Record `alias` as another written form of `company`, an organisation the knowledge base has."""
    index = index or knowledge_base_with(path)
    alias = _clean(alias)
    if company not in index.companies:
        raise OverlayEditError(f"“{company}” is not in the knowledge base.")
    _check_written_form(alias, index, "alias")
    overlay = read_overlay(path)
    _write(path, Overlay(overlay.companies, [*overlay.aliases, {"company": company, "alias": alias}]))


def export_overlay(path: Path) -> str:
    """The overlay as YAML for a pull request against companies.yaml."""
    overlay = read_overlay(path)
    header = (f"# {len(overlay.companies)} organisations and {len(overlay.aliases)} aliases accepted in the "
              f"dashboard's knowledge-base queue ({path}).\n"
              "# New organisations go under companies: in nlp/data/companies.yaml; each alias joins the aliases of "
              "its company there.\n")
    return header + overlay.as_yaml()


def _write(path: Path, overlay: Overlay) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write("# Knowledge-base overlay: organisations accepted in the dashboard (radar kb export).\n")
            out.write(overlay.as_yaml())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
