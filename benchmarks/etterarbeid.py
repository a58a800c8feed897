"""Benchmark of the work done on each PDF after LibreOffice made it, side by side with an
earlier version of the same code in the same run.

    .venv/bin/python benchmarks/etterarbeid.py [--ganger 7] [--mot REV] [--pdf-mappe DIR]

Builds the real project's PDFs once (`samarbeid bygg` in a temporary copy; or reads DIR), then
times, in CPU seconds of this process, per PDF:

  normalisering    pdf_normalisering.normalise: dates and /ID set, the file rewritten by qpdf
  sidebrudd        sidebrudd.page_faults (orphaned_headings and orphaned_lead_ins): the search
                   for a heading or a lead-in sentence left alone at a page's foot
  sidebrudd, REV   the same search as it was at git revision REV (--mot), run in the same
                   rounds, alternating, and checked to find the same places

Each round runs every scenario over all the PDFs; the table gives the median round, in
milliseconds per PDF, and the ratio to the earlier version.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from samarbeid_docs.konverter import sidebrudd  # noqa: E402
from samarbeid_docs.konverter.pdf_normalisering import normalise  # noqa: E402

SAMARBEID = str(ROOT / ".venv/bin/samarbeid")


def old_module(revision: str, work: Path):
    """`konverter/sidebrudd.py` as it was at `revision`, loaded as a module of its own."""
    text = subprocess.run(["git", "-C", str(ROOT), "show", f"{revision}:samarbeid_docs/konverter/sidebrudd.py"],
                          capture_output=True, text=True, check=True).stdout
    path = work / f"sidebrudd_{revision}.py"
    path.write_text(text.replace("from ..", "from samarbeid_docs."), encoding="utf-8")
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def search(module, pdfs: list[Path]) -> list:
    """Both searches on each PDF, as the converter calls them (`page_faults` reads the PDF once;
    a version without it read it twice)."""
    if hasattr(module, "page_faults"):
        return [module.page_faults(p) for p in pdfs]
    return [(module.orphaned_headings(p), module.orphaned_lead_ins(p)) for p in pdfs]


def timed(step) -> float:
    started = time.process_time()
    step()
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ganger", type=int, default=7)
    parser.add_argument("--mot", metavar="REV")
    parser.add_argument("--pdf-mappe", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="samarbeid-etterarbeid-") as tmp:
        work = Path(tmp)
        folder = args.pdf_mappe
        if folder is None:
            shutil.copytree(ROOT / "avtaler", work / "prosjekt" / "avtaler")
            subprocess.run([SAMARBEID, "-C", str(work / "prosjekt"), "bygg", "-q"], check=True)
            folder = work / "prosjekt" / "build" / "pdf"
        pdfs = sorted(folder.glob("*.pdf"))
        data = [p.read_bytes() for p in pdfs]
        when = datetime(2026, 1, 1, tzinfo=timezone.utc)
        old = old_module(args.mot, work) if args.mot else None
        if old is not None and search(old, pdfs) != search(sidebrudd, pdfs):
            sys.exit(f"versjon {args.mot} og denne finner ikke de samme stedene")
        scenarios = {"normalisering": lambda: [normalise(d, when) for d in data],
                     "sidebrudd": lambda: search(sidebrudd, pdfs)}
        if old is not None:
            scenarios[f"sidebrudd, versjon {args.mot}"] = lambda: search(old, pdfs)
        rounds: dict[str, list[float]] = {name: [] for name in scenarios}
        for _ in range(args.ganger):
            for name, step in scenarios.items():
                rounds[name].append(timed(step))
        per_pdf = {name: statistics.median(times) / len(pdfs) * 1000 for name, times in rounds.items()}
    print(f"{len(pdfs)} PDF-er, {args.ganger} runder (median), CPU-tid i denne prosessen\n")
    print("| scenario | ms per PDF | mot | deres ms per PDF | forhold (vår/deres) |")
    print("|---|---:|---|---:|---:|")
    for name, ms in per_pdf.items():
        against = f"sidebrudd, versjon {args.mot}" if old is not None and name == "sidebrudd" else None
        print(f"| {name} | {ms:.1f} | {against or ''} | {per_pdf[against]:.1f} | {ms / per_pdf[against]:.2f} |"
              if against else f"| {name} | {ms:.1f} |  |  |  |")


if __name__ == "__main__":
    main()
