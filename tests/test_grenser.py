"""Nothing outside the project reaches a document, and a failed build leaves no trace (issue 15):
symbolic links, Norwegian YAML messages, NFC input, no build/ and no LibreOffice on bad
sources, no pipes left in /tmp."""

from __future__ import annotations

import os
import subprocess
import tarfile
import io
from pathlib import Path, PurePosixPath

import pytest
from click.testing import CliRunner

from samarbeid_docs import cli
from samarbeid_docs.bygging.bygg import build, compose_all
from samarbeid_docs.feil import InputError
from samarbeid_docs.kilder import git, kilde
from samarbeid_docs.kilder.prosjekt import load_project
from samarbeid_docs.tekst.dokument import text_lines

from .conftest import edit, local_template

pytestmark = pytest.mark.slow  # left out of `make test-rask`

AREA = "avtaler/omrader/plan.yaml"


def run(root, *args):
    return CliRunner().invoke(cli.main, ["-C", str(root), *args], prog_name="samarbeid")


# -- symbolic links ------------------------------------------------------------------------------

def test_a_template_linked_to_a_file_outside_is_refused(minimal, tmp_path):
    secret = tmp_path / "hemmelig.txt"
    secret.write_text("root:x:0:0:hemmelig\n", encoding="utf-8")
    local_template(minimal, "klausuler/tvister.md.j2")  # the project's own maler/klausuler/
    (minimal / "maler/klausuler/lekk.md.j2").symlink_to(secret)
    edit(minimal / "maler/delavtale.md.j2", '{% include "klausuler/tvister.md.j2" %}',
         '{% include "klausuler/tvister.md.j2" %}\n\n{% include "klausuler/lekk.md.j2" %}')
    for command in (["sjekk"], ["bygg", "--uten-pdf"]):
        result = run(minimal, *command)
        assert result.exit_code == 2, result.output
        assert f"er en lenke til {secret}, som er utenfor maler/" in result.stderr
        assert "maler/delavtale.md.j2:" in result.stderr
    assert not (minimal / "build").exists()


def test_a_source_linked_to_a_file_outside_is_refused(minimal, tmp_path):
    outside = tmp_path / "ute.yaml"
    outside.write_bytes((minimal / AREA).read_bytes())
    (minimal / AREA).unlink()
    (minimal / AREA).symlink_to(outside)
    result = run(minimal, "sjekk")
    assert result.exit_code == 2
    assert (f"{AREA}:1: FEIL: filen er en lenke til {outside}, som er utenfor prosjektets "
            "avtaler/ og maler/") in result.stderr


def test_a_link_that_stays_inside_the_tree_is_fine(minimal):
    local_template(minimal, "klausuler/tvister.md.j2")
    (minimal / "maler/klausuler/tvister.md.j2").rename(minimal / "maler/klausuler/tvister-tekst.md.j2")
    (minimal / "maler/klausuler/tvister.md.j2").symlink_to("tvister-tekst.md.j2")
    plan = next(d for d in compose_all(load_project(minimal)) if d.slug == "plan")
    assert "Uenighet om avtalen" in "\n".join(text_lines(plan))


def test_a_link_in_an_old_revision_is_refused(tmp_path):
    data = io.BytesIO()
    with tarfile.open(fileobj=data, mode="w") as archive:
        info = tarfile.TarInfo("avtaler/omrader/nav.yaml")
        info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
        archive.addfile(info)
    with pytest.raises(InputError) as found:
        git._extract(data.getvalue(), PurePosixPath("."), tmp_path / "ut")
    assert "avtaler/omrader/nav.yaml er en lenke til /etc/passwd i revisjonen" in found.value.message


# -- a failed build leaves no trace ----------------------------------------------------------------

def test_a_build_that_fails_on_its_sources_writes_nothing_and_stops_libreoffice(minimal, monkeypatch):
    """LibreOffice is started first, to come up while the sources are checked; a fault in them
    closes it again (test_feil checks that no LibreOffice process is left)."""
    started, closed = [], []
    from samarbeid_docs.konverter import pdf
    monkeypatch.setattr(pdf.Converter, "start", lambda self: started.append(self))
    real_close = pdf.Converter.close
    monkeypatch.setattr(pdf.Converter, "close", lambda self: (closed.append(self), real_close(self)))
    edit(minimal / AREA, "vertskommune: roros", "vertskommune: rros")
    result = run(minimal, "bygg")
    assert result.exit_code == 2
    assert not (minimal / "build").exists()
    assert started and set(map(id, started)) <= set(map(id, closed))


