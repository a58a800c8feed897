"""Case papers (saksframlegg): one per council and agreement, with the resolution its role needs
and the council's share exactly as in the agreement's table."""

import re

from click.testing import CliRunner

from samarbeid_docs import cli
from samarbeid_docs.kilder.prosjekt import load_project
from samarbeid_docs.tekst.dokument import text_lines
from samarbeid_docs.tekst.saker import PACKAGE, Case, cases, compose_case
from samarbeid_docs.tekst.sammenstill import compose, plan

from .conftest import REPO, ROOTS, _copy_project, edit


def test_every_council_gets_a_case_for_each_agreement_it_is_part_of():
    project = load_project(REPO)
    found = cases(project)
    for council in project.rammeavtale.parter:
        assert Case(council, "samarbeidsavtale") in found
    active = [s for s, a in project.omrader.items() if a.is_host_model and a.status != "avviklet"]
    assert len([c for c in found if c.slug not in ("samarbeidsavtale", PACKAGE)]) == sum(
        len(project.omrader[s].deltakere) for s in active)
    assert Case("os", "nav") not in found  # Os is not a party to the NAV office


def test_each_councils_share_in_its_case_is_the_agreements_table():
    for root in (REPO, ROOTS / "fjellregion"):
        project = load_project(root)
        documents = {p.slug: compose(project, p) for p in plan(project)}
        for case in cases(project):
            if case.slug in ("samarbeidsavtale", PACKAGE):
                continue
            name = project.kommuner[case.council].offisielt_navn
            agreement = "\n".join(text_lines(documents[case.slug]))
            row = next(line for line in agreement.splitlines()
                       if line.startswith(f"{name} | ") and "%" in line)
            share = next(cell for cell in row.split(" | ") if cell.endswith("%"))
            paper = "\n".join(text_lines(compose_case(project, case)))
            assert f"er andelen for {name} {share}" in paper, (case, share)


def test_the_resolution_fits_the_role():
    project = load_project(REPO)
    host = "\n".join(text_lines(compose_case(project, Case("roros", "barnevern"))))
    other = "\n".join(text_lines(compose_case(project, Case("os", "barnevern"))))
    assert "påtar seg å være vertskommune" in host and "instruerer kommunedirektøren" not in host
    assert ("Kommunestyret instruerer kommunedirektøren i Os kommune om å delegere myndigheten"
            in other) and "påtar seg" not in other
    no_authority = "\n".join(text_lines(compose_case(project, Case("os", "lonn"))))
    assert "instruerer" not in no_authority  # nothing to delegate
    board = load_project(ROOTS / "fjellregion")
    member = "\n".join(text_lines(compose_case(board, Case("elvheim", "ppt"))))
    assert "delegerer myndigheten som er beskrevet i avtalen under «Myndighet som legges til nemnda»" in member
    assert "Kommunestyret velger to medlemmer med varamedlemmer til nemnda" in member
    assert "klagenemnda for vedtak som nemnda treffer (kommuneloven §\u00a020-6)" in member
    # the lawyer's review: who receives the authority, what the host's bodies can no longer do,
    # no § 20-2 delegation where nothing is delegated, appeals to the state, the framework's role
    assert "kommunedirektøren i Røros kommune tar imot myndigheten som samarbeidskommunene delegerer" in host
    assert "kan ikke instruere eller omgjøre vedtak" in host and "§\u00a020-2 tredje ledd" in host
    assert "Vertskommunen får ikke myndighet til å treffe vedtak" in no_authority
    assert "administrativt vertskommunesamarbeid etter kommuneloven" not in no_authority
    # the board decides only under the Kindergarten Act: no appeal under the Education Act
    assert "Der opplæringslova gjør staten til klageinstans" not in member
    board_host = "\n".join(text_lines(compose_case(board, Case("dalbygd", "ppt"))))
    assert "Dalbygd kommune påtar seg å være vertskommune for samarbeidet, med den felles " \
           "folkevalgte nemnda" in board_host
    framework = "\n".join(text_lines(compose_case(project, Case("holtalen", "samarbeidsavtale"))))
    assert "Kommunestyret i Holtålen kommune vedtar «Samarbeidsavtale mellom Røros, Os og Holtålen», " \
           "versjon 3.0, slik den ligger ved saken." in framework
    assert "Sammen med hver delavtale utgjør den samarbeidsavtalen etter kommuneloven §\u00a020-4" in framework
    assert "21 vertskommunesamarbeid med egne delavtaler, fire samarbeid organisert på annen måte og " \
           "to avviklede områder" in framework
    # what the sources do not settle is said, not claimed met
    assert "det må bekreftes at Røros kommune er vertskommune i dag, slik avtalen bygger på" in other
    assert "Avtalen har de bestemmelsene" not in other


