"""The DESIGN.md taxonomy as the warehouse validates corrections against it: nlp/taxonomy.py's constants (a
pure module), re-exported so the dashboard takes them from the warehouse layer."""

from __future__ import annotations

from nlp.taxonomy import EVENT_TYPES, EVENT_TYPES_BY_PILLAR, MODALITIES, PILLARS

__all__ = ["EVENT_TYPES", "EVENT_TYPES_BY_PILLAR", "MODALITIES", "PILLARS"]
