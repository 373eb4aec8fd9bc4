"""`radar export` output read by Apache Spark (pyspark, local mode, on the machine's Java), table by table."""

from __future__ import annotations

import os
import shutil

import duckdb
import pytest

from tests.test_warehouse import enriched
from warehouse.connection import connect_reader, connect_writer
from warehouse.export import export_parquet, exported_tables
from warehouse.load import load_enriched

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def spark():
    if not shutil.which("java"):
        pytest.fail("Spark needs a Java runtime: `make test` installs Debian's default-jre-headless")
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", "python3")
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # the driver binds to loopback, nothing leaves the box
    session = (SparkSession.builder.master("local[1]").appName("radar-export-test")
               .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
               .config("spark.driver.bindAddress", "127.0.0.1").config("spark.sql.session.timeZone", "UTC")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.mark.timeout(300)
def test_every_exported_table_reads_in_spark_with_its_months_and_rows(spark, tmp_path):
    db = tmp_path / "radar.duckdb"
    con = connect_writer(db)
    load_enriched(con, [enriched("a", "2025-01-05T00:00:00+00:00"), enriched("b", "2025-02-07T00:00:00+00:00"),
                        enriched("c", None)])
    con.close()
    con = connect_reader(db)  # as `radar export` reads: the run log comes from the operational file
    out = tmp_path / "export"
    export_parquet(con, out)
    expected = {table: con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in exported_tables()}
    con.close()

    for table in exported_tables():
        frame = spark.read.parquet(str(out / table))
        assert frame.count() == expected[table], table
        assert "month" in frame.columns, table
    articles = spark.read.parquet(str(out / "articles"))
    months = sorted(r["month"] for r in articles.select("month").distinct().collect())
    assert months == ["2025-01", "2025-02", "undated"]
    row = articles.where("id = 'b'").select("published_at", "title").collect()[0]
    published = duckdb.connect().execute("SELECT TIMESTAMPTZ '2025-02-07 00:00:00+00'").fetchone()[0]
    assert row["published_at"].replace(tzinfo=None) == published.replace(tzinfo=None)
