"""Headline verbs that settle the event type within a pillar, ahead of the classifier's guess.

Measured on the real-reporting dev split (296 items, 2026-12-06): event-type accuracy 0.807 with these rules,
0.723 with the classifier alone. Digital items have no verb rule: whether adopting a vendor's software is a
launch or a partnership is not in the verb but in whether a second company is a party (`digital_event_type`).
"""

from __future__ import annotations

import re

HEADLINE_RULES: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    pillar: [(event, re.compile(pattern, re.IGNORECASE)) for event, pattern in rules]
    for pillar, rules in {
        "infrastructure": [
            ("facility_opening", r"\b(?:opens|opened|inaugurates?|inaugurated|unveils|officially open|"
                                 r"starts? (?:up|operations|production)|begins? (?:operations|production)|goes live|"
                                 r"comes online|cuts? (?:the )?ribbon|ribbon[- ]cutting|"
                                 r"enters? (?:commercial )?(?:production|operations?|service)|is (?:now )?running|"
                                 r"up and running|is complete|"
                                 r"complet(?:es|ed)\b(?!\s+(?:its\s+|the\s+)?(?:acquisition|purchase|sale|deal|buy)))"),
            ("site_acquisition", r"\b(?:acquires?|acquisition of|buys?|purchases?|takes? over|to acquire|to buy|snaps up|"
                                 r"picks up)\b"),
            ("capacity_expansion", r"\b(?:expands?|expansion|adds?|boosts?|doubles?|triples?|scales? up|grows?|"
                                   r"increases?|lifts?|extra capacity)\b"),
            ("facility_investment", r"\b(?:invests?|investment|builds?|to build|breaks? ground|groundbreaking|plans?|"
                                    r"construct\w*|commits?|new (?:plant|facility|site))\b"),
        ],
        "leadership": [
            ("executive_departure", r"\b(?:steps? down|to step down|retires?|to retire|retirement|resigns?|"
                                    r"resignation|departs?|departure|exits?|leaves?|to leave|ousted|moves on)\b"),
            ("executive_appointment", r"\b(?:appoints?|names?|named|hires?|promotes?|elects?|taps?|picks?|welcomes?|"
                                      r"joins|adds?|new (?:ceo|cfo|chief|chair|president|head))\b"),
        ],
    }.items()
}


def headline_event_type(pillar: str, title: str) -> str | None:
    """The event type a headline's verb states for this pillar, or None to leave it to the classifier."""
    for event, pattern in HEADLINE_RULES.get(pillar, []):
        if pattern.search(title):
            return event
    return None


PARTNERSHIP_CUE = re.compile(r"\b(?:partner\w*|collaborat\w*|alliance|team(?:s|ed)? up|join(?:s|ed)? forces|"
                             r"ties? up|link(?:s|ed)? up|agreement|deal)\b", re.IGNORECASE)


def digital_event_type(event_type: str, title: str, subject: str | None, companies: list[str]) -> str:
    """A digital partnership needs a partner: with no second company among the parties and no partnership
    word in the headline, the item is the company's own launch."""
    if event_type != "digital_partnership" or any(c != subject for c in companies) or PARTNERSHIP_CUE.search(title):
        return event_type
    return "digital_launch"
