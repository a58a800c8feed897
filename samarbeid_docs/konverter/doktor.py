"""`samarbeid doktor`: is this machine able to build the PDFs, and if not, what to install."""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from docx import Document as open_docx

from . import pdf
from .. import norsk
from ..skriv.ooxml import fonts_used


@dataclass
class Findings:
    lines: list[str] = field(default_factory=list)
    ok: bool = True

    def add(self, label: str, text: str, ok: bool = True) -> None:
        self.lines.append(f"{label}: {text}")
        self.ok = self.ok and ok


def template_fonts(template: Path) -> set[str]:
    return fonts_used(open_docx(str(template)))


def font_problems(template: Path) -> list[str]:
    """Return one Norwegian sentence per template font that would be replaced silently."""
    matches = pdf.match_fonts(template_fonts(template))
    if matches is None:
        return ["fontconfig (fc-match) mangler, så skriftene i PDF-ene kan ikke kontrolleres; "
                f"installer med: {pdf.INSTALL_HINT}"]
    return [f"skriften {m.requested} i malen finnes ikke på maskinen; LibreOffice ville brukt "
            f"{m.resolved or 'en annen skrift'} i stedet. Installer den med: {pdf.INSTALL_HINT}"
            for m in matches if not m.ok]


def examine(template: Path) -> Findings:
    """Check LibreOffice, the template's fonts and a real PDF/A export."""
    found = Findings()
    soffice = pdf.find_soffice()
    if soffice is None:
        found.add("LibreOffice", f"mangler. Installer med: {pdf.INSTALL_HINT}", ok=False)
    else:
        found.add("LibreOffice", f"{pdf.soffice_version(soffice)} ({soffice})")
    matches = pdf.match_fonts(template_fonts(template))
    if matches is None:
        found.add("Skrifter", f"fc-match mangler. Installer med: {pdf.INSTALL_HINT}", ok=False)
    else:
        for m in matches:
            status = "OK" if m.ok else f"ERSTATTES – installer med: {pdf.INSTALL_HINT}"
            found.add(f"Skrift {m.requested}", f"fc-match gir {m.resolved} ({m.file}) – {status}",
                      ok=m.ok)
    if soffice is None:
        found.add("PDF-eksport", "ikke prøvd (LibreOffice mangler)", ok=False)
        return found
    with tempfile.TemporaryDirectory(prefix="samarbeid-doktor-") as tmp:
        work = Path(tmp)
        source = work / "prove.docx"
        doc = open_docx(str(template))
        body = doc.element.body
        for child in list(body)[:-1]:
            body.remove(child)
        doc.add_paragraph("Prøveside fra samarbeid doktor: Røros, Rossen tjïelte, Holtålen, Os.")
        doc.save(str(source))
        target = work / "ut" / "prove.pdf"
        started = time.monotonic()
        try:
            with pdf.Converter(work / "lo", workers=1) as converter:
                converter.submit(pdf.Job(source, target, "prøvedokument"))
                converter.finish()
        except Exception as exc:  # noqa: BLE001 - report any failure as a finding
            found.add("PDF-eksport", f"feilet: {exc}", ok=False)
            return found
        seconds = time.monotonic() - started
        from pypdf import PdfReader
        reader = PdfReader(str(target))
        xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8", "replace")
        pdfa = "<pdfaid:part>2</pdfaid:part>" in xmp and "<pdfaid:conformance>B" in xmp
        tagged = "/StructTreeRoot" in reader.trailer["/Root"]
        lang = reader.trailer["/Root"].get("/Lang")
        ok = pdfa and tagged and lang == "nb-NO"
        found.add("PDF-eksport", f"{'OK' if ok else 'MANGELFULL'} (PDF/A-2b: {'ja' if pdfa else 'nei'}, "
                                 f"merket: {'ja' if tagged else 'nei'}, språk: {lang}, "
                                 f"{norsk.decimal(Decimal(f'{seconds:.1f}'), 1)} s)", ok=ok)
        if converter.fell_back:
            found.add("Varme LibreOffice-prosesser", "nei – PDF-ene lages i puljer, som er tregere. "
                      "Installer python3-uno for raskere bygging.")
        else:
            found.add("Varme LibreOffice-prosesser", "ja (styres over UNO med python3-uno)")
    return found
