"""Role phrases in text and their normalised names (docs/LABELLING.md): CEO, CFO, COO, CSO, CTO, CCO, CDO, CIO,
CMO, CBO, CHRO, General Counsel, President, Chair, Board member, Site head, or `Head of <function>`
("head of global technical operations" → "Head of Technical Operations"; SVP and EVP posts likewise).

Patterns are tried in order and an earlier match owns its characters, so "chief executive officer" is one CEO
mention and "vice president" never yields President.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_FUNCTION = r"[a-z&,\- ]{2,60}?"
# Words after "vice president" that start a clause, not a function ("a vice president at X", "…, oversees …").
_NOT_FUNCTION = r"(?:who|which|oversees?|leads?|leading|responsible|based|since|at|in|with|and|roles?|since)\b"
_FUNCTION_END = r"(?=[.;:()]|,? (?:who|which|since|from|to|at|for|in|with|and (?:a|an|the)|effective|as of)\b|,\s|$)"

ROLE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (role, re.compile(pattern, re.IGNORECASE))
    for role, pattern in [
        # "president and chief executive" is one post, the CEO's (docs/LABELLING.md's labels read it so)
        ("CEO", r"\bpresident\s*(?:and|&)\s*(?:group |global )?(?:chief executive(?: officer)?|CEO)\b"
                r"|\b(?:chief executive(?: officer)?|CEO)\s*(?:and|&)\s*president\b(?! of)"
                r"|\b(?:president|chair(?:man|woman|person)?) of (?:the |its |our )?management board\b"
                r"|\bchairs? (?:the |its |our )?management board\b"
                r"|\bmanagement board (?:president|chair(?:man|woman|person)?)\b"
                r"|\b(?:group |global )?chief executive(?: officer)?\b|\bco-CEO\b|\bCEO\b|\bmanaging director\b(?! of)"
                r"|\bhelm\b|\b(?:interim|acting|new|former) chief\b(?! \w+ officer)(?! \w+ \w+ officer)"
                r"|\bat the head of\b|\bhead(?:s|ed|ing)? (?:the|its) (?:combined |merged |new |whole )?"
                r"(?:company|group|business|organi[sz]ation)\b"),
        ("CFO", r"\bchief financial officer\b|\bCFO\b|\bfinance chief\b|\bfinance director\b"
                r"|\bchief finance officer\b|\bfinance head\b"),
        ("COO", r"\bchief operating officer\b|\bCOO\b|\bchief operations officer\b"),
        ("CSO", r"\bchief scien(?:tific|ce) officer\b|\bCSO\b"),
        ("CTO", r"\bchief technology officer\b|\bchief technical officer\b|\bCTO\b"),
        ("CBO", r"\bchief business officer\b|\bCBO\b"),
        ("CCO", r"\bchief commercial officer\b|\bCCO\b"),
        ("CIO", r"\bchief information officer\b|\bCIO\b|\b(?:information technology|IT) (?:chief|head)\b"),
        ("CDO", r"\bchief digital(?: and [a-z]+)?(?: officer)?\b|\bchief data officer\b|\bCDO\b|\bdigital chief\b"),
        ("CMO", r"\bchief medical officer\b|\bchief marketing officer\b|\bCMO\b|\bmedical director\b"),
        ("CHRO", r"\bchief human resources? officer\b|\bchief people officer\b|\bCHRO\b"
                 r"|\b(?:global )?head of (?:human resources|HR|people)\b|\b(?:human resources|HR) (?:head|chief)\b"),
        ("General Counsel", r"\bgeneral counsel\b|\bchief legal officer\b|\bhead of legal\b|\blegal (?:head|chief)\b"),
        # "chairman of the board (of directors)", "supervisory board chair" are one Chair mention, not a Chair
        # and a Board member.
        ("Chair", r"(?<!vice )(?<!vice-)(?<!deputy )(?:\b(?:supervisory |the )?board )?\bchair(?:man|woman|person|s)?\b"
                  r"(?! of the (?:audit|nominating|compensation|remuneration))"
                  r"(?: of (?:the |its |our )?(?:supervisory |executive |company's )?board(?: of directors)?\b)?"),
        ("President", r"(?<!vice )(?<!vice-)\bpresident\b"),
        ("Site head", r"\bsite (?:head|leader|director|manager|lead)\b|\bhead of (?:the |its |our )?[\w ]{0,30}\b"
                      r"(?:site|plant|campus|facility)\b|\b(?:site|plant|facility|campus) head\b|\bplant manager\b"
                      r"|\bgeneral manager of (?:its|the|our) [\w, ]{0,40}(?:site|plant|facility|campus)\b"),
        ("Board member", r"\bboard of directors\b|\bboard members?\b|\b(?:non-executive|independent|nominee|outside) directors?\b"
                         r"|\b(?:to|on|from|joins|left|leaves) (?:its|the|our|their|his|her) board\b"
                         r"|\bmember of the [\w ]{0,30}board\b|\bsupervisory board\b|\bon the board\b"
                         r"|\bboard seat\b|\bseat on (?:its|the|our) board\b|\bdirectors?hip\b"),
        ("Head of", rf"\b(?:global |group |worldwide )?head of (?:the )?(?P<head>{_FUNCTION}){_FUNCTION_END}"
                    rf"|\b(?:executive |senior )?vice[- ]president(?:,| of| for)? (?!{_NOT_FUNCTION})(?:the )?(?P<vp>{_FUNCTION})"
                    rf"{_FUNCTION_END}"
                    rf"|\b(?:EVP|SVP)(?:,| of| for)? (?P<svp>{_FUNCTION}){_FUNCTION_END}"
                    r"|\bchief (?P<chief>(?!executive|financial|operating|technology|technical|scientific|science"
                    r"|commercial|business|information|digital|data|medical|marketing|legal|human|people|finance)"
                    r"[a-z]+(?: [a-z]+)?) officer\b"),
        # "Evotec chief Lanthaler", "Long-time chief Richard Ridinger": a bare chief after a capitalised word and
        # before a name; last, so "finance chief" or "IT chief" stay with their own posts.
        ("CEO", r"\b(?-i:[A-Z])[\w&'’-]* (?P<at>(?-i:chief))(?= (?:(?-i:[A-Z][a-z])|#))"),
    ]
]
PRIORITY: dict[str, int] = {}
for _rank, (_role, _) in enumerate(ROLE_PATTERNS):
    PRIORITY.setdefault(_role, _rank)
_DROP = {"global", "worldwide", "group", "its", "our", "the", "new", "a", "company's", "corporate"}
_SMALL = {"and", "of", "&", "for"}
_UNIT = {"division", "unit", "department", "center", "centre", "segment", "function", "team", "arm", "organisation",
         "organization"}  # "head of the cell & gene division" is Head of Cell & Gene


@dataclass(frozen=True)
class RoleMention:
    role: str  # normalised: "CEO", "Board member", "Head of Quality", …
    start: int
    end: int
    alias: bool = False  # a second reading of the same words ("president" of a company as its CEO)

    @property
    def kind(self) -> str:
        """The role's class for features: "Head of" for every head-of-function role."""
        return "Head of" if self.role.startswith("Head of") else self.role


