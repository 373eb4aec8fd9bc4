"""`radar export`: every table as Parquet, for engines other than DuckDB."""

from __future__ import annotations

from pathlib import Path

import duckdb

EXPORTED_TABLES = ("articles", "article_entities", "article_companies", "article_people", "pipeline_runs")


def export_parquet(con: duckdb.DuckDBPyConnection, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for table in EXPORTED_TABLES:
        target = out_dir / f"{table}.parquet"
        # COPY takes no bind parameter for its target: table names are constants, the path is quoted.
        con.execute(f"COPY (SELECT * FROM {table}) TO '{_quote(target)}' (FORMAT parquet)")
        written.append(target)
    return written


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")
