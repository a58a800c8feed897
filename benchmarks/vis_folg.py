"""Benchmark of `samarbeid vis --følg`: from a save to the new PDF on the page, side by side
with its baseline (the same save followed by `samarbeid bygg` in a new process) in the same run.

    .venv/bin/python benchmarks/vis_folg.py [--ganger 10]

A copy of the real project (27 documents) is built once. Then, `--ganger` times each and
alternating, one area file (barnevern.yaml) is saved with a changed sentence and the clock runs
until the PDF of that agreement, fetched over HTTP from the page, has new bytes:

  vis --følg        the running server notices the save, builds with LibreOffice kept warm
                    and serves the new PDF (polled every 20 ms)
  samarbeid bygg    a new process builds incrementally (LibreOffice started for the round);
                    the time is until the command has finished and the PDF is new

Prints a Markdown table: median, fastest and slowest of each, and the ratio of the medians.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMARBEID = str(ROOT / ".venv/bin/samarbeid")
AREA = "avtaler/omrader/barnevern.yaml"
PHRASE = "forebyggende arbeid"


def _fetch(url: str) -> bytes:
    with urllib.request.urlopen(url) as response:
        return response.read()


def _save(root: Path, round_: int) -> None:
    path = root / AREA
    text = path.read_text(encoding="utf-8")
    start = text.index(PHRASE)
    end = text.index("\n", start)
    path.write_text(text[:start] + f"{PHRASE} (runde {round_})" + text[end:], encoding="utf-8")


class Following:
    """`samarbeid vis --følg` running on `root` for the length of a `with` block."""

    def __init__(self, root: Path):
        self.root = root

    def __enter__(self) -> "Following":
        self.process = subprocess.Popen([SAMARBEID, "-C", str(self.root), "vis", "--følg"],
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                        start_new_session=True)
        self.lines: list[str] = []
        self.reader = threading.Thread(
            target=lambda: self.lines.extend(iter(self.process.stdout.readline, "")), daemon=True)
        self.reader.start()
        deadline = time.monotonic() + 120
        while not any("Bygging 1 ferdig" in line for line in self.lines):
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise SystemExit("vis --følg did not finish its first build:\n" + "".join(self.lines))
            time.sleep(0.05)
        self.url = next(line for line in self.lines if "http://" in line).split()[1] + "pdf/barnevern.pdf"
        return self

    def round(self, number: int) -> float:
        """Save, and return the seconds until the page serves the new PDF."""
        before = _fetch(self.url)
        saved = time.perf_counter()
        _save(self.root, number)
        while _fetch(self.url) == before:
            time.sleep(0.02)
        seconds = time.perf_counter() - saved
        time.sleep(0.3)  # the round has settled before anything else runs
        return seconds

    def __exit__(self, *exc) -> None:
        os.killpg(self.process.pid, signal.SIGINT)
        self.process.wait(30)
        self.reader.join(10)
        self.process.stdout.close()


def build_round(root: Path, number: int) -> float:
    """Save, run `samarbeid bygg` in a new process, and return the seconds until it is done."""
    pdf = root / "build/pdf/barnevern.pdf"
    before = pdf.read_bytes()
    saved = time.perf_counter()
    _save(root, number)
    subprocess.run([SAMARBEID, "-q", "-C", str(root), "bygg"], check=True)
    seconds = time.perf_counter() - saved
    assert pdf.read_bytes() != before
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ganger", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="samarbeid-folg-") as scratch:
        roots = {}
        for name in ("folg", "bygg"):
            root = Path(scratch) / name
            shutil.copytree(ROOT / "avtaler", root / "avtaler")
            subprocess.run([SAMARBEID, "-q", "-C", str(root), "bygg"], check=True)
            roots[name] = root
        follow, build = [], []
        with Following(roots["folg"]) as following:
            for number in range(args.ganger):  # alternating, so both see the same machine
                follow.append(following.round(1000 + number))
                build.append(build_round(roots["bygg"], 2000 + number))
    print(f"Fra lagring til ny PDF på siden, {args.ganger} ganger hver ({os.cpu_count()} kjerner):\n")
    print("| Scenario | Median (s) | Raskest (s) | Tregest (s) |")
    print("|---|---:|---:|---:|")
    for name, times in (("vis --følg (LibreOffice varm)", follow), ("samarbeid bygg (ny prosess)", build)):
        print(f"| {name} | {statistics.median(times):.2f} | {min(times):.2f} | {max(times):.2f} |")
    print(f"\nForhold (median): {statistics.median(follow) / statistics.median(build):.2f}")


if __name__ == "__main__":
    main()
