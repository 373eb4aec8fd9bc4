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
    from nlp.company_names import company_index

    return {c.name: Profile(c.hq_country, c.is_cdmo) for c in company_index().companies.values()}


def fill_subject_profiles(stories: pd.DataFrame, profiles: dict[str, Profile]) -> pd.DataFrame:
    """Subject-company columns filled from `profiles` where the warehouse does not know the company."""
    unknown = ~stories["subject_known"].astype(bool) & stories["subject_company"].isin(list(profiles))
    if not unknown.any():
        return stories
    filled = stories.copy()
    for index in filled.index[unknown]:
        profile = profiles[filled.at[index, "subject_company"]]
        filled.at[index, "subject_known"] = True
        filled.at[index, "subject_is_cdmo"] = profile.is_cdmo
        if not isinstance(filled.at[index, "subject_country"], str):
            filled.at[index, "subject_country"] = profile.hq_country
    return filled


def fill_company_profiles(companies: pd.DataFrame, profiles: dict[str, Profile]) -> pd.DataFrame:
    """The same for the new-companies frame (name, hq_country, is_cdmo, in_knowledge_base)."""
    unknown = ~companies["in_knowledge_base"].astype(bool) & companies["name"].isin(list(profiles))
    if not unknown.any():
        return companies
    filled = companies.copy()
    for index in filled.index[unknown]:
        profile = profiles[filled.at[index, "name"]]
        filled.at[index, "in_knowledge_base"] = True
        filled.at[index, "is_cdmo"] = profile.is_cdmo
        if not isinstance(filled.at[index, "hq_country"], str):
            filled.at[index, "hq_country"] = profile.hq_country
    return filled
