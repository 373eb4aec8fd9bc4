"""`radar_money`: money mentions as spans in `doc.spans["money"]`, each with `span._.money` (value, currency).

The parsing is nlp.entities.money's (regular expressions over the text); this component places the amounts on tokens
so the event frames can ask which clause an amount belongs to.
"""

from spacy.language import Language
from spacy.tokens import Doc, Span

from nlp.entities.money import find_amounts

SPANS_KEY = "money"

if not Span.has_extension("money"):
    Span.set_extension("money", default=None)


@Language.component("radar_money")
def money_spans(doc: Doc) -> Doc:
    spans = []
    for money in find_amounts(doc.text):
        span = doc.char_span(money.start, money.end, label="MONEY", alignment_mode="expand")
        if span is not None:
            span._.money = money
            spans.append(span)
    doc.spans[SPANS_KEY] = spans
    return doc
