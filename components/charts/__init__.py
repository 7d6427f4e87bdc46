"""Plotly figures as pure functions of aggregated frames: shared layout and label wrap, the type
and casualty bars, the escalation chart with its policy timeline, the offline map and its places.
Streamlit-facing: linked_ui.py, the Overview's keyed chart component that updates figures in place
(its script in assets/).
"""
