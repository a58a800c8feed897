"""The templates a project builds with: the built-in set that ships with samarbeid-docs, and
the project's own `maler/`, which overrides it file by file (as a theme does in Sphinx or
MkDocs). A project needs no `maler/` at all; `samarbeid maler kopier NAVN` copies one built-in
template there for local editing and records which version it was, so that `samarbeid sjekk`
can say when the built-in one has changed since.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..feil import InputError, Problem, warning

BUILTIN = Path(__file__).resolve().parents[1] / "maler"
"""The built-in templates (package data)."""
LOCAL = "maler"
"""The project's own templates, relative to its root."""
ORIGIN = "opphav.json"
"""In the project's maler/: each copied template → the hash of the built-in one it came from."""


NYNORSK = "nn"
"""The nynorsk templates: maler/nn/ beside the bokmål ones, with the same names (the project's
own maler/nn/ overrides the built-in file by file, as for bokmål)."""


def folders(root: Path, form: str = "bokmål") -> list[Path]:
    """Where templates are looked up, the project's own first; for nynorsk only the nynorsk
    ones (a clause is never silently taken from the other written standard)."""
    sub = NYNORSK if form == "nynorsk" else ""
    local = root / LOCAL / sub if sub else root / LOCAL
    return ([local] if local.is_dir() else []) + [BUILTIN / sub if sub else BUILTIN]


def find(root: Path, name: str) -> Path:
    """The template `name` (e.g. "avtale.docx", "klausuler/klage.md.j2") this project uses."""
    local = root / LOCAL / name
    return local if local.is_file() else BUILTIN / name


def shown(root: Path, path: Path) -> str:
    """How a template is named in a message: `maler/…` for the project's own, and
    `innebygd:maler/…` for one that ships with samarbeid-docs."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        pass
    try:
        return f"innebygd:{LOCAL}/{path.resolve().relative_to(BUILTIN).as_posix()}"
    except ValueError:
        return path.as_posix()


def builtin_names() -> list[str]:
    """Every built-in template, as a name relative to maler/."""
    return sorted(p.relative_to(BUILTIN).as_posix() for p in BUILTIN.rglob("*")
                  if p.is_file() and not p.name.startswith(".") and p.suffix != ".pyc")


def all_templates(root: Path) -> dict[str, Path]:
    """Name → the file used, for every template (built-in, or the project's own in its place)."""
    found = {name: BUILTIN / name for name in builtin_names()}
    local = root / LOCAL
    if local.is_dir():
        for path in sorted(local.rglob("*")):
            if path.is_file() and path.name != ORIGIN and not path.name.startswith("."):
                found[path.relative_to(local).as_posix()] = path
    return dict(sorted(found.items()))


def _hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _origins(root: Path) -> dict[str, str]:
    path = root / LOCAL / ORIGIN
    try:
        data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def unknown(name: str) -> str:
    """The message for a template name that is not built in, with the one meant: the same file
    name in another folder first («nn/klage.md.j2» → «nn/klausuler/klage.md.j2», the written
    standard's own before the other), else the nearest spelling."""
    from difflib import get_close_matches
    names = builtin_names()
    wanted = name.rsplit("/", 1)[-1]
    nynorsk = name.startswith("nn/")
    same_file = sorted((n for n in names if n.rsplit("/", 1)[-1] in (wanted, f"{wanted}.md.j2")),
                       key=lambda n: n.startswith("nn/") != nynorsk)
    close = same_file[:1] or get_close_matches(name, names, n=1)
    hint = f" Mente du «{close[0]}»?" if close else ""
    return f"Det finnes ingen innebygd mal som heter «{name}».{hint} Se alle med «samarbeid maler liste»."


def copy(root: Path, name: str) -> Path:
    """Copy the built-in template `name` into the project's maler/ and record its version.
    Refuses to overwrite a local template (the user's edits would be lost)."""
    source = BUILTIN / name
    if not source.is_file() or name not in builtin_names():
        raise InputError(unknown(name))
    target = root / LOCAL / name
    if target.exists():
        raise InputError(f"{LOCAL}/{name} finnes allerede i prosjektet; den blir ikke "
                         "overskrevet. Slett den først hvis du vil begynne på nytt fra den innebygde.")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(source.read_bytes())
    origins = _origins(root)
    origins[name] = _hash(source)
    (root / LOCAL / ORIGIN).write_text(json.dumps(dict(sorted(origins.items())), indent=2,
                                                  ensure_ascii=False) + "\n", encoding="utf-8")
    return target


def override_problems(root: Path) -> list[Problem]:
    """A warning for each of the project's templates that replaces a built-in one which has
    changed since it was copied (the local copy misses the fixes), and for one not copied with
    `samarbeid maler kopier` that is the same as the built-in (it can be deleted, so that later
    fixes reach the project)."""
    problems = []
    origins = _origins(root)
    for name in sorted(origins):
        local, builtin = root / LOCAL / name, BUILTIN / name
        if not local.is_file() or not builtin.is_file():
            continue
        if _hash(builtin) != origins[name] and _hash(local) != _hash(builtin):
            problems.append(warning(f"{LOCAL}/{name}", "den innebygde malen denne filen erstatter, er "
                                    "endret siden filen ble kopiert; sammenlign dem "
                                    f"(«samarbeid maler vis {name}» viser den innebygde) og ta inn "
                                    "endringene, eller slett filen for å bruke den innebygde"))
    for name, path in all_templates(root).items():
        builtin = BUILTIN / name
        if name in origins:
            continue  # copied to be edited: the same as the built-in until it is
        if path != builtin and builtin.is_file() and _hash(path) == _hash(builtin):
            problems.append(warning(f"{LOCAL}/{name}", "filen er lik den innebygde malen; slett "
                                    "den, så får prosjektet senere rettelser av malen"))
    return problems
