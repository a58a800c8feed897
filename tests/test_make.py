"""`make avtaler` in a fresh copy of the repository: set-up plus the main job, as a user runs it."""

import os
import re
import shutil
import subprocess
import zipfile

import pytest

from .conftest import REPO

pytestmark = pytest.mark.slow  # left out of `make test-rask`


def _fresh_copy(target):
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=REPO,
                           capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, files):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def test_avtaler_is_a_phony_target():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    phony = re.search(r"^\.PHONY:(.*)$", makefile, re.M).group(1).split()
    assert "avtaler" in phony and "test" in phony


def test_readme_starts_with_the_two_commands():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("```sh", 1)[1].split("```", 1)[0]
    assert [line.split("#")[0].strip() for line in block.strip().splitlines()] == \
        ["make avtaler", "make test"]


@pytest.mark.slow
def test_make_avtaler_in_a_fresh_copy(tmp_path):
    if shutil.which("make") is None:
        pytest.fail("make is not installed")
    root = _fresh_copy(tmp_path / "klone")
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    result = subprocess.run(["make", "avtaler"], cwd=root, env=env, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Bygget 27 dokumenter i build/docx/" in result.stdout
    assert len(list((root / "build/docx").glob("*.docx"))) == 27
    assert len(list((root / "build/pdf").glob("*.pdf"))) == 27
    assert (root / "build/samlet.pdf").read_bytes().startswith(b"%PDF-")
    assert (root / "build/saker/os/samlet.docx").is_file()  # the case papers too
    assert (root / "build/saker/os/samlet.pdf").read_bytes().startswith(b"%PDF-")
    assert zipfile.is_zipfile(root / "build/saker/os.zip")
    assert "For Os kommune: " in (root / "build/index.html").read_text(encoding="utf-8")
    assert "ingen tidligere versjon i git" in result.stdout  # a copy without git history
    assert (root / ".venv/bin/samarbeid").is_file()


def test_make_test_installs_the_browser_tools_it_needs_when_missing(tmp_path):
    """On a machine without Chromium and chromedriver, `make test` (through testpakker) asks
    apt-get for them; with everything present it installs nothing."""
    fake = tmp_path / "bin"
    fake.mkdir()
    log = tmp_path / "apt.log"
    for tool in ("apt-get", "sudo"):
        (fake / tool).write_text(f'#!/bin/sh\necho "{tool} $*" >> {log}\n'
                                 + ('exec "$@"\n' if tool == "sudo" else ""), encoding="utf-8")
        (fake / tool).chmod(0o755)
    env = {**os.environ, "PATH": f"{fake}:{os.environ['PATH']}"}
    missing = subprocess.run(["make", "-s", "testpakker", f"CHROMIUM={tmp_path}/ingen-chromium",
                              f"CHROMEDRIVER={tmp_path}/ingen-driver"], cwd=REPO, env=env,
                             capture_output=True, text=True, timeout=120)
    assert missing.returncode == 0, missing.stdout + missing.stderr
    calls = log.read_text(encoding="utf-8")
    assert "apt-get update -qq" in calls
    assert re.search(r"apt-get install -y -qq --no-install-recommends chromium chromium-driver", calls), calls
    assert "Installerer chromium chromium-driver" in missing.stdout
    log.unlink()
    present = subprocess.run(["make", "-s", "testpakker", "systempakker"], cwd=REPO, env=env,
                             capture_output=True, text=True, timeout=120)
    assert present.returncode == 0 and not log.exists(), present.stdout + present.stderr
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^test: systempakker testpakker \$\(STAMP\)", makefile, re.M)
