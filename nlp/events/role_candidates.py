"""Candidate (person, role, organisation) triples of one item and the features the relation model scores.

An item is read as units: the headline, then each body sentence. A person named in a unit pairs with every role
phrase of that unit, of the units either side and of the headline; each pair pairs with every organisation of
those units and with the item's subject company (a role stated in one sentence, its company in another).
Features are plain strings and numbers: where the role stands from the person (distance, order, the words
between), the dependency path between them when the sentence was parsed, cue words of the sentence (appoints,
steps down, succeeds, interim, said), and where the organisation stands (subject company, next to the role,
after "former" or "joins from").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from nlp.events.role_titles import RoleMention, role_mentions

CUES: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern, re.IGNORECASE)
    for name, pattern in {
        "appoint": r"\b(?:appoint|name[ds]?|hire[sd]?|recruit|promot|elevat|select|tap(?:s|ped)?|chose|picks?)\w*",
        "join": r"\bjoin(?:s|ed|ing)?\b|\btak(?:es|ing|en)? (?:over|the helm|on)\b|\bstep(?:s|ped)? (?:in|up)\b"
                r"|\bbecom(?:e|es|ing)\b|\bwill lead\b|\bto lead\b|\bassum\w+",
        "depart": r"\bstep(?:s|ped|ping)? (?:down|aside)\b|\bretir\w+|\bleav(?:e|es|ing)\b|\bleft\b|\bdepart\w*|\bexit\w*"
                  r"|\bresign\w*|\boutgoing\b|\bquit\w*|\bousted\b|\bfired\b|\bdismiss\w*|\bsteps? back\b",
        "succeed": r"\bsucceed\w*|\breplac\w+|\btak\w* over from\b|\bsuccessor\b",
        "interim": r"\binterim\b|\bacting\b|\btemporar\w+",
        "board": r"\bboard\b|\bnominat\w+|\belect\w*|\bAGM\b|\bshareholders?\b|\bdirector\b",
        "said": r"\b(?:said|says|commented|added|noted|stated)\b|[\"“”]",
        "former": r"\bformer\w*|\bpreviously\b|\bearlier\b|\bbefore (?:that|joining)\b|\bspent\b|\bheld\b|\bserved\b",
        "effective": r"\beffective\b|\bfrom (?:january|february|march|april|may|june|july|august|september|october"
                     r"|november|december)\b|\bstarting\b|\bwill\b",
    }.items()
}
BACKGROUND_BEFORE = re.compile(r"\b(?:former(?:ly)?|previously|earlier|from|at|of|with|spent|held|led|ran)\W+(?:\w+\W+){0,3}$",
                               re.IGNORECASE)
PRONOUN = re.compile(r"\b(?:he|she)\b", re.IGNORECASE)
ALIASES = {"President": "CEO"}  # the same words read a second way; the model learns when each holds
AS_BEFORE = re.compile(r"\b(?:as|to be|to become|becomes|became|named|appointed|elected|promoted to|is now|"
                       r"takes? over as|steps? down as|retires? as|resigns? as|leaves? as)\s+"
                       r"(?:(?:the|its|their|a|an|new|interim|acting|permanent|next|sole|co-|joint)\s*)*$", re.IGNORECASE)
APPOSITION = re.compile(r"^\s*(?:,|\(|–|-)\s*(?:(?:the|its|their|a|an|who (?:is|was|has been|will be)|now|then)\s+)*"
                        r"(?:[\w.&+-]+(?:'s|’s)?\s+)?$", re.IGNORECASE)
PRE_TITLE = re.compile(r"^\s*(?:[A-Z][\w.&+-]*\s+){0,3}$")
PAST_BEFORE = re.compile(r"\b(?:former(?:ly)?|ex-|previously|was|had been|erstwhile|once|earlier|past|then|served as|"
                         r"comes from|joins from|from the)\W+(?:[\w'’&.-]+\W+){0,4}$", re.IGNORECASE)
NEW_BEFORE = re.compile(r"\b(?:new|incoming|next|interim|acting|permanent|future|designate)\W+(?:[\w'’&.-]+\W+){0,2}$",
                        re.IGNORECASE)
SAID = re.compile(r"\b(?:said|says|added|adds|commented|noted|explained|stated|according to)\b", re.IGNORECASE)
MIN_FEATURES = ("min:owner_other", "min:alias", "min:said")  # folded over mentions with min, not max
WINDOW = 1  # sentences either side of the person's
CLAUSE = 60  # characters either side of a person's mention that are "their" clause (cut at other persons' names)
CLAUSE_CUES = ("appoint", "join", "depart", "succeed", "interim", "board", "said", "former")


@dataclass
class Unit:
    """One sentence (or the headline) with its persons, role phrases and organisations, offsets in its text."""

    index: int  # 0 = headline, then body sentences in order
    text: str
    persons: list[tuple[str, int, int]] = field(default_factory=list)  # (full name, start, end)
    pronouns: set[int] = field(default_factory=set)  # starts of persons named by "he"/"she"
    strangers: list[tuple[int, int]] = field(default_factory=list)  # other PERSON entities (not in `people`)
    cues: dict[str, float] = field(default_factory=dict)  # cue words of the whole sentence
    roles: list[RoleMention] = field(default_factory=list)
    orgs: list[tuple[str, int, int]] = field(default_factory=list)  # (canonical company, start, end)
    parsed: Doc | None = None


@dataclass(frozen=True)
class Candidate:
    person: str
    role: str
    company: str
    features: dict[str, float]
    person_unit: int
    person_start: int
    role_unit: int
    role_start: int


def _name_spans(text: str, people: list[str], taken: list[tuple[int, int]]) -> list[tuple[str, int, int]]:
    """Where each person is named in `text`: the full name, or the surname alone when no one else shares it."""
    found: list[tuple[str, int, int]] = []
    surnames = [p.split()[-1] for p in people]
    for person in people:
        for match in re.finditer(rf"\b{re.escape(person)}\b", text):
            found.append((person, match.start(), match.end()))
    for person, surname in zip(people, surnames, strict=True):
        if surnames.count(surname) > 1 or len(surname) < 3:
            continue
        for match in re.finditer(rf"\b{re.escape(surname)}\b", text):
            s, e = match.start(), match.end()
            if any(a <= s < b for _, a, b in found) or any(a <= s < b for a, b in taken):
                continue
            found.append((person, s, e))
    return sorted(found, key=lambda f: f[1])


_WORD = r"[A-Z][A-Za-zà-ÿÀ-Þ'’-]*[a-zà-ÿ]"
_NAME = rf"{_WORD}(?:\s[A-Z]\.)?\s{_WORD}"  # two words, or two around an initial ("Nikolaus F. Rentschler")
ROLE_THEN_NAME = re.compile(rf"^[ ,]{{0,2}}(?P<name>{_NAME})\b(?!\s[A-Z])")
# "Philippe Deecke, chief financial officer", "Florian Funck, Haniel's CFO", "Sergio Stevanato is named chairman"
NAME_THEN_ROLE = re.compile(rf"\b(?P<name>{_NAME})(?:,\s*|\s+(?:becomes|became|is named|was named|is appointed|"
                            rf"was appointed|will become|is now)\s+)(?:the\s+)?(?:[A-Z][\w&.-]*(?:'s|’s)\s+)?"
                            rf"(?:(?i:new|former|interim|acting|outgoing|executive|non-executive)\s+)?$")
NOT_NAME_WORDS = frozenset({"The", "Its", "Our", "Group", "Inc", "Ltd", "AG", "Chief", "Officer", "Executive", "Board",
                            "President", "Vice", "Senior", "Global", "Head", "Chairman", "Director", "Names",
                            "Appoints", "Hires", "Becomes", "To", "As", "And", "Of", "Named", "Appointed",
                            "Biologics", "Pharma", "Pharmaceuticals", "Therapeutics", "Sciences", "Labs",
                            "Laboratories", "Holdings", "Capital", "Partners", "Corporation", "Company", "Bio",
                            "Biotech", "Health", "Healthcare", "Technologies", "Services", "Solutions", "Biosciences"})


def _spans_with_entities(title_doc: Doc, body_doc: Doc) -> list[tuple[Span, list[Span]]]:
    """The headline and each body sentence with its entities (Doc.ents is rebuilt on every read: read it once)."""
    out: list[tuple[Span, list[Span]]] = [(title_doc[:], list(title_doc.ents))]
    entities = list(body_doc.ents)
    for sentence in body_doc.sents:
        out.append((sentence, [e for e in entities if sentence.start <= e.start < sentence.end]))
    return out


def _blocks_name(entity: Span, base: int, start: int, end: int) -> bool:
    """Whether an entity overlapping a would-be name next to a role phrase makes it no name. An organisation the
    knowledge base does not know, written exactly as the two words, is the NER misreading a name ("Florian Funck");
    a known one that holds only the surname is a family company ("Franco Stevanato" of Stevanato Group)."""
    s, e = entity.start_char - base, entity.end_char - base
    if not (s < end and start < e):
        return False
    if entity.label_ != "ORG":
        return True
    if not entity._.known:
        return not (s == start and e == end)
    return s <= start  # a known organisation holding the first word is an organisation


def named_by_role(title_doc: Doc, body_doc: Doc, people: list[str]) -> list[str]:
    """Names the NER missed that stand right next to a role phrase ("executive chairman Said Darwazah",
    "Philippe Deecke, chief financial officer"), when no organisation is written there."""
    found: list[str] = []
    for span, ents in _spans_with_entities(title_doc, body_doc):
        text = span.text
        base = span.start_char
        blocking = [e for e in ents if e.label_ in ("ORG", "GPE", "FAC", "PRODUCT")]
        for role in role_mentions(text):
            for match, start in ((ROLE_THEN_NAME.match(text[role.end:]), role.end),
                                 (NAME_THEN_ROLE.search(text[max(0, role.start - 60):role.start]),
                                  max(0, role.start - 60))):
                if not match:
                    continue
                name = match.group("name")
                a = start + match.start("name")
                if any(w in NOT_NAME_WORDS for w in name.split()) or any(
                        _blocks_name(e, base, a, a + len(name)) for e in blocking):
                    continue
                words = name.split()
                if any(name in p or (p.split()[0], p.split()[-1]) == (words[0], words[-1]) for p in [*people, *found]):
                    continue  # two family members share a surname, not a first name
                found.append(name)
    return found


def units_of(title_doc: Doc, body_doc: Doc, people: list[str], parsed: list[Doc] | None = None) -> list[Unit]:
    """The headline and the body sentences as units, each with its persons, role phrases and organisations."""
    by_text = {d.text.strip(): d for d in parsed or []}
    units = []
    for index, (span, ents) in enumerate(_spans_with_entities(title_doc, body_doc)):
        text = span.text
        base = span.start_char
        orgs = [(e._.company, e.start_char - base, e.end_char - base) for e in ents
                if e.label_ == "ORG" and e._.company]
        persons = _name_spans(text, people, [(s, e) for _, s, e in orgs])
        masked = text
        for _, s, e in persons:  # a name never ends a role phrase ("head of India operations Sameer Goel")
            masked = masked[:s] + "#" * (e - s) + masked[e:]
        roles = list(role_mentions(masked))
        roles += [RoleMention(ALIASES[r.role], r.start, r.end, alias=True) for r in roles if r.role in ALIASES]
        strangers = [(e.start_char - base, e.end_char - base) for e in ents if e.label_ == "PERSON"
                     and not any(s <= e.start_char - base < t for _, s, t in persons)]
        units.append(Unit(index, text, persons, roles=roles, orgs=orgs, parsed=by_text.get(text.strip()),
                          strangers=strangers, cues=_cues(text, "sent")))
    _resolve_pronouns(units)
    return units


def _resolve_pronouns(units: list[Unit]) -> None:
    """A body sentence naming no one but saying "he" or "she" speaks of the last person named before it."""
    last: str | None = None
    for unit in units:
        if unit.persons:
            last = unit.persons[-1][0] if unit.index else unit.persons[0][0]
            continue
        match = PRONOUN.search(unit.text)
        if unit.index and last and match:
            unit.persons = [(last, match.start(), match.end())]
            unit.pronouns = {match.start()}


def _bucket(distance: int) -> str:
    for limit in (0, 3, 12, 30, 60, 120):
        if distance <= limit:
            return str(limit)
    return "far"


def _between(text: str) -> str:
    words = re.sub(r"\s+", " ", text.lower()).strip()
    return words if len(words) <= 16 else "long"


def _dependency(unit: Unit, a: tuple[int, int], b: tuple[int, int]) -> dict[str, float]:
    """Path length between the two spans' heads in the parse, and the person's dependency label."""
    doc = unit.parsed
    if doc is None:
        return {"dep:none": 1.0}
    offset = doc.text.find(unit.text.strip()[:20]) - (len(unit.text) - len(unit.text.lstrip()))
    pa = doc.char_span(a[0] + offset, a[1] + offset, alignment_mode="expand")
    pb = doc.char_span(b[0] + offset, b[1] + offset, alignment_mode="expand")
    if pa is None or pb is None or not len(pa) or not len(pb):
        return {"dep:none": 1.0}
    ha, hb = pa.root, pb.root
    up_a = [ha, *ha.ancestors]
    up_b = [hb, *hb.ancestors]
    common = next((t for t in up_a if t in up_b), None)
    if common is None:
        return {"dep:apart": 1.0, f"dep:person={ha.dep_}": 1.0}
    length = up_a.index(common) + up_b.index(common)
    return {f"dep:len={min(length, 6)}": 1.0, f"dep:person={ha.dep_}": 1.0, f"dep:role={hb.dep_}": 1.0,
            f"dep:via={common.lemma_.lower() if common.pos_ == 'VERB' else common.pos_}": 1.0}


def _cues(text: str, prefix: str) -> dict[str, float]:
    return {f"{prefix}:{name}": 1.0 for name, pattern in CUES.items() if pattern.search(text)}


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(b[0] - a[1], a[0] - b[1], 0)


def owner(unit: Unit, role: RoleMention) -> str | None:
    """The name nearest to a role phrase in its sentence (a stranger's name is "?"); None if there is none."""
    named = [(_gap((s, e), (role.start, role.end)), name) for name, s, e in unit.persons]
    named += [(_gap(span, (role.start, role.end)), "?") for span in unit.strangers]
    return min(named)[1] if named else None


def clause(unit: Unit, start: int, end: int) -> tuple[int, int]:
    """The span of a person's own clause: `CLAUSE` characters either side, cut at the neighbouring names."""
    others = [(s, e) for n, s, e in unit.persons if s != start] + unit.strangers
    lo = max([max(0, start - CLAUSE)] + [e for s, e in others if e <= start])
    hi = min([end + CLAUSE] + [s for s, e in others if s >= end])
    return lo, hi


def _person_features(pu: Unit, person: tuple[str, int, int], role: RoleMention, same: bool) -> dict[str, float]:
    """What the person's own clause says (a move verb, a quote) and whether they hold another role phrase there:
    a mover's clause carries the move; an incumbent's carries a title and "said"."""
    _, ps, pe = person
    lo, hi = clause(pu, ps, pe)
    words = pu.text[lo:hi]
    f = {f"clause:{name}": 1.0 for name in CLAUSE_CUES if CUES[name].search(words)}
    f["clause:no_move"] = float(not any(k in f for k in ("clause:appoint", "clause:join", "clause:depart",
                                                          "clause:succeed", "clause:interim")))
    own = [r for r in pu.roles if owner(pu, r) == person[0] and not r.alias]
    f["owns_role_here"] = float(bool(own))
    f["owns_other_role"] = float(any(r.role != role.role for r in own) and not any(
        r.role == role.role for r in own))
    f[f"owns_other_role&same={same}"] = f["owns_other_role"]
    return f


def _pair_features(units: list[Unit], pu: Unit, person: tuple[str, int, int], ru: Unit,
                   role: RoleMention) -> dict[str, float]:
    kind = role.kind
    f: dict[str, float] = {f"role={kind}": 1.0, "bias": 1.0, "alias": float(role.alias), "min:alias": float(role.alias),
                           "pronoun": float(person[1] in pu.pronouns)}
    holder = owner(ru, role)
    mine = "self" if holder == person[0] else "none" if holder is None else "other"
    f[f"owner={mine}"] = 1.0
    f[f"owner={mine}&role={kind}"] = 1.0
    f["min:owner_other"] = float(mine == "other")
    where = "title" if ru.index == 0 and pu.index != 0 else "same" if ru is pu else \
        ("prev" if ru.index < pu.index else "next")
    f[f"where={where}"] = 1.0
    f[f"where={where}&role={kind}"] = 1.0
    f[f"where={where}&owner={mine}"] = 1.0
    if ru is pu:
        _, ps, pe = person
        if role.end <= ps:
            gap, order, between = ps - role.end, "role_first", pu.text[role.end:ps]
        elif role.start >= pe:
            gap, order, between = role.start - pe, "person_first", pu.text[pe:role.start]
        else:
            gap, order, between = 0, "overlap", ""
        f[f"gap={_bucket(gap)}"] = 1.0
        f[f"order={order}"] = 1.0
        f[f"between={order}:{_between(between)}"] = 1.0
        if order == "person_first":
            f["pat:as"] = float(bool(AS_BEFORE.search(between)))
            f["pat:apposition"] = float(bool(APPOSITION.match(between)))
            for name in ("appoint", "join", "depart", "succeed", "said"):
                if CUES[name].search(between):
                    f[f"pat:verb_between={name}"] = 1.0
        elif order == "role_first":
            f["pat:pre_title"] = float(bool(PRE_TITLE.match(between)))
        f[f"gap={_bucket(gap)}&role={kind}"] = 1.0
        others = [p for p in pu.persons if p[0] != person[0] and min(ps, role.start) < p[1] < max(pe, role.end)]
        f["person_between"] = float(bool(others))
        # Attribution of a quote: "said chief executive X", "X, chief executive, said".
        around = pu.text[max(0, min(ps, role.start) - 25):min(ps, role.start)] + " " + \
            pu.text[max(pe, role.end):max(pe, role.end) + 12]
        f["pat:said"] = float(bool(SAID.search(around)))
        f["min:said"] = f["pat:said"]
        nearest = min((abs(r.start - ps) for r in pu.roles), default=0)
        f["nearest_role"] = float(abs(role.start - ps) == nearest)
        f.update(_dependency(pu, (ps, pe), (role.start, role.end)))
        f.update(_cues(pu.text[max(0, min(ps, role.start) - 40): max(pe, role.end) + 40], "near"))
    before = ru.text[max(0, role.start - 40):role.start]
    f["pat:role_past"] = float(bool(PAST_BEFORE.search(before)))
    f["pat:role_new"] = float(bool(NEW_BEFORE.search(before)))
    f[f"pat:role_past&owner={mine}"] = f["pat:role_past"]
    f.update(pu.cues)
    f.update(_person_features(pu, person, role, ru is pu))
    f["persons_in_sentence"] = float(min(len({p[0] for p in pu.persons}), 4))
    f["person_in_title"] = float(any(p[0] == person[0] for p in units[0].persons))
    f["role_in_title"] = float(any(r.role == role.role for r in units[0].roles))
    f["title_person_count"] = float(min(len({p[0] for p in units[0].persons}), 3))
    f["first_person_unit"] = float(min(pu.index, 6))
    return f


def _org_features(units: list[Unit], pu: Unit, ru: Unit, role: RoleMention, company: str, subject: str | None,
                  window_orgs: list[tuple[Unit, tuple[str, int, int]]]) -> dict[str, float]:
    f: dict[str, float] = {"org_subject": float(company == subject)}
    mine = [(u, o) for u, o in window_orgs if o[0] == company]
    f["org_in_window"] = float(bool(mine))
    f["org_companies_in_window"] = float(min(len({o[0] for _, o in window_orgs}), 4))
    f["org_only"] = float(len({o[0] for _, o in window_orgs} | ({subject} if subject else set())) == 1)
    f["org_in_title"] = float(any(o[0] == company for o in units[0].orgs))
    same = [o for u, o in mine if u is ru]
    if same:
        gaps = []
        for _, s, e in same:
            if e <= role.start:
                gaps.append((role.start - e, "org_first", ru.text[e:role.start]))
            elif s >= role.end:
                gaps.append((s - role.end, "role_first", ru.text[role.end:s]))
            else:
                gaps.append((0, "overlap", ""))
        gap, order, between = min(gaps)
        f[f"org_gap={_bucket(gap)}"] = 1.0
        f[f"org_between={order}:{_between(between)}"] = 1.0
        others = [o for o in ru.orgs if o[0] != company]
        nearest = min((min(abs(o[1] - role.end), abs(role.start - o[2])) for o in ru.orgs), default=0)
        f["org_nearest_role"] = float(gap <= nearest)
        f["org_others_same_sentence"] = float(bool(others))
        s = min(same, key=lambda o: abs(o[1] - role.start))[1]
        f["org_background"] = float(bool(BACKGROUND_BEFORE.search(ru.text[max(0, s - 40):s])))
    else:
        f["org_not_in_role_sentence"] = 1.0
        f[f"org_not_in_role_sentence&subject={company == subject}"] = 1.0
    return f


def candidates(units: list[Unit], subject: str | None) -> list[Candidate]:
    """Every (person, role, organisation) triple the window allows, with its features."""
    out: list[Candidate] = []
    for pu in units:
        if not pu.persons:
            continue
        window = [u for u in units if u.index and abs(u.index - pu.index) <= WINDOW] if pu.index else [units[0]]
        if pu.index and units[0] not in window:
            window = [units[0], *window]
        window_orgs = [(u, o) for u in window for o in u.orgs]
        companies = list(dict.fromkeys([*(o[0] for _, o in window_orgs), *([subject] if subject else [])]))
        for person in pu.persons:
            for ru in window:
                for role in ru.roles:
                    base = _pair_features(units, pu, person, ru, role)
                    for company in companies:
                        features = {**base, **_org_features(units, pu, ru, role, company, subject, window_orgs)}
                        out.append(Candidate(person[0], role.role, company, features, pu.index, person[1],
                                             ru.index, role.start))
    return out


@dataclass(frozen=True)
class Triple:
    """One (person, role, organisation) with the features of all its mentions folded together."""

    person: str
    role: str
    company: str
    features: dict[str, float]


def triples(units: list[Unit], subject: str | None) -> list[Triple]:
    """Candidates grouped by (person, role, organisation): each feature at its largest over the mentions, plus
    how often the triple is mentioned and how the person and role rank in the item."""
    grouped: dict[tuple[str, str, str], dict[str, float]] = {}
    counts: dict[tuple[str, str, str], int] = {}
    for c in candidates(units, subject):
        key = (c.person, c.role, c.company)
        merged = grouped.get(key)
        if merged is None:
            grouped[key] = dict(c.features)
        else:
            for name, value in c.features.items():
                if value > merged.get(name, value) or name not in merged:
                    merged[name] = value
            for name in MIN_FEATURES:  # true only when true of every mention
                merged[name] = min(merged.get(name, 0.0), c.features.get(name, 0.0))
        counts[key] = counts.get(key, 0) + 1
    order = list(dict.fromkeys(p[0] for u in units for p in u.persons))
    roles_per_person: dict[str, set[str]] = {}
    for person, role, _ in grouped:
        roles_per_person.setdefault(person, set()).add(role)
    out = []
    for key, features in grouped.items():
        person, role, _ = key
        extra = {"mentions": min(counts[key], 8) / 8, f"person_rank={min(order.index(person), 3)}": 1.0,
                 "roles_for_person": min(len(roles_per_person[person]), 5) / 5}
        out.append(Triple(*key, {**features, **extra}))
    return out
