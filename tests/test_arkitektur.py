"""The package reads as its pipeline: stage packages whose imports point one way only, down this
list, and the fences around the libraries that only one stage may use (see README, «For
utviklere»). A module that imports upwards fails here, with the import named."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

from .conftest import REPO

PACKAGE = REPO / "samarbeid_docs"

LAYERS = [
    {"cli"},                                   # the command line: a thin shell
    {"utskrift"},                              # how much it tells (-q, -v)
    {"oppstart"},                              # a new project: samarbeid ny
    {"beslutning"},                            # decision support: SSB figures, scenarios
    {"gjennomgang"},                           # review: changes between revisions, tracked DOCX
    {"bygging"},                               # the build: stale, parallel, atomic
    {"nettside", "konverter"},                 # the download page; DOCX → PDF/A (independent)
    {"skriv"},                                 # writers: DOCX, Markdown, HTML from the IR
    {"tekst"},                                 # composing: values, clauses, legal checks
    {"kilder"},                                # sources and model
    {"feil", "norsk", "beregning", "avbrudd", "minne"},  # errors, Norwegian formats, arithmetic, Ctrl-C, memory
]
"""Top to bottom; a unit may import only from the layers below its own."""

FENCES = {
    "click": {"cli", "utskrift"},
    "babel": {"norsk"},
    "pydantic": {"kilder"},
    "markdown_it": {"tekst"},
    "mdit_py_plugins": {"tekst"},
    "docxtpl": {"skriv"},
    "yaml": {"kilder", "beslutning"},
    "subprocess": {"kilder", "konverter"},
}
"""A library → the only units that may import it."""


def _unit(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def _imports(path: Path, package: Path = PACKAGE) -> tuple[set[str], set[str]]:
    """The package units and the outside modules `path` imports, at any depth."""
    here = path.relative_to(package).with_suffix("").parts
    units, outside = set(), set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = list(here[:-node.level]) if node.level <= len(here) else []
            target = base + (node.module.split(".") if node.module else [])
            if target:
                units.add(target[0])
            else:  # `from .. import x`: x is a unit of the package (or the version)
                units |= {a.name for a in node.names if a.name != "__version__"}
        elif isinstance(node, ast.ImportFrom) and node.module:
            outside.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            outside |= {a.name.split(".")[0] for a in node.names}
    return units, outside


def _layer(unit: str) -> int:
    return next(i for i, layer in enumerate(LAYERS) if unit in layer)


def test_every_module_belongs_to_a_layer():
    units = {_unit(p) for p in PACKAGE.rglob("*.py")} - {"__init__"}
    known = set().union(*LAYERS)
    assert units == known, {"not in a layer": units - known, "layer without code": known - units}


def _upward(package: Path) -> list[str]:
    """Every import in `package` that does not point down the layers."""
    wrong = []
    for path in sorted(package.rglob("*.py")):
        unit = path.relative_to(package).parts[0].removesuffix(".py")
        if unit == "__init__":
            continue
        for target in sorted(_imports(path, package)[0] - {unit}):
            if _layer(target) <= _layer(unit):
                wrong.append(f"{path.relative_to(package)} imports {target} "
                             f"({'the same layer' if _layer(target) == _layer(unit) else 'upwards'})")
    return wrong


def test_imports_point_down_only():
    wrong = _upward(PACKAGE)
    assert not wrong, "\n".join(wrong)


def test_libraries_stay_behind_their_fences():
    users = defaultdict(set)
    for path in PACKAGE.rglob("*.py"):
        for module in _imports(path)[1]:
            users[module].add(_unit(path))
    for library, allowed in FENCES.items():
        assert users[library] and users[library] <= allowed, (library, users[library] - allowed)


def test_the_contract_catches_an_upward_import(tmp_path):
    """The check above can fail: a module in kilder/ that imports the build is reported."""
    fake = tmp_path / "samarbeid_docs"
    (fake / "kilder").mkdir(parents=True)
    (fake / "kilder" / "x.py").write_text("from ..bygging import bygg\n", encoding="utf-8")
    (fake / "bygging").mkdir()
    (fake / "bygging" / "y.py").write_text("from ..kilder import x\n", encoding="utf-8")
    assert _upward(fake) == ["kilder/x.py imports bygging (upwards)"]
