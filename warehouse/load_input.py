"""`radar load`'s boundary: each line of an enriched JSONL file checked as a typed record, bad ones set aside.

A bad line (not JSON, not an object, a wrong type such as `pillars: "infrastructure"`, a lone surrogate, a date
outside 1990 to tomorrow, invalid UTF-8) is reported as one line naming file, line and field, written to the
quarantine file with the reason, and never stops the good lines from loading. Records are read in batches, so
memory stays bounded by the batch, not the file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

EARLIEST = date(1990, 1, 1)


class Amount(BaseModel):
    model_config = ConfigDict(extra="allow")
    value: float
    currency: str = Field(min_length=3, max_length=3)
    usd: float | None = None


class Place(BaseModel):
    """A place as the enricher normalised it (country: ISO 3166-1 alpha-2)."""

    model_config = ConfigDict(extra="allow")
    text: str
    city: str | None = None
    region: str | None = None
    country: str | None = Field(default=None, min_length=2, max_length=2)
    lat: float | None = None
    lon: float | None = None


class LoadRecord(BaseModel):
    """The fields the warehouse reads, with their types; other fields pass through."""

    model_config = ConfigDict(extra="allow", strict=True)
    id: str = Field(min_length=1, max_length=200)
    title: str
    text: str
    url: str | None = None
    canonical_url: str | None = None
    source: str | None = None
    published: str | None = None
    # page, feed, sitemap, http-last-modified, pdf-metadata or first-seen (crawlers/date_source.py); absent on
    # older files.
    date_source: Literal["page", "feed", "sitemap", "http-last-modified", "pdf-metadata", "first-seen"] | None = None
    # A paywalled teaser (crawlers/teaser.py); absent on older files.
    is_teaser: bool | None = None
    lang: str | None = None
    fetched_at: str | None = None
    pillar: str | None = None
    pillars: list[str] = []
    event_type: str | None = None
    companies: list[str] = []
    company_roles: dict[str, str] = {}
    subject_company: str | None = None
    people: list[str] = []
    roles: list[dict[str, Any]] = []
    locations: list[str] = []
    places: list[Place] = []
    modalities: list[str] = []
    amount: Amount | None = None
    embedding: list[float] | None = None

    @model_validator(mode="before")
    @classmethod
    def _utf8_only(cls, data: Any) -> Any:
        def walk(value: Any, where: str) -> None:
            if isinstance(value, str):
                try:
                    value.encode("utf-8")
                except UnicodeEncodeError:
                    raise ValueError(f"{where or 'record'}: holds a lone surrogate (not valid Unicode text)") from None
            elif isinstance(value, dict):
                for key, item in value.items():
                    walk(key, where)
                    walk(item, f"{where}.{key}" if where else str(key))
            elif isinstance(value, list):
                for item in value:
                    walk(item, where)

        walk(data, "")
        return data

    @field_validator("published", "fetched_at")
    @classmethod
    def _plausible_date(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(f"{value!r} is not an ISO 8601 date") from None
        aware = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
        if aware.date() < EARLIEST or aware > datetime.now(timezone.utc) + timedelta(days=1):
            raise ValueError(f"{value} is before 1990 or more than a day ahead")
        return value


@dataclass(frozen=True)
class Rejected:
    line: int
    reason: str
    raw: str


def _reason(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(p) for p in error["loc"])
    message = error["msg"].removeprefix("Value error, ")
    return f"field {where}: {message}" if where else message


def read_load_file(path: Path, batch_size: int = 5_000) -> Iterator[tuple[list[dict], list[Rejected]]]:
    """Batches of (valid records, rejected lines) in file order."""
    good: list[dict] = []
    bad: list[Rejected] = []
    with open(path, "rb") as handle:
        for number, raw_bytes in enumerate(handle, start=1):
            if not raw_bytes.strip():
                continue
            try:
                raw = raw_bytes.decode("utf-8")
            except UnicodeDecodeError as exc:
                bad.append(Rejected(number, f"not UTF-8 (byte {exc.start})", raw_bytes.decode("utf-8", "replace")))
                continue
            try:
                record = json.loads(raw)
            except json.JSONDecodeError as exc:
                bad.append(Rejected(number, f"not valid JSON ({exc.msg})", raw))
                continue
            if not isinstance(record, dict):
                bad.append(Rejected(number, f"not a JSON object (a {type(record).__name__})", raw))
                continue
            try:
                LoadRecord.model_validate(record)
            except ValidationError as exc:
                bad.append(Rejected(number, _reason(exc), raw))
                continue
            good.append(record)
            if len(good) >= batch_size:
                yield good, bad
                good, bad = [], []
    if good or bad:
        yield good, bad


def write_quarantine(path: Path, source: Path, rejected: list[Rejected]) -> None:
    """Append the rejected lines, each with its source file, line and reason (JSON Lines)."""
    with open(path, "a", encoding="utf-8") as handle:
        for item in rejected:
            handle.write(json.dumps({"file": str(source), "line": item.line, "reason": item.reason,
                                     "raw": item.raw.rstrip("\n")}, ensure_ascii=True) + "\n")
