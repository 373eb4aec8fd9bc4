"""The knowledge base's facts in `companies`: organisation type and former names (migration 019), upserted at
every publish from the knowledge base in use, overlays included; null for organisations only seen in articles."""

from __future__ import annotations

import json
from dataclasses import asdict

import duckdb
import pytest
import yaml
from click.testing import CliRunner

from flows.cli import main
from nlp.entities.company_names import company_index
from nlp.entities.kb_overlay import NewOrganisation, accept_organisation
from tests.test_warehouse import enriched
from warehouse import migrate as migrations
from warehouse.connection import connect_reader, connect_writer
from warehouse.load import load_companies, load_enriched
from warehouse.publish import writer_session

RENAMED = "Fujifilm Biotechnologies"  # a real rename of the knowledge base: Fujifilm Diosynth Biotechnologies
FORMER = [{"name": "Fujifilm Diosynth Biotechnologies", "until": "2025"},
          {"name": "Fujifilm Diosynth", "until": "2025"}, {"name": "FDB", "until": "2025"}]


@pytest.fixture(autouse=True)
def knowledge_base_in_use(tmp_path, monkeypatch):
    """companies.yaml plus an analysts' overlay of this test's own (empty until a test writes it)."""
    monkeypatch.delenv("RADAR_KB_OVERLAY", raising=False)
    overlay = tmp_path / "kb_overlay.yaml"
    monkeypatch.setenv("RADAR_KB_LOCAL", str(overlay))
    return overlay


def rows(db, sql, params=None):
    con = connect_reader(db)
    try:
        cursor = con.execute(sql, params or [])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    finally:
        con.close()


def company(db, name):
    found = rows(db, "SELECT * FROM companies WHERE name = ?", [name])
    return found[0] if found else None


def with_companies(record, names, subject):
    return record | {"companies": names, "subject_company": subject,
                     "entities": [{"text": subject, "label": "ORG", "start": 0, "end": len(subject),
                                   "canonical": subject}]}


def test_a_warehouse_from_before_the_migration_gets_both_columns_at_its_next_publish(tmp_path, monkeypatch):
    db = tmp_path / "old.duckdb"
    every = migrations.available_migrations()
    monkeypatch.setattr(migrations, "available_migrations", lambda: [m for m in every if m.version < 19])
    con = connect_writer(db)
    con.execute("INSERT INTO companies VALUES (?, [], 'Fujifilm', 'US', true, true, NULL)", [RENAMED])
    load_enriched(con, [with_companies(enriched("a", "2025-02-03T09:00:00+00:00"), [RENAMED, "Newco Bio"],
                                       RENAMED)])
    assert "type" not in [r[0] for r in con.execute("DESCRIBE companies").fetchall()]
    con.close()
    monkeypatch.setattr(migrations, "available_migrations", lambda: every)

    with writer_session(db):
        pass  # opening the writer applies 019; the publish fills the columns from the knowledge base

    assert rows(db, "SELECT version, name FROM schema_migrations WHERE version = 19") == [
        {"version": 19, "name": "019_company_type_former_names"}]
    renamed = company(db, RENAMED)
    assert (renamed["type"], renamed["former_names"], renamed["in_knowledge_base"]) == ("cdmo", FORMER, True)
    assert str(renamed["first_seen_at"].date()) == "2025-02-03"  # what articles decided is kept
    unknown = company(db, "Newco Bio")
    assert (unknown["type"], unknown["former_names"], unknown["in_knowledge_base"]) == (None, None, False)


def test_load_fills_type_and_former_names_and_leaves_unknown_organisations_null(tmp_path):
    db = tmp_path / "w.duckdb"
    con = connect_writer(db)
    kb = company_index().companies
    load_companies(con, [asdict(kb[RENAMED]), asdict(kb["Novo Holdings"]),
                         {"name": "Kestrel Capital", "aliases": ["Kestrel"], "type": "investor",
                          "former_names": [{"name": "Kestrel Partners"}]}])
    load_enriched(con, [with_companies(enriched("a"), [RENAMED, "Novo Holdings", "Pfizer Unknown Unit"], RENAMED)])
    got = {r[0]: r[1:] for r in con.execute(
        "SELECT name, type, former_names, in_knowledge_base FROM companies "
        "WHERE name IN (?, 'Novo Holdings', 'Kestrel Capital', 'Pfizer Unknown Unit')", [RENAMED]).fetchall()}
    con.close()
    assert got == {
        RENAMED: ("cdmo", FORMER, True),
        "Novo Holdings": ("investor", [], True),  # in the knowledge base, never renamed: an empty list
        "Kestrel Capital": ("investor", [{"name": "Kestrel Partners", "until": None}], True),
        "Pfizer Unknown Unit": (None, None, False),
    }


