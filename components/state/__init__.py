"""The view's state: the one filter value and its table of dimensions (filters.py), what a chart
click carries (selection.py), every session-state key and URL name (keys.py). Streamlit-facing:
url_ui.py (the only reader and writer of the URL; it builds every link), session_ui.py (operations
on session state: the filter value of a run, chart clicks, clearing, switching datasets) and
sidebar_ui.py (the sidebar filters and the filter chips).
"""
