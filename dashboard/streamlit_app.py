"""cdmo-radar dashboard: the shared sidebar filters, then the chosen page (one file per page in views/)."""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

# `streamlit run` executes this file as a script; make the project importable when it is not installed.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import streamlit as st  # noqa: E402

from dashboard.data_access import Warehouse, current_db, db_version, facet_table_ready, facets  # noqa: E402
from dashboard.page_context import PageContext, set_page_context  # noqa: E402
from dashboard.sidebar import render_sidebar  # noqa: E402

PAGES = [
    st.Page("views/overview.py", title="Overview", icon=":material/dashboard:", url_path="overview", default=True),
    st.Page("views/infrastructure.py", title="Infrastructure", icon=":material/factory:", url_path="infrastructure"),
    st.Page("views/leadership.py", title="Leadership", icon=":material/groups:", url_path="leadership"),
    st.Page("views/digital.py", title="Digital", icon=":material/memory:", url_path="digital"),
    st.Page("views/companies.py", title="Companies", icon=":material/domain:", url_path="companies"),
    st.Page("views/search.py", title="Search", icon=":material/search:", url_path="search"),
    st.Page("views/article.py", title="Article", icon=":material/article:", url_path="article"),
    st.Page("views/knowledge_base.py", title="Knowledge base", icon=":material/library_add:",
            url_path="knowledge-base"),
    st.Page("views/sources.py", title="Sources", icon=":material/monitor_heart:", url_path="sources"),
]
SOURCES = PAGES[-1]  # reads only the run log: it opens on a warehouse without articles too

st.set_page_config(page_title="cdmo-radar", page_icon="📡", layout="wide")
page = st.navigation(PAGES)

db = current_db()
if not db.exists():
    st.title("cdmo-radar")
    st.info(f"No warehouse at {db} yet. Run `radar demo` or `radar run` first.")
    st.stop()

version = db_version(db)
held = facets(str(db), version)
if held.empty:
    if page.url_path == SOURCES.url_path:
        page.run()
        st.stop()
    st.title("cdmo-radar")
    st.info("The warehouse holds no dated articles yet.")
    st.stop()

filters = render_sidebar(held)
warehouse = Warehouse(str(db), version, held.countries, facet_table_ready(str(db), version))
set_page_context(PageContext(wh=warehouse, facets=held, filters=filters))
page.run()
published = datetime.fromtimestamp(db.stat().st_mtime, tz=timezone.utc)
st.divider()
st.caption(f"{page.title} · warehouse {db.name}, published {published:%Y-%m-%d %H:%M} UTC, "
           f"articles from {held.first_day} to {held.last_day}")
