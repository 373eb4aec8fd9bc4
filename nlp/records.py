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
    # appointed | departing | interim | board (docs/LABELLING.md); absent from records enriched before issue 15.
    action: Literal["appointed", "departing", "interim", "board"] | None = None


class Place(BaseModel):
    """A place as written, normalised and geocoded offline (lat/lon of the town; None for a region or country)."""

    text: str
    city: str | None
    region: str | None
    country: str | None  # ISO 3166-1 alpha-2
    lat: float | None
    lon: float | None


class EventFrame(BaseModel):
    """One typed event of an item (DESIGN.md `events`); slots that do not apply are None."""

    event_type: str
    pillar: str
    company: str | None = None
    person: str | None = None
    role: str | None = None
    action: str | None = None  # opening, investment, expansion, site_acquisition, appointed, departed, launch, partnership
    predecessor: str | None = None
    location: str | None = None
    city: str | None = None
    region: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    amount_value: float | None = None
    amount_currency: str | None = None
    amount_usd: float | None = None
    modality: str | None = None
    capacity: str | None = None
    technology: str | None = None
    partner: str | None = None


class Enrichment(BaseModel):
    pillar: Literal["infrastructure", "digital", "leadership", "other"]
    pillar_scores: dict[str, float]
    pillars: list[str]
    event_type: str
    companies: list[str]
    subject_company: str | None
    people: list[str]
    roles: list[Role]
    # subject | counterparty | mentioned for each entry of companies (absent from records enriched before it).
    company_roles: dict[str, Literal["subject", "counterparty", "mentioned"]] = {}
    locations: list[str]
    amount: Amount | None
    modalities: list[str]
    entities: list[dict]
    evidence: list[str]
    model_version: str
    enriched_at: str
    # Added by issue 4; absent from records enriched before it.
    events: list[EventFrame] = []
    places: list[Place] = []
    technologies: list[str] = []
    unknown_companies: list[str] = []
    embedding: list[float] | None = None
