"""Person names as news writes them: one person named several ways, and words the NER sweeps into a name.

Reporting names a person in full once and shorter later, or the other way round: "Richard B. "Rick" Hancock" then
"Rick Hancock", "Robert G. Kramer" then "Bob Kramer", "Roger J. Lias" then "Roger Lias". `same_person` tells
whether two written names can be one person (same surname; given names equal, one a known short form of the
other, one the nickname quoted or bracketed in the other, or an initial of the other; middle initials ignored).
`clean_name` drops what is not part of a name: a capitalised sentence-opening word ("Between Lehmann"), a role or
demonym noun before it ("Spokeswoman Sophie Baudouin", "Dutchman Jean-Marc Huët"), a function word after it. `is_place_name`
says a "name" is a street, building or body named after a person ("Alexander Boulevard").
"""

from __future__ import annotations

import re

# Short forms of English given names that reporting uses for the same person (both directions are read).
SHORT_FORMS: dict[str, tuple[str, ...]] = {
    "robert": ("bob", "rob", "bobby", "robbie"), "richard": ("rick", "dick", "rich", "ricky"),
    "william": ("bill", "will", "billy", "liam"), "anthony": ("tony",), "antonio": ("tony",),
    "michael": ("mike", "mick"), "james": ("jim", "jimmy", "jamie"), "thomas": ("tom", "tommy"),
    "david": ("dave",), "steven": ("steve",), "stephen": ("steve",), "christopher": ("chris",),
    "christine": ("chris",), "joseph": ("joe",), "edward": ("ed", "ted", "eddie"), "daniel": ("dan", "danny"),
    "kenneth": ("ken",), "matthew": ("matt",), "patrick": ("pat",), "benjamin": ("ben",), "samuel": ("sam",),
    "andrew": ("andy", "drew"), "nicholas": ("nick",), "alexander": ("alex",), "alexandra": ("alex",),
    "jonathan": ("jon",), "gregory": ("greg",), "jeffrey": ("jeff",), "geoffrey": ("geoff",),
    "lawrence": ("larry",), "elizabeth": ("liz", "beth", "betsy"), "katherine": ("kate", "kathy", "katie"),
    "catherine": ("cathy", "kate"), "susan": ("sue",), "jennifer": ("jen", "jenny"), "margaret": ("peggy", "maggie"),
    "charles": ("chuck", "charlie"), "frederick": ("fred",), "frederic": ("fred",), "timothy": ("tim",),
    "peter": ("pete",), "gerald": ("gerry", "jerry"), "douglas": ("doug",), "donald": ("don",),
    "ronald": ("ron",), "raymond": ("ray",), "philip": ("phil",), "phillip": ("phil",), "johannes": ("hans",),
    "vincent": ("vince",), "zachary": ("zach",), "abraham": ("abe",), "frank": ("frankie",),
    "francis": ("frank",), "henry": ("hank", "harry"), "harold": ("harry",), "leonard": ("len", "leo"),
    "victoria": ("vicky",), "rebecca": ("becky",), "deborah": ("debbie", "deb"), "barbara": ("barb",),
    "suzanne": ("sue",), "joshua": ("josh",), "nathaniel": ("nate", "nat"), "nathan": ("nate",),
    "siegfried": ("siggi",), "sigurdur": ("siggi",), "walter": ("walt",), "theodore": ("ted", "theo"),
}
_SHORT_OF: dict[str, set[str]] = {}
for _full, _shorts in SHORT_FORMS.items():
    for _short in _shorts:
        _SHORT_OF.setdefault(_short, set()).add(_full)
        _SHORT_OF.setdefault(_full, set()).add(_short)

