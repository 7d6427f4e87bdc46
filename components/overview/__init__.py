"""The Overview's model: aggregates of the filtered incidents (aggregate.py), their words
(narrative.py: headlines, summaries, the empty-view hint) and the page's panels built from both
(model.py). No Streamlit: the page caches and draws the model.
"""
