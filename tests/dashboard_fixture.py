"""A small warehouse for the dashboard tests, loaded through the real path: load_enriched and the search
index refresh inside a writer session, published by atomic rename.

The articles are hand-written enrichment records (the shape `radar enrich` writes) chosen to exercise every
page: facility investments with and without coordinates, a syndicated copy, appointments and departures,
digital launches, and one headline carrying markup that must show as text.
"""

from __future__ import annotations

from pathlib import Path

from warehouse.load import load_companies, load_enriched
from warehouse.publish import writer_session
from warehouse.search_index import refresh_search_index

HOSTILE_TITLE = "<script>alert('radar')</script> Vexora Bio opens **bold** $5M [lab](javascript:alert(1))"
HOSTILE_ID = "fx-hostile"
SCORES = {"infrastructure": 0.05, "digital": 0.05, "leadership": 0.05, "other": 0.05}
COMPANIES = [
    {"name": "Lonza", "aliases": ["Lonza Group AG"], "hq_country": "CH", "is_cdmo": True},
    {"name": "Samsung Biologics", "aliases": [], "hq_country": "KR", "is_cdmo": True},
    {"name": "Alderbrook Biologics", "aliases": [], "hq_country": "IE", "is_cdmo": True},
    {"name": "Catalent", "aliases": [], "hq_country": "US", "is_cdmo": True},
]


def _record(id: str, title: str, text: str, published: str, pillar: str, event_type: str, company: str,
            source: str = "fixture-wire", **extra: object) -> dict:
    return {
        "id": id, "url": f"https://news.example/{id}", "canonical_url": f"https://news.example/{id}",
        "source": source, "title": title, "text": text, "published": published, "lang": "en",
        "fetched_at": published, "discovered_via": "feed", "pillar": pillar, "pillars": [pillar],
        "pillar_scores": SCORES | {pillar: 0.91}, "event_type": event_type, "subject_company": company,
        "companies": [company], "people": [], "roles": [], "locations": [], "amount": None, "modalities": [],
        "entities": [{"text": company, "label": "ORG", "start": 0, "end": len(company), "canonical": company}],
        "evidence": [title], "model_version": "fixture", "enriched_at": published,
    } | extra


def _facility(id: str, title: str, published: str, company: str, place: str, country: str | None,
              lat: float | None, lon: float | None, usd: float, modality: str, source: str = "fixture-wire") -> dict:
    text = (f"{company} said on Monday it would invest USD {usd / 1e6:.0f} million in a new GMP plant in {place}.\n"
            f"The site adds bioreactor capacity for {modality.replace('_', ' ')} programmes and hires 200 staff.")
    frame = {"event_type": "facility_investment", "company": company, "location": place, "country": country,
             "lat": lat, "lon": lon, "amount_usd": usd, "modality": modality, "capacity": "4 x 2,000 L"}
    return _record(id, title, text, published, "infrastructure", "facility_investment", company, source,
                   locations=[place], amount={"value": usd, "currency": "USD", "usd": usd}, modalities=[modality],
                   events=[frame])


