"""The download page, driven in Debian's headless Chromium: links, filter, no-JS, axe-core."""

import contextlib
import json
import re
import shutil
import threading
import urllib.request
from pathlib import Path

import html5lib
import pytest

from samarbeid_docs import norsk
from samarbeid_docs.bygging.bygg import build
from samarbeid_docs.nettside.vis import address, make_server

from .conftest import REPO, edit, in_ci

pytestmark = pytest.mark.slow  # left out of `make test-rask`

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
AXE = REPO / "tests/browser/node_modules/axe-core/axe.min.js"
HAVE_BROWSER = Path(CHROMIUM).is_file() and Path(CHROMEDRIVER).is_file() and AXE.is_file()
needs_browser = pytest.mark.skipif(
    not HAVE_BROWSER and not in_ci(),
    reason="Chromium, chromedriver or axe-core is missing (in CI this is a failure, not a skip)")


def _driver(tmp_path, javascript=True, width=1280, height=900):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", f"--user-data-dir={tmp_path}", f"--window-size={width},{height}"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


@pytest.fixture(scope="module")
def site(full_build):
    root, _ = full_build
    server = make_server(root / "build")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, address(server)
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not HAVE_BROWSER:
        pytest.fail("Chromium, chromedriver or axe-core is missing")
    driver = _driver(tmp_path_factory.mktemp("chromium"))
    yield driver
    driver.quit()


def visible(driver, selector):
    return [e for e in driver.find_elements("css selector", selector) if e.is_displayed()]


def axe(driver):
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
        ".then(function (r) { done(JSON.stringify(r.violations)); });")
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in json.loads(result)]


@contextlib.contextmanager
def _served(build_dir: Path):
    """A server for `build_dir` for the length of the block; yields its address."""
    server = make_server(build_dir)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield address(server)
    finally:
        server.shutdown()
        server.server_close()


def _drivers(tmp_path: Path):
    """A fresh browser at phone width, then one at desk width (each closed after its turn)."""
    for width in (375, 1280):
        driver = _driver(tmp_path / f"chromium-{width}", width=width)
        try:
            yield width, driver
        finally:
            driver.quit()


@needs_browser
def test_index_loads_without_console_errors_and_lists_everything(site, browser):
    root, url = site
    browser.get(url)
    assert browser.find_element("css selector", "html").get_attribute("lang") == "nb"
    assert browser.title == "Avtaler om interkommunalt samarbeid – Røros, Os og Holtålen"
    assert [e.text for e in browser.find_elements("css selector", "section.gruppe h2")] == [
        "Samarbeidsområder i drift", "Nye samarbeidsområder",
        "Samarbeidsområder som bare omfatter Røros og Holtålen",
        "Regionale samarbeidsområder som omfatter flere kommuner"]
    assert len(visible(browser, "li.avtale")) == 27
    assert [e for e in browser.get_log("browser") if e["level"] in ("SEVERE", "WARNING")] == []
    card = browser.find_element("css selector", "li.avtale[data-gruppe='eksisterende'] article")
    assert "Felles barnevernstjeneste" in card.text and "Vertskommune\nRøros" in card.text
    assert "Os kommune 1 871 25,1 %" in card.text.replace("\u00a0", " ").replace("\n", " ")
    browser.save_screenshot(str(root / "build" / "skjermbilde.png"))


@needs_browser
def test_every_download_link_is_a_file_of_the_stated_size(site, browser):
    root, url = site
    browser.get(url)
    links = browser.find_elements("css selector", "a.fil")
    from samarbeid_docs.kilder.prosjekt import load_project
    from samarbeid_docs.tekst.saker import cases
    found = cases(load_project(root))  # each case as Word and PDF; per council a zip and the
    # combined case with its attachments in one PDF
    assert len(links) == 2 * 27 + 1 + 2 * len(found) + 2 * len({c.council for c in found})
    # Word files are downloaded to be edited; PDFs open in the browser
    assert all(a.get_dom_attribute("download") is not None for a in links if a.get_attribute("href").endswith(".docx"))
    assert all(a.get_dom_attribute("download") is None and a.get_dom_attribute("type") == "application/pdf"
               for a in links if a.get_attribute("href").endswith(".pdf"))
    for link in links:
        href = link.get_attribute("href")
        relative = href[len(url):]
        path = root / "build" / relative
        assert path.is_file(), relative
        size = norsk.file_size(path.stat().st_size).replace("\u00a0", " ")
        assert size in link.get_attribute("textContent").replace("\u00a0", " "), (relative, link.text)
        with urllib.request.urlopen(href) as response:
            assert len(response.read()) == path.stat().st_size


