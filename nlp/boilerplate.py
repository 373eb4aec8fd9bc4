"""Where the news ends: press-release boilerplate ("About X", forward-looking statements, media contacts).

What follows the first boilerplate paragraph names the issuer's other businesses, its advisers and its press
officers; none of them is a party to the news, and reading it costs a quarter of the NLP time of a release.
"""

from __future__ import annotations

import re

BOILERPLATE_START = re.compile(
    r"^\s*(?:#{3}\s*$|about us\b|forward[- ]looking statements?\b|cautionary (?:note|statement)|safe harbou?r\b|"
    r"this (?:press )?release contains forward|media (?:contacts?|enquiries|inquiries)\b|press contacts?\b|"
    r"investor (?:contacts?|relations contact)\b|contacts?:|for (?:further|more) information,? (?:please )?contact)",
    re.IGNORECASE,
)
# "About Lonza" as a heading, or "About Lonza: Lonza is ..."; case matters ("About half of the staff ...").
ABOUT_HEADING = re.compile(r"^\s*About (?:the )?[A-Z][^\n:.]{1,60}(?::|\s*$)")
MAX_WORDS = 1200


def news_part(text: str, max_words: int = MAX_WORDS) -> str:
    """The text up to the first boilerplate paragraph (never the lead itself), cut at `max_words`.

    Always a prefix of `text`, so character offsets into it are offsets into the original.
    """
    end = len(text)
    offset = 0
    for number, paragraph in enumerate(text.split("\n")):
        if number > 0 and paragraph.strip() and (BOILERPLATE_START.match(paragraph)
                                                 or ABOUT_HEADING.match(paragraph)):
            end = offset
            break
        offset += len(paragraph) + 1
    body = text[:end].rstrip()
    words = 0
    for match in re.finditer(r"\S+", body):
        words += 1
        if words > max_words:
            return body[: match.start()].rstrip()
    return body