def fixture_records() -> list[dict]:
    """Fourteen enriched articles from 2025-01 to 2025-12 (the Overview's default year ends 2025-12-18)."""
    return [
        _facility("fx-visp", "Lonza expands Visp biologics site", "2025-03-04T09:00:00+00:00", "Lonza",
                  "Visp, Switzerland", "CH", 46.29, 7.88, 500e6, "biologics_mammalian"),
        _facility("fx-visp-copy", "Lonza expands Visp biologics site", "2025-03-04T15:00:00+00:00", "Lonza",
                  "Visp, Switzerland", "CH", 46.29, 7.88, 500e6, "biologics_mammalian", source="fixture-press"),
        _facility("fx-incheon", "Samsung Biologics breaks ground on Plant 6 in Incheon", "2025-06-10T02:00:00+00:00",
                  "Samsung Biologics", "Incheon, South Korea", "KR", 37.46, 126.71, 1.4e9, "biologics_mammalian"),
        _facility("fx-cork", "Alderbrook Biologics adds fill-finish line in Cork", "2025-09-15T08:00:00+00:00",
                  "Alderbrook Biologics", "Cork, Ireland", "IE", None, None, 150e6, "sterile_fill_finish"),
        _facility("fx-bloomington", "Catalent invests in Bloomington gene therapy suites",
                  "2025-11-20T12:00:00+00:00", "Catalent", "Bloomington, Indiana", "US", 39.17, -86.53, 230e6,
                  "gene_therapy_viral_vector"),
        _record("fx-ceo", "Alderbrook Biologics names Maren Lutz chief executive",
                "Alderbrook Biologics appointed Maren Lutz as CEO. She joins from a large CDMO.",
                "2025-04-02T07:00:00+00:00", "leadership", "executive_appointment", "Alderbrook Biologics",
                people=["Maren Lutz"], roles=[{"person": "Maren Lutz", "role": "CEO", "company": "Alderbrook Biologics"}]),
        _record("fx-cfo", "Lonza appoints Piet Aalders as CFO",
                "Lonza appointed Piet Aalders chief financial officer, effective in the spring.",
                "2025-10-07T07:00:00+00:00", "leadership", "executive_appointment", "Lonza",
                people=["Piet Aalders"], roles=[{"person": "Piet Aalders", "role": "CFO", "company": "Lonza"}]),
        _record("fx-coo-out", "Catalent COO Dana Whitcombe to step down",
                "Catalent said its chief operating officer Dana Whitcombe will step down at year end.",
                "2025-12-01T07:00:00+00:00", "leadership", "executive_departure", "Catalent",
                people=["Dana Whitcombe"],
                roles=[{"person": "Dana Whitcombe", "role": "COO", "company": "Catalent"}]),
        _record("fx-twin", "Samsung Biologics launches digital twin of its bioreactor suites",
                "Samsung Biologics launched a digital twin that models its bioreactor process in silico.",
                "2025-05-20T03:00:00+00:00", "digital", "digital_launch", "Samsung Biologics",
                events=[{"event_type": "digital_launch", "company": "Samsung Biologics",
                         "technology": "digital twin"}]),
        _record("fx-ai", "Lonza and a software house partner on AI batch release",
                "Lonza partnered with a software house to apply machine learning to batch record review.",
                "2025-08-12T10:00:00+00:00", "digital", "digital_partnership", "Lonza",
                events=[{"event_type": "digital_partnership", "company": "Lonza", "technology": "AI/ML",
                         "partner": "Kestrel Analytics"}]),
        _record("fx-results", "Catalent reports third-quarter results",
                "Catalent reported revenue growth in its biologics segment; capacity was not discussed.",
                "2025-07-30T20:00:00+00:00", "other", "financial_results", "Catalent"),
        _record("fx-tariffs", "Tariff talk weighs on API makers",
                "Makers of active pharmaceutical ingredients weighed the effect of proposed tariffs.",
                "2025-02-11T10:00:00+00:00", "other", "policy_market", "Catalent"),
        _record("fx-old", "Lonza opened a Portsmouth suite in 2024", "Lonza opened a small-molecule suite.",
                "2024-11-05T10:00:00+00:00", "infrastructure", "facility_opening", "Lonza"),
        _record(HOSTILE_ID, HOSTILE_TITLE,
                "Vexora Bio said <b>nothing</b> about $5M and $6M; see <img src=x onerror=alert(2)>.",
                "2025-12-18T10:00:00+00:00", "infrastructure", "facility_opening", "Vexora Bio",
                url="javascript:alert(3)", unknown_companies=["Vexora Bio"]),
    ]


def build_fixture_warehouse(db: Path) -> Path:
    """Load the fixture into `db` the way the pipeline does; return the published path."""
    with writer_session(db) as con:
        load_companies(con, COMPANIES)
        load_enriched(con, fixture_records())
        refresh_search_index(con)
    return db