def test_no_pipes_are_left_in_tmp_after_a_build(minimal):
    import hashlib

    def ours(name: str) -> bool:
        """A pipe of this build: its UNO pipes are named by this process, its single-instance
        pipes by its profiles (other test processes build at the same time)."""
        profiles = [minimal / ".mellomlager/arbeid" / f"profil-{i}" for i in range(os.cpu_count() or 1)]
        hashes = {"SingleOfficeIPC_" + "".join(f"{b:x}" for b in hashlib.md5(  # noqa: S324
            p.resolve().as_uri().encode("utf-16-le")).digest()) for p in profiles}
        return name.startswith(f"samarbeid-{os.getpid()}-") or name in hashes

    def pipes():
        prefix = f"OSL_PIPE_{os.getuid()}_"
        return {p.name for p in Path("/tmp").glob(f"{prefix}*") if ours(p.name[len(prefix):])}
    if pdf_unavailable():
        pytest.skip("LibreOffice is not installed")
    before = pipes()
    build(minimal)
    assert pipes() - before == set()


def pdf_unavailable() -> bool:
    from .conftest import in_ci
    from samarbeid_docs.konverter.pdf import find_soffice
    return find_soffice() is None and not in_ci()


# -- Norwegian YAML messages, NFC, the Sámi name ------------------------------------------------

@pytest.mark.parametrize(("text", "message"), [
    ("a: [b, c\n", "2:1: FEIL: listen er ikke avsluttet: mangler ']' eller et komma (fant slutten av filen)"),
    ("a: @x\n", "1:4: FEIL: tegnet «@» kan ikke stå først i en verdi; sett verdien i anførselstegn"),
    ("feil: 'x' y\n", "1:11: FEIL: en verdi fortsetter etter at den er avsluttet"),
    ("a: &x 1\nb: &x 2\n", "2:4: FEIL: samme anker (&navn) står to ganger"),
    ("a: {b: c\n", "FEIL: oppslaget er ikke avsluttet: mangler '}' eller et komma"),
    ("a:\n  b: 1\n c: 2\n", "3:2: FEIL: innrykket stemmer ikke med linjene over"),
])
def test_yaml_problems_are_told_in_norwegian(text, message):
    with pytest.raises(kilde.LoadError) as found:
        kilde.loads(text, "t.yaml")
    said = str(found.value)
    assert message in said
    for english in ("expected", "found", "but got", "occurrence", "while "):
        assert english not in said


def test_input_is_normalised_to_nfc(minimal):
    decomposed = "Holta\u030alen"
    edit(minimal / "avtaler/kommuner.yaml", "    navn: Holtålen", f"    navn: {decomposed}")
    project = load_project(minimal)
    assert project.kommuner["holtalen"].navn == "Holtålen"
    plan = "\n".join(text_lines(next(d for d in compose_all(project) if d.slug == "plan")))
    assert "\u030a" not in plan and "Holtålen kommune" in plan


def test_the_sami_name_is_shown_with_the_parties(minimal):
    plan = "\n".join(text_lines(next(d for d in compose_all(load_project(minimal)) if d.slug == "plan")))
    assert "Røros kommune heter Rossen tjïelte på samisk." in plan


# -- sjekk reports first whatever bygg would fail on -------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

TITLE_CHARS = st.one_of(st.sampled_from(list("Aå «»&<>'\"{}%#*_|-–§\u00a0ïö")),
                        st.characters(codec="utf-8", exclude_categories=("Cs",)))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=st.text(alphabet=TITLE_CHARS, min_size=1, max_size=260),
       field=st.sampled_from(["area", "framework"]))
def test_sjekk_and_bygg_agree_on_what_the_writers_can_take(tmp_path_factory, title, field):
    """Titles of any length and characters: `sjekk` accepts exactly what `bygg` can build, and
    neither ends in an internal error (exit 1)."""
    import json
    import shutil
    from .conftest import ROOTS
    root = tmp_path_factory.mktemp("grense")
    shutil.copytree(ROOTS / "minimal" / "avtaler", root / "avtaler")
    target = root / (AREA if field == "area" else "avtaler/samarbeidsavtale.yaml")
    text = target.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.startswith("tittel: "))
    target.write_text(text.replace(old, "tittel: " + json.dumps(title, ensure_ascii=False)),
                      encoding="utf-8")
    checked = run(root, "sjekk")
    built = run(root, "bygg", "--uten-pdf")
    assert checked.exit_code in (0, 2) and built.exit_code in (0, 2), (checked.output, built.output)
    assert checked.exit_code == built.exit_code, (checked.output, built.output)


# -- build/ always matches its sources ------------------------------------------------------------

def _summary(root):
    result = run(root, "bygg", "--uten-pdf")
    assert result.exit_code == 0, result.output
    return result.stdout


def test_an_edited_corrupted_or_deleted_output_is_made_again(real_copy):
    _summary(real_copy)
    docx = real_copy / "build/docx/nav.docx"
    clean = docx.read_bytes()
    docx.write_bytes(clean[:-10] + b"0123456789")  # corrupted, same size
    (real_copy / "build/md/barnevern.md").write_text("endret for hånd\n", encoding="utf-8")
    (real_copy / "build/docx/ppt.docx").unlink()
    out = _summary(real_copy)
    assert "Laget på nytt: build/docx/nav.docx er endret, byttet ut eller ødelagt etter forrige bygging." in out
    assert "Laget på nytt: build/md/barnevern.md er endret, byttet ut eller ødelagt" in out
    assert "Laget på nytt: build/docx/ppt.docx er slettet." in out
    assert docx.read_bytes() == clean and (real_copy / "build/docx/ppt.docx").is_file()
    assert "endret for hånd" not in (real_copy / "build/md/barnevern.md").read_text(encoding="utf-8")
    assert "Ingen endringer" in _summary(real_copy)


