"""Bringing your own data: GTD, ACLED and native files (CSV or Excel) mapped to the incident
schema, validated, repaired by rule code and reported row by row; dates read as their column shows
them (dates.py). `python -m components.importing FILE` is the command line. store.py keeps accepted
imports on disk under a key the URL carries. Streamlit-facing: ui.py (the Data page's upload, the
import report, the session's shared copies, an import brought back from the store).
"""
