"""The Article page's correction form, rendered with Streamlit's AppTest on a real warehouse file: saving
corrects what every page reads, a bad value changes nothing, identity and --read-only decide who sees the form."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.analyst import edit_rights
from tests.dashboard_fixture import HOSTILE_ID, build_fixture_warehouse
from warehouse.corrections_store import corrections_of_article
from warehouse.read import read_frame

APP = Path(__file__).resolve().parent.parent / "dashboard" / "streamlit_app.py"


@pytest.fixture
def db(tmp_path):
    return build_fixture_warehouse(tmp_path / "radar.duckdb")


@pytest.fixture
def article_page(db, monkeypatch):
    monkeypatch.setenv("RADAR_DB", str(db))
    for name in ("RADAR_ANALYST", "RADAR_EDITORS", "RADAR_READ_ONLY"):
        monkeypatch.delenv(name, raising=False)

    def start(article_id: str) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=60)
        at.query_params["id"] = article_id
        at.run()
        at.switch_page("views/article.py").run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return start


def widget(at: AppTest, kind: str, key: str):
    return next(w for w in getattr(at, kind) if w.key == key)


def test_identity_rules():
    assert edit_rights(None, {"RADAR_READ_ONLY": "1", "RADAR_ANALYST": "ann"}).can_edit is False
    assert edit_rights(None, {"RADAR_ANALYST": "ann"}).author == "ann"
    assert edit_rights("bob", {}).author == "bob"
    assert edit_rights(None, {}).author is None and edit_rights(None, {}).can_edit
    refused = edit_rights("mallory", {"RADAR_EDITORS": "ann, Bob"})
    assert not refused.can_edit and "not among the editors" in refused.refusal
    assert edit_rights("bob", {"RADAR_EDITORS": "ann, Bob"}).can_edit


def test_an_analyst_corrects_company_role_and_event_type(db, article_page, monkeypatch):
    monkeypatch.setenv("RADAR_ANALYST", "Ann Analyst")
    at = article_page("fx-cfo")
    widget(at, "selectbox", "fix-event-type").set_value("executive_departure")
    widget(at, "multiselect", "fix-companies-add").set_value(["Catalent"])
    widget(at, "text_input", "fix-role-1").set_value("COO")
    widget(at, "selectbox", "fix-action-1").set_value("departing")
    widget(at, "text_input", "fix-reason").set_value("he leaves; Catalent is his new employer")
    at.button(key="FormSubmitter:correction-form-Save correction").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert any("Corrected event type, companies, people and roles" in s.value for s in at.success)
    assert any("Corrected by analysts" in i.value and "Ann Analyst" in i.value for i in at.info)
    assert {m.label: m.value for m in at.metric}["Event"] == "executive departure"
    trail = corrections_of_article(db, "fx-cfo")
    assert {t["field"] for t in trail} == {"event_type", "companies", "roles"}
    assert all(t["author"] == "Ann Analyst" for t in trail)
    moves = read_frame(db, "select person, role, action from leadership_changes where article_id = 'fx-cfo'")
    assert moves.to_dict("records") == [{"person": "Piet Aalders", "role": "COO", "action": "departed"}]


def test_a_bad_value_is_refused_and_nothing_changes(db, article_page, monkeypatch):
    monkeypatch.setenv("RADAR_ANALYST", "Ann Analyst")
    at = article_page("fx-visp")
    widget(at, "selectbox", "fix-event-type").set_value("capacity_expansion")
    widget(at, "text_input", "fix-person-2").set_value("Jo Bloggs")  # a person without a role
    widget(at, "text_input", "fix-reason").set_value("expansion of an existing site")
    at.button(key="FormSubmitter:correction-form-Save correction").click().run()
    assert [e.value.replace("\\", "") for e in at.error] == ["Not saved: people and roles: role is empty"]
    assert corrections_of_article(db, "fx-visp") == []
    assert read_frame(db, "select event_type from articles where id = 'fx-visp'")["event_type"].tolist() == [
        "facility_investment"]


def test_an_event_type_that_does_not_fit_the_pillar_is_refused(db, article_page, monkeypatch):
    monkeypatch.setenv("RADAR_ANALYST", "Ann Analyst")
    at = article_page("fx-visp")
    widget(at, "selectbox", "fix-event-type").set_value("executive_departure")
    widget(at, "text_input", "fix-reason").set_value("misread")
    at.button(key="FormSubmitter:correction-form-Save correction").click().run()
    assert [e.value.replace("\\", "") for e in at.error] == [
        "Not saved: event type: executive_departure does not go with primary pillar infrastructure (one of "
        "facility_opening, facility_investment, capacity_expansion, site_acquisition)"]
    assert corrections_of_article(db, "fx-visp") == []


def test_the_name_is_asked_once_per_session(db, article_page):
    at = article_page("fx-visp")
    assert not [f for f in at.get("form")]  # no form before the analyst says who they are
    widget(at, "text_input", "analyst-input").set_value("Bea")
    widget(at, "button", "analyst-set").click().run()
    assert any("Correcting as **Bea**" in c.value for c in at.caption)
    widget(at, "selectbox", "fix-primary").set_value("other")
    widget(at, "selectbox", "fix-event-type").set_value("m_and_a")
    widget(at, "text_input", "fix-reason").set_value("buys an operating company")
    at.button(key="FormSubmitter:correction-form-Save correction").click().run()
    assert [t["author"] for t in corrections_of_article(db, "fx-visp")] == ["Bea", "Bea"]


def test_read_only_and_non_editors_see_no_form(article_page, monkeypatch):
    monkeypatch.setenv("RADAR_READ_ONLY", "1")
    monkeypatch.setenv("RADAR_ANALYST", "Ann Analyst")
    at = article_page("fx-visp")
    assert not at.get("form") and not [w for w in at.text_input if w.key == "analyst-input"]
    monkeypatch.delenv("RADAR_READ_ONLY")
    monkeypatch.setenv("RADAR_EDITORS", "someone else")
    at = article_page("fx-visp")
    assert not at.get("form")
    assert any("not among the editors" in w.value for w in at.warning)


def test_crawled_text_stays_escaped_in_the_form(article_page, monkeypatch):
    monkeypatch.setenv("RADAR_ANALYST", "<b>Ann</b>")
    at = article_page(HOSTILE_ID)
    assert any("\\<b\\>Ann\\</b\\>" in c.value for c in at.caption)
    labels = [w.label for kind in ("text_input", "selectbox", "multiselect") for w in getattr(at, kind)]
    assert not any("script" in label or "Vexora" in label for label in labels)


def test_radar_dashboard_read_only_reaches_the_app():
    from dashboard.server import dashboard_env

    assert dashboard_env(Path("w.duckdb"), read_only=True)["RADAR_READ_ONLY"] == "1"
    assert "RADAR_READ_ONLY" not in dashboard_env(Path("w.duckdb"))
