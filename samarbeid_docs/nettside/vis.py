"""`samarbeid vis`: serve build/ on 127.0.0.1 at a free port, for a local look in a browser."""

from __future__ import annotations

import functools
import http.server
from pathlib import Path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the published files of build/ and nothing else: no folder listings, no hidden
    files or folders, nothing a symbolic link leads to outside build/."""

    error_message_format = ("<!DOCTYPE html><html lang=\"nb\"><meta charset=\"utf-8\">"
                            "<title>%(code)d</title><p>Siden kan ikke vises (feil %(code)d). Gå til "
                            "<a href=\"/\">forsiden</a>.</p></html>")
    error_content_type = "text/html; charset=utf-8"

    def log_message(self, format, *args):  # noqa: A002 - signature from the standard library
        pass

    def send_head(self):
        root = Path(self.directory).resolve()
        path = Path(self.translate_path(self.path))
        try:
            parts = path.relative_to(self.directory).parts
        except ValueError:
            parts = ("..",)
        if any(part.startswith(".") for part in parts) or not path.resolve().is_relative_to(root):
            self.send_error(404)
            return None
        return super().send_head()

    def list_directory(self, path):
        self.send_error(404)
        return None


def make_server(folder: Path, port: int = 0) -> http.server.ThreadingHTTPServer:
    """Return a server for `folder` bound to 127.0.0.1 (port 0: any free port)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)


def address(server: http.server.ThreadingHTTPServer) -> str:
    host, port = server.server_address[:2]
    return f"http://{host}:{port}/"
