"""Company profiles (HQ country, CDMO or not) for companies the warehouse has not been told about.

The warehouse's `companies` table is the authority once the knowledge base has been loaded into it
(`warehouse.load.load_companies`). Until then — or for a company added to `nlp/data/companies.yaml` since —
the digest takes the profile from the knowledge base itself, so ranking by company size and filtering by
region still work.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Profile:
    hq_country: str | None
    is_cdmo: bool


def knowledge_base_profiles() -> dict[str, Profile]:
    from nlp.entities.company_names import company_index

    return {c.name: Profile(c.hq_country, c.is_cdmo) for c in company_index().companies.values()}


def _fill(frame: pd.DataFrame, profiles: dict[str, Profile], name: str, known: str, is_cdmo: str,
          country: str) -> pd.DataFrame:
    """Fill the `known`, `is_cdmo` and `country` columns from `profiles` where the warehouse does not know the
    company in `name` (a country the warehouse has is kept)."""
    unknown = ~frame[known].astype(bool) & frame[name].isin(list(profiles))
    if not unknown.any():
        return frame
    filled = frame.copy()
    for index in filled.index[unknown]:
        profile = profiles[filled.at[index, name]]
        filled.at[index, known] = True
        filled.at[index, is_cdmo] = profile.is_cdmo
        if not isinstance(filled.at[index, country], str):
            filled.at[index, country] = profile.hq_country
    return filled


def fill_subject_profiles(stories: pd.DataFrame, profiles: dict[str, Profile]) -> pd.DataFrame:
    """Subject-company columns filled from `profiles` where the warehouse does not know the company."""
    return _fill(stories, profiles, "subject_company", "subject_known", "subject_is_cdmo", "subject_country")


def fill_company_profiles(companies: pd.DataFrame, profiles: dict[str, Profile]) -> pd.DataFrame:
    """The same for the new-companies frame (name, hq_country, is_cdmo, in_knowledge_base)."""
    return _fill(companies, profiles, "name", "in_knowledge_base", "is_cdmo", "hq_country")
