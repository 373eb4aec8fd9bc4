"""Who is correcting: identity without a login server.

The author is `RADAR_ANALYST`, else the name the analyst gives once per browser session. `RADAR_EDITORS`
(a comma-separated list of names), when set, restricts who may edit; `radar dashboard --read-only`
(RADAR_READ_ONLY) shows no edit control at all.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from dashboard.read_only import READ_ONLY_ENV

ANALYST_ENV = "RADAR_ANALYST"
EDITORS_ENV = "RADAR_EDITORS"
SESSION_KEY = "analyst-name"


@dataclass(frozen=True)
class EditRights:
    can_edit: bool  # show edit controls at all
    author: str | None  # who signs the corrections (None: ask for a name first)
    refusal: str | None = None  # why this analyst may not edit


def editors(environ: dict[str, str] | None = None) -> frozenset[str] | None:
    raw = (environ if environ is not None else os.environ).get(EDITORS_ENV, "")
    names = frozenset(n.strip().casefold() for n in raw.split(",") if n.strip())
    return names or None


def edit_rights(session_name: str | None, environ: dict[str, str] | None = None) -> EditRights:
    """What the dashboard lets this browser session do."""
    env = environ if environ is not None else dict(os.environ)
    if env.get(READ_ONLY_ENV):
        return EditRights(False, None)
    author = (env.get(ANALYST_ENV) or "").strip() or (session_name or "").strip() or None
    allowed = editors(env)
    if author and allowed is not None and author.casefold() not in allowed:
        return EditRights(False, author, f"{author} is not among the editors (RADAR_EDITORS)")
    return EditRights(True, author)
