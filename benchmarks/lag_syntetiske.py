"""Make a synthetic project with N agreements, for scale benchmarks.

    .venv/bin/python benchmarks/lag_syntetiske.py 1000 /tmp/skala

The copy has the real avtaler/ and maler/, plus N generated areas (copies of a real area with
their own title and slug) listed in the framework's group of new areas. The generated text is
marked as synthetic in every title; it is test data, never part of avtaler/.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make(count: int, target: Path, base: str = "barnevern") -> Path:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(ROOT / "avtaler", target / "avtaler")
    if (ROOT / "maler").is_dir():  # a project's own templates; the built-in ones otherwise
        shutil.copytree(ROOT / "maler", target / "maler")
    source = (ROOT / "avtaler" / "omrader" / f"{base}.yaml").read_text(encoding="utf-8")
    title = next(line for line in source.splitlines() if line.startswith("tittel: "))
    slugs = []
    for index in range(1, count + 1):
        slug = f"syntetisk-{index:05d}"
        text = source.replace(title, f"tittel: Syntetisk område {index} (testdata)")
        text = text.replace("gruppe: eksisterende", "gruppe: nye").replace(
            "status: eksisterende", "status: ny")
        (target / "avtaler" / "omrader" / f"{slug}.yaml").write_text(text, encoding="utf-8")
        slugs.append(slug)
    framework = target / "avtaler" / "samarbeidsavtale.yaml"
    text = framework.read_text(encoding="utf-8")
    listed = "      - flyktning\n"
    if listed not in text:
        raise SystemExit("Fant ikke gruppen med nye områder i samarbeidsavtale.yaml; rett lag_syntetiske.py.")
    text = text.replace(listed, listed + "".join(f"      - {s}\n" for s in slugs))
    framework.write_text(text, encoding="utf-8")
    return target


if __name__ == "__main__":
    made = make(int(sys.argv[1]), Path(sys.argv[2]))
    print(f"Laget {sys.argv[1]} syntetiske avtaler i {made}")