def test_the_hosts_case_names_the_county_governors_it_notifies():
    """The host's own case names the same offices as the agreement: Os hosts the kindergarten
    administration for Røros and Holtålen, which lie in another county."""
    project = load_project(REPO)
    host = "\n".join(text_lines(compose_case(project, Case("os", "barnehage"))))
    agreement = "\n".join(text_lines(next(compose(project, p) for p in plan(project) if p.slug == "barnehage")))
    said = "orienterer Os kommune som vertskommune Statsforvalteren i Innlandet og Statsforvalteren " \
           "i Trøndelag om at samarbeidet er opprettet (kommuneloven §\u00a020-4 femte ledd)"
    assert said in host
    assert "Statsforvalteren i Innlandet og Statsforvalteren i Trøndelag" in agreement


def test_saker_writes_a_folder_per_council(real_copy):
    result = CliRunner().invoke(cli.main, ["-C", str(real_copy), "saker", "--uten-pdf"], prog_name="samarbeid")
    assert result.exit_code == 0, result.output
    assert "saksframlegg for 3 kommunestyrer i build/saker/" in result.stdout
    for council in ("roros", "os", "holtalen"):
        assert (real_copy / f"build/saker/{council}/samarbeidsavtale.docx").is_file()
    assert (real_copy / "build/saker/os/barnevern.md").read_text(encoding="utf-8").startswith(
        "# Saksframlegg: Felles barnevernstjeneste")


def test_the_combined_case_adopts_the_whole_package_in_one_decision():
    project = load_project(REPO)
    paper = "\n".join(text_lines(compose_case(project, Case("os", PACKAGE))))
    mine = [c for c in cases(project) if c.council == "os" and c.slug not in ("samarbeidsavtale", PACKAGE)]
    for case in mine:
        assert f"«{project.omrader[case.slug].tittel}»" in paper, case
    instructed = [c for c in mine if "instruerer kommunedirektøren" in
                  "\n".join(text_lines(compose_case(project, c)))]
    assert instructed and all(f"«{project.omrader[c.slug].tittel}» (" in paper for c in instructed)
    hosting = paper[paper.index("Os kommune påtar seg å være vertskommune"):]
    hosting = hosting[:hosting.index("\n5. ")]  # the point and its list of agreements
    assert "  - «Felles lønningsavdeling»" in hosting and "Felles barnevernstjeneste" not in hosting
    assert paper.count("Delavtale: ") == len(mine)


