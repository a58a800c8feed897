"""Benchmark of `samarbeid bygg`, side by side with the bare converter in the same run.

    .venv/bin/python benchmarks/bygg.py [--ganger 3] [--skala 1000]

Prints a Markdown table: scenario, our median wall time, the baseline it is compared with, the
ratio, and peak memory (largest process, from /usr/bin/time). Scenarios:

  batch                 bare LibreOffice: one `soffice` per worker, the same 28 DOCX we convert
                        (27 agreements and the bundle's contents page) split between them, warm
                        profiles; "standard" is a profile as LibreOffice leaves it, "tilpasset"
                        one prepared as ours are (pdf.prepare_profile: no first-start self-tests)
  naive                 one `soffice` process per file, one after the other (both profiles)
  kald                  `rm -rf build` then `samarbeid bygg` (DOCX, PDF/A, bundle, Markdown, HTML)
  ingen endring         `samarbeid bygg` again
  én YAML endret        one area's file edited, then `samarbeid bygg`
  én klausul endret     one clause template edited, then `samarbeid bygg`
  skala N               N synthetic agreements (lag_syntetiske.py), `samarbeid bygg --uten-pdf`
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
sys.path.insert(0, str(ROOT / "benchmarks"))

from lag_syntetiske import make  # noqa: E402

from samarbeid_docs.konverter.pdf import PDF_FILTER, find_soffice, prepare_profile, product_version  # noqa: E402

SAMARBEID = str(ROOT / ".venv/bin/samarbeid")
TIME = "/usr/bin/time"


def run(command: list[str]) -> tuple[float, float]:
    """Run `command`; return (wall seconds, peak RSS in MB of its largest process)."""
    wrapped = [TIME, "-f", "%M", *command] if Path(TIME).is_file() else command
    started = time.perf_counter()
    result = subprocess.run(wrapped, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} feilet:\n{result.stderr}")
    try:
        rss = int(result.stderr.strip().splitlines()[-1]) / 1024
    except (ValueError, IndexError):
        rss = float("nan")
    return seconds, rss


def soffice_cmd(soffice: str, profile: Path, outdir: Path, files: list[Path]) -> list[str]:
    return [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
            "--convert-to", PDF_FILTER, "--outdir", str(outdir), *map(str, files)]


def batch(soffice: str, profiles: list[Path], files: list[Path], out: Path) -> float:
    shares = [files[i::len(profiles)] for i in range(len(profiles))]
    started = time.perf_counter()
    procs = [subprocess.Popen(soffice_cmd(soffice, profiles[i], out, share),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
             for i, share in enumerate(shares) if share]
    for proc in procs:
        proc.wait()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ganger", type=int, default=3)
    parser.add_argument("--skala", type=int, nargs="*", default=[100, 1000])
    parser.add_argument("--jobber", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    soffice = find_soffice()
    if soffice is None:
        sys.exit("LibreOffice mangler; kjør make systempakker")
    rows = []
    with tempfile.TemporaryDirectory(prefix="samarbeid-bench-") as tmp:
        work = Path(tmp)
        project = work / "prosjekt"
        for folder in ("avtaler", "maler"):
            shutil.copytree(ROOT / folder, project / folder)
        bygg = [SAMARBEID, "-C", str(project), "bygg", "--jobber", str(args.jobber)]
        run(bygg)
        docx = sorted((project / "build/docx").glob("*.docx")) + [project / ".mellomlager/arbeid/innhold.docx"]
        plain = [work / f"profil-standard-{i}" for i in range(args.jobber)]
        tuned = [work / f"profil-tilpasset-{i}" for i in range(args.jobber)]
        for profile in tuned:
            prepare_profile(profile, product_version(soffice))
        for profile in plain + tuned:
            subprocess.run(soffice_cmd(soffice, profile, work / "varm", docx[:1]), check=True,
                           capture_output=True)
        batch_plain = statistics.median(batch(soffice, plain, docx, work / f"bs-{i}")
                                        for i in range(args.ganger))
        batch_tuned = statistics.median(batch(soffice, tuned, docx, work / f"bt-{i}")
                                        for i in range(args.ganger))

        def naive(profile: Path) -> float:
            started = time.perf_counter()
            for path in docx:
                subprocess.run(soffice_cmd(soffice, profile, work / "naiv", [path]), check=True,
                               capture_output=True)
            return time.perf_counter() - started
        naive_plain, naive_tuned = naive(plain[0]), naive(tuned[0])

        def cold():
            shutil.rmtree(project / "build", ignore_errors=True)
            return run(bygg)
        colds = [cold() for _ in range(args.ganger)]
        cold_s = statistics.median(s for s, _ in colds)
        noops = [run(bygg) for _ in range(args.ganger)]

        def edited(path: Path, old: str, new: str):
            """Edit `path` back and forth (old → new → old …), building after each edit."""
            results = []
            for i in range(args.ganger):
                before, after = (old, new) if i % 2 == 0 else (new, old)
                path.write_text(path.read_text(encoding="utf-8").replace(before, after),
                                encoding="utf-8")
                results.append(run(bygg))
            return results
        yaml_runs = edited(project / "avtaler/omrader/landbruk.yaml", "jordbruk og skogbruk",
                           "jordbruk, skogbruk")
        clause_runs = edited(project / "maler/klausuler/ansatte.md.j2", "fra starten.", "fra første dag.")

        n = len(docx)
        rows.append((f"batch, bare LibreOffice, standardprofil ({n} DOCX)", batch_plain, None, None, None))
        rows.append((f"batch, bare LibreOffice, tilpasset profil ({n} DOCX)", batch_tuned, None, None, None))
        rows.append((f"naive: 1 soffice per fil, standardprofil ({n} DOCX)", naive_plain, "batch, standard",
                     batch_plain, None))
        rows.append((f"naive: 1 soffice per fil, tilpasset profil ({n} DOCX)", naive_tuned, "batch, tilpasset",
                     batch_tuned, None))
        rows.append(("samarbeid bygg, kald", cold_s, "batch, tilpasset", batch_tuned, max(r for _, r in colds)))
        rows.append(("samarbeid bygg, kald", cold_s, "batch, standard", batch_plain, None))
        rows.append(("samarbeid bygg, kald", cold_s, "naive, standard", naive_plain, None))
        rows.append(("samarbeid bygg, kald", cold_s, "naive, tilpasset", naive_tuned, None))
        rows.append(("samarbeid bygg, ingen endring", statistics.median(s for s, _ in noops), None, None,
                     max(r for _, r in noops)))
        rows.append(("samarbeid bygg, én YAML endret", statistics.median(s for s, _ in yaml_runs), None,
                     None, max(r for _, r in yaml_runs)))
        rows.append(("samarbeid bygg, én klausul endret", statistics.median(s for s, _ in clause_runs),
                     None, None, max(r for _, r in clause_runs)))
        for count in args.skala:
            scaled = make(count, work / f"skala-{count}")
            seconds, rss = run([SAMARBEID, "-C", str(scaled), "bygg", "--uten-pdf", "--jobber",
                                str(args.jobber)])
            rows.append((f"skala: {count} syntetiske avtaler, bare DOCX", seconds, None, None, rss))

    print(f"{len(docx)} DOCX til LibreOffice, {args.jobber} arbeidere, {args.ganger} ganger per scenario, "
          f"{os.cpu_count()} kjerner\n")
    print("| scenario | vår tid (s) | mot | deres tid (s) | forhold (vår/deres) | største prosess (MB) |")
    print("|---|---:|---|---:|---:|---:|")
    for name, ours, against, theirs, rss in rows:
        ratio = f"{ours / theirs:.2f}" if theirs else ""
        print(f"| {name} | {ours:.2f} | {against or ''} | {f'{theirs:.2f}' if theirs else ''} | "
              f"{ratio} | {f'{rss:.0f}' if rss else ''} |")


if __name__ == "__main__":
    main()
