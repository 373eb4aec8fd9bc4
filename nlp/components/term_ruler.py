"""`radar_term_ruler`: modality and digital-technology terms as spans in `doc.spans["terms"]`.

Label MODALITY or TECHNOLOGY, `span.id_` the facet (e.g. "cell_therapy", "digital_twin"). Acronyms match
case-sensitively ("AI", "ADC", "MES"), words case-insensitively. Terms inside an organisation's name
("Samsung Biologics") are dropped.
"""

from spacy.language import Language
from spacy.pipeline import SpanRuler
from spacy.tokens import Doc

from nlp.classification.modalities import MODALITY_TERMS
from nlp.classification.technologies import TECHNOLOGY_TERMS

SPANS_KEY = "terms"


def _is_acronym(word: str) -> bool:
    return sum(c.isupper() for c in word) >= 2


def term_patterns(nlp: Language) -> list[dict]:
    """Plain words as phrase patterns (matched on LOWER, fast); terms with an acronym as token patterns."""
    patterns: list[dict] = []
    for label, lexicon in (("MODALITY", MODALITY_TERMS), ("TECHNOLOGY", TECHNOLOGY_TERMS)):
        for facet, terms in lexicon.items():
            for term in terms:
                words = nlp.make_doc(term)
                if any(_is_acronym(t.text) for t in words):
                    tokens = [{"ORTH": t.text} if _is_acronym(t.text) else {"LOWER": t.lower_} for t in words]
                    patterns.append({"label": label, "pattern": tokens, "id": facet})
                else:
                    patterns.append({"label": label, "pattern": term.lower(), "id": facet})
    return patterns


class TermRuler:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.ruler = SpanRuler(nlp, name=f"{name}_matcher", spans_key=SPANS_KEY, overwrite=True,
                               phrase_matcher_attr="LOWER")
        self.ruler.add_patterns(term_patterns(nlp))

    def __call__(self, doc: Doc) -> Doc:
        doc = self.ruler(doc)
        orgs = [(e.start, e.end) for e in doc.ents if e.label_ == "ORG"]
        doc.spans[SPANS_KEY] = [s for s in doc.spans[SPANS_KEY]
                                if not any(s.start < end and start < s.end for start, end in orgs)]
        return doc


@Language.factory("radar_term_ruler")
def make_term_ruler(nlp: Language, name: str) -> TermRuler:
    return TermRuler(nlp, name)
