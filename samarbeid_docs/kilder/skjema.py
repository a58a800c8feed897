"""JSON Schemas for the YAML sources, generated from the model, for editor completion.

Descriptions and titles come from the model (a field's docstring is its description); the keys
a project uses — its municipalities, laws, groups and areas — are listed from the project's own
files, so the editor offers `roros`, `os`, `holtalen` where a municipality is asked for.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import kilde
from .modell import KEYS, Kommuner, Lover, Omrade, Samarbeidsavtale, SsbFil, key_title

SCHEMA_DIR = "schema"
SCHEMAS = {
    "kommuner.schema.json": (Kommuner, "Partene i samarbeidet (avtaler/kommuner.yaml)"),
    "lover.schema.json": (Lover, "Lovene avtalene viser til (avtaler/lover.yaml)"),
    "samarbeidsavtale.schema.json": (Samarbeidsavtale,
                                     "Samarbeidsavtalen (avtaler/samarbeidsavtale.yaml)"),
    "omrade.schema.json": (Omrade, "Ett samarbeidsområde (avtaler/omrader/*.yaml)"),
    "folketall-ssb.schema.json": (SsbFil, "Folketall hentet fra SSB (avtaler/folketall-ssb.yaml)"),
}
"""File name → (model, title) for every source file kind; which file uses which schema."""

SOURCES = {
    "avtaler/kommuner.yaml": "kommuner.schema.json",
    "avtaler/lover.yaml": "lover.schema.json",
    "avtaler/samarbeidsavtale.yaml": "samarbeidsavtale.schema.json",
    "avtaler/folketall-ssb.yaml": "folketall-ssb.schema.json",
    "avtaler/omrader/*.yaml": "omrade.schema.json",
}


def project_keys(root: Path | None) -> dict[str, list[str]]:
    """The keys the project's files define, by kind; a file that cannot be read gives none
    (the schemas are still written; `samarbeid sjekk` tells what is wrong with the file)."""
    if root is None:
        return {}
    keys: dict[str, list[str]] = {}

    def read(name: str) -> object:
        path = root / name
        try:
            return kilde.load(path, name, root).data if path.is_file() else None
        except kilde.LoadError:
            return None
    for kind, name in (("kommuner", "avtaler/kommuner.yaml"), ("lover", "avtaler/lover.yaml")):
        data = read(name)
        if isinstance(data, dict) and isinstance(data.get(kind), dict):
            keys[kind] = sorted(str(k) for k in data[kind])
    framework = read("avtaler/samarbeidsavtale.yaml")
    if isinstance(framework, dict) and isinstance(framework.get("grupper"), list):
        keys["grupper"] = sorted({str(g["id"]) for g in framework["grupper"]
                                  if isinstance(g, dict) and "id" in g})
    areas = root / "avtaler" / "omrader"
    if areas.is_dir():
        keys["områder"] = sorted(p.stem for p in areas.glob("*.yaml"))
    return keys


RULES = ("allOf", "oneOf", "if", "then", "else", "not")
"""Where a schema states a rule across fields rather than a field: no titles added there."""


def _finish(node: object, keys: dict[str, list[str]], in_rule: bool = False) -> None:
    """Put the project's keys where the model marks them; one line per description; a title
    on every property (pydantic leaves it off one that refers to a model)."""
    if isinstance(node, dict):
        kind = node.pop(KEYS, None)
        if kind is not None and keys.get(kind):
            node["enum"] = keys[kind]
        if isinstance(node.get("description"), str):
            node["description"] = " ".join(node["description"].split())
        if "patternProperties" in node and "properties" not in node:
            node.setdefault("additionalProperties", False)  # a key must match the pattern
        if isinstance(node.get("properties"), dict) and not in_rule:
            for key, prop in node["properties"].items():
                if isinstance(prop, dict):
                    prop.setdefault("title", key_title(key))
        for key, value in node.items():
            _finish(value, keys, in_rule or key in RULES)
    elif isinstance(node, list):
        for value in node:
            _finish(value, keys, in_rule)


def schemas(root: Path | None = None) -> dict[str, str]:
    """Return file name → JSON text for every schema (stable formatting, for git). With the
    project's `root`, keys into its data are listed as the values the editor offers."""
    keys = project_keys(root)
    out = {}
    for name, (model, title) in SCHEMAS.items():
        schema = model.model_json_schema(by_alias=True, mode="validation")
        _finish(schema, keys)
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = title
        out[name] = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return out
