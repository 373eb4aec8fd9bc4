"""The Companies page shows what the knowledge base says of a company (type, former names, escaped) and narrows
its picker and ranking to one organisation type; rendered with Streamlit's AppTest on a real warehouse file
published through writer_session, which upserts the knowledge base in use (companies.yaml + an overlay)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from dashboard.safe_text import escape_markdown
from tests.dashboard_fixture import _record
from warehouse.load import load_enriched
from warehouse.publish import writer_session

APP = Path(__file__).resolve().parent.parent / "dashboard" / "streamlit_app.py"
HOSTILE_FORMER = "*Old* [Halden](javascript:alert(1)) $x$ <b>"
OVERLAY = {"companies": [{"name": "Halden Bio", "hq_country": "NO", "type": "biotech",
                          "former_names": [{"name": HOSTILE_FORMER, "until": "2023"}]}]}


def _party(id: str, title: str, published: str, pillar: str, event_type: str, subject: str,
           others: list[str]) -> dict:
    names = [subject, *others]
    return _record(id, title, f"{title}.", published, pillar, event_type, subject, companies=names,
                   company_roles={subject: "subject"} | {n: "counterparty" for n in others})


RECORDS = [
    _party("kb-fdb", "Fujifilm Diosynth Biotechnologies expands Holly Springs", "2025-03-04T09:00:00+00:00",
           "infrastructure", "capacity_expansion", "Fujifilm Biotechnologies", []),
    _party("kb-fdb-2", "Fujifilm Biotechnologies opens Hillerød line", "2025-06-04T09:00:00+00:00",
           "infrastructure", "facility_opening", "Fujifilm Biotechnologies", []),
    _party("kb-novo", "Novo Holdings completes Catalent deal", "2025-05-02T09:00:00+00:00", "other", "m_and_a",
           "Novo Holdings", ["Catalent"]),
    _party("kb-eqt", "EQT backs a new sterile plant", "2025-07-08T09:00:00+00:00", "infrastructure",
           "facility_investment", "EQT", ["Halden Bio"]),
    _party("kb-unknown", "Vexora Bio raises a seed round", "2025-08-08T09:00:00+00:00", "other", "other",
           "Vexora Bio", []),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("companies-kb")
    overlay = folder / "kb_overlay.yaml"
    overlay.write_text(yaml.safe_dump(OVERLAY), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("RADAR_KB_OVERLAY", raising=False)
        patch.setenv("RADAR_KB_LOCAL", str(overlay))
        with writer_session(folder / "radar.duckdb") as con:
            load_enriched(con, RECORDS)
    return folder / "radar.duckdb"


@pytest.fixture
def app(db, monkeypatch, tmp_path):
    monkeypatch.setenv("RADAR_DB", str(db))
    monkeypatch.setenv("RADAR_KB_LOCAL", str(tmp_path / "kb_overlay.yaml"))

    def start(**query: str) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=60)
        at.query_params.update(query)
        at.run()
        at.switch_page("views/companies.py").run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return start


def captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.caption)


def profile_facts(at: AppTest) -> str:
    """The profile's one-line facts (the caption that says whether the knowledge base knows the company)."""
    [facts] = [c.value for c in at.caption if "knowledge base" in c.value]
    return facts


def ranked(at: AppTest) -> dict[str, str | None]:
    ranking = at.dataframe[0].value
    return {company: kind or None for company, kind in zip(ranking["company"], ranking["type"], strict=True)}


def test_profile_shows_the_type_and_the_names_before_a_rename(app):
    at = app(name="Fujifilm Biotechnologies")
    shown = captions(at)
    assert escape_markdown("type: CDMO") in shown
    formerly = ("formerly Fujifilm Diosynth Biotechnologies (until 2025), Fujifilm Diosynth (until 2025), "
                "FDB (until 2025)")
    assert escape_markdown(formerly) in shown
    at = app(name="Novo Holdings")
    assert escape_markdown("type: investor") in captions(at) and "formerly" not in captions(at)


def test_an_organisation_outside_the_knowledge_base_has_neither(app):
    shown = profile_facts(app(name="Vexora Bio"))
    assert "not in the knowledge base" in shown
    assert "type" not in shown and "formerly" not in shown


def test_a_former_name_from_the_overlay_shows_as_text(app):
    shown = captions(app(name="Halden Bio"))
    assert escape_markdown(f"formerly {HOSTILE_FORMER} (until 2023)") in shown
    assert "[Halden](javascript" not in shown and "*Old*" not in shown and "$x$" not in shown


def test_the_type_filter_narrows_the_picker_and_the_ranking_and_is_kept_in_the_url(app):
    at = app()
    assert ranked(at) == {"Fujifilm Biotechnologies": "cdmo", "Novo Holdings": "investor", "EQT": "investor",
                          "Catalent": "cdmo", "Halden Bio": "biotech", "Vexora Bio": None}
    assert at.selectbox(key="company-type").options == ["any type", "biotech", "CDMO", "investor"]
    at.selectbox(key="company-type").set_value("investor").run()
    assert set(ranked(at)) == {"Novo Holdings", "EQT"}
    assert [o.rsplit(" (", 1)[0] for o in at.selectbox(key="company-name").options] == ["EQT", "Novo Holdings"]
    assert at.query_params["type"] == "investor"
    # A shared URL opens the same narrowed list.
    again = app(type="investor")
    assert set(ranked(again)) == {"Novo Holdings", "EQT"}


def test_choosing_another_type_lets_go_of_a_company_not_of_that_type(app):
    at = app(name="Catalent")
    assert at.selectbox(key="company-name").value == "Catalent"
    at.selectbox(key="company-type").set_value("investor").run()
    assert not at.exception
    assert at.selectbox(key="company-name").value is None and "name" not in at.query_params
    assert set(ranked(at)) == {"Novo Holdings", "EQT"}
