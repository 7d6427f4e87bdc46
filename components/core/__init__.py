"""Text and look shared by every package: escaping and wording of counts, dates and periods
(formatting.py) and the colours, symbols and fonts (theme.py). Imports nothing else of the app and
never Streamlit.
"""
