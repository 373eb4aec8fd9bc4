"""A site on 127.0.0.1 for crawl tests: every GET answered by a `respond(path)` function, or by
`respond(path, headers)` (the request's headers) for a site that answers conditional requests."""

from __future__ import annotations

import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Answer = tuple[int, dict[str, str], bytes]
Respond = Callable[[str], Answer]
RespondWithHeaders = Callable[[str, dict[str, str]], Answer]


def serve(respond: Respond | RespondWithHeaders, with_headers: bool = False) -> ThreadingHTTPServer:
    """Start serving in a daemon thread on a free port; the caller shuts it down (`shutdown`, `server_close`)."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            if with_headers:
                status, headers, body = respond(self.path, dict(self.headers))  # type: ignore[call-arg]
            else:
                status, headers, body = respond(self.path)  # type: ignore[call-arg]
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
