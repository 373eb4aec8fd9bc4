"""The knowledge base in use (nlp/data/companies.yaml, the overlays named in RADAR_KB_OVERLAY and the analysts'
overlay data/kb_overlay.yaml), read through nlp/entities/company_names.py, a pure module, so `companies` holds exactly
what enrichment links names with. Every publish upserts it (warehouse/publish.py): type, former names and the
other knowledge-base columns follow an accepted overlay entry or an edited companies.yaml at the next load,
reprocess or saved correction."""

from __future__ import annotations

from dataclasses import asdict

import duckdb

from nlp.entities.company_names import company_index
from warehouse.load import load_companies


def knowledge_base_entries() -> list[dict]:
    """Every organisation of the knowledge base in use, as `load_companies` takes them."""
    return [asdict(company) for company in company_index().companies.values()]


def publish_knowledge_base(con: duckdb.DuckDBPyConnection) -> int:
    """Upsert the knowledge base in use into `companies`; return how many rows that inserted or changed."""
    return load_companies(con, knowledge_base_entries())