def test_the_notice_to_the_statsforvalter_appears_exactly_when_all_have_adopted(minimal):
    from .conftest import edit
    area = minimal / "avtaler/omrader/plan.yaml"
    run = lambda *a: CliRunner().invoke(cli.main, ["-C", str(minimal), *a], prog_name="samarbeid")  # noqa: E731
    letter = minimal / "build/saker/roros/melding-statsforvalteren-plan.docx"
    edit(area, "kilde:\n  - tittel: Testkilde\n", "kilde:\n  - tittel: Testkilde\nbehandling:\n  vedtak:\n"
         '    - {kommune: roros, dato: 2026-06-10, saksnummer: "PS 12/26"}\n')
    assert run("saker", "--uten-pdf").exit_code == 0 and not letter.exists()
    assert "Melding til statsforvalteren" not in run("status").stdout
    edit(area, '"PS 12/26"}\n', '"PS 12/26"}\n    - {kommune: holtalen, dato: 2026-06-12, saksnummer: "PS 30/26"}\n')
    result = run("saker", "--uten-pdf")
    assert result.exit_code == 0 and letter.is_file()
    assert "melding til statsforvalteren fra vertskommunen" in result.stdout
    text = letter.with_suffix(".md").read_text(encoding="utf-8")
    assert "Til: Statsforvalteren i Trøndelag" in text
    # the agreement under § 20-4 is the sub-agreement with the framework: both adoptions are given
    assert "er delavtalen «Plan, miljø & geodata \\<kontor\\>» sammen med «" in text  # Markdown-escaped
    assert "| Holtålen kommune | 12. juni 2026 | PS 30/26 | ikke vedtatt |  |" in text
    assert "Begge avtalene ligger ved." in text
    framework = minimal / "avtaler/samarbeidsavtale.yaml"
    framework.write_text(framework.read_text(encoding="utf-8") + "behandling:\n  vedtak:\n"
                         '    - {kommune: roros, dato: 2026-06-02, saksnummer: "PS 10/26"}\n'
                         '    - {kommune: holtalen, dato: 2026-06-03, saksnummer: "PS 28/26"}\n', encoding="utf-8")
    assert run("saker", "--uten-pdf").exit_code == 0
    text = letter.with_suffix(".md").read_text(encoding="utf-8")
    assert "| Holtålen kommune | 12. juni 2026 | PS 30/26 | 3. juni 2026 | PS 28/26 |" in text
    assert "Status: Melding · Versjon 0.1 · 12. juni 2026" in text  # dated when the last council adopted, not before
    assert "Melding til statsforvalteren om «Plan, miljø & geodata <kontor>» skal sendes fra Røros kommune" \
        in run("status").stdout


def test_the_case_shows_the_change_from_todays_key_for_every_council():
    """Fjellregion's payroll office moves from a pure population key to 30 % equal: each case
    shows the council's share before and after on the same figures, and they add up."""
    from samarbeid_docs.tekst.saker import current_key, share_changes
    project = load_project(ROOTS / "fjellregion")
    area = project.omrader["lonn"]
    changes = share_changes(project, area.deltakere, current_key(project, area), area.kostnader,
                            area.budsjett.belop)
    assert sum(c.before_tenths for c in changes) == sum(c.after_tenths for c in changes) == 1000
    assert sum(c.before_kroner for c in changes) == sum(c.after_kroner for c in changes) == 3_000_000
    # an equal part moves costs from the largest municipality to the smaller ones
    fjellvik = next(c for c in changes if c.key == "fjellvik")
    assert fjellvik.after_tenths < fjellvik.before_tenths
    for change in changes:
        name = project.kommuner[change.key].offisielt_navn
        paper = "\n".join(text_lines(compose_case(project, Case(change.key, "lonn"))))
        before, after = (f"{t // 10},{t % 10}\u00a0%" for t in (change.before_tenths, change.after_tenths))
        assert f"går andelen for {name} fra {before} til {after}" in paper
        assert "Andel i dag | Etter avtalen" in paper
        assert "\u00a0prosentpoeng" in paper
    # a cooperation in operation that keeps its key says so; a new one has no share today
    kept = "\n".join(text_lines(compose_case(load_project(REPO), Case("os", "legevakt"))))
    assert "Avtalen endrer ikke fordelingsnøkkelen, som har gjeldt siden 1. januar 2019." in kept
    # and where the key was phased in, for how long
    phased = "\n".join(text_lines(compose_case(load_project(REPO), Case("os", "barnevern"))))
    assert "som har gjeldt siden 1. januar 2019 (faset inn over tre år)." in phased
    new = "\n".join(text_lines(compose_case(project, Case("elvheim", "barnevern"))))
    assert "Samarbeidet er nytt, så kommunen betaler ingen andel til det i dag." in new
    package = "\n".join(text_lines(compose_case(project, Case("elvheim", PACKAGE))))
    assert ("Felles lønnskontor | Elvheim kommune (kontrolleres) | vertskommune | 23,9\u00a0% | "
            "+4,1\u00a0prosentpoeng") in package
    assert "En vertskommune merket «kontrolleres» er vertskommune i dag, men det skal bekreftes " \
           "før behandling." in package


