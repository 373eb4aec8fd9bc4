"""The analysts' knowledge-base overlay: accept, merge, refuse, export; the queue stored at load time; an accepted
organisation linked by the next enrichment."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from dashboard.read_only import READ_ONLY_ENV
from dashboard.server import dashboard_env
from flows.cli import main
from nlp.entities.company_names import company_index
from nlp.entities.kb_overlay import (
    NewOrganisation,
    OverlayEditError,
    accept_organisation,
    export_overlay,
    knowledge_base_with,
    merge_alias,
    read_overlay,
)
from tests.test_warehouse import enriched
from warehouse.connection import connect_writer
from warehouse.load import load_enriched
from warehouse.read import named_query, read_frame

BASE = """companies:
  - {name: Lonza, aliases: [Lonza Group AG], hq_country: CH, type: cdmo, is_cdmo: true}
  - {name: Pfizer, aliases: [], hq_country: US, type: pharma}
"""


@pytest.fixture
def kb(tmp_path: Path):
    base = tmp_path / "companies.yaml"
    base.write_text(BASE)
    return base, tmp_path / "data" / "kb_overlay.yaml"


def _index(base: Path, overlay: Path):
    return company_index(os.pathsep.join(str(p) for p in (base, overlay) if p.exists()))


def test_an_accepted_organisation_is_written_and_known(kb):
    base, overlay = kb
    accepted = accept_organisation(overlay, NewOrganisation("  Kestrel   Pharma Services ", (" Kestrel PS", ""),
                                                            "us", "cdmo", True), _index(base, overlay))
    assert accepted == NewOrganisation("Kestrel Pharma Services", ("Kestrel PS",), "US", "cdmo", True)
    assert read_overlay(overlay).companies == [{"name": "Kestrel Pharma Services", "aliases": ["Kestrel PS"],
                                                "hq_country": "US", "type": "cdmo", "is_cdmo": True}]
    index = _index(base, overlay)
    assert index.resolve("Kestrel PS") == "Kestrel Pharma Services"
    assert index.companies["Kestrel Pharma Services"].is_cdmo and index.resolve("Lonza Group AG") == "Lonza"


def test_a_merged_alias_resolves_to_the_known_organisation(kb):
    base, overlay = kb
    merge_alias(overlay, "Lonza Biologics Porriño", "Lonza", _index(base, overlay))
    assert read_overlay(overlay).aliases == [{"company": "Lonza", "alias": "Lonza Biologics Porriño"}]
    index = _index(base, overlay)
    assert index.resolve("Lonza Biologics Porriño") == "Lonza"
    assert index.companies["Lonza"].aliases == ("Lonza Group AG", "Lonza Biologics Porriño")


@pytest.mark.parametrize("new, reason", [
    (NewOrganisation("   "), "The name is empty."),
    (NewOrganisation("lonza group ag"), "is already a name or alias of Lonza"),
    (NewOrganisation("Lonza Group"), "is already a name or alias of Lonza"),  # the same name but for "Group"
    (NewOrganisation("Kestrel Bio", ("Pfizer",)), "“Pfizer” is already a name or alias of Pfizer"),
    (NewOrganisation("Kestrel Bio", hq_country="Swiss"), "not a two-letter ISO code"),
    (NewOrganisation("Kestrel Bio", type="startup"), "Type “startup” is not one of"),
    (NewOrganisation("Kestrel Bio", ("Kestrel", "KESTREL")), "An alias is listed twice."),
])
def test_a_bad_entry_is_refused_and_nothing_is_written(kb, new, reason):
    base, overlay = kb
    accept_organisation(overlay, NewOrganisation("Corvane Therapeutics"), _index(base, overlay))
    before = overlay.read_bytes()
    with pytest.raises(OverlayEditError, match=reason):
        accept_organisation(overlay, new, _index(base, overlay))
    assert overlay.read_bytes() == before


def test_an_organisation_accepted_once_cannot_be_accepted_again(kb):
    base, overlay = kb
    accept_organisation(overlay, NewOrganisation("Corvane Therapeutics"), _index(base, overlay))
    with pytest.raises(OverlayEditError, match="already a name or alias of Corvane Therapeutics"):
        accept_organisation(overlay, NewOrganisation("Corvane Therapeutics Inc."), _index(base, overlay))


def test_a_merge_is_refused_for_an_unknown_target_or_a_taken_alias(kb):
    base, overlay = kb
    with pytest.raises(OverlayEditError, match="“Kestrel Bio” is not in the knowledge base"):
        merge_alias(overlay, "Kestrel", "Kestrel Bio", _index(base, overlay))
    with pytest.raises(OverlayEditError, match="already a name or alias of Pfizer"):
        merge_alias(overlay, "Pfizer Inc.", "Lonza", _index(base, overlay))
    with pytest.raises(OverlayEditError, match="The alias is empty"):
        merge_alias(overlay, " ", "Lonza", _index(base, overlay))
    assert not overlay.exists()


def test_the_default_check_reads_the_whole_knowledge_base(tmp_path):
    overlay = tmp_path / "kb_overlay.yaml"
    with pytest.raises(OverlayEditError, match="already a name or alias of Fujifilm Biotechnologies"):
        accept_organisation(overlay, NewOrganisation("FUJIFILM Diosynth Biotechnologies"))
    accept_organisation(overlay, NewOrganisation("Corvane Therapeutics"))
    assert knowledge_base_with(overlay).resolve("Corvane Therapeutics") == "Corvane Therapeutics"


def test_export_prints_yaml_for_companies_yaml(kb, monkeypatch):
    base, overlay = kb
    accept_organisation(overlay, NewOrganisation("Kestrel Pharma Services", ("Kestrel PS",), "US", "cdmo", True),
                        _index(base, overlay))
    merge_alias(overlay, "Lonza Visp", "Lonza", _index(base, overlay))
    text = export_overlay(overlay)
    assert text.startswith("# 1 organisations and 1 aliases accepted")
    data = yaml.safe_load(text)
    assert data == {"companies": [{"name": "Kestrel Pharma Services", "aliases": ["Kestrel PS"], "hq_country": "US",
                                   "type": "cdmo", "is_cdmo": True}],
                    "aliases": [{"company": "Lonza", "alias": "Lonza Visp"}]}
    monkeypatch.setenv("RADAR_KB_LOCAL", str(overlay))
    result = CliRunner().invoke(main, ["kb", "export"])
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(result.output) == data
    missing = CliRunner().invoke(main, ["kb", "export", "--overlay", str(overlay.parent / "none.yaml")])
    assert missing.exit_code == 2 and "no knowledge-base overlay yet" in missing.output


def test_read_only_reaches_the_dashboard_process(tmp_path, monkeypatch):
    monkeypatch.delenv(READ_ONLY_ENV, raising=False)
    assert dashboard_env(tmp_path / "w.duckdb", read_only=True)[READ_ONLY_ENV] == "1"
    assert READ_ONLY_ENV not in dashboard_env(tmp_path / "w.duckdb")
    assert "--read-only" in CliRunner().invoke(main, ["dashboard", "--help"]).output


def test_the_load_records_which_organisations_the_knowledge_base_did_not_know(tmp_path):
    db = tmp_path / "w.duckdb"
    con = connect_writer(db)
    first = enriched("a") | {"companies": ["Lonza", "Kestrel Bio"], "unknown_companies": ["Kestrel Bio"]}
    second = enriched("b", published="2025-04-01T10:00:00+00:00") | {
        "companies": ["Kestrel Bio", "Corvane"], "unknown_companies": ["Kestrel Bio", "Corvane"]}
    older = enriched("c")  # a record from before unknown_companies existed says nothing either way
    load_enriched(con, [first, second, older])
    stored = con.execute("SELECT article_id, company, in_knowledge_base FROM article_companies "
                         "ORDER BY article_id, position").fetchall()
    con.close()
    assert stored == [("a", "Lonza", True), ("a", "Kestrel Bio", False), ("b", "Kestrel Bio", False),
                      ("b", "Corvane", False), ("c", "Lonza", None), ("c", "Pfizer", None)]
    queue = read_frame(db, named_query("dashboard_kb_queue"), {"limit": 10, "examples": 1})
    assert queue["company"].tolist() == ["Kestrel Bio", "Corvane"] and queue["articles"].tolist() == [2, 1]
    assert [e["id"] for e in queue["examples"][0]] == ["b"]  # the newest example first, one asked for


def test_an_accepted_organisation_is_linked_on_the_next_enrichment(tmp_path, monkeypatch):
    from nlp.enrich import Enricher

    monkeypatch.setenv("RADAR_KB_LOCAL", str(tmp_path / "kb_overlay.yaml"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    item = {"id": "k1", "title": "Bluefinch Therapeutics signs fill-finish deal",
            "text": "Bluefinch Therapeutics has signed an agreement with Kestrelmoor Sterile Services to fill its "
                    "antibody. Kestrelmoor Sterile Services will run the work at its plant."}
    before = Enricher(workers=1)
    first = before.enrich([item])[0]
    before.close()
    assert "Kestrelmoor Sterile Services" in first["unknown_companies"]
    accept_organisation(tmp_path / "kb_overlay.yaml",
                        NewOrganisation("Kestrelmoor", ("Kestrelmoor Sterile Services",), "IE", "cdmo", True))
    after = Enricher(workers=1)
    second = after.enrich([item])[0]
    after.close()
    assert "Kestrelmoor" in second["companies"] and "Kestrelmoor Sterile Services" not in second["companies"]
    assert "Kestrelmoor" not in second["unknown_companies"]
    assert json.dumps(second)  # still a plain JSON record