def test_every_publish_upserts_the_knowledge_base_in_use_with_the_analysts_overlay(tmp_path,
                                                                                   knowledge_base_in_use):
    db = tmp_path / "w.duckdb"
    with writer_session(db) as con:
        load_enriched(con, [with_companies(enriched("a"), ["Lonza", "Quillon Partners"], "Lonza")])
    assert company(db, "Quillon Partners")["in_knowledge_base"] is False
    every_entry = rows(db, "SELECT count(*) AS n FROM companies WHERE in_knowledge_base")[0]["n"]
    assert every_entry == len(company_index().companies)

    # An analyst accepts the organisation in the dashboard's queue, and an overlay entry replaces one of
    # companies.yaml (a rename the file does not know yet); neither needs a reload to reach the warehouse.
    accept_organisation(knowledge_base_in_use, NewOrganisation("Quillon Partners", hq_country="GB", type="investor"))
    overlay = yaml.safe_load(knowledge_base_in_use.read_text())
    overlay["companies"].append({"name": "Made Scientific", "hq_country": "US", "type": "cdmo", "is_cdmo": True,
                                 "former_names": [{"name": "Made Scientific Holdings", "until": "2024-06"}]})
    knowledge_base_in_use.write_text(yaml.safe_dump(overlay))
    with writer_session(db):
        pass

    accepted = company(db, "Quillon Partners")
    assert (accepted["type"], accepted["hq_country"], accepted["in_knowledge_base"]) == ("investor", "GB", True)
    assert company(db, "Made Scientific")["former_names"] == [{"name": "Made Scientific Holdings", "until": "2024-06"}]
    assert company(db, "Lonza")["type"] == "cdmo"


def test_radar_load_fills_the_columns_and_radar_sql_selects_companies_by_type(tmp_path):
    db, enriched_file = tmp_path / "w.duckdb", tmp_path / "enriched.jsonl"
    enriched_file.write_text("".join(json.dumps(r) + "\n" for r in [
        with_companies(enriched("a", pillar="infrastructure"), ["Lonza", "Novo Holdings"], "Lonza"),
        with_companies(enriched("b", pillar="digital"), ["Samsung Biologics", "EQT"], "Samsung Biologics"),
    ]))
    loaded = CliRunner().invoke(main, ["load", "--in", str(enriched_file), "--db", str(db)])
    assert loaded.exit_code == 0, loaded.output
    query = ("SELECT DISTINCT c.name FROM companies c JOIN article_companies ac ON ac.company = c.name "
             "JOIN articles a ON a.id = ac.article_id WHERE c.type = 'investor' AND a.pillar = 'infrastructure'")
    result = CliRunner().invoke(main, ["sql", query, "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [{"name": "Novo Holdings"}]
    renamed = CliRunner().invoke(main, ["sql", "SELECT f.name AS former FROM companies, unnest(former_names) AS "
                                        f"t(f) WHERE companies.name = '{RENAMED}' ORDER BY 1", "--db", str(db),
                                        "--format", "csv"])
    assert renamed.output.splitlines() == ["former", "FDB", "Fujifilm Diosynth", "Fujifilm Diosynth Biotechnologies"]


def test_a_publish_with_an_unchanged_knowledge_base_rewrites_no_company_row(tmp_path):
    db = tmp_path / "w.duckdb"
    with writer_session(db):
        pass
    con = duckdb.connect(str(db))
    entries = [asdict(c) for c in company_index().companies.values()]
    assert load_companies(con, entries) == 0
    con.execute("UPDATE companies SET type = 'other', former_names = NULL WHERE name IN ('Lonza', ?)", [RENAMED])
    assert load_companies(con, entries) == 2
    assert con.execute("SELECT type, former_names FROM companies WHERE name = ?", [RENAMED]).fetchone() == (
        "cdmo", FORMER)
    con.close()


@pytest.mark.slow
def test_an_article_naming_a_company_by_its_former_name_links_to_the_current_name(tmp_path, enricher):
    """Real enrichment: the news still writes "Fujifilm Diosynth Biotechnologies" after the 2025 rename."""
    item = {"id": "fdb", "published": "2024-04-16", "url": "https://news.example/fdb", "source": "example",
            "title": "Fujifilm Diosynth Biotechnologies expands Holly Springs site",
            "text": "Fujifilm Diosynth Biotechnologies said on Tuesday it will invest $1.2 billion to expand its "
                    "cell culture manufacturing site in Holly Springs, North Carolina, adding eight 20,000 litre "
                    "bioreactors for biologics customers."}
    [record] = enricher.enrich([item])
    assert RENAMED in record["companies"] and record["subject_company"] == RENAMED
    assert not any(name.startswith("Fujifilm Diosynth") for name in record["companies"])
    assert {e["canonical"] for e in record["entities"] if e["text"].startswith("Fujifilm Diosynth")} == {RENAMED}
    db = tmp_path / "w.duckdb"
    with writer_session(db) as con:
        load_enriched(con, [record])
    linked = rows(db, "SELECT c.name, c.type, [f.name FOR f IN c.former_names] AS former FROM article_companies ac "
                      "JOIN companies c ON c.name = ac.company WHERE ac.article_id = 'fdb' AND ac.is_subject")
    assert linked == [{"name": RENAMED, "type": "cdmo", "former": [f["name"] for f in FORMER]}]
