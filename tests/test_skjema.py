"""The JSON Schemas the editor uses: Norwegian help on every property, the project's own keys
as the values offered, every YAML file valid, and what the model refuses refused by the schema
too where JSON Schema can say it."""

import json
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from samarbeid_docs import cli
from samarbeid_docs.kilder import kilde
from samarbeid_docs.kilder.modell import DECIMAL_TEXT, LARGEST, key_title
from samarbeid_docs.kilder.skjema import SCHEMA_DIR, SOURCES, schemas

from .conftest import REPO, edit

CHECKER = REPO / ".venv/bin/check-jsonschema"
SCHEMAS = {name: json.loads(text) for name, text in schemas(REPO).items()}
ENGLISH = re.compile(r"\b(the|of|and|is|are|where|which|must|one|each|from|with|when)\b", re.I)


def _objects(node, where=""):
    """Every object schema with properties, wherever it stands."""
    if isinstance(node, dict):
        if isinstance(node.get("properties"), dict):
            yield where, node
        for key, value in node.items():
            yield from _objects(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _objects(value, f"{where}/{index}")


def _properties():
    for name, schema in SCHEMAS.items():
        for where, node in _objects(schema):
            for key, prop in node["properties"].items():
                if "/allOf/" not in where:  # a rule across fields, not a field
                    yield name, f"{where}/{key}", key, prop


def test_every_property_has_a_norwegian_description_and_title():
    seen = 0
    for name, where, key, prop in _properties():
        description = prop.get("description", "")
        assert len(description) > 10, (name, where)
        assert not ENGLISH.search(description), (name, where, description)
        assert "\n" not in description
        assert prop.get("title") == key_title(key), (name, where, prop.get("title"))
        seen += 1
    assert seen > 120


def test_every_object_has_a_norwegian_title_and_description():
    for name, schema in SCHEMAS.items():
        for where, node in _objects(schema):
            if "/allOf/" in where or "/properties/" in where.rsplit("/$defs", 1)[-1]:
                continue  # a rule, or an inline object
            assert node.get("description") and not ENGLISH.search(node["description"]), (name, where)
        for key, definition in schema.get("$defs", {}).items():
            assert definition["title"] != key or key in {"Kilde", "Folketall", "Kommune", "Lov",
                                                       "Kommunenummer", "Gruppe", "Vertskap",
                                                       "Hendelse", "Vedtak", "Behandling",
                                                       "Budsjett", "Avvikling", "Klageinstans",
                                                       "Avtalekrav"}, key
        assert schema["title"].endswith(".yaml)") or schema["title"].endswith("*.yaml)")


def _at(schema, *path):
    node = schema
    for step in path:
        node = node[step]
        while isinstance(node, dict) and "$ref" in node and len(node) <= 2:
            node = schema["$defs"][node["$ref"].split("/")[-1]]
    return node


def _keys_of(root: Path):
    parties = kilde.load(root / "avtaler/kommuner.yaml").data["kommuner"]
    laws = kilde.load(root / "avtaler/lover.yaml").data["lover"]
    groups = [g["id"] for g in kilde.load(root / "avtaler/samarbeidsavtale.yaml").data["grupper"]]
    areas = [p.stem for p in (root / "avtaler/omrader").glob("*.yaml")]
    return sorted(parties), sorted(laws), sorted(groups), sorted(areas)


def test_the_values_offered_are_the_projects_own_keys():
    parties, laws, groups, areas = _keys_of(REPO)
    assert {"roros", "os", "holtalen"} <= set(parties)
    area, framework = SCHEMAS["omrade.schema.json"], SCHEMAS["samarbeidsavtale.schema.json"]
    assert _at(area, "properties", "deltakere", "items")["enum"] == parties
    assert _at(area, "properties", "lover", "items")["enum"] == laws
    assert _at(area, "properties", "gruppe")["enum"] == groups
    assert _at(area, "properties", "vertskommune")["anyOf"][0]["enum"] == parties
    assert _at(area, "properties", "nemnd_medlemmer")["anyOf"][0]["propertyNames"]["enum"] == parties
    assert _at(framework, "properties", "parter", "items")["enum"] == parties
    group = _at(framework, "properties", "grupper", "items")
    assert group["properties"]["områder"]["items"]["enum"] == areas
    assert group["properties"]["deltakere"]["anyOf"][0]["items"]["enum"] == parties
    assert _at(framework, "$defs", "Vedtak", "properties", "kommune")["enum"] == parties
    assert "x-samarbeid-nøkler" not in json.dumps(SCHEMAS, ensure_ascii=False)
    # a project without data still gets schemas, with the patterns only
    bare = json.loads(schemas(None)["omrade.schema.json"])
    assert "enum" not in _at(bare, "properties", "deltakere", "items")


def test_types_are_as_tight_as_the_model():
    area = SCHEMAS["omrade.schema.json"]
    count = _at(area, "$defs", "Arsverk", "properties", "antall")
    assert count["anyOf"] == [{"maximum": LARGEST - 1, "minimum": 0, "type": "integer"},
                              {"pattern": DECIMAL_TEXT, "type": "string"}]
    day = _at(area, "$defs", "Avvikling", "properties", "dato")
    assert day["format"] == "date" and day["type"] == "string"


def _check(schema_file: Path, *files: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(CHECKER), "--schemafile", str(schema_file), *map(str, files)],
                          capture_output=True, text=True, timeout=120)


