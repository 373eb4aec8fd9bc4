"""Cue words matched as words: whole-word, and case-aware for acronyms.

A cue is written the way it must appear:
- all capitals ("AI", "MES", "FDA") match only in capitals, as a whole word: "AI" is not in "said" or "Ai-Da";
- anything else matches in any case, as a whole word: "plant" is not in "implant";
- a trailing "*" makes a stem: "expan*" matches "expand", "expansion", "expanding", but not "unexpanded".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache


def _cue_pattern(cue: str) -> str:
    stem = cue.endswith("*")
    word = cue.rstrip("*")
    body = r"\s+".join(re.escape(part) for part in word.split())
    tail = r"\w*" if stem else ""
    inline = "" if word.isupper() else "(?i:"
    close = "" if word.isupper() else ")"
    return rf"(?<![\w-]){inline}{body}{tail}{close}(?![\w])"


@lru_cache(maxsize=64)
def compile_cues(cues: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern for a set of cues, or None for an empty set."""
    if not cues:
        return None
    return re.compile("|".join(_cue_pattern(cue) for cue in sorted(cues, key=len, reverse=True)))


def count_cues(text: str, cues: Iterable[str]) -> int:
    """How many times any of the cues occurs in the text."""
    pattern = compile_cues(tuple(cues))
    return len(pattern.findall(text)) if pattern else 0


def has_cue(text: str, cues: Iterable[str]) -> bool:
    pattern = compile_cues(tuple(cues))
    return bool(pattern and pattern.search(text))