def test_an_agreement_with_nothing_open_is_said_to_meet_the_law(minimal):
    from .conftest import edit
    area = minimal / "avtaler/omrader/plan.yaml"
    edit(area, "vertskommune: roros\n", "vertskommune: roros\nvertskommune_status: avtalt\n"
         "vertskommune_kilde: {tittel: Testvedtak om vertskommune}\n")
    paper = "\n".join(text_lines(compose_case(load_project(minimal), Case("holtalen", "plan"))))
    assert "Avtalen har de bestemmelsene kommuneloven §\u00a020-4 tredje ledd krever." in paper
    assert "Før avtalen kan vedtas" not in paper and "etter forslaget" not in paper


def test_todays_key_must_name_every_participant_too(tmp_path):
    """A composite key in kostnader_i_dag is computed for the case papers: a participant
    missing from its figures is a located error, not a crash."""
    import shutil
    from .conftest import edit
    root = tmp_path / "fjell"
    shutil.copytree(ROOTS / "fjellregion" / "avtaler", root / "avtaler")
    edit(root / "avtaler/omrader/lonn.yaml", "kostnader_i_dag:\n  modell: folketall\n",
         "kostnader_i_dag:\n  modell: sammensatt\n  komponenter:\n    - grunnlag: bruk\n"
         "      prosent: 100\n      mål: lønnsslipper\n      verdier: {fjellvik: 10, elvheim: 5}\n"
         "      kilde: {tittel: Testkilde}\n")
    result = CliRunner().invoke(cli.main, ["-C", str(root), "saker", "--uten-pdf"], prog_name="samarbeid")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "avtaler/omrader/lonn.yaml:" in result.stderr and "verdier mangler Myrstad" in result.stderr


def test_no_case_paper_carries_a_working_note_and_a_host_in_operation_is_to_be_confirmed():
    """A host only proposed for an area in operation is the host it has today, to be confirmed
    (the overview marks it «kontrolleres»); a new area's proposed host is still to be agreed.
    The case papers say so, and none of them speaks of what «the sources» lack."""
    from samarbeid_docs.tekst.lovkrav import working_notes
    for root in (REPO, ROOTS / "fjellregion", ROOTS / "fjordregion"):
        project = load_project(root)
        for case in cases(project):
            paper = "\n".join(text_lines(compose_case(project, case)))
            assert working_notes(paper) == [], (root.name, case)
    project = load_project(REPO)
    assert project.omrader["barnevern"].status == "eksisterende"
    assert project.omrader["barnevern"].vertskommune_status == "foreslått"
    paper = "\n".join(text_lines(compose_case(project, Case("os", "barnevern")))).replace("\u00a0", " ")
    assert "Røros kommune er vertskommune i dag (det skal bekreftes før behandling)" in paper
    assert "det må bekreftes at Røros kommune er vertskommune i dag, slik avtalen bygger på" in paper
    assert "ikke avtalt ennå" not in paper and "må avtales mellom kommunene" not in paper
    assert project.omrader["skolekontor"].status == "ny"
    new = "\n".join(text_lines(compose_case(project, Case("os", "skolekontor")))).replace("\u00a0", " ")
    assert "vertskommune etter forslaget (det er ikke avtalt ennå)" in new
    assert "vertskommunen må avtales mellom kommunene (avtalen foreslår Holtålen kommune)" in new
    package = "\n".join(text_lines(compose_case(project, Case("os", PACKAGE)))).replace("\u00a0", " ")
    assert "- vertskommunen i dag må bekreftes for «Felles barnevernstjeneste», «Felles legevakt»" in package
    assert "«Felles barnevernstjeneste»" not in package.split("- vertskommunen må avtales")[1].split("\n")[0]


