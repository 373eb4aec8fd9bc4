"""Analysts' corrections: validation, the append-only store, the override at every publish, the audit trail."""

from __future__ import annotations

import sqlite3
import threading
from datetime import datetime, timedelta, timezone

import pytest

from tests.test_warehouse import enriched
from warehouse.corrections import CorrectionRefused, validate_value
from warehouse.corrections_apply import republish_corrections
from warehouse.corrections_store import correct, corrections_of_article, latest_corrections
from warehouse.load import load_enriched
from warehouse.ops_store import ops_path
from warehouse.publish import writer_session
from warehouse.read import read_frame

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "w.duckdb"
    with writer_session(path) as con:
        load_enriched(con, [enriched("a"), enriched("b", pillar="leadership")])
    return path


def one(db, sql, params=None):
    return read_frame(db, sql, params or {}).to_dict("records")


def test_taxonomy_copy_matches_nlp():
    from nlp import taxonomy
    from warehouse import taxonomy_values

    assert (taxonomy_values.PILLARS, taxonomy_values.EVENT_TYPES, taxonomy_values.MODALITIES,
            taxonomy_values.EVENT_TYPES_BY_PILLAR) == (taxonomy.PILLARS, taxonomy.EVENT_TYPES, taxonomy.MODALITIES,
                                                       taxonomy.EVENT_TYPES_BY_PILLAR)


@pytest.mark.parametrize(("field", "value", "message"), [
    ("event_type", "expansion", "event type: 'expansion' is not one of the taxonomy's values"),
    ("pillars", {"primary": "infrastructure", "secondary": ["other"]}, "pillars: other is never combined"),
    ("pillars", {"primary": "infra"}, "pillars: 'infra' is not one of the taxonomy's values"),
    ("companies", ["Lonza", "lonza"], "companies: 'lonza' is listed twice"),
    ("companies", ["Lonza", " "], "companies: a company name is empty"),
    ("roles", [{"person": "Ann Lee", "role": "", "company": "Lonza"}], "people and roles: role is empty"),
    ("roles", [{"person": "Ann Lee", "role": "CEO", "action": "hired"}],
     "people and roles: action: 'hired' is not one of 'appointed' or 'departing'"),
    ("subject_company", " ", "subject company: the name is empty"),
    ("amount", {"value": -5, "currency": "USD"}, "amount: value: Input should be greater than 0"),
    ("amount", {"value": 5, "currency": "XYZ"}, "amount: currency 'XYZ' has no exchange rate"),
    ("modalities", ["cell therapy"], "modalities: 'cell therapy' is not one of the taxonomy's values"),
    ("colour", "red", "colour: not a correctable field"),
])
def test_a_bad_value_is_refused_with_one_line_naming_the_field(field, value, message):
    with pytest.raises(CorrectionRefused) as refused:
        validate_value(field, value)
    assert str(refused.value).startswith(message)
    assert "\n" not in str(refused.value)


def test_event_type_must_fit_the_primary_pillar():
    from warehouse.corrections import check_event_type_fits

    with pytest.raises(CorrectionRefused, match="^event type: executive_departure does not go with primary pillar "
                                                "infrastructure"):
        check_event_type_fits("infrastructure", "executive_departure")
    check_event_type_fits("leadership", "executive_departure")


def test_good_values_are_normalised():
    assert validate_value("companies", ["  Lonza  Group ", "Pfizer"]) == ["Lonza Group", "Pfizer"]
    assert validate_value("amount", {"value": 40, "currency": "eur"}) == {"value": 40.0, "currency": "EUR"}
    assert validate_value("roles", [{"person": "Ann Lee", "role": "CEO"}]) == [
        {"person": "Ann Lee", "role": "CEO", "company": None, "action": "appointed"}]
    assert validate_value("subject_company", None) is None


