"""The enrichment contract (DESIGN.md): what goes in and what comes out."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict


class EnrichmentInput(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str
    title: str
    text: str


class Amount(BaseModel):
    value: float
    currency: str
    usd: float | None


class Role(BaseModel):
    person: str
    role: str
    company: str | None


class Enrichment(BaseModel):
    pillar: Literal["infrastructure", "digital", "leadership", "other"]
    pillar_scores: dict[str, float]
    pillars: list[str]
    event_type: str
    companies: list[str]
    subject_company: str | None
    people: list[str]
    roles: list[Role]
    locations: list[str]
    amount: Amount | None
    modalities: list[str]
    entities: list[dict]
    evidence: list[str]
    model_version: str
    enriched_at: str
