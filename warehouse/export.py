"""`radar export`: every table as Parquet partitioned by month (Hive layout), for other engines."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

QUERY_DIR = Path(__file__).parent / "queries" / "export"


def exported_tables() -> list[str]:
    return sorted(p.stem for p in QUERY_DIR.glob("*.sql"))


def export_parquet(con: duckdb.DuckDBPyConnection, out_dir: Path) -> list[Path]:
    """Write out_dir/<table>/month=YYYY-MM/*.parquet for each table (month of publication or of the run).

    A table's folder is replaced whole, so a re-export never mixes old and new files.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for table in exported_tables():
        target = out_dir / table
        if target.exists():
            shutil.rmtree(target)
        select = (QUERY_DIR / f"{table}.sql").read_text(encoding="utf-8").strip().rstrip(";")
        # COPY takes no bind parameter for its target: the query is a file of ours, the path is quoted.
        con.execute(f"COPY ({select}) TO '{_quote(target)}' (FORMAT parquet, PARTITION_BY (month))")
        if not any(target.rglob("*.parquet")):
            # An empty table wrote nothing; it still gets a (row-less) file: Spark, unlike DuckDB, cannot read a
            # folder of none.
            empty = target / "month=none"
            empty.mkdir(parents=True, exist_ok=True)
            con.execute(f"COPY (SELECT * EXCLUDE (month) FROM ({select})) TO '{_quote(empty / 'data_0.parquet')}' "
                        "(FORMAT parquet)")
        written.append(target)
    return written


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")
