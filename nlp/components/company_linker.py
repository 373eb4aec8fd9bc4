"""`radar_company_linker`: every ORG span gets `span._.company` (canonical name) and `span._.known`.

Known companies resolve through the knowledge base (exact, legal suffix, "Group", possessive, descriptor,
fuzzy). Inside one doc, a short form or an acronym of a longer organisation named in the same doc
("Ascendia" after "Ascendia Pharmaceutical Solutions", "CBM" after "Center for Breakthrough Medicines (CBM)")
takes that organisation's name. Unknown organisations are kept as found and marked `known = False`.
"""

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from nlp.entities.company_names import (
    KNOWLEDGE_BASE,
    CompanyIndex,
    acronym,
    company_index,
    tidy,
    without_descriptor,
    without_legal_suffix,
)

if not Span.has_extension("company"):
    Span.set_extension("company", default=None)
    Span.set_extension("known", default=False)


def link_in_context(name: str, earlier: list[str]) -> str | None:
    """The earlier, longer organisation this mention abbreviates, if any."""
    if name.isupper() and 2 <= len(name) <= 6:
        for full in earlier:
            if acronym(full) == name:
                return full
    for full in earlier:
        if full != name and len(full) > len(name) and full.startswith(name + " "):
            return full
    return None


class CompanyLinker:
    def __init__(self, name: str, index: CompanyIndex) -> None:
        self.name = name
        self.index = index

    def __call__(self, doc: Doc) -> Doc:
        earlier: list[str] = []
        for ent in doc.ents:
            if ent.label_ != "ORG":
                continue
            found = without_legal_suffix(without_descriptor(tidy(ent.text)))
            # A form the knowledge base lists wins; then the longer organisation this doc already named ("Samsung"
            # after "Samsung Biologics" is that company, not the group whose name loses "Group" to normalise());
            # then the looser lookups (suffix, descriptor, fuzzy).
            written = ent.ent_id_ or self.index.resolve_written(ent.text) or self.index.resolve_written(found)
            longer = None if written else link_in_context(found, earlier)
            known = written or (None if longer else self.index.resolve(ent.text) or (
                self.index.resolve(found) if found != ent.text else None))
            if known:
                ent._.company, ent._.known = known, True
            elif longer:
                resolved = longer if longer in self.index.companies else self.index.resolve(longer)
                ent._.company, ent._.known = resolved or longer, resolved is not None
            else:
                ent._.company, ent._.known = found, False
            earlier.append(ent._.company)
        return doc


@Language.factory("radar_company_linker", default_config={"knowledge_base": str(KNOWLEDGE_BASE)})
def make_company_linker(nlp: Language, name: str, knowledge_base: str) -> CompanyLinker:
    return CompanyLinker(name, company_index(Path(knowledge_base)))
