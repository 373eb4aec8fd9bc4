"""Parse a YAML file that holds one list of named entries (`sources.yaml`, `teams.yaml`) into a pydantic model,
refusing a bad file with one line that names the place: the file, the YAML line, the entry and the field."""

from __future__ import annotations

from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

Registry = TypeVar("Registry", bound=BaseModel)


def describe_error(error: dict, key: str, noun: str, raw_entries: list) -> str:
    """"source 'lonza', field feeds.0: …" for the first validation error of an entry under `key`."""
    loc = list(error["loc"])
    where = ""
    if len(loc) >= 2 and loc[0] == key and isinstance(loc[1], int):
        index = loc[1]
        name = None
        if index < len(raw_entries) and isinstance(raw_entries[index], dict):
            name = raw_entries[index].get("name")
        where = f"{noun} {name!r}" if name else f"{noun} #{index + 1}"
        loc = loc[2:]
    field = ".".join(str(p) for p in loc) or "(entry)"
    message = error["msg"].removeprefix("Value error, ")
    return f"{where + ', ' if where else ''}field {field}: {message}"


def parse_named_registry(text: str, origin: str, model: type[Registry], key: str, noun: str,
                         error: type[ValueError]) -> Registry:
    """`model` validated from the YAML `text`; raise `error` naming `origin` and the place of the first fault.
    Entry names must be unique."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark else ""
        raise error(f"{origin}:{line} not valid YAML ({getattr(exc, 'problem', exc)})") from None
    if not isinstance(data, dict) or key not in data:
        raise error(f"{origin}: expected a mapping with a '{key}' list")
    try:
        registry = model.model_validate(data)
    except ValidationError as exc:
        raise error(f"{origin}: {describe_error(exc.errors()[0], key, noun, data.get(key) or [])}") from None
    seen: set[str] = set()
    for entry in getattr(registry, key):
        if entry.name in seen:
            raise error(f"{origin}: {noun} {entry.name!r}, field name: duplicate name")
        seen.add(entry.name)
    return registry
