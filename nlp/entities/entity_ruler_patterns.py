"""Entity-ruler patterns from the company knowledge base, so known companies are always ORG."""

from __future__ import annotations

from nlp.entities.company_names import CompanyIndex

# Names that are also ordinary words or initials of other things are left to the statistical NER and the linker.
AMBIGUOUS = {"PCI", "Sterling", "Emergent", "Jubilant", "Lilly", "Resilience", "GRAM", "PPS", "FDB", "MSD",
             "Pace", "Evolve", "Bend", "Element", "Nova", "Precision", "Summit", "Apex", "Pharma", "Biologics",
             "Scientific", "Resolution", "Catalyst", "Forge", "Genesis"}


def company_patterns(index: CompanyIndex) -> list[dict]:
    """One phrase pattern per written form (name, aliases, and the name's upper-case headline form)."""
    patterns = []
    seen: set[str] = set()
    for company in index.companies.values():
        if company.type == "exchange":
            # An exchange is mostly a listing venue in boilerplate ("listed on Nasdaq"), which is no organisation
            # of the news (docs/LABELLING.md): the NER and the org filter decide, the linker still names it.
            continue
        for written in company.written_forms:
            if written in AMBIGUOUS or written.lower().startswith("the ") or len(written) < 3 or written in seen:
                continue
            seen.add(written)
            patterns.append({"label": "ORG", "pattern": written, "id": company.name})
    return patterns
