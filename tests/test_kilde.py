"""The YAML loader: positions, and the YAML pitfalls it refuses or defuses."""

import pytest

from samarbeid_docs.kilder.kilde import LoadError, load, loads


def test_plain_scalars_resolve_the_yaml_1_2_way():
    source = loads("a: no\nb: on\nc: 0441\nd: 12\ne: 1.5\nf: true\ng: 2016-07-01\nh: ~\n", "t.yaml")
    assert source.data == {"a": "no", "b": "on", "c": "0441", "d": 12, "e": 1.5, "f": True,
                           "g": "2016-07-01", "h": None}


def test_a_folded_text_keeps_its_paragraphs_and_says_where_a_list_was_joined():
    text = ("a: >-\n  Første avsnitt\n  fortsetter.\n\n  Andre avsnitt:\n    - et punkt\n    - to\n"
            "b: >-\n  Det skal:\n  - gi lik kvalitet;\n  - gi mindre sårbarhet.\n"
            "c: |\n  Det skal:\n  - gi lik kvalitet.\n"
            "d: >-\n  avtalen som ble opprettet\n  1. januar 2017\n")
    source = loads(text, "t.yaml")
    assert source.data["a"] == "Første avsnitt fortsetter.\n\nAndre avsnitt:\n  - et punkt\n  - to"
    assert source.data["b"] == "Det skal: - gi lik kvalitet; - gi mindre sårbarhet."
    assert source.data["c"] == "Det skal:\n- gi lik kvalitet.\n"
    # «- gi lik kvalitet;», joined to «Det skal:»; a sentence wrapped before «1. januar» is no list
    assert source.folded_lists == [(("b",), 10, "med «>-»")]


@pytest.mark.parametrize(("text", "how", "line"), [
    ("a: Det skal\n  - gi lik kvalitet;\n  - gi mindre sårbarhet.\n", "uten «|»", 2),
    ('a: "Det skal:\n  a) gi lik kvalitet;\n  b) gi mindre sårbarhet."\n', "i anførselstegn", 2),
    ("a: >\n  Det skal:\n  1) gi lik kvalitet;\n  2) gi mindre sårbarhet.\n", "med «>»", 3),
])
def test_a_list_joined_in_a_text_written_without_a_bar_is_found_however_it_is_written(text, how, line):
    source = loads(text + "b: Avtalen fra\n  1. januar 2017 gjelder.\n\n  Nytt avsnitt.\n", "t.yaml")
    assert source.folded_lists == [(("a",), line, how)]
    assert source.data["b"] == "Avtalen fra 1. januar 2017 gjelder.\n\nNytt avsnitt."


def test_quoted_values_stay_text():
    assert loads('a: "12"\nb: \'true\'\n', "t.yaml").data == {"a": "12", "b": "true"}


def test_positions_of_values_and_keys():
    source = loads("top:\n  list:\n    - first\n    - second\n", "t.yaml")
    assert source.positions[("top", "list", 1)] == (4, 7)
    assert source.key_positions[("top", "list")] == (2, 3)
    assert source.where(("top", "list", 7)) == (3, 5)  # nearest located parent


@pytest.mark.parametrize(("text", "expected"), [
    ("a: 1\na: 2\n", "t.yaml:2:1: FEIL: nøkkelen 'a' står to ganger (første gang på linje 1); "
                     "slett den ene"),
    ("a: &x [1]\nb: *x\n", "t.yaml:2:4: FEIL: YAML-aliaser (*navn) er ikke tillatt; skriv verdien ut"),
    ("a:\n\tb: 1\n", "t.yaml:2:1: FEIL: tabulator brukt til innrykk; YAML krever mellomrom"),
    ("a: b: c\n", "t.yaml:1:5: FEIL: kolon på feil sted; sett verdien i anførselstegn hvis den "
                  "inneholder ': '"),
    ("", "t.yaml: FEIL: filen er tom; se README.md for hva en avtalefil skal inneholde"),
    ("a: !!python/object:os.system x\n",
     "t.yaml:1:4: FEIL: a: YAML-taggen 'tag:yaml.org,2002:python/object:os.system' er ikke tillatt"),
    ('a: "x\n', "t.yaml:2:1: FEIL: filen slutter midt i en verdi (mangler et avsluttende tegn?)"),
    # a key one step too far in: the indentation, not quotes, is the fix
    ("budsjett:\n  år: 2027\n   beløp: 4250000\n",
     "t.yaml:3:1: FEIL: innrykket stemmer ikke med linjen over: denne linjen er rykket inn 3 "
     "mellomrom, linjen over 2; nøkler på samme nivå skal stå like langt inn"),
    # no space after the colon: said on its own line, not the next one
    ("status: ny\nvertskommune:vaga\nform: vertskommune\n",
     "t.yaml:2:13: FEIL: mangler mellomrom etter kolonet i «vertskommune:vaga»; skriv "
     "«vertskommune: vaga»"),
])
def test_refused_yaml_gets_a_located_norwegian_message(text, expected):
    with pytest.raises(LoadError) as info:
        loads(text, "t.yaml")
    assert [str(p) for p in info.value.problems] == [expected]


def test_billion_laughs_is_refused_before_expansion():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8))
    with pytest.raises(LoadError) as info:
        loads(bomb, "bombe.yaml")
    assert "aliaser" in str(info.value.problems[0])


def test_binary_and_non_utf8_files(tmp_path):
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"a: 1\x00\x01")
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("a: 1\nb: R\xf8ros\n".encode("latin-1"))
    with pytest.raises(LoadError) as info:
        load(binary, "bin.yaml")
    assert str(info.value.problems[0]) == "bin.yaml: FEIL: filen er binær (inneholder NUL-byte), ikke YAML-tekst"
    with pytest.raises(LoadError) as info:
        load(latin, "latin.yaml")
    assert str(info.value.problems[0]) == ("latin.yaml:2: FEIL: filen er ikke UTF-8; lagre den som "
                                           "UTF-8 i editoren")


def test_missing_file_is_a_problem_not_a_traceback(tmp_path):
    with pytest.raises(LoadError) as info:
        load(tmp_path / "borte.yaml", "borte.yaml")
    assert "kan ikke lese filen" in str(info.value.problems[0])
