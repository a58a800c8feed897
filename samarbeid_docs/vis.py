"""`samarbeid vis`: serve build/ on 127.0.0.1 at a free port, for a local look in a browser."""

from __future__ import annotations

import functools
import http.server
from pathlib import Path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature from the standard library
        pass


def make_server(folder: Path, port: int = 0) -> http.server.ThreadingHTTPServer:
    """Return a server for `folder` bound to 127.0.0.1 (port 0: any free port)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)


def address(server: http.server.ThreadingHTTPServer) -> str:
    host, port = server.server_address[:2]
    return f"http://{host}:{port}/"
