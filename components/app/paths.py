"""Unknown nested paths (/incidents/extra, /nope/deeper): a redirect to their first segment.

Streamlit answers any unknown path with its index.html, whose scripts are relative (./static/...):
under a nested path they resolve to /incidents/static/..., are answered with index.html too, and
the browser shows a blank page. Redirected to /incidents, the page opens; /nope shows Streamlit's
own "Page not found". Plain ASGI middleware, installed by serve.py through st.App.
"""

from __future__ import annotations

from urllib.parse import quote

# Streamlit's own top-level routes and the app's (vendor: plotly.js, serve.py): never redirected.
STREAMLIT_PREFIXES = {"_stcore", "static", "media", "component", "app", "-", "vendor"}


def redirect_target(path: str, query: str = "") -> str | None:
    """Where a request for `path` should go instead, or None to serve it as it is."""
    parts = [p for p in path.split("/") if p]
    if len(parts) < 2 or parts[0] in STREAMLIT_PREFIXES or "_stcore" in parts:
        return None
    return "/" + quote(parts[0]) + (f"?{query}" if query else "")


class NestedPathRedirect:
    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            root = scope.get("root_path", "")
            target = redirect_target(scope["path"][len(root) :], scope.get("query_string", b"").decode("latin-1"))
            if target is not None:
                headers = [(b"location", (root + target).encode("latin-1")), (b"cache-control", b"no-cache")]
                await send({"type": "http.response.start", "status": 302, "headers": headers})
                await send({"type": "http.response.body", "body": b""})
                return
        await self.app(scope, receive, send)