@needs_browser
def test_filter_narrows_the_list(site, browser):
    from selenium.webdriver.support.ui import Select
    _, url = site
    browser.get(url)
    search = browser.find_element("id", "sok")
    search.send_keys("barnevern")
    assert [e.find_element("css selector", "h3").text for e in visible(browser, "li.avtale")] == \
        ["Felles barnevernstjeneste"]
    assert browser.find_element("id", "antall").text == "Viser 1 av 27 samarbeidsområder."
    search.clear()
    search.send_keys("regnskap holtålen")
    assert [e.find_element("css selector", "h3").text for e in visible(browser, "li.avtale")] == \
        ["Felles regnskapskontor"]
    search.clear()
    search.send_keys(" ")
    Select(browser.find_element("id", "status")).select_by_value("avviklet")
    assert {e.find_element("css selector", "h3").text for e in visible(browser, "li.avtale")} == \
        {"Felles kemnerkontor", "Arbeidsgiverkontrollen"}
    # an orientation is not a draft to adopt: it has its own status
    Select(browser.find_element("id", "status")).select_by_value("orientering")
    assert {e.find_element("css selector", "h3").text for e in visible(browser, "li.avtale")} == \
        {"Brann- og redningstjeneste", "Renovasjon (FIAS)", "Revisjon", "Sekretariat for kontrollutvalg"}
    Select(browser.find_element("id", "status")).select_by_value("utkast")
    assert "Revisjon" not in {e.find_element("css selector", "h3").text for e in visible(browser, "li.avtale")}
    Select(browser.find_element("id", "status")).select_by_value("")
    Select(browser.find_element("id", "gruppe")).select_by_value("roros-holtalen")
    assert len(visible(browser, "li.avtale")) == 3
    assert len(visible(browser, "section.gruppe")) == 1
    search.send_keys("finnes ikke")
    assert visible(browser, "#ingen-treff")


@needs_browser
def test_without_javascript_everything_is_listed(site, tmp_path):
    root, url = site
    driver = _driver(tmp_path, javascript=False)
    try:
        driver.get(url)
        assert len(visible(driver, "li.avtale")) == 27
        assert not visible(driver, "form.filter")  # the filter needs JavaScript, so it stays hidden
        from samarbeid_docs.kilder.prosjekt import load_project
        from samarbeid_docs.tekst.saker import cases
        found = cases(load_project(root))  # the case papers as Word and PDF; per council a zip
        # and the combined case with its attachments
        assert len(visible(driver, "a.fil")) == 55 + 2 * len(found) + 2 * len({c.council for c in found})
    finally:
        driver.quit()


@needs_browser
@pytest.mark.parametrize("page", ["index.html", "html/landbruk.html", "html/samarbeidsavtale.html",
                                  "html/renovasjon.html"])
@pytest.mark.parametrize("width", [1280, 375])
def test_axe_finds_no_wcag_2_1_aa_violations(site, browser, page, width):
    _, url = site
    browser.set_window_size(width, 900)
    browser.get(url + page)
    assert axe(browser) == []
    overflow = browser.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page} scrolls sideways at {width}px"
    browser.set_window_size(1280, 900)


_TABLES = """return Array.from(document.querySelectorAll('.tabell')).map(function (region) {
  var cell = region.querySelector('td');
  return {columns: region.querySelectorAll('thead th').length,
          hidden: region.scrollWidth - region.clientWidth,
          display: getComputedStyle(region.querySelector('table')).display,
          label: cell ? getComputedStyle(cell, '::before').content : null,
          column: cell ? cell.dataset.kolonne : null};
});"""


@needs_browser
@pytest.mark.parametrize("page", ["html/samarbeidsavtale.html", "html/barnevern.html"])
def test_on_a_phone_no_table_hides_columns_to_the_side(site, browser, page):
    """At 375 px a table of three columns or more is a block per row, each cell under its
    column's name, so no column is hidden behind a sideways scroll; at desk width it is a table."""
    _, url = site
    try:
        browser.set_window_size(375, 900)
        browser.get(url + page)
        phone = browser.execute_script(_TABLES)
        browser.set_window_size(1280, 900)
        browser.get(url + page)
        desk = browser.execute_script(_TABLES)
    finally:
        browser.set_window_size(1280, 900)
    wide = [t for t in phone if t["columns"] >= 3]
    assert wide and len(phone) == len(desk)
    for table in wide:
        assert table["hidden"] <= 0 and table["display"] == "block"
        assert table["label"] == json.dumps(table["column"] + ": ")  # e.g. «Kommunenummer: 5025»
    assert {t["display"] for t in desk} == {"table"}


