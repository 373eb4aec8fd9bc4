"""`radar_org_filter`: repair what the small NER model tags as ORG (and PERSON) in news copy.

- trims headline verbs and what follows them ("Kindeva Drug Delivery Names" → "Kindeva Drug Delivery"),
  a leading "the" and a dangling "and";
- relabels datelines ("KING OF PRUSSIA, Pa." → GPE) and known places ("Incheon") as GPE;
- relabels a person tagged as an organisation when the same name is a PERSON elsewhere in the doc;
- drops industry acronyms, currency codes and common words that are not organisations ("API", "GMP", "CHF",
  "Media"), stock tickers after an exchange name, e-mail addresses and lower-case fragments.
- relabels a PERSON with a company word ("Aurion Biotech") as ORG and a town ("Rancho Cordova") as GPE, and
  drops upper-case non-names.
Spans of the company ruler (they carry a knowledge-base id) are never touched.
"""

import re
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from nlp.entities.company_names import KNOWLEDGE_BASE, CompanyIndex, company_index

NOT_ORGANISATIONS = frozenset(s.casefold() for s in (
    "API", "APIs", "HPAPI", "HPAPIs", "GMP", "cGMP", "CDMO", "CDMOs", "CMO", "CMOs", "CRO", "CROs", "CRDMO",
    "CRDMOs", "CDO", "AI", "ML", "ADC", "ADCs", "LNP", "AAV", "mRNA", "pDNA", "ESG", "ERP", "CMC", "MES", "LIMS",
    "QMS", "eBR", "PAT", "R&D", "IPO", "EBITDA", "CAGR", "GLP-1", "CAR-T", "CRISPR", "OSD", "API CDMO", "Digital",
    "Media", "Operations", "Global Manufacturing", "Investor Relations", "Communications", "Board", "the Board",
    "Board of Directors", "the Board of Directors", "Executive Committee", "the Executive Committee",
    "Chair of the Board", "First GMP", "Plant", "Bio Campus", "Campus", "Phase", "Phase I", "Phase II",
    "Phase III", "USD", "EUR", "GBP", "CHF", "JPY", "KRW", "CNY", "INR", "SGD", "DKK", "SEK", "NOK", "RMB",
    "prnewswire", "pr newswire", "business wire", "globenewswire",
    "reuters", "bloomberg", "nasdaq", "nyse", "six swiss exchange", "euronext", "kosdaq", "kospi", "hkex",
    "the korea exchange", "korea exchange", "tokyo stock exchange", "london stock exchange", "lse",
    "globe newswire", "newswire", "covid-19", "covid", "car", "car-t", "agm", "american depositary share",
    "american depositary shares", "ads", "iso", "llc", "inc", "inc.", "ag", "ltd", "ltd.", "plc", "gmbh", "sa", "nv",
))
# A last word that makes the span a department, a title, a product line or a facility, not an organisation.
NOT_ORG_LAST_WORDS = frozenset((
    "operations", "counsel", "management", "supply", "quality", "reliability", "integration", "capacity",
    "awards", "award", "summit", "conference", "programme", "program", "platform", "suite", "line", "lines",
    "plant", "campus", "building", "site", "facility", "discovery", "manufacturing", "officer", "director",
    "president", "chair", "chairman", "board", "committee", "team", "division", "business", "unit", "science",
    "act", "bill", "law", "regulation", "guidance", "strategy", "initiative", "project", "report",
    "application", "license", "licence", "rating",
))
# "Korean CDMO", "a Swiss drugmaker": a nationality and a generic noun describe a company, they do not name one.
GENERIC_COMPANY_NOUNS = frozenset(("cdmo", "cdmos", "cmo", "cmos", "crdmo", "cro", "company", "firm", "drugmaker",
                                   "maker", "manufacturer", "developer", "supplier", "biotech", "pharma"))
