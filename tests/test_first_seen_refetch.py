"""A re-fetched undated story keeps the time it was first seen (issue 17, item 1).

An undated article is placed in time by `fetched_at` (date_source first-seen). When a later run fetches it again
(its feed reported a change, or another worker's seen-URL store did not know it) and the warehouse loads the new
copy, the story must stay on the day it was first seen, not jump to the day of the re-fetch; a dated copy keeps
its publication date and its own fetch time.
"""

from __future__ import annotations

from tests.dashboard_fixture import COMPANIES, _record
from warehouse.load import load_companies, load_enriched
from warehouse.publish import writer_session

FIRST = "2025-03-12T08:00:00+00:00"
AGAIN = "2025-04-02T09:30:00+00:00"


def _undated(fetched_at: str, text: str = "Newco Bio appointed Ana Ruiz as CFO.") -> dict:
    return _record("u-cfo", "Newco Bio appoints a finance chief", text, "2025-01-01T00:00:00+00:00", "leadership",
                   "executive_appointment", "Newco Bio") | {"published": None, "fetched_at": fetched_at,
                                                             "date_source": "first-seen"}


def _rows(con) -> dict:
    return {r[0]: r[1:] for r in con.execute(
        "SELECT id, fetched_at::VARCHAR, dated_at::VARCHAR, text FROM articles ORDER BY id").fetchall()}


def test_a_refetched_undated_story_stays_on_its_first_seen_day(tmp_path):
    with writer_session(tmp_path / "radar.duckdb") as con:
        load_companies(con, COMPANIES)
        load_enriched(con, [_undated(FIRST)])
        result = load_enriched(con, [_undated(AGAIN, text="Newco Bio appointed Ana Ruiz as CFO. Updated.")])
        assert result.updated_ids == {"u-cfo"}
        fetched, dated, text = _rows(con)["u-cfo"]
        assert fetched.startswith("2025-03-12 08:00:00") and dated.startswith("2025-03-12 08:00:00")
        assert text.endswith("Updated.")  # the new copy's content is loaded
        first_dated = con.execute("SELECT first_dated_at::VARCHAR FROM stories").fetchone()[0]
        assert first_dated.startswith("2025-03-12 08:00:00")


def test_an_earlier_sighting_loaded_late_moves_the_first_seen_day_back(tmp_path):
    with writer_session(tmp_path / "radar.duckdb") as con:
        load_companies(con, COMPANIES)
        load_enriched(con, [_undated(AGAIN)])
        load_enriched(con, [_undated(FIRST)])
        assert _rows(con)["u-cfo"][1].startswith("2025-03-12 08:00:00")


def test_a_dated_copy_keeps_its_own_fetch_time(tmp_path):
    with writer_session(tmp_path / "radar.duckdb") as con:
        load_companies(con, COMPANIES)
        load_enriched(con, [_undated(FIRST)])
        dated = _undated(AGAIN) | {"published": "2025-03-30T07:00:00+00:00", "date_source": "page"}
        load_enriched(con, [dated])
        fetched, dated_at, _ = _rows(con)["u-cfo"]
        assert fetched.startswith("2025-04-02 09:30:00") and dated_at.startswith("2025-03-30 07:00:00")
