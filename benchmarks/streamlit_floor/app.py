"""The floor for the Overview's browser render: Streamlit with the same kinds of elements and no data.

A sidebar multiselect, a title, four metrics, one wide and three narrow Altair bar charts and a caption: what the
Overview shows, on eight constant rows and with no warehouse, caching or drill-down. benchmarks/dashboard_render
times it in the browser exactly as it times the Overview, so the difference is what the dashboard adds.
"""

import altair as alt
import pandas as pd
import streamlit as st

st.set_page_config(page_title="streamlit floor", layout="wide")
st.sidebar.multiselect("Pillar", ["infrastructure", "digital", "leadership", "other"])
st.title("Overview")
for column in st.columns(4):
    column.metric("Stories", "1,234", delta="+5%")
rows = pd.DataFrame({"label": list("abcdefgh"), "value": range(8)})
st.altair_chart(alt.Chart(rows).mark_bar().encode(x="label:N", y="value:Q"), width="stretch")
for column in st.columns(3):
    with column:
        st.altair_chart(alt.Chart(rows).mark_bar().encode(y="label:N", x="value:Q"), width="stretch")
st.caption("Overview · warehouse: none (Streamlit floor)")
