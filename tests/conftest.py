"""Shared fixtures: the real project, copies of it, and small test projects."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

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
    shutil.copytree(REPO / "maler", target / "maler")
    return target


@pytest.fixture
def real_copy(tmp_path) -> Path:
    """A writable copy of the real project (avtaler/ and maler/)."""
    return _copy_project(tmp_path / "prosjekt", REPO)


@pytest.fixture
def minimal(tmp_path) -> Path:
    """The two-party test project in tests/roots/minimal, with the real templates."""
    return _copy_project(tmp_path / "minimal", ROOTS / "minimal")


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace `old` by `new` in `path`, asserting that `old` is there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


@pytest.fixture(scope="session")
def full_build(tmp_path_factory):
    """The real project built once with everything (DOCX, PDF, Markdown, site) for read-only tests."""
    from samarbeid_docs.bygg import build
    root = _copy_project(tmp_path_factory.mktemp("full") / "prosjekt", REPO)
    report = build(root)
    return root, report