def test_a_refused_correction_changes_nothing(db):
    with pytest.raises(CorrectionRefused, match="^event type: "):
        correct(db, "a", {"companies": (["Lonza", "Pfizer"], ["Lonza"]), "event_type": ("facility_opening", "nope")},
                "ann", "wrong type")
    assert latest_corrections(db) == {}
    with pytest.raises(CorrectionRefused, match="reason"):
        correct(db, "a", {"event_type": ("facility_opening", "capacity_expansion")}, "ann", " ")
    assert corrections_of_article(db, "a") == []


def test_store_is_append_only_and_latest_per_field_wins(db):
    correct(db, "a", {"event_type": ("facility_opening", "capacity_expansion")}, "ann", "added lines", now=T0)
    correct(db, "a", {"event_type": ("capacity_expansion", "facility_investment")}, "bob", "new build",
            now=T0 + timedelta(minutes=1))
    correct(db, "a", {"subject_company": ("Lonza", "Pfizer")}, "ann", "Pfizer's plant", now=T0 - timedelta(minutes=1))
    assert latest_corrections(db) == {"a": {"event_type": "facility_investment", "subject_company": "Pfizer"}}
    trail = corrections_of_article(db, "a")
    assert [(t["field"], t["author"], t["value_after"]) for t in trail] == [
        ("event_type", "bob", "facility_investment"), ("event_type", "ann", "capacity_expansion"),
        ("subject_company", "ann", "Pfizer")]
    with sqlite3.connect(ops_path(db)) as con, pytest.raises(sqlite3.DatabaseError, match="append-only"):
        con.execute("UPDATE article_corrections SET author = 'mallory'")
    with sqlite3.connect(ops_path(db)) as con, pytest.raises(sqlite3.DatabaseError, match="append-only"):
        con.execute("DELETE FROM article_corrections")


def test_override_applies_at_the_next_publish_and_survives_a_reload(db):
    correct(db, "a", {
        "companies": (["Lonza", "Pfizer"], ["Lonza", "Nova Cell Works"]),
        "event_type": ("facility_opening", "capacity_expansion"),
        "amount": ({"value": 1e6, "currency": "CHF"}, {"value": 40e6, "currency": "EUR"}),
    }, "ann", "read the press release", now=T0)
    republish_corrections(db)
    [row] = one(db, "select event_type, amount_value, amount_currency, amount_usd from articles where id = 'a'")
    assert (row["event_type"], row["amount_value"], row["amount_currency"]) == ("capacity_expansion", 40e6, "EUR")
    assert row["amount_usd"] == pytest.approx(40e6 * 1.130)  # 2025's average rate, as enrichment converts
    companies = one(db, "select company, role from article_companies where article_id = 'a' order by position")
    assert companies == [{"company": "Lonza", "role": "subject"}, {"company": "Nova Cell Works", "role": "counterparty"}]
    assert one(db, "select in_knowledge_base from companies where name = 'Nova Cell Works'") == [
        {"in_knowledge_base": False}]
    assert [r["event_type"] for r in one(db, "select event_type from events where article_id = 'a'")] == [
        "capacity_expansion"]
    # A reload writes the machine's values again; the publish puts the corrections back before anyone reads.
    with writer_session(db) as con:
        load_enriched(con, [enriched("a")])
    assert one(db, "select event_type from articles where id = 'a'") == [{"event_type": "capacity_expansion"}]
    assert one(db, "select count(*) n from article_companies where article_id = 'a' and company = 'Pfizer'") == [
        {"n": 0}]
    # Untouched articles keep the machine's values.
    assert one(db, "select event_type from articles where id = 'b'") == [{"event_type": "facility_opening"}]


def test_a_correction_for_an_article_not_loaded_yet_applies_when_it_arrives(db):
    correct(db, "later", {"event_type": ("facility_opening", "regulatory")}, "ann", "FDA letter", now=T0)
    republish_corrections(db)
    with writer_session(db) as con:
        load_enriched(con, [enriched("later")])
    assert one(db, "select event_type from articles where id = 'later'") == [{"event_type": "regulatory"}]