def test_the_package_case_separates_hosting_from_taking_authority():
    """The host takes on every area it hosts, but takes authority only where an agreement lays
    authority on it (the payroll office lays none), and budgets the whole of those services."""
    project = load_project(REPO)
    paper = "\n".join(text_lines(compose_case(project, Case("os", PACKAGE)))).replace("\u00a0", " ")
    hosting = paper.split("påtar seg å være vertskommune og å utføre oppgavene etter disse delavtalene:")[1]
    hosting, authority = hosting.split("tar imot myndigheten som samarbeidskommunene delegerer")
    assert "«Felles lønningsavdeling»" in hosting
    authority = authority.split("\n6.")[0]
    assert "«Felles lønningsavdeling»" not in authority and "«Felles landbrukskontor»" in authority
    assert "For tjenestene der kommunen er vertskommune, innarbeides hele budsjettet for " \
           "tjenesten, med inntekter fra de andre deltakerne." in paper
    assert "Andelene i tabellen over er regnet med folketallet per 1. januar 2026" in paper
    assert "de nyeste folketallene alle deltakerne har" not in paper
    assert "Avtalene endrer ikke nøkkelen for samarbeid som er i drift." in paper


def test_the_package_case_notifies_what_the_sub_agreements_promise():
    """Every county governor a hosted sub-agreement says the host informs is named in the
    host's package case, and every hosted area, new or continued, is in it."""
    from samarbeid_docs.tekst.sammenstill import compose, plan
    project = load_project(REPO)
    documents = {p.slug: "\n".join(text_lines(compose(project, p))) for p in plan(project)}
    for council in project.rammeavtale.parter:
        name = project.kommuner[council].offisielt_navn
        paper = "\n".join(text_lines(compose_case(project, Case(council, PACKAGE))))
        notice = paper.split("Når alle kommunestyrene har vedtatt avtalene, orienterer")[1].split("\n")[0]
        groups = re.findall(r"((?:(?:, og | og | )Statsforvalteren i \w+)+) om (.*?)(?=, og Statsforvalteren| \((?:jf\. )?kommuneloven)",
                            notice)
        for slug, area in project.omrader.items():
            if area.vertskommune != council or area.status == "avviklet" or not area.is_host_model:
                continue
            assert f"«{area.tittel}»" in notice, (council, slug)
            promised = documents[slug].split(f"{name} orienterer ")[1].split(" om at samarbeidet")[0]
            # the offices the area is told to are exactly those its sub-agreement names
            told = [offices for offices, about in groups if f"«{area.tittel}»" in about]
            assert len(told) == 1, (council, slug, notice)
            assert set(re.findall(r"Statsforvalteren i \w+", told[0])) == \
                set(re.findall(r"Statsforvalteren i \w+", promised)), (council, slug, notice)
    os_paper = "\n".join(text_lines(compose_case(project, Case("os", PACKAGE))))
    assert "og om at «Felles lønningsavdeling» og «Felles landbrukskontor» er videreført etter nye " \
           "avtaler (kommuneloven §\u00a020-4 femte ledd)." in os_paper
    # the agreements to adopt are named by their numbers among the attachments too
    from samarbeid_docs.tekst.saker import package_attachments
    areas = [slug for slug in package_attachments(project, "os") if slug in project.omrader]
    assert f"slik de ligger ved saken (vedlegg 3–{len(areas) + 2}), med vertskommunene" in os_paper
    assert f"\n{len(areas) + 2}. Delavtale: " in os_paper and f"\n{len(areas) + 3}. " not in os_paper
    # an area of Røros and Holtålen alone, both in Trøndelag, is not told to Innlandet's office
    roros_paper = "\n".join(text_lines(compose_case(project, Case("roros", PACKAGE))))
    assert ("er videreført etter nye avtaler, og Statsforvalteren i Trøndelag om at «Felles NAV-kontor» og "
            "«Pedagogisk-psykologisk tjeneste (PP-tjenesten)» er videreført etter nye avtaler") in roros_paper


