"""Assemble a team's `Digest` for an ISO week: read the warehouse once per week, select and rank per team."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd

from flows.digest.content import Digest, NewCompany, PillarSection, SourceLink, StoryItem
from flows.digest.figures import TREND_WEEKS, pillar_trend, week_figures
from flows.digest.profiles import fill_company_profiles, fill_subject_profiles, knowledge_base_profiles
from flows.digest.ranking import DEFAULT_WEIGHTS, SignificanceWeights, score_stories, top_per_pillar
from flows.digest.selection import attach_companies, decode_lists, in_week, list_cell, matches_filters
from flows.digest.summaries import one_line, summary_line, text_or_none
from flows.digest.teams import Team
from flows.digest.weeks import IsoWeek
from nlp.taxonomy import PILLARS
from warehouse.read import named_query, read_frame
from warehouse.text_safety import safe_url

NEW_COMPANIES_SHOWN = 10


@dataclass(frozen=True)
class WeekData:
    """What every team's digest of one week is cut from."""

    week: IsoWeek
    stories: pd.DataFrame  # digest_stories.sql over the trend span ending with `week`
    new_companies: pd.DataFrame  # digest_new_companies.sql for `week`
    articles: int
    newest: datetime | None


def read_week(db: Path, week: IsoWeek, companies: tuple[str, ...] = ()) -> WeekData:
    """The warehouse's stories of the trend span and the week's new companies (read-only path).

    `companies`: the names team filters ask about (only those, and new companies, are looked up per story).
    """
    first = week.shift(-(TREND_WEEKS - 1))
    span = {"start": first.start, "end": week.end}
    stories = decode_lists(read_frame(db, named_query("digest_stories"), span), ("modalities", "countries"))
    named = read_frame(db, named_query("digest_story_companies"), span | {"companies": list(companies)})
    new_companies = read_frame(db, named_query("digest_new_companies"), {"start": week.start, "end": week.end})
    fresh = read_frame(db, named_query("digest_freshness"))
    newest = fresh["newest"].iloc[0]
    profiles = knowledge_base_profiles()
    stories = fill_subject_profiles(attach_companies(stories, named), profiles)
    return WeekData(week=week, stories=stories, new_companies=fill_company_profiles(new_companies, profiles),
                    articles=int(fresh["articles"].iloc[0]),
                    newest=None if pd.isna(newest) else pd.Timestamp(newest).to_pydatetime())


def read_story_articles(db: Path, story_ids: list[str], since: datetime) -> pd.DataFrame:
    """Every copy of the given stories, each first published on or after `since` (undated copies too)."""
    return read_frame(db, named_query("digest_story_articles"), {"story_ids": story_ids, "since": since})


@dataclass(frozen=True)
class Selection:
    """A team's cut of a week: the ranked top stories per pillar, and the frames the figures come from."""

    top: dict[str, pd.DataFrame]
    week_stories: pd.DataFrame  # this week's stories the team follows, scored
    focus_stories: pd.DataFrame  # the trend span's stories within the team's focus, every pillar
    pillars: tuple[str, ...]

    @property
    def story_ids(self) -> list[str]:
        return [sid for frame in self.top.values() for sid in frame["story_id"]]


def select_stories(team: Team, data: WeekData, weights: SignificanceWeights = DEFAULT_WEIGHTS) -> Selection:
    """Filter the week's stories to the team and rank them (pure)."""
    pillars = team.filters.pillars or PILLARS
    stories = data.stories
    focus = stories[matches_filters(stories, team.filters, use_pillars=False)]
    followed = focus[focus["pillar"].isin(pillars)]
    week_stories = score_stories(followed[in_week(followed, data.week.monday)], weights)
    return Selection(top=top_per_pillar(week_stories, pillars, team.top_per_pillar), week_stories=week_stories,
                     focus_stories=focus, pillars=pillars)


def _links(copies: pd.DataFrame) -> tuple[SourceLink, ...]:
    return tuple(SourceLink(source=one_line(row.source), url=safe_url(row.url), title=one_line(row.title))
                 for row in copies.itertuples(index=False))