DEMONYM = re.compile(r"^(?:[A-Z][a-z]+(?:an|ese|ish|ic|ch|ss|i)|US|UK|EU|U\.S\.|U\.K\.)$")
# Newswire names inside a dateline ("MILAN, May 1, 2024 /PRNewswire/ --").
WIRE_NAME = re.compile(r"(?:^/|/$|\bwire/?$|newswire/?$)", re.IGNORECASE)
FACILITY_NAME = re.compile(r"^(?:Plant|Building|Line|Suite|Site|Hall|Block|Unit|Train|Module|Phase)\s+[\w-]{1,4}$")
HEADLINE_VERBS = frozenset((
    "names", "appoints", "announces", "sign", "signs", "build", "builds", "opens", "open", "acquires", "acquire",
    "launches", "launch", "completes", "complete", "expands", "expand", "invests",
    "invest", "adds", "add", "breaks", "unveils", "selects", "picks", "hires", "taps", "deploys", "reports",
    "receives", "agrees", "enters", "wins", "buys", "sells", "secures", "raises", "closes", "extends", "elects",
    "promotes", "welcomes", "strengthens", "boosts", "doubles", "inaugurates", "celebrates", "begins", "starts",
    "commits", "to", "says", "said", "rolls", "goes", "gets", "cuts", "deepens", "lifts", "scales", "drops",
    "grows", "reaches", "marks", "adopts", "introduces", "pours", "spends", "targets", "eyes", "bets",
))
EXCHANGES = ("nasdaq", "nyse", "six", "lse", "krx", "kosdaq", "tse", "hkex", "euronext", "bse", "nse", "sse",
             "szse", "asx", "tsx", "otc", "omx", "swx")
TICKER_CONTEXT = re.compile(r"\(\s*(?:" + "|".join(EXCHANGES) + r")[^:)]{0,20}:\s*$", re.IGNORECASE)


ROLE_WORDS = frozenset(("ceo", "cfo", "coo", "cso", "cto", "cco", "cio", "cdo", "chairman", "chairwoman", "chair",
                        "president", "dr.", "dr", "chief", "director", "head", "founder", "co-founder"))
ORG_WORDS = frozenset((
    "inc", "inc.", "corp", "corp.", "ltd", "ltd.", "llc", "plc", "ag", "sa", "gmbh", "group", "holdings", "capital",
    "partners", "pharma", "pharmaceuticals", "pharmaceutical", "biopharma", "bio", "biologics", "biosciences",
    "therapeutics", "sciences", "scientific", "solutions", "services", "labs", "laboratories", "technologies",
    "systems", "university", "institute", "agency", "administration", "commission", "ministry", "fund",
    "foundation", "bank", "health", "healthcare", "medical", "medicines", "manufacturing", "biotech", "ventures",
    "investments", "equity", "international", "global", "association", "council", "authority", "department",
    "center", "centre", "hospital", "systèmes", "systemes", "software", "robotics", "analytics", "cdmo", "cro",
    "biomanufacturing", "biotechnologies", "biotechnology", "generics", "oncology", "bio-pharma", "biopharmaceuticals",
    "lifesciences", "genomics", "vaccines", "biologicals",
))
# A last word that makes a "person" a place: "Research Triangle Park", "Andhra Pradesh", "Innovation District".
PLACE_LAST_WORDS = frozenset(("park", "district", "county", "province", "valley", "pradesh", "prefecture", "city",
                              "island", "islands", "bay", "harbour", "harbor", "region", "canton"))
APPOINTING_VERBS = frozenset(("names", "named", "appoints", "appointed", "hires", "hired", "elects", "elected",
                              "promotes", "promoted", "welcomes", "welcomed", "taps", "tapped"))
# Role words after which two or three capitalised words are a person the NER missed ("CFO Philippe Deecke").
ROLES_BEFORE_NAME = (ROLE_WORDS - {"dr.", "dr", "chief", "founder", "co-founder"}) | {"officer", "executive"}
SUCCESSION_VERBS = frozenset(("succeed", "succeeds", "replace", "replaces", "succeeding", "replacing"))
PERSON_CUES_AFTER = frozenset(("said", "says", "added", "explained", "noted", "told", "who", "succeeds", "joins",
                               "joined", "will", "has", "takes", "replaces", "steps", "retires", "brings"))


def _name_shaped(span: Span) -> bool:
    """Two or three capitalised words, none of them a word companies use in their names."""
    words = [t for t in span if not t.is_punct]
    return (2 <= len(words) <= 3 and all(t.text[:1].isupper() and not t.text.isupper() for t in words)
            and not any(t.lower_ in ORG_WORDS for t in words))


def _person_context(doc: Doc, start: int, end: int, surnames: set[str]) -> bool:
    """The doc treats this name as a person's: its surname is a PERSON's or followed by "said" somewhere
    (`surnames` holds both), or the name is followed by "said" or ", chief ..." here."""
    if doc[end - 1].text in surnames:
        return True
    after = doc[end : end + 3]
    if len(after) and after[0].lower_ in PERSON_CUES_AFTER:
        return True  # "Jane Doe said"
    if start > 0 and doc[start - 1].lower_ in APPOINTING_VERBS:  # "Bachem names Anne-Kathrin Stoller"
        return True
    return len(after) >= 2 and after[0].text == "," and after[1].lower_ in ROLE_WORDS | {"who", "former", "formerly"}