def test_case_paper_headings_carry_no_numbers_where_agreements_do(tmp_path):
    """A case paper's headings are unnumbered, as Norwegian case papers are, so «1.» in the
    proposed resolution is the only «point 1»; in Word the style's numbering is switched off
    (numId 0). Agreements keep their numbered points."""
    from docx import Document as Docx

    from samarbeid_docs.skriv.docx import render_docx
    from samarbeid_docs.skriv.markdown import render_markdown
    project = load_project(REPO)
    paper = compose_case(project, Case("os", "barnevern"))
    lines = text_lines(paper)
    assert "Kommunedirektørens forslag til vedtak" in lines and "Vedlegg" in lines
    assert "## Kommunedirektørens forslag til vedtak" in render_markdown(paper)
    path = tmp_path / "sak.docx"
    path.write_bytes(render_docx(paper, REPO / "samarbeid_docs/maler/avtale.docx"))
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    headings = [p for p in Docx(str(path)).paragraphs if p.style.name.startswith("Heading")]
    assert headings and all(p._p.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val") == "0"
                            for p in headings)
    agreement = next(d for d in (compose(project, p) for p in plan(project)) if d.slug == "barnevern")
    assert "1 Parter" in text_lines(agreement)


def test_the_package_case_names_the_agreements_with_a_key_of_their_own():
    """Fjellregion: Skogli takes part in two new agreements with keys of their own and in no
    cooperation in operation; the combined case says which keys differ, and does not say the
    agreements leave the key of cooperations in operation unchanged."""
    project = load_project(ROOTS / "fjellregion")
    paper = "\n".join(text_lines(compose_case(project, Case("skogli", PACKAGE))))
    assert "Samarbeidsavtalen fastsetter at kostnadene fordeles 30\u00a0% likt, resten etter folketall." in paper
    own = paper[paper.index("Disse delavtalene fastsetter en annen nøkkel: "):].split("\n")[0]
    assert "«Felles barnevernstjeneste» (20\u00a0% likt, 50\u00a0% etter folketall" in own, own
    assert "«Felles legevakt» (50\u00a0% etter avtalte andeler" in own, own
    assert "Pedagogisk" not in own  # the framework's key
    assert "endrer ikke nøkkelen for samarbeid som er i drift" not in paper
    real = "\n".join(text_lines(compose_case(load_project(REPO), Case("os", PACKAGE))))
    assert "Avtalene endrer ikke nøkkelen for samarbeid som er i drift." in real
    assert "Disse delavtalene fastsetter en annen nøkkel" not in real  # all use the framework's


def test_the_combined_case_leaves_out_what_the_council_has_adopted_already(minimal):
    """The combined case asked a council to adopt again an agreement it had adopted."""
    area = minimal / "avtaler/omrader/plan.yaml"
    area.write_text(area.read_text(encoding="utf-8") + "behandling:\n  vedtak:\n"
                    '    - {kommune: roros, dato: 2026-06-10, saksnummer: "PS 12/26"}\n', encoding="utf-8")
    project = load_project(minimal)
    roros = "\n".join(text_lines(compose_case(project, Case("roros", PACKAGE))))
    assert ("Kommunestyret har alt vedtatt «Plan, miljø & geodata <kontor>» (10. juni 2026, sak PS 12/26). "
            "Den står i tabellen, men ikke i forslaget til vedtak.") in roros
    assert "Kommunestyret vedtar disse delavtalene" not in roros
    holtalen = "\n".join(text_lines(compose_case(project, Case("holtalen", PACKAGE))))
    assert "Kommunestyret vedtar disse delavtalene" in holtalen and "har alt vedtatt" not in holtalen


