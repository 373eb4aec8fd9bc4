"""spaCy entity-ruler patterns from the company knowledge base, so known companies are always ORG."""

from __future__ import annotations

from nlp.company_names import CompanyIndex

# Names that are also ordinary words are left to the statistical NER.
AMBIGUOUS = {"PCI", "Sterling", "Emergent", "Jubilant", "Lilly", "Resilience", "GRAM", "PPS", "FDB", "MSD"}


def company_patterns(index: CompanyIndex) -> list[dict]:
    patterns = []
    for company in index.companies.values():
        for written in (company.name, *company.aliases):
            if written in AMBIGUOUS or written.startswith("the "):
                continue
            patterns.append({"label": "ORG", "pattern": written, "id": company.name})
    return patterns


def add_company_ruler(nlp, index: CompanyIndex) -> None:  # type: ignore[no-untyped-def]
    if "company_ruler" in nlp.pipe_names:
        return
    ruler = nlp.add_pipe(
        "entity_ruler", name="company_ruler", before="ner", config={"overwrite_ents": True, "phrase_matcher_attr": "ORTH"}
    )
    ruler.add_patterns(company_patterns(index))
