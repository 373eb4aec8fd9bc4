"""What a digest says, independent of how it is rendered: typed, immutable, built by `compose.py`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flows.digest.summaries import clip
from flows.digest.weeks import IsoWeek

PILLAR_TITLES = {"infrastructure": "Infrastructure", "digital": "Digital", "leadership": "Leadership",
                 "other": "Other news"}


@dataclass(frozen=True)
class SourceLink:
    source: str
    url: str | None  # None when the crawled URL is not a plain http(s) link
    title: str


@dataclass(frozen=True)
class StoryItem:
    story_id: str
    pillar: str
    title: str
    summary: str
    published: date  # the story's date: published, else when first seen (first_seen)
    company: str | None
    event_type: str | None
    amount_usd: float | None
    outlets: int
    score: float
    reasons: tuple[str, ...]
    links: tuple[SourceLink, ...]
    first_seen: bool = False  # no copy carried a date: `published` is when the story was first seen

    @property
    def date_label(self) -> str:
        """'2025-03-04', or '2025-03-04 (first seen)' when the story carried no date."""
        return self.published.isoformat() + (" (first seen)" if self.first_seen else "")

    @property
    def url(self) -> str | None:
        """The first copy's link: where the headline points."""
        return next((link.url for link in self.links if link.url), None)


@dataclass(frozen=True)
class PillarSection:
    pillar: str
    items: tuple[StoryItem, ...]
    total: int  # stories of the pillar this week, of which `items` are the top ones

    @property
    def title(self) -> str:
        return PILLAR_TITLES.get(self.pillar, self.pillar.title())


@dataclass(frozen=True)
class Figure:
    """One of the week's numbers with its week-over-week change and 4-week trend."""

    key: str
    label: str
    unit: str  # usd | count
    this_week: float
    last_week: float
    four_week_avg: float  # this week and the three before
    prior_four_week_avg: float  # the four weeks before those

    @property
    def change(self) -> float:
        return self.this_week - self.last_week

    @property
    def trend(self) -> str:
        """up | down | flat: the 4-week average against the 4 weeks before, with a 10 % dead band."""
        if self.four_week_avg > self.prior_four_week_avg * 1.1 or (self.prior_four_week_avg == 0 < self.four_week_avg):
            return "up"
        if self.four_week_avg < self.prior_four_week_avg * 0.9:
            return "down"
        return "flat"


@dataclass(frozen=True)
class NewCompany:
    name: str
    is_cdmo: bool
    known: bool
    country: str | None
    story_title: str
    story_url: str | None


@dataclass(frozen=True)
class WeekCount:
    week: date  # the Monday
    pillar: str
    stories: int


@dataclass(frozen=True)
class Digest:
    team: str
    focus: str  # the team's filters in one line
    week: IsoWeek
    generated_at: datetime
    sections: tuple[PillarSection, ...]
    figures: tuple[Figure, ...]
    new_companies: tuple[NewCompany, ...]  # the first few
    new_companies_total: int
    trend: tuple[WeekCount, ...]
    stories: int  # stories this week matching the team
    warehouse_articles: int
    warehouse_newest: datetime | None

    @property
    def quiet(self) -> bool:
        return self.stories == 0

    @property
    def subject(self) -> str:
        head = f"CDMO radar · {self.team} · {self.week}"
        if self.quiet:
            return f"{head}: quiet week"
        top = max((item for s in self.sections for item in s.items), key=lambda i: i.score, default=None)
        count = f"{self.stories} {'story' if self.stories == 1 else 'stories'}"
        return f"{head}: {count}" + (f" — {clip(top.title, 90)}" if top else "")
