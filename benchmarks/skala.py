"""Scale benchmark: synthetic projects of N agreements built with and without PDFs, memory per
process sampled while they build, side by side with the bare converter in the same run.

    .venv/bin/python benchmarks/skala.py --avtaler 1000 3000 10000 [--uten-pdf-bare]

For each N, `lag_syntetiske.py` makes a project (the real 27 documents plus N copies of a real
sub-agreement with their own title), then `samarbeid bygg` runs on it. A sampler reads the
resident memory (RSS) of every process of the build from /proc every 0.1 s and keeps the
highest per role:

  hovedprosess       the `samarbeid` process itself
  dokumentarbeider   the forked workers that write the Word files
  saksdokument       the process that joins the parts of the case file (when there are several)
  LibreOffice        soffice.bin (each converts one document at a time)
  UNO-arbeider       the small Python process that feeds LibreOffice

Then the bare converter: two `soffice --convert-to` processes (the build's own prepared
profiles) converting a sample of the same DOCX, so its documents per second per core can be
set beside ours. Last, the download page: its size, the number of links, and how long it takes
Chromium (if installed) to load and lay it out, which is what a council secretary waits for.

Prints Markdown tables. The slope is the growth of the largest process per 1000 agreements
between the smallest and the largest N.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bygg import busy_seconds, soffice_cmd  # noqa: E402
from lag_syntetiske import make  # noqa: E402

from samarbeid_docs.konverter.pdf import find_soffice  # noqa: E402

SAMARBEID = str(ROOT / ".venv/bin/samarbeid")
TICKS = os.sysconf("SC_CLK_TCK")
ROLES = ("hovedprosess", "dokumentarbeider", "saksdokument", "LibreOffice", "UNO-arbeider")


class Sampler:
    """Highest RSS per role of `pid` and every process below it, sampled every `every` s; and
    the CPU time each process had used when last seen (`cpu_by_role`: a process that ends
    between two samples loses at most its last interval)."""

    def __init__(self, pid: int, every: float = 0.1):
        self.pid = pid
        self.every = every
        self.peak = dict.fromkeys(ROLES, 0)
        self.cpu: dict[int, tuple[str, float]] = {}  # pid → (role, CPU seconds)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _role(self, pid: int, name: str, cmd: str) -> str:
        if pid == self.pid:
            return "hovedprosess"
        if "lo_arbeider" in cmd:
            return "UNO-arbeider"
        if "multiprocessing" in cmd and "spawn" in cmd:
            return "saksdokument"
        if name.startswith("soffice") or "soffice" in cmd or "oosplash" in name:
            return "LibreOffice"
        return "dokumentarbeider"

    def _run(self) -> None:
        while not self.stop.is_set():
            processes = {}
            for entry in os.listdir("/proc"):
                if not entry.isdigit():
                    continue
                try:
                    with open(f"/proc/{entry}/status", encoding="utf-8") as status:
                        text = status.read()
                    with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                        cmd = cmdline.read().replace(b"\0", b" ").decode("utf-8", "replace")
                    with open(f"/proc/{entry}/stat", encoding="utf-8") as stat:
                        fields = stat.read().rpartition(")")[2].split()
                except OSError:
                    continue
                parent = re.search(r"PPid:\s+(\d+)", text)
                processes[int(entry)] = (int(parent.group(1)) if parent else 0, text, cmd,
                                         (int(fields[11]) + int(fields[12])) / TICKS)
            # the build and every process below it (LibreOffice runs in a session of its own)
            family, grew = {self.pid}, True
            while grew:
                more = {pid for pid, (parent, *_) in processes.items() if parent in family} - family
                family |= more
                grew = bool(more)
            for pid in family & processes.keys():
                _, text, cmd, cpu = processes[pid]
                found = re.search(r"VmRSS:\s+(\d+) kB", text)
                if not found:
                    continue
                name = re.search(r"Name:\s+(\S+)", text).group(1)
                role = self._role(pid, name, cmd)
                self.peak[role] = max(self.peak[role], int(found.group(1)) // 1024)
                self.cpu[pid] = (role, cpu)
            time.sleep(self.every)

    def cpu_by_role(self) -> dict[str, float]:
        """CPU seconds per role, summed over its processes."""
        total = dict.fromkeys(ROLES, 0.0)
        for role, seconds in self.cpu.values():
            total[role] += seconds
        return total

    def close(self) -> dict[str, int]:
        self.stop.set()
        self.thread.join()
        return self.peak


def build(root: Path, with_pdf: bool, workers: int) -> tuple[float, float, dict[str, int]]:
    """`samarbeid bygg` on `root`: (wall seconds, machine CPU seconds, peak MB per role)."""
    command = [SAMARBEID, "-q", "-C", str(root), "bygg", "--jobber", str(workers)]
    if not with_pdf:
        command.append("--uten-pdf")
    cpu = busy_seconds()
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               start_new_session=True)
    sampler = Sampler(process.pid)
    _, err = process.communicate()
    seconds = time.perf_counter() - started
    peak = sampler.close()
    if process.returncode != 0:
        sys.exit(f"{' '.join(command)} feilet:\n{err.decode()[-2000:]}")
    return seconds, busy_seconds() - cpu, peak


def bare(root: Path, sample: int, workers: int, work: Path) -> tuple[int, float, float]:
    """The bare converter on `sample` of the project's DOCX, split over `workers` soffice
    processes with the build's own (prepared) profiles: (documents, wall s, machine CPU s)."""
    soffice = find_soffice()
    files = sorted((root / "build/docx").glob("*.docx"))[:sample]
    profiles = [root / f".mellomlager/arbeid/profil-{i}" for i in range(workers)]
    out = work / "bare"
    shutil.rmtree(out, ignore_errors=True)
    cpu = busy_seconds()
    started = time.perf_counter()
    procs = [subprocess.Popen(soffice_cmd(soffice, profiles[i], out, files[i::workers]),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
             for i in range(workers)]
    for proc in procs:
        proc.wait()
    seconds = time.perf_counter() - started
    made = len(list(out.glob("*.pdf")))
    if made != len(files):
        sys.exit(f"Bare LibreOffice laget {made} av {len(files)} PDF-er")
    return len(files), seconds, busy_seconds() - cpu


def page_load(index: Path) -> float | None:
    """Seconds for headless Chromium to load `index` and lay it out (the whole run, from
    start to the printed DOM), or None without Chromium."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        return None
    command = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", index.as_uri()]
    subprocess.run(command, capture_output=True, timeout=300)  # warm: the browser's own start
    started = time.perf_counter()
    subprocess.run(command, capture_output=True, timeout=300)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--avtaler", type=int, nargs="+", default=[1000, 3000, 10000])
    parser.add_argument("--jobber", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--utvalg", type=int, default=200,
                        help="antall DOCX bare LibreOffice konverterer til sammenligningen")
    parser.add_argument("--uten-pdf-bare", action="store_true", help="bare bygging uten PDF")
    args = parser.parse_args()
    rows, pages = [], []
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="samarbeid-skala-") as tmp:
        work = Path(tmp)
        for count in args.avtaler:
            root = make(count, work / f"skala-{count}")
            documents = count + 27
            seconds, cpu, peak = build(root, False, args.jobber)
            rows.append((count, "uten PDF", seconds, cpu, peak, documents / seconds / cores, None))
            if not args.uten_pdf_bare:
                shutil.rmtree(root / "build")
                shutil.rmtree(root / ".mellomlager")
                seconds, cpu, peak = build(root, True, args.jobber)
                sample, bare_s, _ = bare(root, args.utvalg, args.jobber, work)
                rows.append((count, "med PDF", seconds, cpu, peak, documents / seconds / cores,
                             sample / bare_s / cores))
            index = root / "build/index.html"
            html = index.read_text(encoding="utf-8")
            pages.append((count, len(html.encode()), html.count("<a "),
                          len(list((root / "build").glob("samlet*.pdf"))), page_load(index)))
            shutil.rmtree(root)
    print(f"{cores} kjerner, {args.jobber} arbeidere. Største prosess per rolle (MB), fra /proc hvert 0,1 s.\n")
    print("| Avtaler | Bygging | Tid (s) | CPU (s) | " + " | ".join(ROLES) +
          " | Dokumenter/s/kjerne | Bare LibreOffice, dokumenter/s/kjerne |")
    print("|---:|---|---:|---:|" + "---:|" * len(ROLES) + "---:|---:|")
    for count, mode, seconds, cpu, peak, rate, bare_rate in rows:
        print(f"| {count} | {mode} | {seconds:.1f} | {cpu:.1f} | " +
              " | ".join(str(peak[r]) for r in ROLES) +
              f" | {rate:.2f} | {f'{bare_rate:.2f}' if bare_rate else ''} |")
    for mode in ("uten PDF", "med PDF"):
        measured = [(c, max(p.values())) for c, m, _, _, p, _, _ in rows if m == mode]
        if len(measured) > 1:
            (low, low_mb), (high, high_mb) = measured[0], measured[-1]
            print(f"\nStigning {mode}: {(high_mb - low_mb) / (high - low) * 1000:.1f} MB per 1000 avtaler "
                  f"(største prosess {low_mb} MB ved {low}, {high_mb} MB ved {high}).")
    print("\n| Avtaler | index.html (kB) | Lenker | Filer i samlet saksdokument | Lasting i Chromium (s) |")
    print("|---:|---:|---:|---:|---:|")
    for count, size, links, parts, load in pages:
        print(f"| {count} | {size // 1024} | {links} | {parts} | {f'{load:.2f}' if load else ''} |")


if __name__ == "__main__":
    main()