def test_every_yaml_file_validates_with_check_jsonschema():
    checked = 0
    for pattern, schema_name in SOURCES.items():
        files = sorted(REPO.glob(pattern))
        if files:
            result = _check(REPO / SCHEMA_DIR / schema_name, *files)
            assert result.returncode == 0, result.stdout + result.stderr
            checked += len(files)
    assert checked == len(list((REPO / "avtaler").rglob("*.yaml"))) and checked > 20


AREA = "avtaler/omrader/barnevern.yaml"
FARMING = "avtaler/omrader/landbruk.yaml"
PARTIES = "avtaler/kommuner.yaml"
FRAMEWORK = "avtaler/samarbeidsavtale.yaml"

# (what, file, old text, new text): each refused by the model (sjekk exits 2) and by the schema
REFUSED = [
    ("ukjent nøkkel", AREA, "vertskommune: roros", "vertskomune: roros"),
    ("mangler gruppe", AREA, "gruppe: eksisterende\n", ""),
    ("ukjent kommune", AREA, "deltakere: [roros, os, holtalen]", "deltakere: [roros, os, rros]"),
    ("ukjent lov", AREA, "lover: [barnevernsloven]", "lover: [barnevernslova]"),
    ("ukjent gruppe", AREA, "gruppe: eksisterende", "gruppe: finnes-ikke"),
    ("ukjent form", AREA, "form: vertskommune", "form: vertskomune"),
    ("tom tittel", AREA, "tittel: Felles barnevernstjeneste", "tittel: '  '"),
    ("vertskommune i et aksjeselskap", AREA, "form: vertskommune", "form: aksjeselskap"),
    ("avviklet uten avviklet-blokk", AREA, "status: eksisterende", "status: avviklet"),
    ("avtalt vertskommune uten kilde", AREA, "vertskommune: roros",
     "vertskommune: roros\nvertskommune_status: avtalt"),
    ("nemnd med ett medlem", AREA, "form: vertskommune",
     "form: vertskommune_nemnd\nnemnd_medlemmer: {roros: 1, os: 2, holtalen: 2}"),
    ("årsverk som flyttall", FARMING, 'antall: "6,55"', "antall: 6.55"),
    ("negative årsverk", FARMING, 'antall: "6,55"', 'antall: "-6,55"'),
    ("årsverk i ord", FARMING, 'antall: "6,55"', 'antall: "seks"'),
    ("folketall i ord", PARTIES, "antall: 5589", "antall: mange"),
    ("negativt folketall", PARTIES, "antall: 5589", "antall: -5"),
    ("folketall med desimaler", PARTIES, "antall: 5589", "antall: 5589.5"),
    ("folketall for stort til å skrive", PARTIES, "antall: 5589", "antall: 99999999999999999999999999"),
    ("årsverk for stort til å skrive", FARMING, 'antall: "6,55"', 'antall: "99999999999999"'),
    ("dato i år 9999", FRAMEWORK, "  - dato: 2016-05-18", "  - dato: 9999-05-18"),
    ("organisasjonsnummer med åtte sifre", PARTIES, 'organisasjonsnummer: "939898743"',
     'organisasjonsnummer: "93989874"'),
    ("dato som ikke finnes", FRAMEWORK, "  - dato: 2016-05-18", "  - dato: 2016-02-30"),
    ("hendelse med både dato og år", FRAMEWORK, "  - dato: 2016-05-18\n",
     "  - dato: 2016-05-18\n    år: 2016\n"),
    ("fast andel mangler", FRAMEWORK, "  fast_andel_prosent: 40\n", ""),
    ("fast andel med ren folketallsmodell", FRAMEWORK, "  modell: fast_og_folketall",
     "  modell: folketall"),
    ("bare én part", FRAMEWORK, "parter: [roros, os, holtalen]", "parter: [roros]"),
    ("kommunenøkkel med stor bokstav", PARTIES, "  holtalen:\n", "  Holtalen:\n"),
    ("samme part to ganger", FRAMEWORK, "parter: [roros, os, holtalen]", "parter: [roros, os, holtalen, os]"),
    ("formål uten stor forbokstav", AREA, "formål: >-\n  Samarbeidet", "formål: >-\n  samarbeidet"),
    ("nemndmedlemmer uten nemnd", AREA, "lover: [barnevernsloven]",
     "lover: [barnevernsloven]\nnemnd_medlemmer: {roros: 2, os: 2, holtalen: 2}"),
    ("komponenter uten sammensatt nøkkel", FRAMEWORK, "  fast_andel_prosent: 40\n",
     "  fast_andel_prosent: 40\n  komponenter: [{grunnlag: likt, prosent: 100}]\n"),
    ("bruk uten verdier", AREA, "lover: [barnevernsloven]",
     "lover: [barnevernsloven]\nkostnader:\n  modell: sammensatt\n  komponenter:\n"
     "    - {grunnlag: bruk, prosent: 100, mål: antall saker, kilde: {tittel: Statistikk}}"),
    ("nøkkel i dag for et nytt samarbeid", AREA, "status: eksisterende",
     "status: ny\nkostnader_i_dag: {modell: folketall}"),
    ("vertskommune i dag for et nytt samarbeid", AREA, "status: eksisterende",
     "status: ny\nvertskommune_i_dag: os"),
    ("andeler for bruk", AREA, "lover: [barnevernsloven]",
     "lover: [barnevernsloven]\nkostnader:\n  modell: sammensatt\n  komponenter:\n"
     "    - {grunnlag: likt, prosent: 100, andeler: {roros: 100}}"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("what", "file", "old", "new"), REFUSED, ids=[c[0] for c in REFUSED])
def test_what_the_model_refuses_the_schema_refuses(real_copy, tmp_path, what, file, old, new):
    folder = tmp_path / "skjema"
    folder.mkdir()
    for name, text in schemas(real_copy).items():
        (folder / name).write_text(text, encoding="utf-8")
    schema_file = folder / next(s for p, s in SOURCES.items() if real_copy.joinpath(file).match(p))
    assert _check(schema_file, real_copy / file).returncode == 0, "the unbroken file passes"
    edit(real_copy / file, old, new)
    result = CliRunner().invoke(cli.main, ["-C", str(real_copy), "sjekk"], prog_name="samarbeid")
    assert result.exit_code == 2, (what, result.output)
    refused = _check(schema_file, real_copy / file)
    assert refused.returncode == 1, (what, refused.stdout + refused.stderr)


def test_a_stale_schema_folder_is_warned_about(real_copy):
    (real_copy / SCHEMA_DIR).mkdir()
    for name, text in schemas(real_copy).items():
        (real_copy / SCHEMA_DIR / name).write_text(text, encoding="utf-8")
    clean = CliRunner().invoke(cli.main, ["-C", str(real_copy), "sjekk"])
    assert clean.exit_code == 0 and "skjemaet er utdatert" not in clean.stderr, clean.output
    (real_copy / "avtaler/omrader/barnevern.yaml").rename(real_copy / "avtaler/omrader/barnevern2.yaml")
    edit(real_copy / FRAMEWORK, "områder: [barnevern,", "områder: [barnevern2,")
    stale = CliRunner().invoke(cli.main, ["-C", str(real_copy), "sjekk"])
    assert stale.exit_code == 0
    assert ("schema/samarbeidsavtale.schema.json: ADVARSEL: skjemaet er utdatert" in stale.stderr), stale.stderr
    assert "kjør «samarbeid skjema»" in stale.stderr
    assert CliRunner().invoke(cli.main, ["-C", str(real_copy), "skjema"]).exit_code == 0
    after = CliRunner().invoke(cli.main, ["-C", str(real_copy), "sjekk"])
    assert after.exit_code == 0 and "skjemaet er utdatert" not in after.stderr
