"""`radar_places`: place mentions normalised and geocoded, in `doc.spans["places"]` with `span._.place`.

Adjacent GPE/LOC/FAC entities joined by a comma are one mention ("Holly Springs, N.C."). Countries (and US
states) named anywhere in the doc choose between same-named towns.
"""

from spacy.language import Language
from spacy.tokens import Doc, Span

SPANS_KEY = "places"
PLACE_LABELS = ("GPE", "LOC", "FAC")

if not Span.has_extension("place"):
    Span.set_extension("place", default=None)


def place_mentions(doc: Doc) -> list[Span]:
    """Adjacent place entities separated only by a comma form one mention."""
    ents = [e for e in doc.ents if e.label_ in PLACE_LABELS]
    mentions = []
    i = 0
    while i < len(ents):
        start, end = ents[i].start, ents[i].end
        while i + 1 < len(ents) and ents[i + 1].start == end + 1 and doc[end].text == ",":
            i += 1
            end = ents[i].end
        mentions.append(Span(doc, start, end, label="PLACE"))
        i += 1
    return mentions


@Language.component("radar_places")
def resolve_places(doc: Doc) -> Doc:
    from nlp.entities.gazetteer import gazetteer

    places = gazetteer()
    mentions = place_mentions(doc)
    # A US state named anywhere ("CAMBRIDGE, Mass.") points a bare "Cambridge" elsewhere in the text to the US.
    hints = tuple({code for m in mentions for part in m.text.split(",")
                   if (code := places.country_of(part.strip()) or ("US" if places.state_of(part.strip()) else None))})
    for mention in mentions:
        mention._.place = places.resolve(mention.text, hints)
    doc.spans[SPANS_KEY] = mentions
    return doc
