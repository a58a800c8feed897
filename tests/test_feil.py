"""Faults: a second build at the same time, Ctrl-C, LibreOffice killed, a full or read-only disk.
In every case a clear message, a non-zero exit, and every file in build/ complete."""

import errno
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from click.testing import CliRunner
from docx import Document
from pypdf import PdfReader

from samarbeid_docs import cli
from samarbeid_docs.bygging.bygg import BUILD, DOCX_DIR, PDF_DIR, build, build_lock
from samarbeid_docs.konverter import pdf

from .conftest import REPO, edit, eventually

pytestmark = pytest.mark.slow  # left out of `make test-rask`


def test_a_second_build_waits_for_the_first(minimal):
    messages = []
    finished = threading.Event()
    with build_lock(minimal):
        worker = threading.Thread(target=lambda: (build(minimal, with_pdf=False, on_wait=messages.append),
                                                  finished.set()))
        worker.start()
        time.sleep(0.5)
        assert not finished.is_set()
        assert messages == ["En annen bygging av dette prosjektet pågår; venter til den er "
                            "ferdig …"]
    worker.join(30)
    assert finished.is_set()
    assert (minimal / DOCX_DIR / "plan.docx").is_file()


def test_libreoffice_killed_mid_batch_is_retried(fake_soffice, tmp_path):
    fake_soffice("killed-once")
    src = tmp_path / "src"
    src.mkdir()
    jobs = []
    for name in ("a", "b", "c"):
        (src / f"{name}.docx").write_bytes(b"PK" + name.encode() * 100)
        jobs.append(pdf.Job(src / f"{name}.docx", tmp_path / "ut" / f"{name}.pdf", f"Avtale {name}"))
    outcome = pdf.convert(jobs, tmp_path / "arbeid", workers=1)
    assert len(outcome.converted) == 3 and len(outcome.retried) == 2
    assert all(PdfReader(str(j.target)).pages for j in jobs)


@pytest.mark.parametrize(("code", "words"), [(errno.ENOSPC, "disken er full"),
                                             (errno.EROFS, "filsystemet er skrivebeskyttet"),
                                             (errno.EACCES, "du mangler skrivetilgang")])
def test_full_or_read_only_disk(minimal, monkeypatch, code, words):
    build(minimal, with_pdf=False)
    before = {p: p.read_bytes() for p in (minimal / DOCX_DIR).glob("*.docx")}
    edit(minimal / "avtaler/omrader/plan.yaml", "  - byggesak", "  - byggesak og oppmåling")

    def refuse(*args, **kwargs):
        raise OSError(code, os.strerror(code))
    monkeypatch.setattr("samarbeid_docs.bygging.bygg.os.replace", refuse)
    result = CliRunner().invoke(cli.main, ["-C", str(minimal), "bygg", "--uten-pdf"],
                                prog_name="samarbeid")
    assert result.exit_code == 1
    assert words in result.stderr and "Tidligere filer er urørt" in result.stderr
    assert "Traceback" not in result.output
    assert {p: p.read_bytes() for p in (minimal / DOCX_DIR).glob("*.docx")} == before
    assert not list((minimal / DOCX_DIR).glob(".*"))


@pytest.mark.skipif(sys.platform != "linux", reason="uses /proc")
def test_ctrl_c_in_the_middle_stops_cleanly(fake_soffice, real_copy):
    state = fake_soffice("slow", bookmarks=28)
    os.environ["FAKE_SLEEP"] = "20"
    try:
        command = [str(REPO / ".venv/bin/samarbeid"), "-C", str(real_copy), "bygg"]
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while not (state / "pids").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.5)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        os.environ.pop("FAKE_SLEEP", None)
    assert proc.returncode == 130
    assert "Avbrutt av brukeren" in err and "Traceback" not in err
    def stopped(pid: int) -> bool:
        try:
            return open(f"/proc/{pid}/stat").read().split()[2] == "Z"
        except OSError:
            return True
    for pid in (int(p) for p in (state / "pids").read_text().split()):
        assert eventually(lambda: stopped(pid)), pid
    leftovers = [p for p in (real_copy / BUILD).rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []
    for path in (real_copy / DOCX_DIR).glob("*.docx"):
        Document(str(path))  # every DOCX that is there is complete
    assert not list((real_copy / PDF_DIR).glob("*.pdf")) or all(
        PdfReader(str(p)).pages for p in (real_copy / PDF_DIR).glob("*.pdf"))


def test_missing_libreoffice_fails_the_build_with_the_install_command(minimal, monkeypatch, tmp_path):
    monkeypatch.setenv("SAMARBEID_SOFFICE", str(tmp_path / "finnes-ikke"))
    result = CliRunner().invoke(cli.main, ["-C", str(minimal), "bygg"], prog_name="samarbeid")
    assert result.exit_code == 1
    assert "Fant ikke LibreOffice (soffice)" in result.stderr
    assert "sudo apt-get install -y --no-install-recommends libreoffice-writer-nogui" in result.stderr
    assert "samarbeid bygg --uten-pdf" in result.stderr
    # all new outputs appear together or not at all: no Word file without its PDF
    assert not (minimal / DOCX_DIR / "plan.docx").exists()


def _office_for(folder) -> list[int]:
    """soffice.bin processes whose profile lies under `folder`."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                command = f.read().decode("utf-8", "replace")
            with open(f"/proc/{entry}/stat") as f:
                state = f.read().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if "soffice.bin" in command and str(folder) in command and state != "Z":
            found.append(int(entry))
    return found


@pytest.mark.skipif(sys.platform != "linux", reason="uses /proc")
def test_ctrl_c_stops_the_warm_libreoffice_workers_too(real_copy):
    if not pdf.warm_workers_possible(pdf.find_soffice()):
        pytest.skip("LibreOffice with python3-uno is not installed")
    command = [str(REPO / ".venv/bin/samarbeid"), "-C", str(real_copy), "bygg"]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not _office_for(real_copy) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    assert _office_for(real_copy), "LibreOffice never started"
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Avbrutt av brukeren" in err and "Traceback" not in err
    assert eventually(lambda: _office_for(real_copy) == [])
    assert [p for p in (real_copy / BUILD).rglob("*") if p.name.endswith(".tmp")] == []


@pytest.mark.skipif(sys.platform != "linux", reason="uses /proc")
def test_a_build_that_fails_on_its_sources_stops_the_libreoffice_it_started(real_copy):
    """LibreOffice is started before the sources are checked (it comes up meanwhile); a fault
    in them stops it again, and a first build leaves no build/ behind."""
    if not pdf.warm_workers_possible(pdf.find_soffice()):
        pytest.skip("LibreOffice with python3-uno is not installed")
    area = real_copy / "avtaler/omrader/barnevern.yaml"
    area.write_text(area.read_text(encoding="utf-8") + "tittel: [\n", encoding="utf-8")
    command = [str(REPO / ".venv/bin/samarbeid"), "-C", str(real_copy), "bygg"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2, result.stderr
    assert "barnevern.yaml" in result.stderr and "Traceback" not in result.stderr
    # the profile shows LibreOffice was started before the fault was found
    assert (real_copy / ".mellomlager/arbeid/profil-0").is_dir()
    assert eventually(lambda: _office_for(real_copy) == [])
    assert not (real_copy / BUILD).exists()
