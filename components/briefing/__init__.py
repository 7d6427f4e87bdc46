"""The briefing: its slides computed from the data (content.py), sized for the 16:9 canvas
(canvas.py), exported as one offline HTML file (html_deck.py) and as PowerPoint (pptx_deck.py), and
the rooms that keep a presenter window and its audience on one slide (rooms.py); the decks' CSS and
JS in assets/. Streamlit-facing: ui.py (the canvas on the page, its controls and polling).
"""
