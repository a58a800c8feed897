"""The build manifest: a content hash of every input of every output, in .mellomlager/manifest.json.

Standard library only, so that `samarbeid bygg` can tell that nothing changed without loading
the heavy modules (pydantic, python-docx, Jinja …): a no-op build costs a Python start-up and a
few dozen file hashes.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

from .. import __version__
from ..kilder.malsett import ORIGIN

MANIFEST = ".mellomlager/manifest.json"
FORMAT = 1


def _hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def tool_fingerprint() -> str:
    """The tool's version and the hash of its own code and built-in templates: new code or a
    changed built-in clause means new outputs."""
    package = Path(__file__).resolve().parents[1]  # all of samarbeid_docs, not only bygging/
    digest = hashlib.sha256(__version__.encode())
    files = [p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    for path in sorted(files):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def input_files(root: Path) -> list[str]:
    """Every source a build reads: the YAML in avtaler/ and the project's own templates in
    maler/ (the built-in ones are part of the tool's fingerprint)."""
    files = [p for p in (root / "avtaler").rglob("*.yaml")] if (root / "avtaler").is_dir() else []
    if (root / "maler").is_dir():  # the project's own templates (not the record of their origin)
        files += [p for p in (root / "maler").rglob("*") if p.is_file() and p.name != ORIGIN]
    return sorted(p.relative_to(root).as_posix() for p in files)


def fingerprint(root: Path) -> dict[str, str]:
    """Return source path → sha256 of its content."""
    return {name: _hash((root / name).read_bytes()) for name in input_files(root)}


def combined(fingerprints: dict[str, str], names: list[str], tool: str) -> str:
    """Return one hash over the named inputs (and the tool): an output's dependency key."""
    digest = hashlib.sha256(tool.encode())
    for name in sorted(set(names)):
        digest.update(f"{name}\0{fingerprints.get(name, '-')}\n".encode())
    return digest.hexdigest()


def load(root: Path) -> dict:
    return load_file(root / MANIFEST)


def load_file(path: Path) -> dict:
    """A record written by `save_file`, or {} when it is missing, unreadable or of another format."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("format") == FORMAT else {}


def shared(value):
    """`value` (a document's facts: dicts, lists and strings) with every string interned: the
    same status, date, parties and subtitle recur in thousands of documents, and the record
    of a build then holds each once (about 3 kB less per document)."""
    if isinstance(value, str):
        return sys.intern(value)
    if isinstance(value, dict):
        return {sys.intern(k): shared(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(shared(v) for v in value)
    return value


def save(root: Path, data: dict) -> None:
    save_file(root / MANIFEST, data)


def save_file(target: Path, data: dict) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with tmp.open("w", encoding="utf-8") as out:  # written as it is encoded: no copy in memory
        json.dump({"format": FORMAT, **data}, out, ensure_ascii=False, indent=1, sort_keys=True)
    os.replace(tmp, target)


def record(path: Path) -> list:
    """What the manifest keeps of an output: size, modification time and content hash."""
    info = path.stat()
    return [info.st_size, info.st_mtime_ns, _hash(path.read_bytes())]


def verify_outputs(root: Path, files: dict) -> dict[str, str]:
    """The outputs that are no longer what the last build wrote → why (Norwegian). Cheap:
    the content is hashed only when size or time differ from the record."""
    changed = {}
    for name, recorded in files.items():
        if not isinstance(recorded, list) or len(recorded) != 3:
            changed[name] = "er laget av en eldre versjon av verktøyet"
            continue
        size, mtime, digest = recorded
        path = root / name
        try:
            info = path.stat()
        except OSError:
            changed[name] = "er slettet"
            continue
        if info.st_size == size and info.st_mtime_ns == mtime:
            continue
        if info.st_size != size or _hash(path.read_bytes()) != digest:
            changed[name] = "er endret, byttet ut eller ødelagt etter forrige bygging"
    return changed


def up_to_date(root: Path, with_pdf: bool) -> dict | None:
    """Return the manifest when nothing needs building (same tool, same sources, every output
    as the last build wrote it), else None."""
    data = load(root)
    if not data or data.get("tool") != tool_fingerprint():
        return None
    if with_pdf and not data.get("pdf"):
        return None
    try:
        if data.get("inputs") != fingerprint(root):
            return None
    except OSError:
        return None
    if verify_outputs(root, data.get("files", {})):
        return None
    return data