def test_a_touched_output_is_checked_by_content_not_time(real_copy):
    _summary(real_copy)
    os.utime(real_copy / "build/docx/nav.docx")  # newer time, same content
    out = _summary(real_copy)
    assert "Laget på nytt" not in out


@pytest.mark.skipif(pdf_unavailable(), reason="LibreOffice is not installed")
def test_a_swapped_pdf_is_converted_again_and_links_follow_the_record(minimal, tmp_path):
    build(minimal)
    pdf = minimal / "build/pdf/plan.pdf"
    clean = pdf.read_bytes()
    pdf.write_bytes((minimal / "build/pdf/oversikt.pdf").read_bytes())  # another document's PDF
    result = run(minimal, "bygg")
    assert "Laget på nytt: build/pdf/plan.pdf er endret, byttet ut eller ødelagt" in result.stdout
    assert pdf.read_bytes() == clean
    # a touched DOCX and a source change: the PDF is made again and stays linked
    os.utime(minimal / "build/docx/plan.docx")
    edit(minimal / AREA, "  - byggesak", "  - byggesak og oppmåling")
    assert run(minimal, "bygg").exit_code == 0
    page = (minimal / "build/index.html").read_text(encoding="utf-8")
    assert 'href="pdf/plan.pdf"' in page
    assert 'href="../pdf/plan.pdf"' in (minimal / "build/html/plan.html").read_text(encoding="utf-8")
    # without PDFs, a changed DOCX hides its older PDF: it is no longer the same document
    edit(minimal / AREA, "  - byggesak og oppmåling", "  - byggesak, oppmåling og matrikkel")
    assert run(minimal, "bygg", "--uten-pdf").exit_code == 0
    assert 'href="pdf/plan.pdf"' not in (minimal / "build/index.html").read_text(encoding="utf-8")


def _snapshot(root):
    import hashlib
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((root / "build").rglob("*"))
            if p.is_file() and not p.name.startswith(".")}


@pytest.mark.parametrize("step", ["klar", ".samlet.pdf", "neste"])
def test_a_full_disk_at_any_step_leaves_the_earlier_build_whole(real_copy, fake_soffice, monkeypatch, step):
    import errno
    from samarbeid_docs.bygging import bygg
    from samarbeid_docs.feil import BuildError
    fake_soffice("ok", bookmarks=28)
    build(real_copy)
    before = _snapshot(real_copy)
    edit(real_copy / "avtaler/omrader/landbruk.yaml", "  - kommunenes forvaltningsoppgaver innen jordbruk og skogbruk",
         "  - kommunenes forvaltningsoppgaver innen jordbruk, skogbruk og reindrift")
    real_write = bygg.atomic_write

    def full(target, data):
        if step in str(target):
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(target, data)
    monkeypatch.setattr(bygg, "atomic_write", full)
    with pytest.raises(BuildError) as found:
        build(real_copy)
    assert "disken er full; frigjør plass og bygg på nytt" in found.value.message
    assert _snapshot(real_copy) == before  # nothing new in place, nothing old lost
    assert not (real_copy / ".mellomlager/arbeid/neste").exists()
    monkeypatch.setattr(bygg, "atomic_write", real_write)
    build(real_copy)  # with room again, the build completes
    assert "reindrift" in (real_copy / "build/md/landbruk.md").read_text(encoding="utf-8")


def test_libreoffice_left_by_a_killed_build_is_stopped_before_the_next(tmp_path):
    """kill -9 reaches the build, not the LibreOffice it started in its own session; the next
    build stops what still runs on the project's profiles."""
    import sys
    import time
    from samarbeid_docs.konverter.pdf import stop_leftovers
    work = tmp_path / ".mellomlager/arbeid"
    work.mkdir(parents=True)
    marker = f"-env:UserInstallation={work.resolve().as_uri()}/profil-0"
    leftover = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", marker])
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)",
                              "-env:UserInstallation=file:///et/annet/prosjekt/profil-0"])
    try:
        # a process just started may not have its own command line yet (fork before exec):
        # wait until both show theirs, as a LibreOffice left by a killed build long has
        for proc in (leftover, other):
            ready = time.monotonic() + 10
            while b"UserInstallation" not in Path(f"/proc/{proc.pid}/cmdline").read_bytes() \
                    and time.monotonic() < ready:
                time.sleep(0.01)
        stop_leftovers(work)
        deadline = time.monotonic() + 10
        while leftover.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert leftover.poll() is not None and other.poll() is None
    finally:
        for proc in (leftover, other):
            proc.kill()
            proc.wait()
