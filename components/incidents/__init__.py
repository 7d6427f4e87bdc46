"""The Incidents page: the table's pipeline (listing.py: filter, search, order, cut), the text
search (search.py) and one incident's detail with its source and related incidents (detail.py).
Streamlit-facing: ui.py (the detail view).
"""
