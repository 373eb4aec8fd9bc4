"""The language a story is written in, read from its text (py3langid: offline, about half a millisecond a page).

Markup often says otherwise: a CMS stamps `lang="en"` on every page of a site that also publishes in German, and
many pages declare nothing. The declared language is kept only for texts too short to judge, or when the
detector is unsure.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from crawlers.words import count_words

# Below this many words the detector's guess is worse than the markup's declaration.
MIN_WORDS = 15
# Normalised probability the detector must reach to overrule (or stand in for) the markup.
MIN_CONFIDENCE = 0.9
# The first page or so decides; the rest of a long page only costs time.
SAMPLE_CHARS = 1500
ISO_639_1 = re.compile(r"^[a-z]{2}$")


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when it is too short or the detector is unsure."""
    sample = text[:SAMPLE_CHARS]
    if count_words(sample) < MIN_WORDS:
        return None
    code, confidence = _identifier().classify(sample)
    return code if confidence >= MIN_CONFIDENCE and ISO_639_1.match(code) else None


def story_language(text: str, declared: str | None) -> str | None:
    """The detected language, else the one the markup declares."""
    return detect_language(text) or declared