@needs_browser
def test_keyboard_reaches_the_skip_link_and_focus_is_visible(site, browser):
    from selenium.webdriver.common.keys import Keys
    _, url = site
    browser.get(url)
    browser.find_element("css selector", "body").send_keys(Keys.TAB)
    active = browser.switch_to.active_element
    assert active.text == "Hopp til avtalene" and active.is_displayed()
    assert browser.execute_script("return getComputedStyle(arguments[0]).outlineStyle", active) != "none"


def test_every_page_is_valid_html(full_build):
    root, _ = full_build
    parser = html5lib.HTMLParser(strict=True)
    pages = [root / "build/index.html", root / "build/kilder.html", *sorted((root / "build/html").glob("*.html"))]
    assert len(pages) == 29
    for page in pages:
        parser.parse(page.read_bytes())
        text = page.read_text(encoding="utf-8")
        assert '<html lang="nb">' in text
        # nothing is loaded from elsewhere: addresses only as text and links in the text
        assert not re.search(r"<(?:script|link|img|iframe)[^>]*(?:src|href)=\"https?:", text), page
        if page.name != "kilder.html":  # the source report is addresses, in its lists
            assert not re.search(r"https?://(?!127\.0\.0\.1)", re.sub(r"<p>.*?</p>|<li>.*?</li>|<td.*?</td>", "", text)), page


def test_a_group_description_keeps_its_paragraphs_and_list_on_the_page(minimal):
    """A group's `beskrivelse` written with «|» is paragraphs and a list on the download page, as
    in the agreement, not one paragraph with the points run together."""
    edit(minimal / "avtaler/samarbeidsavtale.yaml", "    beskrivelse: Testgruppe.",
         "    beskrivelse: |\n      Testgruppe for plan & bygg.\n\n      Den gjelder:\n"
         "      - 1. januar 2027: plan;\n      - byggesak <kontor>.")
    build(minimal, with_pdf=False)
    page = html5lib.parse((minimal / "build/index.html").read_bytes(), namespaceHTMLElements=False)
    described = page.find(".//section[@data-gruppe]/div[@class='beskrivelse']")
    assert ["".join(p.itertext()) for p in described.findall("p")] == ["Testgruppe for plan & bygg.", "Den gjelder:"]
    assert ["".join(li.itertext()) for li in described.findall("ul/li")] == ["1. januar 2027: plan;",
                                                                           "byggesak <kontor>."]


HOSTILE = ("Plan & bygg <kontor> \"sitat\" 'apostrof' i Rossen tjïelte og Trööndelage – et svært "
           "langt navn på et samarbeidsområde som fortsetter og fortsetter uten å ta slutt")


@needs_browser
def test_hostile_titles_are_shown_exactly_and_the_layout_holds(minimal, tmp_path):
    edit(minimal / "avtaler/omrader/plan.yaml", "tittel: Plan, miljø & geodata <kontor>",
         f"tittel: '{HOSTILE.replace(chr(39), chr(39) * 2)}'")
    build(minimal, with_pdf=False)
    server = make_server(minimal / "build")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    driver = _driver(tmp_path / "chromium", width=375)
    try:
        driver.get(address(server))
        assert driver.find_element("css selector", "#avtale-plan").text == HOSTILE
        assert driver.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
        driver.get(address(server) + "html/plan.html")
        assert driver.title == HOSTILE
        assert driver.find_element("css selector", "h1").text == HOSTILE
        body = driver.find_element("css selector", "main").text
        assert "{{ jinja }} og {% if %} og *stjerner*" in body
        assert axe(driver) == []
    finally:
        driver.quit()
        server.shutdown()
        server.server_close()


def test_vis_serves_build_on_loopback(full_build):
    root, _ = full_build
    server = make_server(root / "build")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = address(server)
        assert url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(url) as response:
            assert b"<h1>Avtaler om interkommunalt samarbeid" in response.read()
    finally:
        server.shutdown()
        server.server_close()


