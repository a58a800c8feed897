"""JSON Schemas for the YAML sources, generated from the model, for editor completion."""

from __future__ import annotations

import json

from .modell import Kommuner, Lover, Omrade, Samarbeidsavtale, SsbFil

SCHEMA_DIR = "schema"
SCHEMAS = {
    "kommuner.schema.json": (Kommuner, "Partene i samarbeidet (avtaler/kommuner.yaml)"),
    "lover.schema.json": (Lover, "Lovene avtalene viser til (avtaler/lover.yaml)"),
    "samarbeidsavtale.schema.json": (Samarbeidsavtale,
                                     "Samarbeidsavtalen (avtaler/samarbeidsavtale.yaml)"),
    "omrade.schema.json": (Omrade, "Ett samarbeidsområde (avtaler/omrader/*.yaml)"),
    "folketall-ssb.schema.json": (SsbFil, "Folketall hentet fra SSB (avtaler/folketall-ssb.yaml)"),
}


def schemas() -> dict[str, str]:
    """Return file name → JSON text for every schema (stable formatting, for git)."""
    out = {}
    for name, (model, title) in SCHEMAS.items():
        schema = model.model_json_schema(by_alias=True, mode="validation")
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = title
        out[name] = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return out
