"""Typed event frames (DESIGN.md `events`): who did what, where, for how much, read from parsed sentences.

The frame type is the item's event type; its slots come from the dependency parse of the headline and the
lead sentences (the company that is the subject of the news verb, the person that is appointed or leaves, the
organisation a digital item partners with, the place after "in"/"at") and from the entities of the read pass.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from nlp.entities.capacity import capacity_in
from nlp.entities.gazetteer import Place
from nlp.records import EventFrame

if TYPE_CHECKING:
    from nlp.classification.classifier_head import PillarPrediction

APPOINT_VERBS = ("appoint", "name", "hire", "promot", "elect", "join", "becom", "tap", "pick", "select", "recruit",
                 "welcom", "add", "choos", "chose", "succeed", "replac", "tak", "return", "bring")
DEPART_VERBS = ("retir", "resign", "leav", "left", "depart", "step", "exit", "quit", "remov", "oust", "dismiss",
                "fire", "termin", "stand", "part")
ACTIONS = {"facility_opening": "opening", "facility_investment": "investment", "capacity_expansion": "expansion",
           "site_acquisition": "site_acquisition", "executive_appointment": "appointed",
           "executive_departure": "departed", "digital_launch": "launch", "digital_partnership": "partnership"}




def _verb_of(token: Token) -> Token | None:
    """The verb governing a noun phrase (through appositions, compounds and prepositions)."""
    head = token.head
    for _ in range(4):
        if head.tag_.startswith(("VB", "MD")):
            return head
        if head.head is head:
            return None
        head = head.head
    return None


def person_action(parsed: list[Doc], person: str) -> str | None:
    """"appointed" or "departed" for a person, from the verb that governs their name in the parse."""
    surname = person.split()[-1]
    for doc in parsed:
        for ent in doc.ents:
            if ent.label_ != "PERSON" or surname not in ent.text:
                continue
            verb = _verb_of(ent.root)
            candidates = [verb] if verb is not None else []
            candidates += [t for t in ent.root.head.children if t.dep_ in ("relcl", "acl")]
            for v in candidates:
                word = v.lower_
                if word.startswith(DEPART_VERBS) or any(c.lower_ == "down" for c in v.children):
                    return "departed"
                if word.startswith(APPOINT_VERBS):
                    return "appointed"
    return None


def subject_org(parsed: list[Doc]) -> str | None:
    """The organisation that is the grammatical subject of the headline's (or lead's) main verb."""
    for doc in parsed:
        for ent in doc.ents:
            if ent.label_ == "ORG" and ent.root.dep_ in ("nsubj", "nsubjpass", "compound") and ent._.company:
                return ent._.company
    return None


def partner_org(parsed: list[Doc], subject: str | None, companies: list[str]) -> str | None:
    """A second party: joined to the subject by "and", or the object of "with"/"from"/"to"."""
    for doc in parsed:
        for ent in doc.ents:
            name = ent._.company if ent.label_ == "ORG" else None
            if not name or name == subject or name not in companies:
                continue
            root = ent.root
            if root.dep_ == "conj" or root.dep_ == "pobj" and root.head.lower_ in ("with", "from", "to", "by"):
                return name
            if root.dep_ in ("dobj", "nsubj"):
                return name
    others = [c for c in companies if c != subject]
    return others[0] if others else None


def main_place(places: list[tuple[Span, Place]], title_places: list[Place]) -> Place | None:
    """The site: a place of the headline, else the first place that resolves to a town, else the first place."""
    for place in title_places:
        if place.city or place.country:
            return place
    with_city = [p for _, p in places if p.city]
    if with_city:
        return with_city[0]
    return places[0][1] if places else None


def reads_body_parse(prediction: PillarPrediction) -> bool:
    """Whether the item's event frame reads parsed body sentences (frames_for below), or the headline's only.

    Leadership frames look for each person's verb; digital, other and site-acquisition frames look for a partner.
    Facility openings, investments and expansions take their company from the headline, the rest from entities.
    """
    return prediction.pillar != "infrastructure" or prediction.event_type == "site_acquisition"


def frames_for(*, pillar: str, event_type: str, subject: str | None, companies: list[str], roles: list[dict],
               parsed: list[Doc], lead_text: str, places: list[tuple[Span, Place]], title_places: list[Place],
               amount: dict | None, modalities: list[str], technologies: list[str]) -> list[dict]:
    """Frames of one item: one per role change on leadership items, else one for the item's event."""
    place = main_place(places, title_places)
    base = EventFrame(
        event_type=event_type, pillar=pillar, company=subject_org(parsed[:1]) or subject,
        action=ACTIONS.get(event_type), modality=modalities[0] if modalities else None,
    )
    if place is not None:
        base.location, base.city, base.region, base.country = place.text, place.city, place.region, place.country
        base.lat, base.lon = place.lat, place.lon
    if amount:
        base.amount_value, base.amount_currency, base.amount_usd = amount["value"], amount["currency"], amount["usd"]
    if base.company not in companies and subject:
        base.company = subject
    if pillar == "leadership":
        frames = []
        predecessors = {r.get("predecessor_of"): r["person"] for r in roles if r.get("predecessor_of")}
        for role in roles:
            # A named predecessor leaves, whatever verb the sentence uses ("She succeeds Tom Becker").
            action = ("departed" if role.get("predecessor_of") else
                      person_action(parsed, role["person"]) or ACTIONS.get(event_type))
            frame = base.model_copy(update={"person": role["person"], "role": role["role"],
                                  "company": role.get("company") or base.company, "action": action,
                                  "predecessor": predecessors.get(role["person"])})
            frames.append(frame.model_dump())
        return frames or [base.model_dump()]
    if pillar == "infrastructure":
        base.capacity = capacity_in(lead_text)
        if event_type == "site_acquisition":
            base.partner = partner_org(parsed, base.company, companies)
        return [base.model_dump()]
    if pillar == "digital":
        base.technology = technologies[0] if technologies else None
        base.partner = partner_org(parsed, base.company, companies) if event_type == "digital_partnership" else None
        return [base.model_dump()]
    base.partner = partner_org(parsed, base.company, companies)
    return [base.model_dump()]
