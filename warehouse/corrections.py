"""An analyst's correction of one field of one article: which fields may be corrected, and what a valid value is.

A correction always carries the field's whole new value (the full company list, every role), so the latest
correction of a field is its value, whatever came before: applying it twice changes nothing
(warehouse/corrections_apply.py). A bad value raises CorrectionRefused with one line naming the field.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)

from warehouse.taxonomy_values import EVENT_TYPES, EVENT_TYPES_BY_PILLAR, MODALITIES, PILLARS

FIELDS = ("pillars", "event_type", "subject_company", "companies", "roles", "amount", "locations", "modalities")
FIELD_LABELS = {"pillars": "pillars", "event_type": "event type", "subject_company": "subject company",
                "companies": "companies", "roles": "people and roles", "amount": "amount",
                "locations": "locations", "modalities": "modalities"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MAX_NAME = 200
MAX_REASON = 1000


class CorrectionRefused(ValueError):
    """A correction that cannot be stored; its message is one line naming the field."""


def _name(value: str, what: str) -> str:
    cleaned = " ".join(value.split())
    if not cleaned:
        raise ValueError(f"{what} is empty")
    if len(cleaned) > MAX_NAME:
        raise ValueError(f"{what} is longer than {MAX_NAME} characters")
    if _CONTROL.search(value.replace("\n", " ").replace("\t", " ")):
        raise ValueError(f"{what} holds control characters")
    return cleaned


def _names(values: list[str], what: str) -> list[str]:
    cleaned = [_name(v, what) for v in values]
    seen: set[str] = set()
    for value in cleaned:
        if value.casefold() in seen:
            raise ValueError(f"{value!r} is listed twice")
        seen.add(value.casefold())
    return cleaned


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class PillarsValue(_Strict):
    primary: Literal[PILLARS]  # type: ignore[valid-type]
    secondary: list[Literal[PILLARS]] = []  # type: ignore[valid-type]

    @model_validator(mode="after")
    def _other_alone(self) -> PillarsValue:
        if self.primary in self.secondary:
            raise ValueError(f"{self.primary} is both primary and secondary")
        if len(set(self.secondary)) != len(self.secondary):
            raise ValueError("a secondary pillar is listed twice")
        if self.secondary and "other" in [self.primary, *self.secondary]:
            raise ValueError("other is never combined with another pillar")
        return self


class RoleValue(_Strict):
    person: str
    role: str
    company: str | None = None
    action: Literal["appointed", "departing"] = "appointed"

    @field_validator("person", "role")
    @classmethod
    def _filled(cls, value: str, info: Any) -> str:
        return _name(value, info.field_name)

    @field_validator("company")
    @classmethod
    def _organisation(cls, value: str | None) -> str | None:
        return None if value is None or not value.strip() else _name(value, "organisation")


class AmountValue(_Strict):
    value: float = Field(gt=0, lt=1e13)
    currency: str

    @field_validator("value", mode="before")
    @classmethod
    def _number(cls, value: Any) -> Any:
        return float(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @field_validator("currency")
    @classmethod
    def _code(cls, value: str) -> str:
        from warehouse.fx import known_currencies

        code = value.strip().upper()
        if code not in known_currencies():
            raise ValueError(f"currency {value!r} has no exchange rate (one of {', '.join(known_currencies())})")
        return code


def _company(value: str | None) -> str | None:
    return None if value is None else _name(value, "the name")


_VALIDATORS: dict[str, Any] = {
    "pillars": TypeAdapter(PillarsValue),
    "event_type": TypeAdapter(Literal[EVENT_TYPES]),  # type: ignore[valid-type]
    "subject_company": TypeAdapter(str | None),
    "companies": TypeAdapter(list[str]),
    "roles": TypeAdapter(list[RoleValue]),
    "amount": TypeAdapter(AmountValue | None),
    "locations": TypeAdapter(list[str]),
    "modalities": TypeAdapter(list[Literal[MODALITIES]]),  # type: ignore[valid-type]
}


def _message(field: str, exc: ValidationError | ValueError) -> str:
    if isinstance(exc, ValidationError):
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"] if not isinstance(p, int))  # list positions say nothing
        detail = error["msg"].removeprefix("Value error, ")
        if error["type"] == "literal_error" and field in ("pillars", "event_type", "modalities"):
            detail = f"{error['input']!r} is not one of the taxonomy's values"
        elif error["type"] == "literal_error":
            detail = f"{where}: {error['input']!r} is not one of {error['ctx']['expected']}"
        elif where and where not in detail:
            detail = f"{where}: {detail}"
    else:
        detail = str(exc)
    return f"{FIELD_LABELS.get(field, field)}: {detail}".splitlines()[0]


def validate_value(field: str, value: Any) -> Any:
    """The value normalised to plain JSON data, or CorrectionRefused naming the field."""
    if field not in _VALIDATORS:
        raise CorrectionRefused(f"{field}: not a correctable field (one of {', '.join(FIELDS)})")
    try:
        parsed = _VALIDATORS[field].validate_python(value)
        if field == "subject_company":
            return _company(parsed)
        if field == "companies":
            return _names(parsed, "a company name")
        if field == "locations":
            return _names(parsed, "a location")
        if field == "modalities":
            if len(set(parsed)) != len(parsed):
                raise ValueError("a modality is listed twice")
            return list(parsed)
        if field == "roles":
            people = [r.person.casefold() for r in parsed]
            if len(set(people)) != len(people):
                raise ValueError("a person is listed twice")
            return [r.model_dump() for r in parsed]
        if isinstance(parsed, BaseModel):
            return parsed.model_dump()
        return parsed
    except (ValidationError, ValueError) as exc:
        raise CorrectionRefused(_message(field, exc)) from None


def check_event_type_fits(primary: str | None, event_type: str | None) -> None:
    """DESIGN.md's taxonomy: each primary pillar allows some event types only (a departure is never infrastructure).
    Raises CorrectionRefused naming the event type."""
    allowed = EVENT_TYPES_BY_PILLAR.get(primary or "")
    if allowed and event_type and event_type not in allowed:
        raise CorrectionRefused(f"event type: {event_type} does not go with primary pillar {primary} "
                                f"(one of {', '.join(allowed)})")


@dataclass(frozen=True)
class Correction:
    """One row of the append-only store."""

    correction_id: str
    article_id: str
    field: str
    before: Any
    after: Any
    author: str
    corrected_at: datetime
    reason: str


def new_correction(article_id: str, field: str, before: Any, after: Any, author: str, reason: str,
                   corrected_at: datetime, correction_id: str) -> Correction:
    """A validated correction; CorrectionRefused (one line, naming the field) when anything is wrong."""
    if not article_id or not str(article_id).strip():
        raise CorrectionRefused("article: no article id given")
    try:
        author = _name(author or "", "author")
    except ValueError as exc:
        raise CorrectionRefused(f"author: {exc} (set RADAR_ANALYST or enter your name)") from None
    reason = " ".join((reason or "").split())
    if not reason:
        raise CorrectionRefused(f"{FIELD_LABELS.get(field, field)}: give a reason for the correction")
    if len(reason) > MAX_REASON:
        raise CorrectionRefused(f"reason: longer than {MAX_REASON} characters")
    after = validate_value(field, after)
    if json.dumps(after, sort_keys=True) == json.dumps(before, sort_keys=True, default=str):
        raise CorrectionRefused(f"{FIELD_LABELS.get(field, field)}: the new value is the same as the current one")
    return Correction(correction_id, str(article_id), field, before, after, author, corrected_at, reason)
