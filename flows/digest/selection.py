"""Which stories a team's digest covers: pure functions over the frame of `digest_stories.sql`."""

from __future__ import annotations

import json

import pandas as pd

from flows.digest.teams import TeamFilters
from warehouse.regions import regions_of


def list_cell(cell: object) -> list:
    """A list cell from DuckDB (list, numpy array, or missing) as a plain list without nulls."""
    if cell is None or (isinstance(cell, float) and cell != cell):
        return []
    return [v for v in list(cell) if v is not None and v == v]  # type: ignore[call-overload]


def decode_lists(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """JSON-text list columns (as digest_stories.sql returns them) as Python lists.

    Values repeat a lot ('[]', one modality), so each distinct text is parsed once.
    """
    decoded: dict[str, list] = {}

    def parse(text: object) -> list:
        if not isinstance(text, str):
            return []
        if text not in decoded:
            decoded[text] = json.loads(text)
        return list(decoded[text])

    return frame.assign(**{c: pd.Series([parse(v) for v in frame[c].tolist()], index=frame.index, dtype=object)
                           for c in columns})


def attach_companies(stories: pd.DataFrame, named: pd.DataFrame) -> pd.DataFrame:
    """The stories with `companies` (named by the first article, in order) and `new_companies` (those first
    seen in the story's own ISO week) from the rows of digest_story_companies.sql."""
    by_article: dict[str, list[tuple[int, str, object]]] = {}
    for article_id, company, position, seen in zip(named["article_id"].tolist(), named["company"].tolist(),
                                                   named["position"].tolist(), named["first_seen_at"].tolist(),
                                                   strict=True):
        by_article.setdefault(article_id, []).append((position, company, seen))
    companies, new = [], []
    for article_id, week in zip(stories["first_article_id"].tolist(), stories["week"].tolist(), strict=True):
        rows = sorted(by_article.get(article_id, ()), key=lambda r: r[0])
        companies.append([name for _, name, _ in rows])
        new.append([name for _, name, seen in rows
                    if seen is not None and not pd.isna(seen) and _monday(seen) == pd.Timestamp(week).date()])
    return stories.assign(companies=pd.Series(companies, index=stories.index, dtype=object),
                          new_companies=pd.Series(new, index=stories.index, dtype=object))


def _monday(moment: object):  # type: ignore[no-untyped-def]
    """The Monday (UTC) of the ISO week a timestamp falls in."""
    stamp = pd.Timestamp(moment)
    stamp = stamp.tz_convert("UTC") if stamp.tzinfo else stamp
    return (stamp - pd.Timedelta(days=stamp.weekday())).date()


def story_regions(stories: pd.DataFrame) -> pd.Series:
    """Each story's regions: from its subject company's HQ and the countries of its events and places."""
    return pd.Series(
        [regions_of([row.subject_country, *list_cell(row.countries)])
         for row in stories.itertuples(index=False)],
        index=stories.index, dtype=object,
    )


def _overlaps(cells: pd.Series, wanted: set[str], fold_case: bool = False) -> pd.Series:
    if fold_case:
        return cells.map(lambda cell: bool({str(v).casefold() for v in list_cell(cell)} & wanted))
    return cells.map(lambda cell: bool(set(list_cell(cell)) & wanted))


def matches_filters(stories: pd.DataFrame, filters: TeamFilters, *, use_pillars: bool = True) -> pd.Series:
    """A boolean mask: the stories a team with these filters follows.

    Each kind of filter narrows (AND); values within a kind widen (OR); an empty kind does not filter.
    `use_pillars=False` keeps every pillar: the week's figures are defined by event type, not by pillar.
    """
    mask = pd.Series(True, index=stories.index)
    if use_pillars and filters.pillars:
        mask &= stories["pillar"].isin(filters.pillars)
    if filters.modalities:
        mask &= _overlaps(stories["modalities"], set(filters.modalities))
    if filters.regions:
        wanted = set(filters.regions)
        mask &= story_regions(stories).map(lambda regions: bool(regions & wanted))
    if filters.companies:
        wanted = {c.casefold() for c in filters.companies}
        named = _overlaps(stories["companies"], wanted, fold_case=True)
        subject = stories["subject_company"].map(lambda s: isinstance(s, str) and s.casefold() in wanted)
        mask &= named | subject
    return mask


def in_week(stories: pd.DataFrame, monday) -> pd.Series:  # type: ignore[no-untyped-def]
    """Stories of the ISO week starting on `monday` (the frame's `week` column is that Monday)."""
    return pd.to_datetime(stories["week"]).dt.date == monday
