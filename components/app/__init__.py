"""The Streamlit shell the pages share: the entrypoint guard, the cached dataset and its failure
screen, tables, download buttons, title and banner (ui.py); a limit on script runs at once
(runs.py); the ASGI routes serve.py adds (paths.py); and the framework edges, the places the app
relies on what Streamlit does not promise (edges.py). Everything here may import Streamlit.
"""
