"""The read path shared by `radar sql` and the dashboard: read-only connections and named queries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from warehouse.connection import connect_reader

QUERY_DIR = Path(__file__).parent / "queries"


def named_query(name: str) -> str:
    return (QUERY_DIR / f"{name}.sql").read_text(encoding="utf-8")


def read_frame(db: Path, sql: str, params: list[Any] | dict[str, Any] | None = None) -> pd.DataFrame:
    """Run one query on a read-only connection and return a DataFrame."""
    con = connect_reader(db)
    try:
        return con.execute(sql, params or []).df()
    finally:
        con.close()
