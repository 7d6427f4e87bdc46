"""A second baseline for bench_overview: the bare page (bare_app.py) with the Overview's furniture
around its one chart, drawn from constants: the top navigation of five pages, the sidebar's kinds
of widgets, a title, four metrics with help, captions and toggles. The difference between the two
is what Streamlit itself spends on a full rerun of a page like the Overview (every element is sent
and re-rendered), before any of the app's own work (filtering, figures, three charts redrawn).

A third, served by charted_serve.py and opened with ?charts=overview: this page with the two
Overview charts a type click redraws (overview_charts)."""

import plotly.graph_objects as go
import streamlit as st

X, Y = ["a", "b", "c", "d", "e", "f"], [3, 1, 2, 4, 2, 5]


def overview() -> None:
    st.caption("Terrorism in Kazakhstan, 2011–2012")
    event = st.plotly_chart(go.Figure(go.Bar(x=X, y=Y)), key="bare", on_select="rerun", selection_mode="points")
    picked = ", ".join(f"{p['x']}: {p['y']}" for p in event.selection.points) or "none"
    st.title(picked, anchor=False)
    for i, col in enumerate(st.columns(4)):
        col.metric(f"Figure {i + 1}", picked, delta=1, help="How this figure is counted.")
    st.caption("A sentence on how the figures changed from one year to the next, as the Overview has. " * 2)
    if st.query_params.get("charts") == "overview":
        overview_charts([p["x"] for p in event.selection.points])
    for name in ("types", "casualties", "escalation"):
        st.caption("A one-line summary of a chart, as each Overview chart has.")
        st.toggle("Show the data", key=f"data_{name}")


@st.cache_resource
def curated():
    from components.data.loader import load_dataset
    from components.data.schema import datasets_dir

    return load_dataset(datasets_dir())


def overview_charts(picked: list[str]) -> None:
    """The Overview's casualty and escalation charts of the curated data for the incident types of
    the bars picked (bar n: the n-th type), drawn by the app's linked chart: each click redraws both
    with new data, as a type click on the Overview does. An Overview click's time beyond this
    page's is the rest of the Overview: its other elements, its own work."""
    from components.charts.linked_ui import linked_chart
    from components.overview import model
    from components.state.filters import Filters

    data = curated()
    types = sorted(data.incidents["incident_type"].dropna().unique())
    view = model.view(data, Filters(types=tuple(types[X.index(x) % len(types)] for x in picked)))
    for name in ("casualties", "escalation"):
        panel = getattr(view, name)
        config = {"displaylogo": False, "modeBarButtons": [["toImage"]]}
        linked_chart(panel.spec, height=panel.height, key=f"chart_{name}", label=panel.summary, config=config)


def other() -> None:
    st.title("Another page", anchor=False)


st.set_page_config(layout="wide")
# The app's five pages with their icons, at the top (dashboard.py); only the first is ever shown here.
icons = (":material/insights:", ":material/list_alt:", ":material/slideshow:", ":material/table_view:")
pages = [st.Page(overview, title="Overview", url_path="overview", icon=icons[0], default=True)]
for title, icon in zip(("Incidents", "Briefing", "Data"), icons[1:], strict=True):
    pages.append(st.Page(other, title=title, url_path=title.lower(), icon=icon))
pages.append(st.Page(other, title="Compare", url_path="compare", icon=":material/compare_arrows:"))
page = st.navigation(pages, position="top")
with st.sidebar:
    st.pills("Incident type", X, selection_mode="multi", key="types", help="What each type means.")
    st.button("All types")
    st.slider("Dates", 0, 100, (0, 100), key="dates")
    st.multiselect("Region", X, key="region")
    st.pills("Initiator", X[:3], selection_mode="multi", key="initiator")
page.run()