def _item(row, copies: pd.DataFrame) -> StoryItem:  # type: ignore[no-untyped-def]
    first = copies[copies["id"] == row.first_article_id]
    lead = first["lead"].iloc[0] if len(first) else None
    amount = None if pd.isna(row.amount_usd) else float(row.amount_usd)
    return StoryItem(
        story_id=row.story_id, pillar=row.pillar, title=one_line(row.title), summary=summary_line(lead, row.title),
        published=pd.Timestamp(row.first_dated_at).date(), first_seen=bool(row.date_is_first_seen),
        company=text_or_none(row.subject_company),
        event_type=text_or_none(row.event_type), amount_usd=amount, outlets=int(row.outlets), score=float(row.score),
        reasons=tuple(row.reasons), links=_links(copies),
    )


def _new_companies(selection: Selection, profiles: pd.DataFrame, week_urls: dict[str, str | None]
                   ) -> list[NewCompany]:
    """Companies first seen this week in the team's stories, each with the most significant story naming it."""
    by_name = {row.name: row for row in profiles.itertuples(index=False)}
    found: dict[str, NewCompany] = {}
    ranked = selection.week_stories.sort_values(["score", "story_id"], ascending=[False, True])
    for story in ranked.itertuples(index=False):
        for name in list_cell(story.new_companies):
            profile = by_name.get(name)
            if name in found or profile is None:
                continue
            found[name] = NewCompany(name=one_line(name), is_cdmo=bool(profile.is_cdmo),
                                     known=bool(profile.in_knowledge_base),
                                     country=profile.hq_country if isinstance(profile.hq_country, str) else None,
                                     story_title=one_line(story.title), story_url=week_urls.get(story.story_id))
    # Knowledge-base companies first: the entity recogniser also finds names that are not companies at all.
    return sorted(found.values(), key=lambda c: (not c.is_cdmo, not c.known, c.name.casefold()))


def assemble_digest(team: Team, data: WeekData, selection: Selection, copies: pd.DataFrame,
                    generated_at: datetime) -> Digest:
    """The digest from a selection and the copies of its stories (pure)."""
    by_story = {sid: frame for sid, frame in copies.groupby("story_id", sort=False)} if len(copies) else {}
    empty = copies.iloc[0:0]
    sections = tuple(
        PillarSection(pillar=pillar, total=int((selection.week_stories["pillar"] == pillar).sum()),
                      items=tuple(_item(row, by_story.get(row.story_id, empty))
                                  for row in frame.itertuples(index=False)))
        for pillar, frame in selection.top.items()
    )
    urls = {item.story_id: item.url for section in sections for item in section.items}
    first_urls = {sid: safe_url(frame["url"].iloc[0]) for sid, frame in by_story.items()}
    new = _new_companies(selection, data.new_companies, first_urls | urls)
    return Digest(
        team=team.name, focus=team.filters.describe(), week=data.week, generated_at=generated_at,
        sections=tuple(s for s in sections if s.items), figures=week_figures(selection.focus_stories, data.week,
                                                                             selection.pillars),
        new_companies=tuple(new[:NEW_COMPANIES_SHOWN]), new_companies_total=len(new),
        trend=pillar_trend(selection.focus_stories[selection.focus_stories["pillar"].isin(selection.pillars)],
                           data.week, selection.pillars),
        stories=len(selection.week_stories), warehouse_articles=data.articles, warehouse_newest=data.newest,
    )


def compose_digest(db: Path, team: Team, week: IsoWeek, generated_at: datetime,
                   data: WeekData | None = None) -> Digest:
    """Read (or reuse) the week's data, select the team's stories, and assemble its digest.

    Reused data must have been read with this team's company filter among its `companies`.
    """
    data = data or read_week(db, week, team.filters.companies)
    selection = select_stories(team, data)
    ids = list(dict.fromkeys(selection.story_ids + _stories_naming_new_companies(selection)))
    copies = read_story_articles(db, ids, week.start) if ids else pd.DataFrame(
        columns=["story_id", "id", "source", "url", "title", "published_at", "lead", "evidence"])
    return assemble_digest(team, data, selection, copies, generated_at)


def _stories_naming_new_companies(selection: Selection) -> list[str]:
    stories = selection.week_stories
    if not len(stories):
        return []
    return [row.story_id for row in stories.itertuples(index=False) if list_cell(row.new_companies)]

