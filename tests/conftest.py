"""Shared fixtures: the real project, copies of it, and small test projects."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from pypdf import PdfWriter

REPO = Path(__file__).resolve().parent.parent
ROOTS = Path(__file__).resolve().parent / "roots"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/ from the current output")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


def _copy_project(target: Path, sources: Path) -> Path:
    shutil.copytree(sources / "avtaler", target / "avtaler")
    if (sources / "maler").is_dir():  # a project's own templates; the built-in ones otherwise
        shutil.copytree(sources / "maler", target / "maler")
    return target


# The real project's warnings, on purpose: two areas are host cooperations for tasks no act lays
# on the municipalities (kommuneloven § 20-1), which the region has still to settle.
REAL_WARNINGS = ["avtaler/omrader/naring.yaml", "avtaler/omrader/naringsfond.yaml",
                 "avtaler/omrader/spesialiserte-helse-omsorg.yaml"]


@pytest.fixture
def real_copy(tmp_path) -> Path:
    """A writable copy of the real project (avtaler/, and maler/ if it has its own)."""
    return _copy_project(tmp_path / "prosjekt", REPO)


@pytest.fixture
def minimal(tmp_path) -> Path:
    """The two-party test project in tests/roots/minimal, with the built-in templates."""
    return _copy_project(tmp_path / "minimal", ROOTS / "minimal")


def local_template(root: Path, name: str) -> Path:
    """The project's own copy of template `name` (copied from the built-in one, as
    `samarbeid maler kopier` does, the first time)."""
    from samarbeid_docs.kilder import malsett
    path = root / "maler" / name
    if not path.exists() and not path.is_symlink():
        malsett.copy(root, name)
    return path


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace `old` by `new` in `path`, asserting that `old` is there. A template the project
    does not have yet (maler/…) is first copied from the built-in one."""
    parts = path.parts
    if "maler" in parts and not path.exists():
        at = len(parts) - 1 - parts[::-1].index("maler")
        local_template(Path(*parts[:at]), "/".join(parts[at + 1:]))
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def eventually(check, seconds: float = 10.0) -> bool:
    """Whether `check()` becomes true within `seconds`: a process being stopped takes a moment,
    more so while other test processes share the cores."""
    import time
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


@pytest.fixture(scope="session")
def full_build(tmp_path_factory):
    """The real project built once with everything (DOCX, PDF, Markdown, the case papers, site)
    for read-only tests: what «make avtaler» makes."""
    from samarbeid_docs.bygging.bygg import build, refresh_site
    from samarbeid_docs.bygging.saker import build_cases
    from samarbeid_docs.konverter.pdf import Converter
    root = _copy_project(tmp_path_factory.mktemp("full") / "prosjekt", REPO)
    report = build(root)
    with Converter(root / ".mellomlager/arbeid") as converter:
        build_cases(root, converter=converter)
    assert refresh_site(root)
    return root, report


FAKE = """#!/usr/bin/env python3
import os, shutil, sys, time
mode = os.environ["FAKE_MODE"]
state = os.environ["FAKE_STATE"]
with open(os.path.join(state, "pids"), "a") as f:
    f.write(f"{os.getpid()}\\n")
outdir = sys.argv[sys.argv.index("--outdir") + 1]
inputs = [a for a in sys.argv[sys.argv.index("--outdir") + 2:]]
with open(os.path.join(state, "converted"), "a") as f:
    f.write("".join(os.path.basename(a) + "\\n" for a in inputs))
if mode == "hang" or (mode == "hang-once" and not os.path.exists(os.path.join(state, "hung"))):
    open(os.path.join(state, "hung"), "w").close()
    time.sleep(300)
if mode == "slow":
    time.sleep(float(os.environ.get("FAKE_SLEEP", "2")))
if mode == "killed-once" and not os.path.exists(os.path.join(state, "killed")):
    open(os.path.join(state, "killed"), "w").close()
    first = os.path.splitext(os.path.basename(inputs[0]))[0]
    shutil.copy(os.environ["FAKE_PDF"], os.path.join(outdir, first + ".pdf"))
    import signal
    os.kill(os.getpid(), signal.SIGKILL)
if mode == "crash":
    print("Error: source file could not be loaded")
    sys.exit(1)
if mode == "silent":
    sys.exit(0)
for path in inputs:
    stem = os.path.splitext(os.path.basename(path))[0]
    target = os.path.join(outdir, stem + ".pdf")
    if mode == "garbage":
        open(target, "w").write("ikke en pdf")
    else:
        shutil.copy(os.environ["FAKE_PDF"], target)
"""


@pytest.fixture
def fake_soffice(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "soffice"
    script.write_text(FAKE, encoding="utf-8")
    script.chmod(0o755)
    state = tmp_path / "state"
    state.mkdir()
    sample = tmp_path / "sample.pdf"

    def write_sample(bookmarks: int) -> None:
        writer = PdfWriter()
        for page in range(bookmarks):  # the bundle needs one top-level bookmark per document
            writer.add_blank_page(width=595, height=842)
            writer.add_outline_item(title=f"Dokument {page}", page_number=page)
        with sample.open("wb") as handle:
            writer.write(handle)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.delenv("SAMARBEID_SOFFICE", raising=False)
    monkeypatch.setenv("FAKE_STATE", str(state))
    monkeypatch.setenv("FAKE_PDF", str(sample))

    def use(mode, bookmarks: int = 4):
        write_sample(bookmarks)
        monkeypatch.setenv("FAKE_MODE", mode)
        return state
    return use


