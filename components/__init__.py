"""The dashboard's code, one package per concern (README, "Layout"). Pages import from here; nothing here
imports a page. Only `ui.py` / `*_ui.py` modules and the `app` package import Streamlit
(tests/test_framework.py)."""
