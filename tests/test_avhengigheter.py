"""The dependencies: make installs exactly the lock file, every declared dependency is used and
every one used is declared, and no private name of a dependency is used unless a test here
fails loudly when the dependency changes it."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib

import docx
from docx.oxml.xmlchemy import BaseOxmlElement

from .conftest import REPO

PACKAGE = REPO / "samarbeid_docs"
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0]


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins() -> dict[str, str]:
    text = (REPO / "requirements.lock").read_text(encoding="utf-8")
    return {_normal(n): v for n, v in re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)$", text, re.M)}


def test_make_installs_from_the_lock_file():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    rule = re.search(r"^\$\(STAMP\): (.*)\n((?:\t.*\n)+)", makefile, re.M)
    assert rule and "requirements.lock" in rule.group(1)  # a new lock reinstalls
    assert "pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[test]'" in rule.group(2)


def test_the_lock_pins_every_dependency_and_is_what_is_installed():
    pins = _pins()
    declared = PYPROJECT["project"]["dependencies"] + PYPROJECT["project"]["optional-dependencies"]["test"]
    for requirement in declared:
        assert _normal(_name(requirement)) in pins, f"{requirement} is not in requirements.lock (make lås)"
    for name, version in pins.items():
        assert importlib.metadata.version(name) == version, (name, "installed differs from the lock")
    installed = {_normal(d.metadata["Name"]) for d in importlib.metadata.distributions()}
    assert set(pins) <= installed


def _imports() -> set[str]:
    found = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    # LibreOffice's own Python bridge (python3-uno, installed with LibreOffice, not from PyPI)
    bridge = {"uno", "unohelper", "com"}
    return found - set(sys.stdlib_module_names) - {"samarbeid_docs"} - bridge


def test_every_declared_dependency_is_used_and_every_used_one_declared():
    owners = importlib.metadata.packages_distributions()
    used = {_normal(owners[module][0]) for module in _imports()}
    declared = {_normal(_name(r)) for r in PYPROJECT["project"]["dependencies"]}
    assert used == declared, {"used, not declared": used - declared, "declared, not used": declared - used}


# python-docx's way to reach the XML behind a paragraph, run, table, row or cell: named like
# private attributes, shown in its documentation, and checked below so that a change fails here
XML_HANDLES = {"_p", "_r", "_tbl", "_tr", "_tc"}


def test_no_private_name_of_a_dependency_is_used():
    ours: set[str] = set()
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in PACKAGE.rglob("*.py")}
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                ours.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                ours.add(node.id)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                ours.add(node.attr)
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                ours.add(node.target.id)
    strays = []
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                parts = node.module.split(".") + [a.name for a in node.names]
                if any(p.startswith("_") and not p.startswith("__") for p in parts):
                    strays.append(f"{path.name}:{node.lineno}: from {node.module} import …")
            if (isinstance(node, ast.Attribute) and node.attr.startswith("_")
                    and not node.attr.startswith("__") and node.attr not in ours
                    and node.attr not in XML_HANDLES):
                strays.append(f"{path.name}:{node.lineno}: .{node.attr}")
    assert not strays, strays


def test_python_docx_still_gives_the_xml_handles_we_use():
    document = docx.Document()
    paragraph = document.add_paragraph("tekst")
    table = document.add_table(rows=1, cols=1)
    handles = {"_p": paragraph, "_r": paragraph.runs[0], "_tbl": table, "_tr": table.rows[0],
               "_tc": table.cell(0, 0)}
    assert set(handles) == XML_HANDLES
    for name, proxy in handles.items():
        assert isinstance(getattr(proxy, name), BaseOxmlElement), name
    assert paragraph._p.get_or_add_pPr() is not None and table._tbl.tblPr is not None
