"""A warm LibreOffice worker: converts DOCX to PDF/A, one request per line, for as long as asked.

Runs under the system Python (the one LibreOffice's `uno` module belongs to), so it uses only
the standard library and `uno`; it imports nothing from samarbeid_docs.

    python3 lo_arbeider.py SOFFICE PROFILE_DIR PIPE_NAME

It starts LibreOffice (headless, its own profile, listening on a named pipe) as its child in
the same process group, connects, and prints `klar`. Then, for every line on stdin holding
{"kilde": DOCX, "mål": PDF}, it converts and prints {"ok": true} or {"ok": false, "feil": …}.
The document stays open until the next line: {"brudd": [bookmark, …], "mål": PDF} puts a page
break before the paragraph of each named bookmark in it and exports it again, without loading
the DOCX a second time (the converter's mending of lone headings, `sidebrudd`).
It exits at end of input, closing LibreOffice. The parent kills the whole process group when a
conversion hangs. If `uno` cannot be imported it prints `uten-uno` and exits with status 3.
"""

import json
import os
import subprocess
import sys
import time

try:
    import uno
    from com.sun.star.beans import PropertyValue
    from com.sun.star.connection import NoConnectException
except ImportError:
    print("uten-uno", flush=True)
    sys.exit(3)

FILTER_DATA = (("SelectPdfVersion", 2),  # PDF/A-2b
               ("UseTaggedPDF", True),
               ("ExportBookmarks", True),
               ("ExportBookmarksToPDFDestination", True))  # marks the converter reads (sidebrudd)
CONNECT_SECONDS = 60.0


def prop(name, value):
    return PropertyValue(name, 0, value, 0)


def connect(soffice, profile, pipe):
    office = subprocess.Popen(
        [soffice, f"-env:UserInstallation={uno.systemPathToFileUrl(profile)}", "--headless",
         "--invisible", "--norestore", "--nolockcheck", "--nologo", "--nodefault",
         f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + CONNECT_SECONDS
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except NoConnectException:
            if office.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("LibreOffice startet ikke") from None
            time.sleep(0.02)
    desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    return office, desktop


def load(desktop, source):
    # read-only, no type detection and no link updates: 5 and 2 ms less per document
    document = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(source), "_blank", 0,
        (prop("Hidden", True), prop("ReadOnly", True), prop("UpdateDocMode", 0),
         prop("FilterName", "MS Word 2007 XML")))
    if document is None:
        raise RuntimeError("LibreOffice kunne ikke åpne filen")
    return document


def export(document, target):
    data = uno.Any("[]com.sun.star.beans.PropertyValue",
                   tuple(prop(name, value) for name, value in FILTER_DATA))
    document.storeToURL(uno.systemPathToFileUrl(target),
                        (prop("FilterName", "writer_pdf_Export"), prop("FilterData", data)))


def break_before(document, names):
    """A page break before the paragraph where each bookmark in `names` starts."""
    marks = document.getBookmarks()
    page_before = uno.Enum("com.sun.star.style.BreakType", "PAGE_BEFORE")
    for name in names:
        if not marks.hasByName(name):
            raise RuntimeError(f"fant ikke bokmerket {name}")
        start = marks.getByName(name).getAnchor().getStart()
        cursor = start.getText().createTextCursorByRange(start)
        cursor.setPropertyValue("BreakType", page_before)


def close(document):
    if document is not None:
        try:
            document.close(True)
        except Exception:  # noqa: BLE001 - closed or gone with LibreOffice already
            pass


def main():
    soffice, profile, pipe = sys.argv[1:4]
    try:
        office, desktop = connect(soffice, os.path.abspath(profile), pipe)
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which falls back
        print(json.dumps({"ok": False, "feil": str(exc)}), flush=True)
        sys.exit(4)
    print("klar", flush=True)
    held = None  # the last document converted, open for page breaks until the next line
    try:
        for line in sys.stdin:
            request = json.loads(line)
            try:
                if "brudd" in request:
                    if held is None:
                        raise RuntimeError("ingen åpen fil å sette sideskift i")
                    break_before(held, request["brudd"])
                else:
                    close(held)
                    held = None
                    held = load(desktop, request["kilde"])
                export(held, request["mål"])
                answer = {"ok": True}
            except Exception as exc:  # noqa: BLE001 - every failure goes back as an answer
                answer = {"ok": False, "feil": getattr(exc, "Message", "") or str(exc)}
            print(json.dumps(answer, ensure_ascii=False), flush=True)
    finally:
        close(held)
        try:
            desktop.terminate()
        except Exception:  # noqa: BLE001 - LibreOffice may be gone already
            pass
        try:
            office.wait(timeout=10)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main()
