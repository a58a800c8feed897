"""`samarbeid vis --følg`: a save is built at once (only what it affects), a source error is shown
on the page instead of stopping anything, and the server keeps answering."""

import json
import shutil
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from samarbeid_docs.bygging.folg import Follower, snapshot
from samarbeid_docs.nettside.vis import LIVE, address, make_server

from .conftest import ROOTS, edit


def _wait(follower: Follower, version: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while follower.status()[0] < version:
        assert time.monotonic() < deadline, f"no round {version} within {seconds} s"
        time.sleep(0.05)


@pytest.fixture
def following(tmp_path):
    root = tmp_path / "fjell"
    shutil.copytree(ROOTS / "fjellregion" / "avtaler", root / "avtaler")
    follower = Follower(root, with_pdf=False)
    stop = threading.Event()
    thread = threading.Thread(target=follower.run, args=(stop,), daemon=True)
    server = make_server(root / "build", 0, follower.status)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    thread.start()
    _wait(follower, 1)
    yield root, follower, address(server)
    stop.set()
    thread.join(10)
    follower.close()
    server.shutdown()
    server.server_close()


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url) as response:
        return response.status, response.read()


def test_a_save_rebuilds_exactly_what_it_affects(following):
    root, follower, _ = following
    assert follower.status() == (1, "")
    edit(root / "avtaler/omrader/legevakt.yaml", "legevakt hele døgnet",
         "legevakt hele døgnet, hele året")
    _wait(follower, 2)
    # the area's agreement, and the framework and overview, which list every area
    assert sorted(follower.report.rebuilt) == sorted(
        ["Felles legevakt", "Samarbeidsavtale for Fjellregionen", "Oversikt over samarbeidsområdene"])
    assert "hele året" in (root / "build/md/legevakt.md").read_text(encoding="utf-8")
    time.sleep(0.4)  # nothing saved since: no new round
    assert follower.status()[0] == 2


def test_a_broken_file_is_shown_on_the_page_and_the_server_lives_on(following):
    root, follower, url = following
    page = _get(url)[1].decode("utf-8")
    assert f'<script src="{LIVE}folg.js"></script></body>' in page
    assert b"location.reload()" in _get(url + "_folg/folg.js")[1]
    area = root / "avtaler/omrader/legevakt.yaml"
    good = area.read_text(encoding="utf-8")
    area.write_text(good.replace("vertskommune: skogli", "vertskommune: [skogli"), encoding="utf-8")
    _wait(follower, 2)
    status = json.loads(_get(url + "_folg/status")[1])
    assert status["versjon"] == 2 and "avtaler/omrader/legevakt.yaml:" in status["feil"]
    assert "Traceback" not in status["feil"]
    assert _get(url)[0] == 200 and _get(url + "html/legevakt.html")[0] == 200  # the last good build
    area.write_text(good, encoding="utf-8")
    _wait(follower, 3)
    assert json.loads(_get(url + "_folg/status")[1]) == {"versjon": 3, "feil": ""}


def test_the_first_build_failing_still_serves_a_page_that_says_so(tmp_path):
    root = tmp_path / "fjell"
    shutil.copytree(ROOTS / "fjellregion" / "avtaler", root / "avtaler")
    edit(root / "avtaler/samarbeidsavtale.yaml", "versjon:", "versjon: [")
    follower = Follower(root, with_pdf=False)
    follower.build_once()
    server = make_server(root / "build", 0, follower.status)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        status, page = _get(address(server))
        assert status == 200 and "ikke bygget ennå" in page.decode("utf-8")
        assert "avtaler/samarbeidsavtale.yaml:" in json.loads(_get(address(server) + "_folg/status")[1])["feil"]
    finally:
        server.shutdown()
        server.server_close()


def test_snapshot_sees_a_new_a_changed_and_a_removed_source(tmp_path):
    root = tmp_path / "fjell"
    shutil.copytree(ROOTS / "fjellregion" / "avtaler", root / "avtaler")
    before = snapshot(root)
    (root / "maler").mkdir()
    (root / "maler/ekstra.md.j2").write_text("x", encoding="utf-8")
    assert snapshot(root) != before and "maler/ekstra.md.j2" in snapshot(root)
    (root / "maler/ekstra.md.j2").unlink()
    assert snapshot(root) == before


@pytest.mark.slow
def test_the_command_follows_with_pdfs_and_stops_on_ctrl_c(tmp_path):
    """`samarbeid vis --følg` as a user runs it: the first build, a save that makes a new PDF
    with LibreOffice kept warm, and Ctrl-C that stops the server and LibreOffice."""
    import os
    import signal
    import subprocess
    import sys
    root = tmp_path / "fjell"
    shutil.copytree(ROOTS / "fjellregion" / "avtaler", root / "avtaler")
    command = [str(Path(sys.executable).with_name("samarbeid")), "-C", str(root), "vis", "--følg", "--port", "0"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               start_new_session=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(iter(process.stdout.readline, "")), daemon=True)
    reader.start()

    def seen(text: str, seconds: float = 90) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            found = [line for line in lines if text in line]
            if found:
                return found[-1]
            time.sleep(0.1)
        raise AssertionError(f"{text!r} not printed: {''.join(lines)}")
    try:
        url = seen("Åpne http://").split()[1]
        seen("Bygging 1 ferdig")
        before = _get(url + "pdf/legevakt.pdf")[1]
        edit(root / "avtaler/omrader/legevakt.yaml", "legevakt hele døgnet", "legevakt hele døgnet, hele året")
        seen("Bygging 2 ferdig")
        assert _get(url + "pdf/legevakt.pdf")[1] != before
        os.killpg(process.pid, signal.SIGINT)
        assert process.wait(30) == 0
        assert "Stoppet." in "".join(lines)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(30)
        reader.join(10)
        process.stdout.close()
    leftovers = subprocess.run(["pgrep", "-f", str(root / ".mellomlager")], capture_output=True, text=True)
    assert leftovers.stdout.strip() == ""  # no LibreOffice left behind


def test_build_replaced_by_a_file_is_said_and_the_next_save_builds(following):
    root, follower, url = following
    shutil.rmtree(root / "build")
    (root / "build").write_text("ikke en mappe", encoding="utf-8")
    edit(root / "avtaler/omrader/legevakt.yaml", "legevakt hele døgnet", "legevakt hele døgnet, hele året")
    _wait(follower, 2)
    assert "er en fil, men skal være mappen avtalene bygges i" in follower.status()[1]
    (root / "build").unlink()
    edit(root / "avtaler/omrader/legevakt.yaml", "hele året", "hele året rundt")
    _wait(follower, 3)
    assert follower.status()[1] == "" and (root / "build/index.html").is_file()


def test_a_path_the_file_system_cannot_take_is_a_404(following):
    _, _, url = following
    with pytest.raises(urllib.error.HTTPError) as caught:
        _get(url + "%00")
    caught.value.close()  # the error holds the response
    assert caught.value.code == 404
