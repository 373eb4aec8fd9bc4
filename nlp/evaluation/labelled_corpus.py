"""The labelled corpus written from real reporting: the item schema and the checks every item must pass.

One item paraphrases one real, public news item (its `source_url`); the labels follow docs/LABELLING.md.
`check_item` returns problems as one-line strings; `lint_file` names the file and line of each.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from nlp.taxonomy import EVENT_TYPES, EVENT_TYPES_BY_PILLAR, MODALITIES, PILLARS

REGIONS = ("europe", "americas", "asia", "global")
STYLES = ("headline_dek", "brief", "news", "release")
COMPANY_ROLES = ("subject", "counterparty", "mentioned")
ROLE_ACTIONS = ("appointed", "departing", "interim", "board")
CURRENCIES = ("USD", "EUR", "CHF", "GBP", "JPY", "KRW", "INR", "CNY", "SGD", "DKK", "SEK", "NOK", "CAD", "AUD")
NORMALISED_ROLES = (
    "CEO", "CFO", "COO", "CSO", "CTO", "CCO", "CDO", "CIO", "CMO", "CBO", "CHRO", "President", "Chair",
    "Board member", "Site head", "General Counsel",
)
EVENT_TYPES_FOR_PRIMARY = {pillar: set(types) for pillar, types in EVENT_TYPES_BY_PILLAR.items()}
# Word counts each style may span; outside them the item is mislabelled for its style.
STYLE_WORDS = {"headline_dek": (8, 90), "brief": (40, 240), "news": (140, 480), "release": (280, 750)}
FIRST_DATE = dt.date(2015, 1, 1)
LAST_DATE = dt.date(2026, 12, 31)
EVENT_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Amount(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    value: float | int = Field(gt=0)
    currency: Literal[CURRENCIES]  # type: ignore[valid-type]


class Role(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    person: str = Field(min_length=3)
    role: str
    company: str | None
    action: Literal[ROLE_ACTIONS]  # type: ignore[valid-type]

    @field_validator("role")
    @classmethod
    def _normalised(cls, role: str) -> str:
        if role in NORMALISED_ROLES or re.fullmatch(r"Head of [A-Z][\w&,/ -]+", role):
            return role
        raise ValueError(f"role {role!r} is not normalised (one of {', '.join(NORMALISED_ROLES)} or 'Head of X')")


class LabelledItem(BaseModel):
    """One corpus item; strict types, no unknown fields."""

    model_config = ConfigDict(extra="forbid", strict=True)
    id: str = Field(min_length=3)
    source_url: str = Field(pattern=r"^https?://[^\s/]+\.[^\s/]+")
    published: str
    event_key: str
    region: Literal[REGIONS]  # type: ignore[valid-type]
    style: Literal[STYLES]  # type: ignore[valid-type]
    title: str = Field(min_length=10)
    text: str = Field(min_length=20)
    pillar: Literal[PILLARS]  # type: ignore[valid-type]
    pillars: list[Literal[PILLARS]]  # type: ignore[valid-type]
    event_type: Literal[EVENT_TYPES]  # type: ignore[valid-type]
    subject_company: str | None
    companies: list[str]
    company_roles: dict[str, Literal[COMPANY_ROLES]]  # type: ignore[valid-type]
    people: list[str]
    roles: list[Role]
    locations: list[str]
    amount: Amount | None
    modalities: list[Literal[MODALITIES]]  # type: ignore[valid-type]
    hard_case: str | None = None
    split_note: str | None = None

    @field_validator("published")
    @classmethod
    def _date(cls, value: str) -> str:
        day = dt.date.fromisoformat(value)
        if not FIRST_DATE <= day <= LAST_DATE:
            raise ValueError(f"{value} is outside {FIRST_DATE}..{LAST_DATE}")
        return value

    @field_validator("event_key")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not EVENT_KEY.match(value):
            raise ValueError("must be a lower-case slug such as 'lonza-2021-05-visp-expansion'")
        return value


@dataclass(frozen=True)
class Problem:
    field: str
    message: str
    severity: str = "error"


def _mentions(haystack: str, needle: str) -> bool:
    """Whole-word, case-insensitive: 'AGC' is in 'AGC Biologics' but not in 'BAGCO'."""
    return re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", haystack, flags=re.IGNORECASE) is not None


def _words(text: str) -> int:
    return len(text.split())


def check_item(record: dict, aliases: dict[str, list[str]] | None = None) -> list[Problem]:
    """Schema and label-consistency problems of one record (empty when it is sound)."""
    try:
        item = LabelledItem.model_validate(record)
    except ValidationError as exc:
        return [
            Problem(".".join(str(part) for part in error["loc"]) or "record", error["msg"])
            for error in exc.errors()
        ]
    problems: list[Problem] = []
    body = f"{item.title}\n{item.text}"
    if not item.pillars or item.pillars[0] != item.pillar:
        problems.append(Problem("pillars", "must start with the primary pillar"))
    if len(set(item.pillars)) != len(item.pillars):
        problems.append(Problem("pillars", "repeats a pillar"))
    if "other" in item.pillars and len(item.pillars) > 1:
        problems.append(Problem("pillars", "'other' never combines with another pillar"))
    if item.event_type not in EVENT_TYPES_FOR_PRIMARY[item.pillar]:
        problems.append(Problem("event_type", f"{item.event_type} is not allowed when the primary pillar is {item.pillar}"))
    if len(set(item.companies)) != len(item.companies):
        problems.append(Problem("companies", "repeats a company"))
    if item.subject_company is not None and item.subject_company not in item.companies:
        problems.append(Problem("subject_company", f"{item.subject_company!r} is not in companies"))
    if set(item.company_roles) != set(item.companies):
        problems.append(Problem("company_roles", "must have exactly one role for each entry of companies"))
    subjects = [name for name, role in item.company_roles.items() if role == "subject"]
    expected_subjects = [item.subject_company] if item.subject_company else []
    if subjects != expected_subjects:
        problems.append(Problem("company_roles", "'subject' must be given to exactly the subject_company"))
    for company in item.companies:
        written = [company, *(aliases or {}).get(company, [])]
        if not any(_mentions(body, name) for name in written):
            problems.append(Problem("companies", f"{company!r} (or a known alias) does not occur in the text", "warning"))
    if len(set(item.people)) != len(item.people):
        problems.append(Problem("people", "repeats a person"))
    for person in item.people:
        if not _mentions(body, person):
            problems.append(Problem("people", f"{person!r} does not occur in the text as written"))
    leadership = "leadership" in item.pillars
    if item.roles and not leadership:
        problems.append(Problem("roles", "roles are only for items with the leadership pillar"))
    if leadership and not item.roles:
        problems.append(Problem("roles", "a leadership item reports at least one move"))
    for role in item.roles:
        if role.person not in item.people:
            problems.append(Problem("roles", f"{role.person!r} is not in people"))
        if role.company is not None and role.company not in item.companies:
            problems.append(Problem("roles", f"company {role.company!r} of {role.person!r} is not in companies"))
    if item.amount is not None and item.pillars == ["leadership"]:
        problems.append(Problem("amount", "leadership-only items carry no amount"))
    low, high = STYLE_WORDS[item.style]
    if not low <= _words(item.text) <= high:
        problems.append(Problem("text", f"{_words(item.text)} words is outside {low}-{high} for style {item.style}", "warning"))
    if item.text.strip().startswith(item.title.strip()):
        problems.append(Problem("text", "repeats the title"))
    return problems


def read_aliases(path: Path) -> dict[str, list[str]]:
    """canonical name -> aliases and former names, from a knowledge-base YAML file (companies.yaml layout)."""
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {entry["name"]: [*(entry.get("aliases") or []), *(f["name"] for f in entry.get("former_names") or [])]
            for entry in data.get("companies", [])}


def lint_file(path: Path, aliases: dict[str, list[str]] | None = None) -> tuple[list[str], int]:
    """One line per problem (`file:line: severity: field: message`) and the number of items read."""
    lines: list[str] = []
    seen_ids: dict[str, int] = {}
    count = 0
    with open(path, encoding="utf-8") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
            except json.JSONDecodeError as exc:
                lines.append(f"{path}:{number}: error: record: not valid JSON ({exc.msg})")
                continue
            if not isinstance(record, dict):
                lines.append(f"{path}:{number}: error: record: not a JSON object")
                continue
            count += 1
            item_id = record.get("id")
            if isinstance(item_id, str):
                if item_id in seen_ids:
                    lines.append(f"{path}:{number}: error: id: {item_id!r} already used on line {seen_ids[item_id]}")
                seen_ids.setdefault(item_id, number)
            for problem in check_item(record, aliases):
                lines.append(f"{path}:{number}: {problem.severity}: {problem.field}: {problem.message}")
    return lines, count


def main(argv: list[str] | None = None) -> int:
    """`python -m nlp.evaluation.labelled_corpus FILE...`: print every problem; exit 1 when any is an error."""
    import sys

    from nlp.entities.company_names import KNOWLEDGE_BASE

    aliases = read_aliases(KNOWLEDGE_BASE)
    errors = 0
    for name in argv if argv is not None else sys.argv[1:]:
        lines, count = lint_file(Path(name), aliases)
        print("\n".join(lines + [f"{name}: {count} items, {len(lines)} problems"]))
        errors += sum(": error: " in line for line in lines)
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