def test_roles_and_event_type_reach_the_leadership_frames(db):
    correct(db, "b", {
        "event_type": ("facility_opening", "executive_departure"),
        "roles": ([{"person": "Jo Bloggs", "role": "CEO", "company": "Lonza"}],
                  [{"person": "Jo Bloggs", "role": "CFO", "company": "Lonza", "action": "departing"},
                   {"person": "Ann Lee", "role": "CEO", "company": "Lonza", "action": "appointed"}]),
    }, "ann", "two moves", now=T0)
    republish_corrections(db)
    frames = one(db, "select person, role, action, event_type from events where article_id = 'b' order by position")
    assert frames == [
        {"person": "Jo Bloggs", "role": "CFO", "action": "departed", "event_type": "executive_departure"},
        {"person": "Ann Lee", "role": "CEO", "action": "appointed", "event_type": "executive_departure"}]
    people = one(db, "select person, role from article_people where article_id = 'b' order by position")
    assert people == [{"person": "Jo Bloggs", "role": "CFO"}, {"person": "Ann Lee", "role": "CEO"}]
    changes = one(db, "select person, action from leadership_changes where article_id = 'b' order by person")
    assert [c["person"] for c in changes] == ["Ann Lee", "Jo Bloggs"]


def test_applying_twice_changes_nothing(db):
    correct(db, "a", {"pillars": ({"primary": "infrastructure", "secondary": []},
                                  {"primary": "infrastructure", "secondary": ["digital"]})}, "ann", "MES", now=T0)
    republish_corrections(db)
    [first] = one(db, "select pillars, loaded_at from articles where id = 'a'")
    assert list(first["pillars"]) == ["infrastructure", "digital"]
    republish_corrections(db)
    [second] = one(db, "select loaded_at from articles where id = 'a'")
    assert second["loaded_at"] == first["loaded_at"]  # nothing re-indexed for nothing


def test_audit_trail_is_a_table_for_sql_readers(db):
    correct(db, "a", {"subject_company": ("Lonza", "Pfizer")}, "ann", "Pfizer's own plant", now=T0)
    [row] = one(db, "select article_id, field, value_before, value_after, author, corrected_at, reason "
                    "from article_corrections")
    assert (row["article_id"], row["field"], row["author"], row["reason"]) == ("a", "subject_company", "ann",
                                                                               "Pfizer's own plant")
    assert (row["value_before"], row["value_after"]) == ('"Lonza"', '"Pfizer"')
    assert row["corrected_at"] == T0


def test_concurrent_edits_from_two_sessions_both_land(db):
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def session(author: str, event_type: str, at: datetime) -> None:
        try:
            barrier.wait()
            correct(db, "a", {"event_type": ("facility_opening", event_type)}, author, "my reading", now=at)
            republish_corrections(db)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=session, args=("ann", "capacity_expansion", T0)),
               threading.Thread(target=session, args=("bob", "facility_investment", T0 + timedelta(seconds=1)))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    trail = one(db, "select author, value_after from article_corrections order by corrected_at")
    assert [t["author"] for t in trail] == ["ann", "bob"]
    assert one(db, "select event_type from articles where id = 'a'") == [{"event_type": "facility_investment"}]


@pytest.mark.slow
@pytest.mark.server
def test_postgres_store_keeps_the_same_trail_and_refuses_edits(tmp_path, monkeypatch):
    from tests.helpers.local_postgres import local_postgres, postgres_bin

    if postgres_bin() is None:
        pytest.skip("PostgreSQL server binaries not installed")
    import psycopg

    with local_postgres() as url:
        monkeypatch.setenv("RADAR_OPS_URL", url)
        db = tmp_path / "shared" / "w.duckdb"
        with writer_session(db) as con:
            load_enriched(con, [enriched("a")])
        correct(db, "a", {"event_type": ("facility_opening", "capacity_expansion")}, "ann", "lines", now=T0)
        correct(db, "a", {"event_type": ("capacity_expansion", "facility_investment")}, "bob", "new build",
                now=T0 + timedelta(minutes=1))
        assert latest_corrections(db) == {"a": {"event_type": "facility_investment"}}
        republish_corrections(db)
        assert not ops_path(db).exists()  # nothing operational beside the warehouse
        assert one(db, "select event_type from articles where id = 'a'") == [{"event_type": "facility_investment"}]
        assert [r["author"] for r in one(db, "select author from article_corrections order by corrected_at")] == [
            "ann", "bob"]
        with psycopg.connect(url) as con, pytest.raises(psycopg.errors.RaiseException, match="append-only"):
            con.execute("DELETE FROM article_corrections")


