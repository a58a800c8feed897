"""The case file's page-number stamp: its font subset is made once, also when a build starts
making it early in a thread of its own."""

from __future__ import annotations

import threading

import pytest

from samarbeid_docs.feil import BuildError
from samarbeid_docs.konverter import stempel


@pytest.fixture
def fresh_subset():
    stempel._make_subset.cache_clear()
    yield
    stempel._make_subset.cache_clear()


def _threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "stempel-skrift"]


def test_the_subset_made_in_advance_is_the_one_the_stamp_uses(fresh_subset):
    stempel.prepare()
    used = stempel._subset()  # waits for the thread if it is still making it
    for thread in _threads():
        thread.join(10)
    assert stempel._make_subset.cache_info().misses == 1
    assert stempel._subset() is used
    program, widths, _ = used
    assert program[:4] in (b"\x00\x01\x00\x00", b"true") and set(widths) == set(map(ord, stempel.CHARS))


def test_a_missing_font_is_said_when_the_file_is_joined_not_in_the_thread(fresh_subset, monkeypatch,
                                                                         tmp_path, capfd):
    monkeypatch.setattr(stempel, "FONT_FILE", tmp_path / "finnes-ikke.ttf")
    monkeypatch.setattr(stempel.shutil, "which", lambda name: None)
    stempel.prepare()
    for thread in _threads():
        thread.join(10)
    assert "Traceback" not in capfd.readouterr().err
    with pytest.raises(BuildError, match="fonts-crosextra-carlito"):
        stempel._subset()
