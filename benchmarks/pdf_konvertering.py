"""Benchmark: PDF conversion of the real avtaler/, naive vs bare batch vs our build.

Run from the repository root:  .venv/bin/python benchmarks/pdf_konvertering.py [--ganger 3]

Scenarios, all in the same run on the same DOCX files:
  naive      one `soffice` process per file, one after the other (what a shell loop does)
  batch      the bare LibreOffice batch: one `soffice` per worker, files split between them
  bygg kald  our `samarbeid bygg` after `rm -rf build` (DOCX + PDF/A + the bundle PDF)
  bygg noop  `samarbeid bygg` again with nothing changed
Prints a Markdown table: scenario, median and fastest wall time, and the ratio to `batch`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from samarbeid_docs.pdf import PDF_FILTER, find_soffice  # noqa: E402

SAMARBEID = str(ROOT / ".venv/bin/samarbeid")


def soffice_cmd(soffice: str, profile: Path, outdir: Path, files: list[Path]) -> list[str]:
    return [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
            "--convert-to", PDF_FILTER, "--outdir", str(outdir), *map(str, files)]


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ganger", type=int, default=3, help="repetitions per scenario")
    parser.add_argument("--jobber", type=int, default=os.cpu_count() or 1, help="workers")
    args = parser.parse_args()
    soffice = find_soffice()
    if soffice is None:
        sys.exit("LibreOffice mangler; kjør make systempakker")

    with tempfile.TemporaryDirectory(prefix="samarbeid-bench-") as tmp:
        work = Path(tmp)
        project = work / "prosjekt"
        for folder in ("avtaler", "maler"):
            shutil.copytree(ROOT / folder, project / folder)
        subprocess.run([SAMARBEID, "-C", str(project), "bygg", "--uten-pdf"], check=True,
                       capture_output=True)
        docx = sorted((project / "build/docx").glob("*.docx"))
        profiles = [work / f"profil-{i}" for i in range(args.jobber)]
        for profile in profiles:  # warm every profile once, outside the timings
            subprocess.run(soffice_cmd(soffice, profile, work / "varm", docx[:1]), check=True,
                           capture_output=True)

        def naive():
            out = work / "naiv"
            for path in docx:
                subprocess.run(soffice_cmd(soffice, profiles[0], out, [path]), check=True,
                               capture_output=True)
            assert len(list(out.glob("*.pdf"))) == len(docx)

        def batch():
            out = work / "batch"
            shares = [docx[i::args.jobber] for i in range(args.jobber)]
            procs = [subprocess.Popen(soffice_cmd(soffice, profiles[i], out, share),
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                     for i, share in enumerate(shares) if share]
            for proc in procs:
                proc.wait()
            assert len(list(out.glob("*.pdf"))) == len(docx)

        def ours_cold():
            shutil.rmtree(project / "build", ignore_errors=True)
            subprocess.run([SAMARBEID, "-C", str(project), "bygg", "--jobber", str(args.jobber)],
                           check=True, capture_output=True)

        def ours_noop():
            subprocess.run([SAMARBEID, "-C", str(project), "bygg"], check=True, capture_output=True)

        scenarios = [("naive (1 prosess per fil)", naive), ("batch (bare LibreOffice)", batch),
                     ("samarbeid bygg, kald", ours_cold), ("samarbeid bygg, ingen endring", ours_noop)]
        results = {name: [timed(action) for _ in range(args.ganger)] for name, action in scenarios}

    base = statistics.median(results["batch (bare LibreOffice)"])
    print(f"{len(docx)} DOCX-filer, {args.jobber} arbeidere, {args.ganger} ganger per scenario, "
          f"{os.cpu_count()} kjerner\n")
    print("| scenario | median (s) | raskeste (s) | forhold til batch |")
    print("|---|---:|---:|---:|")
    for name, times in results.items():
        median = statistics.median(times)
        print(f"| {name} | {median:.2f} | {min(times):.2f} | {median / base:.2f} |")


if __name__ == "__main__":
    main()
