"""The curated data package and everything read from or written as a data package: the Frictionless
schema (schema.py), validation against it (validation.py: problems with table, row, column and a rule
code), loading a Dataset (loader.py), the labels and help texts (catalog.py), downloads and exports
(downloads.py, export.py) and the map outlines (geo.py). No Streamlit.
"""
