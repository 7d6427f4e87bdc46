"""The curated incidents beside an imported file, incident by incident: matching and one-to-one
assignment, the differences in words. `python -m components.compare FILE` is the command line.
Streamlit-facing: ui.py (the Compare page's widgets and hand decisions).
"""