def head_of(function: str) -> str | None:
    """`Head of <Function>` from a free function phrase; None when nothing of a function is left."""
    words = [w for w in re.split(r"[\s,]+", function.strip().lower()) if w and w not in _DROP]
    while len(words) > 1 and words[-1] in _UNIT | _SMALL:
        words.pop()
    while words and words[-1] in _SMALL:
        words.pop()
    if not words or words[0] in _SMALL:
        return None
    return "Head of " + " ".join(w if w in _SMALL else w[:1].upper() + w[1:] for w in words)


def _normalised(role: str, match: re.Match[str]) -> str | None:
    if role != "Head of":
        return role
    function = next((g for g in match.groups() if g), "")
    return head_of(function)


@lru_cache(maxsize=4096)
def role_mentions(text: str) -> tuple[RoleMention, ...]:
    """Every role phrase of `text`, normalised, in text order (earlier patterns own their characters)."""
    found: list[RoleMention] = []
    for role, pattern in ROLE_PATTERNS:
        for match in pattern.finditer(text):
            # A pattern may read a word before the role ("Evotec chief"): group "at" is then the role itself.
            start = match.start("at") if "at" in pattern.groupindex else match.start()
            if any(m.start <= start < m.end or start <= m.start < match.end() for m in found):
                continue
            name = _normalised(role, match)
            if name:
                found.append(RoleMention(name, start, match.end()))
    return tuple(sorted(found, key=lambda m: m.start))
