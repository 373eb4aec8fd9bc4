"""Word counts that work for text written without spaces (Chinese, Japanese, Korean) as well as with them."""

from __future__ import annotations

import re

# Han, kana and Hangul syllables; Korean does use spaces, but between phrases longer than an English word.
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
# Chinese and Japanese average about two characters a word.
CJK_CHARS_PER_WORD = 2


def count_words(text: str) -> int:
    """Whitespace words, with runs of CJK characters counted as one word per two characters."""
    cjk = len(CJK.findall(text))
    if not cjk:
        return len(text.split())
    spaced = len(CJK.sub(" ", text).split())
    return spaced + -(-cjk // CJK_CHARS_PER_WORD)