def _given_name_start(doc: Doc, start: int, end: int) -> int:
    """Where a person's name really starts when the NER took only its end: a hyphenated given name written
    without spaces ("Jae-hoon Lee"), or one capitalised word after a role word ("officer Ana Stoica")."""
    if (start >= 3 and doc[start - 2].text == "-" and not doc[start - 3].whitespace_
            and not doc[start - 2].whitespace_ and doc[start - 3].text[:1].isupper() and doc[start - 1].is_alpha
            and doc[start - 1].ent_type_ == ""):
        return start - 3
    if (start >= 2 and doc[start - 1].is_alpha and doc[start - 1].text[:1].isupper()
            and doc[start - 1].lower_ not in ROLES_BEFORE_NAME | ROLE_WORDS and end - start == 1
            and not _is_upper_word(doc[start - 1].text) and doc[start - 1].ent_type_ == ""
            and not doc[start - 1].is_sent_start and doc[start - 2].lower_ in ROLES_BEFORE_NAME):
        return start - 1
    return start


def _is_upper_word(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


class OrgFilter:
    def __init__(self, nlp: Language, name: str, index: CompanyIndex) -> None:
        self.name = name
        self.index = index

    def _not_organisation(self, text: str) -> bool:
        folded = text.casefold()
        # An exchange is where a company is listed, not a party to CDMO news (docs/LABELLING.md).
        return folded in NOT_ORGANISATIONS or folded in self.index.outlets or folded.endswith("stock exchange")

    def _places(self):  # type: ignore[no-untyped-def]
        from nlp.entities.gazetteer import gazetteer

        return gazetteer()

    def __call__(self, doc: Doc) -> Doc:
        found = doc.ents  # each read of doc.ents builds every span again: once per doc
        persons = {e.text for e in found if e.label_ == "PERSON"}
        person_surnames = {e[-1].text for e in found if e.label_ == "PERSON" and len(e) > 1}
        if any(e.label_ == "ORG" and not e.ent_id_ for e in found):
            # Words followed by "said", "who", ... once per doc (not once per organisation: docs are long).
            words = [t.text for t in doc]
            person_surnames |= {w for w, nxt in zip(words, words[1:], strict=False) if nxt.lower() in PERSON_CUES_AFTER
                                and w[:1].isupper()} & set(words)
        ents: list[Span] = []
        for ent in found:
            if ent.label_ in ("GPE", "LOC") and ent.text.casefold() in NOT_ORGANISATIONS:
                continue  # "AI" read as Anguilla
            if ent.label_ == "PERSON":
                fixed_person = self._fix_person(doc, ent)
                if fixed_person is not None:
                    ents.append(fixed_person)
                continue
            if ent.label_ != "ORG" or ent.ent_id_:
                ents.append(ent)
                continue
            fixed = self._fix(doc, ent, persons, person_surnames)
            if fixed is not None:
                ents.append(fixed)
        # A repaired span may now reach into a neighbour ("Jae-hoon Lee"): keep the longer of two that overlap.
        doc.ents = filter_spans(self._names_after_roles(doc, ents))
        return doc

    def _names_after_roles(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """A name right after a role word that the NER left untagged: "Lonza CFO Philippe Deecke to leave"."""
        taken = {i for e in ents for i in range(e.start, e.end)}
        added = []
        for token in doc:
            if token.lower_ not in ROLES_BEFORE_NAME or token.i + 2 > len(doc):
                continue
            start = end = token.i + 1
            while (end < len(doc) and end - start < 3 and end not in taken and doc[end].is_alpha
                   and doc[end].text[:1].isupper() and not _is_upper_word(doc[end].text)
                   and doc[end].lower_ not in ORG_WORDS and doc[end].lower_ not in HEADLINE_VERBS
                   and doc[end].lower_ not in ROLE_WORDS):
                end += 1
            if end - start >= 2 and not self.index.resolve(doc[start:end].text) \
                    and not self._places().is_town(doc[start:end].text):
                added.append(Span(doc, start, end, label="PERSON"))
                taken.update(range(start, end))
        return sorted([*ents, *added], key=lambda e: e.start) if added else ents

    def _fix(self, doc: Doc, ent: Span, persons: set[str], surnames: set[str]) -> Span | None:
        start, end = ent.start, ent.end
        role_before = False
        while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].lower_ in ROLE_WORDS):
            role_before = role_before or doc[start].lower_ in ROLE_WORDS
            start += 1
        for i in range(start, end):
            if doc[i].lower_ in HEADLINE_VERBS and (doc[i].text[:1].isupper() or doc[i].lower_ == "to"):
                if i == start:
                    return None
                end = i
                break
        while end > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in ("'s", "’s", "and")):
            end -= 1
        if not self.index.resolve(doc[start:end].text):
            # "Board of Directors of", "Lindqvist joined": a trailing function word or verb is not part of a name
            while end - start > 1 and (doc[end - 1].is_stop or doc[end - 1].lower_ in PERSON_CUES_AFTER) \
                    and doc[end - 1].text[:1].islower():
                end -= 1
        if start >= end:
            return None
        text = doc[start:end].text
        if (self._not_organisation(text) or not text[:1].isupper() and not text[:1].isdigit()
                or end - start == 1 and text.casefold() in ORG_WORDS  # "Biologics" alone names nobody
                or "@" in text or text.replace(",", "").replace(".", "").isdigit() or len(text) < 2):
            return None
        if TICKER_CONTEXT.search(doc[max(0, ent.start - 8) : ent.start].text):
            return None
        if self.index.resolve(text):
            return Span(doc, start, end, label="ORG")
        words = text.split()
        if WIRE_NAME.search(text) or (len(words) >= 2 and words[-1].casefold() in GENERIC_COMPANY_NOUNS
                                      and all(DEMONYM.match(w) or w.islower() for w in words[:-1])):
            return None
        if (FACILITY_NAME.match(text) or words[-1].casefold() in NOT_ORG_LAST_WORDS
                or ")" in text and "(" not in text or sum(c.isdigit() for c in text) > 2):
            return None
        if text in persons or (end - start == 1 and text in surnames) or (
                _name_shaped(doc[start:end]) and (role_before or _person_context(doc, start, end, surnames))):
            return Span(doc, _given_name_start(doc, start, end), end, label="PERSON")
        if self._is_dateline(doc, start, end) or self._is_place(text):
            return Span(doc, start, end, label="GPE")
        return Span(doc, start, end, label="ORG")

    def _fix_person(self, doc: Doc, ent: Span) -> Span | None:
        """"Aurion Biotech" is an organisation, "Rancho Cordova" a town, "EUROAPI EUROAPI" nobody; "Hyvert of"
        loses its "of", "Lee" after "Jae-hoon" and "Stoica" after "officer Ana" get their given name."""
        start, end = ent.start, ent.end
        for i in range(start, end - 1):  # "Names Marisol Ortega", "Alderbrook Names Karen Ashby Site Head"
            if doc[i].lower_ in HEADLINE_VERBS | SUCCESSION_VERBS and doc[i].text[:1].isupper():
                start = i + 1
        while end - start > 1 and doc[end - 1].lower_ in ROLE_WORDS | {"site", "officer", "executive"}:
            end -= 1
        while end - start > 1 and (doc[end - 1].is_punct and doc[end - 1].text != "-"
                                   or doc[end - 1].text[:1].islower() and doc[end - 2].whitespace_):
            end -= 1  # a separate lower-case word, not the "-jae" of "Lee Hyuk-jae"
        start = _given_name_start(doc, start, end)
        if (start, end) != (ent.start, ent.end):
            ent = Span(doc, start, end, label="PERSON")
        words = [t for t in ent if not t.is_punct]
        if any(t.lower_ in ORG_WORDS for t in words) or self.index.resolve(ent.text):
            return Span(doc, ent.start, ent.end, label="ORG")
        if all(_is_upper_word(t.text) for t in words):
            return None
        if len(words) >= 2 and (self._places().is_town(ent.text) or words[-1].lower_ in PLACE_LAST_WORDS):
            return Span(doc, ent.start, ent.end, label="GPE")
        return ent

    @staticmethod
    def _is_dateline(doc: Doc, start: int, end: int) -> bool:
        """An upper-case place that opens the copy: "AMSTERDAM, May 2 —", "KING OF PRUSSIA, Pa." """
        return start < 3 and _is_upper_word(doc[start:end].text) and end < len(doc) and doc[end].text in (",", "—", "-", "–")

    def _is_place(self, text: str) -> bool:
        """A country, US state or town of the gazetteer (any size: the span is not a known company)."""
        places = self._places()
        if places.country_of(text) or places.state_of(text):
            return True
        return len(text.split()) <= 3 and places.is_town(text)


@Language.factory("radar_org_filter", default_config={"knowledge_base": str(KNOWLEDGE_BASE)})
def make_org_filter(nlp: Language, name: str, knowledge_base: str) -> OrgFilter:
    return OrgFilter(nlp, name, company_index(Path(knowledge_base)))
