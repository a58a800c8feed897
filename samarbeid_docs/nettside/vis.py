"""`samarbeid vis`: serve build/ on 127.0.0.1 at a free port, for a local look in a browser."""

from __future__ import annotations

import functools
import http.server
import json
from collections.abc import Callable
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
        try:
            return self._send_head()
        except ValueError:  # e.g. a NUL byte in the path: there is no such file
            self.send_error(404)
            return None

    def _send_head(self):
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


LIVE = "/_folg/"
"""Where a following server answers with the round it has built and the script that reloads."""
SCRIPT = """(function () {
  var shown = null;
  function banner(text) {
    var box = document.getElementById("folg-feil");
    if (!text) { if (box) { box.remove(); } return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "folg-feil";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;left:0;right:0;top:0;z-index:9;margin:0;padding:1rem;" +
        "background:#fff3f3;color:#5c0000;border-bottom:3px solid #8a1c1c;font:14px/1.4 monospace;" +
        "white-space:pre-wrap;max-height:60vh;overflow:auto";
      document.body.appendChild(box);
    }
    box.textContent = "Kildene har feil; siden viser forrige bygging.\\n\\n" + text;
  }
  function poll() {
    fetch("/_folg/status", {cache: "no-store"}).then(function (r) { return r.json(); })
      .then(function (s) {
        if (shown === null) { shown = s.versjon; }
        else if (s.versjon !== shown && !s.feil) { location.reload(); return; }
        shown = s.versjon;
        banner(s.feil);
      }).catch(function () {}).then(function () { setTimeout(poll, 250); });
  }
  poll();
})();
"""
WAITING = ("<!DOCTYPE html><html lang=\"nb\"><meta charset=\"utf-8\"><title>Bygger …</title>"
           "<p>Avtalene er ikke bygget ennå. Siden lastes på nytt når de er det.</p></html>")


class _LiveHandler(_QuietHandler):
    """The quiet handler, plus the follow mode's status and script, and every HTML page with
    the script that reloads it."""

    status: Callable[[], tuple[int, str]] = staticmethod(lambda: (0, ""))

    def do_GET(self):  # noqa: N802 - the standard library's name
        try:
            return self._get()
        except ValueError:  # a path the file system cannot take (a NUL byte)
            self.send_error(404)

    def _get(self):
        path = self.path.split("?", 1)[0]
        if path == f"{LIVE}status":
            version, error = self.status()
            return self._send(json.dumps({"versjon": version, "feil": error}).encode(), "application/json")
        if path == f"{LIVE}folg.js":
            return self._send(SCRIPT.encode(), "text/javascript; charset=utf-8")
        target = Path(self.translate_path(path))
        if target.is_dir() or path.endswith("/"):
            target = target / "index.html"
        if target.suffix == ".html" and target.resolve().is_relative_to(Path(self.directory).resolve()) \
                and not any(part.startswith(".") for part in Path(path).parts):
            if target.is_file():
                page = target.read_bytes()
            elif target.name == "index.html" and target.parent.resolve() == Path(self.directory).resolve():
                page = WAITING.encode()  # the first build failed or runs: the script says why
            else:
                return super().do_GET()
            tag = f'<script src="{LIVE}folg.js"></script>'.encode()
            page = page.replace(b"</body>", tag + b"</body>", 1) if b"</body>" in page else page + tag
            return self._send(page, "text/html; charset=utf-8")
        return super().do_GET()

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


def make_server(folder: Path, port: int = 0,
                status: Callable[[], tuple[int, str]] | None = None) -> http.server.ThreadingHTTPServer:
    """Return a server for `folder` bound to 127.0.0.1 (port 0: any free port). With `status`
    (the follow mode: the round built and its error), the pages reload themselves."""
    if status is None:
        handler = functools.partial(_QuietHandler, directory=str(folder))
    else:
        live = type("_Live", (_LiveHandler,), {"status": staticmethod(status)})
        handler = functools.partial(live, directory=str(folder))
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)


def address(server: http.server.ThreadingHTTPServer) -> str:
    host, port = server.server_address[:2]
    return f"http://{host}:{port}/"
