"""The Knowledge base page with Streamlit's AppTest on the fixture warehouse: the queue, its example articles
(crawled titles escaped), accepting and merging through the overlay, refusals, and read-only mode."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from dashboard.read_only import READ_ONLY_ENV
from tests.dashboard_fixture import HOSTILE_TITLE, build_fixture_warehouse

APP = Path(__file__).resolve().parent.parent / "dashboard" / "streamlit_app.py"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_fixture_warehouse(tmp_path_factory.mktemp("kb-page") / "radar.duckdb")


@pytest.fixture
def overlay(tmp_path, monkeypatch, db):
    path = tmp_path / "kb_overlay.yaml"
    monkeypatch.setenv("RADAR_DB", str(db))
    monkeypatch.setenv("RADAR_KB_LOCAL", str(path))
    monkeypatch.delenv(READ_ONLY_ENV, raising=False)
    return path


def open_page(pick: str | None = "Vexora Bio") -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    at.switch_page("views/knowledge_base.py").run()
    assert not at.exception, [e.value for e in at.exception]
    if pick is not None:
        at.selectbox(key="kb-pick").set_value(pick).run()
        assert not at.exception, [e.value for e in at.exception]
    return at


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def test_the_queue_lists_unlinked_organisations_with_counts_and_escaped_examples(overlay):
    at = open_page()
    queue = at.dataframe[0].value
    assert queue["company"].tolist() == ["Vexora Bio"] and queue["articles"].tolist() == [1]
    assert [h.value for h in at.subheader] == ["Vexora Bio"]
    (link,) = [p for p in at.page_link if p.proto.query_string == "id=fx-hostile"]
    assert link.label != HOSTILE_TITLE and "<script>" not in link.label.replace("\\<", "").replace("\\>", "")
    assert "\\<script\\>" in link.label  # shown as text, escaped for Markdown
    assert {t.key for t in at.text_input} >= {"kb-name", "kb-aliases", "kb-country"}


def test_accepting_writes_the_overlay_and_empties_the_queue(overlay):
    at = open_page()
    at.text_input(key="kb-aliases").set_value("Vexora Biologics, Vexora")
    at.text_input(key="kb-country").set_value("ie")
    at.selectbox(key="kb-type").set_value("cdmo")
    at.checkbox(key="kb-cdmo").check()
    button(at, "Accept").click().run()
    assert not at.error and [s.value for s in at.success][0].startswith("Vexora Bio is in the knowledge base")
    assert yaml.safe_load(overlay.read_text())["companies"] == [
        {"name": "Vexora Bio", "aliases": ["Vexora Biologics", "Vexora"], "hq_country": "IE", "type": "cdmo",
         "is_cdmo": True}]
    again = open_page(pick=None)
    assert [i.value for i in again.info] == ["Every organisation the news names is in the knowledge base."]


def test_a_name_taken_by_an_alias_is_refused_and_nothing_is_written(overlay):
    at = open_page()
    at.text_input(key="kb-name").set_value("Lonza Group AG")
    button(at, "Accept").click().run()
    assert "is already a name or alias of Lonza" in at.error[0].value.replace("\\", "")
    assert not overlay.exists()
    at.text_input(key="kb-name").set_value(" ")
    button(at, "Accept").click().run()
    assert at.error[0].value == "The name is empty\\."
    assert not overlay.exists()


def test_merging_records_an_alias_of_a_known_organisation(overlay):
    at = open_page()
    button(at, "Merge").click().run()
    assert at.error[0].value.replace("\\", "") == "Pick the organisation to merge into."
    at.selectbox(key="kb-target").set_value("Lonza")
    button(at, "Merge").click().run()
    assert not at.error
    assert yaml.safe_load(overlay.read_text())["aliases"] == [{"company": "Lonza", "alias": "Vexora Bio"}]


def test_read_only_shows_the_queue_and_no_edit_control(overlay, monkeypatch):
    monkeypatch.setenv(READ_ONLY_ENV, "1")
    at = open_page()
    assert at.dataframe[0].value["company"].tolist() == ["Vexora Bio"]
    assert not [t for t in at.text_input if t.key and t.key.startswith("kb-")]
    assert not [b for b in at.button if b.label in ("Accept", "Merge")]
    assert not [c for c in at.checkbox if c.key == "kb-cdmo"]
    assert "Read-only" in at.caption[0].value