# Capitalised words that open a name span at a sentence start or as a descriptor, but are no part of a name.
NOT_NAME_WORDS = frozenset("""
a an the and or but as at by for from in into of on to with without between among under over after before during
also then now when while where whereas although though since until about against among meanwhile however here there
this that these those his her their its our new former outgoing incoming veteran longtime long-time industry
spokesman spokeswoman spokesperson dutchman frenchman englishman irishman scotsman welshman swiss german american
british chinese japanese korean indian italian spanish canadian australian danish swedish norwegian finnish belgian
austrian polish irish israeli singaporean taiwanese brazilian mexican french dutch
analyst analysts founder co-founder cofounder chairman chairwoman chairperson chair director executive boss head
chief manager partner professor investor investors billionaire entrepreneur scientist researcher doctor
""".split())
# Only these end a span without being a name: a surname may be a demonym or a role word ("Kevin French").
FUNCTION_WORDS = frozenset("and or but as at by for from in into of on to with the said says".split())
PLACE_WORDS = frozenset("""
boulevard blvd street avenue parkway pkwy plaza highway center centre building campus institute laboratory
laboratories school college university hospital foundation prize award
""".split())
_INITIAL = re.compile(r"^[A-Z]\.?$|^(?:[A-Z]\.){2,}$")
_QUOTED = re.compile(r"[\"“”'‘’(]([^\"“”'‘’()]+)[\"“”'‘’)]")


def _tokens(name: str) -> list[str]:
    return name.replace(",", " ").split()


def clean_name(name: str) -> str:
    """The name without the non-name words the NER swept in at its start or end; "" when none remains."""
    words = _tokens(name)
    while words and words[0].casefold().strip(".") in NOT_NAME_WORDS:
        words = words[1:]
    while words and words[-1].casefold() in FUNCTION_WORDS:
        words = words[:-1]
    return " ".join(words)


def is_place_name(name: str) -> bool:
    """A street, building, prize or body named after a person ("Alexander Boulevard", "Hilleman Center")."""
    words = _tokens(name)
    return len(words) >= 2 and words[-1].casefold().strip(".") in PLACE_WORDS


def surname(name: str) -> str:
    """The last word that is not an initial or a suffix ("Jr.", "III")."""
    words = [w for w in _tokens(_QUOTED.sub(" ", name)) if not _INITIAL.match(w)
             and w.casefold().strip(".") not in ("jr", "sr", "ii", "iii", "iv")]
    return words[-1] if words else ""


def given_names(name: str) -> list[str]:
    """The given names before the surname (case-folded, initials and quoted nicknames left out)."""
    words = [w for w in _tokens(_QUOTED.sub(" ", name)) if not _INITIAL.match(w)]
    last = surname(name)
    if last in words:
        words = words[:len(words) - 1 - words[::-1].index(last)]
    return [w.casefold().strip(".") for w in words]


def nicknames(name: str) -> set[str]:
    """The quoted or bracketed nicknames of a name ('Richard B. "Rick" Hancock' → {"rick"})."""
    return {w.casefold() for group in _QUOTED.findall(name) for w in group.split()}


def _initials(name: str) -> set[str]:
    return {w[0].casefold() for w in _tokens(_QUOTED.sub(" ", name)) if _INITIAL.match(w)}


def _given_match(a: str, b: str) -> bool:
    return a == b or b in _SHORT_OF.get(a, ()) or len(a) == 1 and b.startswith(a) or len(b) == 1 and a.startswith(b)


def same_person(a: str, b: str) -> bool:
    """Whether two written names can name one person: same surname (case-insensitive) and compatible given names.

    Given names are compatible when either name has none ("Hancock"), when the first given names are equal or one
    is a short form of the other ("Bob"/"Robert"), when one is the other's quoted nickname ("Rick" in
    'Richard B. "Rick" Hancock'), or when one is the other's initial ("R. Hancock"). A middle name or initial that
    only one of them writes does not tell them apart.
    """
    if a == b:
        return True
    last_a, last_b = surname(a), surname(b)
    if not last_a or last_a.casefold() != last_b.casefold():
        return False
    given_a, given_b = given_names(a), given_names(b)
    first_a = given_a[0] if given_a else next(iter(sorted(_initials(a))), "")
    first_b = given_b[0] if given_b else next(iter(sorted(_initials(b))), "")
    if not first_a or not first_b:
        return True
    if len(given_a) >= 2 and len(given_b) >= 2 and given_a[1:] != given_b[1:]:
        return False  # "Davuluri Rama Mohan Rao" and "Davuluri Saharsh Rao": two people of one family
    if _given_match(first_a, first_b) or first_a in nicknames(b) or first_b in nicknames(a):
        return True
    return bool({n for n in nicknames(a)} & ({first_b} | _SHORT_OF.get(first_b, set()))
                or {n for n in nicknames(b)} & ({first_a} | _SHORT_OF.get(first_a, set())))
