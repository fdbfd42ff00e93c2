"""The API explorer at ``/docs``: Swagger UI from bundled files, started by our own script file.

FastAPI's default page loads Swagger UI from a CDN and starts it with an inline ``<script>``;
this page loads both from ``/static`` so it works offline and under the Content-Security-Policy
of :mod:`~referatgraf.web.security` (``script-src 'self'``, no inline script).

>>> print(explorer_html("/openapi.json", "API"))  # doctest: +ELLIPSIS
<!doctype html>
...<div id="swagger-ui" data-openapi-url="/openapi.json"></div>
...<script src="/static/api_explorer.js"></script>
...
"""

from __future__ import annotations

from html import escape

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

VENDOR = "/static/vendor/swagger-ui"


def explorer_html(openapi_url: str, title: str) -> str:
    """The page for the schema at ``openapi_url``."""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<link rel="stylesheet" href="{VENDOR}/swagger-ui.css">
<link rel="icon" href="{VENDOR}/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui" data-openapi-url="{escape(openapi_url)}"></div>
<script src="{VENDOR}/swagger-ui-bundle.js"></script>
<script src="/static/api_explorer.js"></script>
</body>
</html>
"""


def include(app: FastAPI) -> None:
    """Serve the explorer of ``app``'s own schema at ``/docs``."""

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    def api_explorer() -> HTMLResponse:
        return HTMLResponse(explorer_html(app.openapi_url or "/openapi.json", f"{app.title} API"))