def test_a_two_party_resolution_names_the_other_party_once():
    """«med Røros kommune, med Røros kommune som vertskommune» where the other party hosts."""
    project = load_project(REPO)
    host = project.omrader["nav"].vertskommune
    other = next(p for p in project.omrader["nav"].deltakere if p != host)
    paper = "\n".join(text_lines(compose_case(project, Case(other, "nav"))))
    name = project.kommuner[host].offisielt_navn
    assert f"vedtar delavtalen «Felles NAV-kontor» med {name} som vertskommune, slik den ligger ved saken." in paper


def test_the_combined_cases_points_are_one_list_in_markdown():
    """The points' sub-lists were indented two spaces under «1. », so CommonMark ended the
    numbered list at the first sub-list and began a new one; now one list with its sub-lists."""
    from markdown_it import MarkdownIt

    from samarbeid_docs.skriv.markdown import render_markdown
    project = load_project(REPO)
    text = render_markdown(compose_case(project, Case("os", PACKAGE)))
    section = text.split("## Kommunedirektørens forslag til vedtak")[1].split("\n## ")[0]
    tokens = MarkdownIt("commonmark").parse(section)
    top = [t for t in tokens if t.type == "ordered_list_open" and t.level == 0]
    assert len(top) == 1
    points = [t for t in tokens if t.type == "list_item_open" and t.level == 1]
    assert len(points) == len(re.findall(r"^\d+\. ", section, flags=re.M)) >= 3
    nested = [t for t in tokens if t.type == "bullet_list_open" and t.level > 0]
    assert nested  # the agreements under a point are inside it


def test_the_case_says_where_appeals_go_when_the_state_hears_them(tmp_path):
    """Authority under the Education Act: its appeals go to the statsforvalter, with the
    appeals board as the first instance (kommuneloven § 20-6)."""
    root = _copy_project(tmp_path / "fjellregion", ROOTS / "fjellregion")
    edit(root / "avtaler/omrader/ppt.yaml", "  - å treffe vedtak om spesialpedagogisk hjelp etter barnehageloven\n",
         "  - å treffe vedtak om spesialpedagogisk hjelp etter barnehageloven\n"
         "  - å treffe vedtak om spesialundervisning etter opplæringslova\n")
    member = "\n".join(text_lines(compose_case(load_project(root), Case("elvheim", "ppt"))))
    # the board that made the decision is the first instance, not the appeals board (§ 20-6)
    assert "Der opplæringslova gjør staten til klageinstans, går klagen til statsforvalteren, og " \
           "den felles folkevalgte nemnda er da underinstans (§\u00a020-6 første ledd)." in member


def test_the_combined_case_gives_the_councils_amount_where_an_agreement_has_a_budget(minimal):
    """The same amount as the agreement's own case paper, so the council sees what the package
    costs it, not only shares."""
    project = load_project(minimal)
    single = "\n".join(text_lines(compose_case(project, Case("roros", "plan")))).replace("\u00a0", " ")
    amount = re.search(r"det vil si ([\d ]+) kroner av budsjettet for 2014", single).group(1)
    package = "\n".join(text_lines(compose_case(project, Case("roros", PACKAGE)))).replace("\u00a0", " ")
    assert (f"Der en delavtale bygger på et budsjett, er andelen for Røros kommune: «Plan, miljø & "
            f"geodata <kontor>» {amount} kroner i 2014.") in package