def test_vis_serves_only_published_files(tmp_path):
    import http.client
    site, outside = tmp_path / "build", tmp_path / "hemmelig.txt"
    (site / "docx").mkdir(parents=True)
    (site / "index.html").write_text("<h1>Avtaler</h1>", encoding="utf-8")
    (site / "docx/a.docx").write_bytes(b"PK")
    (site / ".skjult").write_text("x", encoding="utf-8")
    (site / ".git").mkdir()
    (site / ".git/config").write_text("x", encoding="utf-8")
    outside.write_text("hemmelig", encoding="utf-8")
    (site / "lenke.txt").symlink_to(outside)
    (site / "ut").symlink_to(tmp_path, target_is_directory=True)
    (site / "innenfor.html").symlink_to(site / "index.html")
    server = make_server(site)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def get(path):
        connection = http.client.HTTPConnection(*server.server_address[:2], timeout=10)
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    try:
        assert get("/") == (200, "<h1>Avtaler</h1>")
        assert get("/docx/a.docx")[0] == 200 and get("/innenfor.html")[0] == 200
        for path in ("/docx/", "/docx", "/.skjult", "/.git/config", "/%2egit/config", "/lenke.txt",
                     "/ut/hemmelig.txt", "/../hemmelig.txt", "/%2e%2e/hemmelig.txt", "/ut/"):
            status, body = get(path)
            assert status in (301, 404), path
            assert "hemmelig" not in body and "a.docx" not in body, path
        assert "Siden kan ikke vises (feil 404)" in get("/.skjult")[1]
    finally:
        server.shutdown()
        server.server_close()


def test_vis_without_a_build_says_what_to_do(minimal):
    from click.testing import CliRunner

    from samarbeid_docs import cli
    result = CliRunner().invoke(cli.main, ["-C", str(minimal), "vis"], prog_name="samarbeid")
    assert result.exit_code == 2 and "Fant ikke build/index.html" in result.stderr


@needs_browser
def test_the_nynorsk_page_passes_axe_and_says_nynorsk(tmp_path):
    """A region that writes nynorsk: the page is nynorsk (lang="nn"), lists the case papers per
    council, and axe-core finds nothing at phone and desk widths."""
    from samarbeid_docs.bygging.bygg import refresh_site
    from samarbeid_docs.bygging.saker import build_cases
    from .conftest import ROOTS
    root = tmp_path / "fjord"
    shutil.copytree(ROOTS / "fjordregion" / "avtaler", root / "avtaler")
    build(root, with_pdf=False)
    build_cases(root)
    refresh_site(root)
    with _served(root / "build") as url:
        for _, driver in _drivers(tmp_path):
            driver.get(url)
            assert driver.find_element("css selector", "html").get_attribute("lang") == "nn"
            assert "Saker til kommunestyra" in driver.find_element("css selector", "main").text
            assert axe(driver) == []
            driver.get(url + "html/barnevern.html")
            assert driver.find_element("css selector", "html").get_attribute("lang") == "nn"
            assert axe(driver) == []


@needs_browser
def test_a_paged_list_and_the_overview_in_parts_pass_axe(tmp_path):
    """80 synthetic areas (benchmarks/lag_syntetiske.py), 107 documents with the real ones: the
    list on two pages with their navigation, and the overview in three parts, at phone and desk
    widths (as few as that takes: the build is most of the test's time)."""
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from lag_syntetiske import make
    from samarbeid_docs.bygging.bygg import refresh_site
    from samarbeid_docs.bygging.saker import build_cases
    root = make(80, tmp_path / "mange")
    build(root, with_pdf=False)
    build_cases(root)
    refresh_site(root)
    with _served(root / "build") as url:
        for width, driver in _drivers(tmp_path):
            for page in ("", "side-2.html", "html/oversikt-2.html", "saker-os.html"):
                driver.get(url + page)
                assert axe(driver) == [], page
                overflow = driver.execute_script(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
                assert overflow <= 0, f"{page} scrolls sideways at {width}px"
            driver.get(url + "side-2.html")
            assert "Avtalene, side 2 av 2" in driver.find_element("css selector", "main").text
            assert len(driver.find_elements("css selector", "li.avtale")) == 107 - 100
            assert [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")] == []


def test_a_host_not_agreed_is_marked_on_the_page_as_in_the_overview(full_build):
    """The page showed «Vertskommune Røros» where the overview and the framework say the host
    is still to be confirmed («Røros (kontrolleres)») or only proposed («Os (forslag)»)."""
    root, _ = full_build
    page = (root / "build/index.html").read_text(encoding="utf-8")
    from samarbeid_docs.kilder.prosjekt import load_project
    from samarbeid_docs.tekst.kontekst import host_marked
    project = load_project(root)
    for area in project.omrader.values():
        if area.is_host_model and area.status != "avviklet":
            assert f"<dt>Vertskommune</dt><dd>{host_marked(project, area)}</dd>" in page, area.tittel
    assert "(kontrolleres)</dd>" in page and "(forslag)</dd>" in page
