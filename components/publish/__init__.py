"""Publishing a view: "Reproduce this view" (bundle.py: a zip of the view's data package, a
reproduce.py that rebuilds its figures and charts with pandas and plotly alone (script.py, from the
functions in recipe.py), the same code as a notebook (notebook.py) and a README.txt) and "Cite"
(cite.py: the dataset's citation with the view's link and the access date as BibTeX, RIS, CSL-JSON
and plain text). Streamlit-facing: ui.py (the two controls the Overview and Incidents pages show).
"""