def test_a_correction_leaves_every_other_row_as_the_load_wrote_it():
    from warehouse.corrections_apply import ArticleState, corrected_state

    frame = {"event_type": "facility_investment", "pillar": "infrastructure", "company": "Lonza", "person": None,
             "role": None, "action": None, "location": "Visp", "country": "CH", "lat": 46.3, "lon": 7.9,
             "amount_usd": 5e8, "modality": "microbial", "technology": None, "partner": None, "capacity": None}
    second = frame | {"event_type": "capacity_expansion", "location": "Portsmouth", "country": "US"}
    move = frame | {"event_type": "executive_appointment", "person": "Jo Bloggs", "role": "CEO", "action": "appointed"}
    state = ArticleState(
        article={"pillar": "infrastructure", "pillars": ["infrastructure"], "event_type": "facility_investment",
                 "subject_company": "Lonza AG", "amount_value": 5e8, "amount_currency": "USD", "amount_usd": 5e8,
                 "locations": ["Visp", "Portsmouth"], "modalities": ["microbial"], "year": 2025},
        companies=[{"company": "Lonza", "role": "subject"}, {"company": "Pfizer", "role": "mentioned"}],
        people=[{"person": "Jo Bloggs", "role": "CEO", "company": "Lonza"}], events=[frame, second, move])
    fixed = corrected_state(state, {"amount": {"value": 6e8, "currency": "USD"}})
    assert fixed.article["subject_company"] == "Lonza AG"  # not among the companies, but not corrected either
    assert fixed.companies == state.companies and fixed.people == state.people
    assert [(e["event_type"], e["location"], e["amount_usd"]) for e in fixed.events] == [
        ("facility_investment", "Visp", 6e8), ("capacity_expansion", "Portsmouth", 6e8),
        ("executive_appointment", "Visp", 5e8)]
    assert corrected_state(fixed, {"amount": {"value": 6e8, "currency": "USD"}}) == fixed  # idempotent
    located = corrected_state(state, {"locations": ["Visp"]})
    assert [(e["location"], e["country"]) for e in located.events[:2]] == [("Visp", "CH"), ("Visp", None)]


def test_corrected_locations_reach_the_places_the_digest_reads(tmp_path):
    db = tmp_path / "w.duckdb"
    record = enriched("p") | {"locations": ["Visp", "Portsmouth, New Hampshire"], "places": [
        {"text": "Visp", "city": "Visp", "region": None, "country": "CH", "lat": 46.3, "lon": 7.9},
        {"text": "Portsmouth, New Hampshire", "city": "Portsmouth", "region": "New Hampshire", "country": "US",
         "lat": 43.1, "lon": -70.8}]}
    with writer_session(db) as con:
        load_enriched(con, [record])
    correct(db, "p", {"locations": (record["locations"], ["Portsmouth, New Hampshire", "Singapore"])}, "ann",
            "Visp is the HQ, not the site", now=T0)
    republish_corrections(db)
    places = one(db, "select text, coalesce(country, '-') country from article_places where article_id = 'p' "
                     "order by position")
    assert places == [{"text": "Portsmouth, New Hampshire", "country": "US"}, {"text": "Singapore", "country": "-"}]
    assert list(one(db, "select locations from articles where id = 'p'")[0]["locations"]) == [
        "Portsmouth, New Hampshire", "Singapore"]
