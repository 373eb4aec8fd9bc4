"""Which money mention is an item's amount: the investment or deal the news is about, in its original currency.

docs/LABELLING.md ("Amounts"): the headline investment or deal value, the upper bound of a range, never results,
revenue, guidance or savings. The mentions come from nlp.entities.money; this module reads each one's neighbourhood:
- background figures are not the news: a deal closed in an earlier year, what a company "had invested", the price
  a plant was once bought for, a market's size, a share price;
- a deal word next to the figure ("invest", "buy", "for $X") makes it a candidate, the event type's own words
  first (an acquisition's price before the capex pledged alongside it);
- the chosen figure grows to its upper bound: "plus up to $57.5 million in earn-outs" is added, "could grow to
  $546 million" replaces it, "$120 million of a planned $160 million" is the part of a total;
- a figure in a currency without a rate (HK$, R$) counts only through the conversion written next to it, and a
  dollar headline quoting a figure the body gives in kroner or won is that figure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from nlp.entities.money import Money, find_amounts, fx_table

MIN_AMOUNT = 100_000  # in units of any currency: smaller figures are share prices and per-unit costs, not deals
WINDOW_BEFORE = 70
WINDOW_AFTER = 45
LEAD_SENTENCE = 1  # sentence 0 is the headline, 1 the body's first

# Words before or after a figure that make it revenue, savings, a valuation, a market size, an analyst's estimate,
# a fine or a price.
NOT_A_DEAL_BEFORE = re.compile(
    r"\b(?:revenues?|sales|turnover|earnings|profits?|ebitda|guidance|net income|net debt|savings?|saving about|"
    r"cost[- ]reduction|market value|market capitali[sz]ation|generated|exports?|output|market (?:is |was )?(?:worth|valued|forecast|expected|"
    r"to grow|grew|size)|grow (?:from|to)|(?<!purchase )(?<!sale )(?<!deal )price(?: of)?|priced at|shares? (?:closed|opened|ended|"
    r"traded|trading)|per share|a share|quarter|fiscal|full[- ]year|first[- ]half|second[- ]half|h1 |"
    r"analysts?|estimated? by|fined|penalt\w+)\b[^.;]*$",
    re.IGNORECASE)
# A market's size told with its subject further back than NOT_A_DEAL_BEFORE reads ("the global market for
# smart-factory systems on course to reach $6.6 billion"): read over the whole window before the figure.
MARKET_SIZE_BEFORE = re.compile(r"\bmarket\b[^.;$€£¥]{0,70}\b(?:reach|reaching|worth|double|at (?:around|about|roughly|"
                                r"some|an estimated))\b[^.;]*$", re.IGNORECASE)
NOT_A_DEAL_AFTER = re.compile(
    r"^\W{0,3}(?:\)\s*)?(?:\w+\s){0,3}?(?:in (?:annual |yearly )?(?:revenues?|sales|savings)|a year in savings|"
    r"of (?:annual |(?:19|20)\d\d )?(?:revenues?|sales|savings)|(?:in |of )?(?:annual )?savings|worth of|a share|per share|"
    r"(?:\w+ )?market\b|a year\b|per year|annually|per annum|in sales|in revenue|in exports|exports|output|in deposits|offer price|market value)",
    re.IGNORECASE)
# A figure of an earlier event told as background: "had invested", "bought by X for", "launched with", "-backed".
BACKGROUND_BEFORE = re.compile(
    r"(?:\b(?:had|has already|have already)\s+(?:\w+\s+)?(?:invested|committed|spent|put|raised|paid|poured)|"
    r"\b(?:earlier|previous(?:ly)?(?! announced)|prior|once|former)\b|\bsince\b|"
    r"\bafter (?:buying|acquiring|committing|paying|investing|raising)|\b\w+ (?:years?|months?|weeks?|days?) after\b|"
    r"\bafter (?:a|an|the|its|their)\s+(?:\w+\s+)?$|\bfollowing (?:its|an?|the|their)\b|"
    r"\blaunch(?:ed|ing)? (?:in \d{4} )?with\b|\bwas (?:sold|bought|acquired)\b|"
    r"\bin (?:a|an|its|the) (?:\w+ )?deal (?:agreed|signed|struck|announced|completed) in\b)[^;]*$",
    re.IGNORECASE)
BACKGROUND_AFTER = re.compile(r"^(?:-backed|[^.;]{0,25}\b(?:ago|earlier|so far|to date)\b|[^.;]{0,40}\bsince\b)",
                              re.IGNORECASE)
# "bought from Merck in May 2014 for $130 million" (same clause), "$350 million investment in CBM in 2022".
YEAR_BEFORE = re.compile(r"\b(?:in|since|during) (?:early |late |mid-|\w+ )?((?:19|20)\d\d)\b(?:[^,;()]{0,40}\s)?"
                         r"(?:for|of) (?:about |around |roughly |just under |nearly |some |more than )?$")
YEAR_AFTER = re.compile(r"^\s*(?:(?:investment|deal|round|loan|grant|stake|purchase|acquisition|raise)\s+"
                        r"(?:in\s+\S+\s+)?)?in (?:early |late |mid-|\w+ )?((?:19|20)\d\d)\b", re.IGNORECASE)

INVESTMENT_WORDS = (r"invest|spend|spent|build|construct|expan|capex|capital|fund|financ|programme|program|"
                    r"facilit|plant|site|campus|factory|project|upgrade|line|suite|commit|pledge|put|pour|inject|"
                    r"grant|loan|support|backing|cost|budget|outlay")
DEAL_WORDS = (r"acqui|buy|bought|purchas|takeover|take over|deal|transaction|pay|paid|sell|sale|sold|merg|stake|"
              r"valued|worth|raise|raising|round|ipo|offering|contract|agreement|consideration|enterprise value|"
              r"price|value|for")
EVENT_WORDS = {
    "m_and_a": DEAL_WORDS, "site_acquisition": DEAL_WORDS,
    "contract_or_partnership": r"contract|agreement|deal|worth|valued|partnership|supply",
}
ANY_WORD = re.compile(rf"\b(?:{INVESTMENT_WORDS}|{DEAL_WORDS})\w*", re.IGNORECASE)
# "plus up to $57.5 million more", "with up to a further £9 million payable": contingent payments on top.
CONTINGENT_BEFORE = re.compile(r"\b(?:plus|with|and|further|additional|contingent payments? of|earn-?outs? of)\s+"
                               r"(?:up to\s+)?(?:a\s+)?(?:further\s+|additional\s+)?(?:payments? of (?:up to )?)?$",
                               re.IGNORECASE)
CONTINGENT_WORDS = re.compile(r"earn-?outs?|contingent|milestones?|depending|payable if|tied to|performance",
                              re.IGNORECASE)
# "worth $331 million and could grow to $546 million", "rising to €120 million": the upper bound.
GROWS_TO = re.compile(r"(?:could|may|might|would|will)?\s*(?:grow|ris(?:e|ing)|increas(?:e|ing)|reach|climb)\w*"
                      r"(?:\s+\w+)?\s+(?:to\s+)?(?:as much as\s+|up to\s+|about\s+|around\s+)?$", re.IGNORECASE)
RANGE_JOIN = re.compile(r"^\s*(?:to|and|-|–)\s*$", re.IGNORECASE)
PART_OF = re.compile(r"^\s*of (?:a|an|the|its)\s+(?:planned|total|proposed|estimated|\w+)?\s*$", re.IGNORECASE)
# "HK$3.68 billion (about $471 million)", "S$130m (US$96m)": the same figure converted, right after it.
CONVERSION = re.compile(r"^\s*(?:\(|,|—|–|-)\s*(?:or |about |around |roughly |approximately |some |nearly |~)?\s*$",
                        re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    money: Money
    sentence: int  # 0 is the headline
    before: str  # the sentence's text before the figure (up to WINDOW_BEFORE characters)
    after: str


def _mentions(sentences: Sequence[str], dollar: str) -> list[list[Mention]]:
    out = []
    for number, sentence in enumerate(sentences):
        out.append([Mention(m, number, sentence[max(0, m.start - WINDOW_BEFORE) : m.start],
                            sentence[m.end : m.end + WINDOW_AFTER]) for m in find_amounts(sentence, dollar)])
    return out


def _is_background(mention: Mention, year: int | None) -> bool:
    if BACKGROUND_BEFORE.search(mention.before) or BACKGROUND_AFTER.search(mention.after):
        return True
    if year is None:
        return False
    # "bought from Merck in May 2014 for $130 million", "$350 million in 2022": a year before the item's own.
    years = [int(found[1]) for found in (YEAR_BEFORE.search(mention.before), YEAR_AFTER.search(mention.after))
             if found]
    return any(y < year for y in years)


def _is_not_a_deal(mention: Mention) -> bool:
    return bool(NOT_A_DEAL_BEFORE.search(mention.before[-45:]) or MARKET_SIZE_BEFORE.search(mention.before)
                or NOT_A_DEAL_AFTER.search(mention.after))


def _converted(mention: Mention, same_sentence: list[Mention]) -> Money | None:
    """A figure in a currency without a yearly rate, through the conversion written right after it."""
    if mention.money.currency in fx_table():
        return mention.money
    following = [m for m in same_sentence if m.money.start >= mention.money.end]
    if following:
        nxt = following[0]
        between = mention.after[: nxt.money.start - mention.money.end]
        if nxt.money.currency in fx_table() and CONVERSION.match(between):
            return nxt.money
    return None


def _tier(mention: Mention, event_type: str | None) -> int:
    """0: the event type's own word is the one nearest the figure (or any deal or investment word, for event
    types without words of their own); 1: another deal or investment word is nearest; 2: none (fallback)."""
    before = list(ANY_WORD.finditer(mention.before[-50:]))
    after = ANY_WORD.search(mention.after[:35])
    nearest = before[-1].group(0) if before else after.group(0) if after else None
    if nearest is None:
        return 2
    own = EVENT_WORDS.get(event_type or "")
    if own is None or re.match(rf"(?:{own})", nearest, re.IGNORECASE):
        return 0
    if after and re.match(rf"(?:{own})", after.group(0), re.IGNORECASE):
        return 0
    return 1


def _restated_after(chosen: Mention, mentions: list[list[Mention]]) -> list[Mention]:
    """Figures that follow the chosen one in its sentence, in the next sentence, or after a restatement of it
    ("Recipharm pays £45m" ... "will pay Sanofi £45 million, with up to a further £9 million")."""
    money = chosen.money
    out = [m for m in mentions[chosen.sentence] if m.money.start >= money.end]
    if chosen.sentence + 1 < len(mentions):
        out += mentions[chosen.sentence + 1]
    for sentence in mentions[chosen.sentence + 2 :]:
        restated = next((m for m in sentence if m.money.currency == money.currency
                         and abs(m.money.value - money.value) <= 0.01 * money.value), None)
        if restated is not None:
            out += [m for m in sentence if m.money.start >= restated.money.end]
    return [m for m in out if m.money.currency == money.currency]


def _upper_bound(chosen: Mention, mentions: list[list[Mention]]) -> Money:
    """The chosen figure's upper bound: a range's top, a total it is part of, contingent payments added."""
    money = chosen.money
    later = [m for m in mentions[chosen.sentence] if m.money.start >= money.end and m.money.currency == money.currency]
    if later:
        nxt = later[0]
        between = chosen.after[: nxt.money.start - money.end] if nxt.money.start - money.end <= WINDOW_AFTER else None
        if between is not None:
            if RANGE_JOIN.match(between) or PART_OF.match(between):
                return nxt.money if nxt.money.value > money.value else money
            if GROWS_TO.search(between) and nxt.money.value > money.value:
                return nxt.money
    if re.search(r"\bup to\s*$", chosen.before):
        return money  # "for up to €160 million" already counts what depends on performance
    for other in _restated_after(chosen, mentions):
        if (CONTINGENT_BEFORE.search(other.before[-45:])
                and CONTINGENT_WORDS.search(other.before[-45:] + other.after)):
            return replace(money, value=money.value + other.money.value)
    return money


FUNDING = re.compile(r"\b(?:support\w*|contribut\w*|toward|towards|grants?|loans?|lends?|back(?:s|ing|ed)?|fund(?:s|ing)?|"
                     r"subsid\w*|incentives?|puts?|cover)\b", re.IGNORECASE)
PROJECT = re.compile(r"\b(?:project|expansion|package|programme|program|plant|facility|complex|campus|cost\w*|total|"
                     r"in all|investment|build-?out)\b", re.IGNORECASE)
# "part of a wider C$401.5 million programme": a funder's programme, not the project's cost.
WIDER = re.compile(r"\b(?:wider|broader|larger|national|federal)\b[^.;]*$", re.IGNORECASE)
LEAD_FOR_TOTAL = 5


def _project_total(chosen: Mention, mentions: list[list[Mention]]) -> Mention:
    """The whole project when the chosen figure is a funder's share of it: "federal support of C$37.5 million"
    toward "a $144.6 million project", "$470 million toward a plant" when "the total package tops $925 million"."""
    if not FUNDING.search(chosen.before[-40:] + " " + chosen.after[:30]):
        return chosen
    for sentence in mentions[:LEAD_FOR_TOTAL]:
        for m in sentence:
            window = m.before[-30:] + " " + m.after[:25]
            if (m.money.currency == chosen.money.currency and m.money.value > chosen.money.value
                    and PROJECT.search(window) and not WIDER.search(m.before[-30:])):
                return m
    return chosen


def _original_currency(mentions: list[list[Mention]], chosen: Money) -> Money:
    """The figure in its original currency when `chosen` is only its conversion, bracketed right after it
    elsewhere in the item ("267.7 billion won ($226 million)", "CAD 199.2 million ($164 million)")."""
    for sentence in mentions:
        for first, second in zip(sentence, sentence[1:], strict=False):
            between = first.after[: second.money.start - first.money.end]
            converted = (first.money.currency != second.money.currency
                         or second.money.text.startswith("$") and not first.money.text.startswith("$"))
            if (converted and CONVERSION.match(between) and first.money.currency in fx_table()
                    and second.money.currency == chosen.currency
                    and abs(second.money.value - chosen.value) <= 0.02 * chosen.value):
                return first.money
    return chosen


def headline_amount(sentences: Sequence[str], event_type: str | None = None, year: int | None = None,
                    dollar: str = "USD") -> Money | None:
    """The investment or deal value of an item (headline first, then the body's sentences), in its original
    currency, or None. `year` is the item's publication year (older figures are background); `dollar` is what a
    bare "$" means where the item is set (nlp.entities.money.find_amounts)."""
    mentions = _mentions(sentences, dollar)
    best: tuple[int, int, int] | None = None
    chosen: tuple[Mention, Money] | None = None
    for number, sentence in enumerate(mentions):
        for order, mention in enumerate(sentence):
            money = _converted(mention, sentence)
            if money is None or money.value < MIN_AMOUNT or _is_not_a_deal(mention) or _is_background(mention, year):
                continue
            if money is not mention.money:
                mention = next(m for m in sentence if m.money is money)
            tier = _tier(mention, event_type)
            if tier is None:
                continue
            key = (tier, number, order)
            if best is None or key < best:
                best, chosen = key, (mention, money)
    if chosen is None or best is not None and best[0] > 0 and best[1] > LEAD_SENTENCE:
        # Past the lead, only a figure next to the event's own deal or investment words is the news; a figure
        # there without them is a side fact (a customer's budget, a parent's old purchase).
        return None
    mention = _project_total(chosen[0], mentions)
    upper = _upper_bound(mention, mentions)
    return _original_currency(mentions, upper)


# Countries whose own press writes their dollar as a bare "$".
LOCAL_DOLLARS = {"CA": "CAD", "AU": "AUD"}


def local_dollar(countries: Sequence[str | None]) -> str:
    """What a bare "$" means in an item: the local dollar when the first place it names is in Canada or
    Australia (a Québec City plant's "$245 million"), else the US dollar."""
    first = next((c for c in countries if c), None)
    return LOCAL_DOLLARS.get(first or "", "USD")
