"""The SSB (table 07459) JSON-stat 2.0 parser, offline, on a recorded-shape response."""

import json
from pathlib import Path

import pytest

from samarbeid_docs.beslutning.ssb import SsbError, fetch, parse, query_url

DATA = Path(__file__).resolve().parent / "data" / "ssb-07459.json"


def test_parse_row_major_values_and_missing_cells():
    response = parse(DATA.read_bytes())
    assert response.figures == {("5025", 2016): 5635, ("5025", 2025): 5681, ("5026", 2016): 2031,
                                ("3430", 2016): 1234, ("3430", 2025): 1895}
    assert response.missing == [("5026", 2025), ("3426", 2016), ("3426", 2025)]
    assert response.updated == "2025-02-20T07:00:00Z"


def test_index_given_as_a_list_and_other_dimension_order():
    data = json.loads(DATA.read_text(encoding="utf-8"))
    data["id"] = ["Tid", "ContentsCode", "Region"]
    data["size"] = [2, 1, 4]
    data["dimension"]["Region"]["category"]["index"] = ["K-5025", "K-5026", "K-3430", "K-3426"]
    # re-lay the values with Region fastest
    old = json.loads(DATA.read_text(encoding="utf-8"))["value"]
    data["value"] = [old[r * 2 + t] for t in range(2) for r in range(4)]
    assert parse(json.dumps(data)).figures[("3430", 2016)] == 1234


@pytest.mark.parametrize(("change", "words"), [
    (lambda d: d.update({"class": "collection"}), "ikke et JSON-stat 2.0-datasett"),
    (lambda d: d.update({"value": d["value"][:-1]}), "passer ikke med 7 verdier"),
    (lambda d: d["id"].__setitem__(0, "Fylke"), "dimensjonen Region mangler"),
    (lambda d: d["value"].__setitem__(0, "mange"), "er ikke et antall"),
    (lambda d: d["value"].__setitem__(0, 12.5), "er ikke et antall"),
    (lambda d: d.pop("dimension"), "det mangler deler av et JSON-stat 2.0-datasett"),
])
def test_malformed_responses_are_refused_clearly(change, words):
    data = json.loads(DATA.read_text(encoding="utf-8"))
    change(data)
    with pytest.raises(SsbError) as info:
        parse(json.dumps(data))
    assert words in info.value.message and "Ingen filer er endret" in info.value.message


def test_not_json_at_all():
    with pytest.raises(SsbError):
        parse(b"<html>Service Unavailable</html>")


def test_query_url_uses_the_summed_codelist():
    url = query_url(["5025", "3430"], [2016, 2025])
    assert url.startswith("https://data.ssb.no/api/pxwebapi/v2/tables/07459/data?lang=no")
    assert "codelist[Region]=agg_KommSummer" in url and "valueCodes[Region]=K-5025,K-3430" in url
    assert "valueCodes[Tid]=2016,2025" in url and "valueCodes[ContentsCode]=Personer1" in url


def test_offline_gives_a_clear_message():
    with pytest.raises(SsbError) as info:
        fetch("http://127.0.0.1:9/ingen-tjeneste", timeout=2)
    assert "Fikk ikke kontakt med SSB" in info.value.message


def test_a_label_with_the_number_in_front_gives_the_name():
    """SSB labels a municipality «Røros»; a label written as the statistics bank shows it,
    «5025 Røros», must not make «5025 Røros kommune» in the agreements."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    data["dimension"]["Region"]["category"]["label"]["K-5025"] = "5025 Røros"
    data["dimension"]["Region"]["category"]["label"]["K-5026"] = "K-5026  Holtålen"
    names = parse(json.dumps(data)).names
    assert names["5025"] == "Røros" and names["5026"] == "Holtålen" and names["3430"] == "Os"
