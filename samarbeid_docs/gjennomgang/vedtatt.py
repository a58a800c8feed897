"""Text changed after the councils got it: an agreement sent to the councils, or adopted by
some or all of them, whose text differs from the previous version of the sources in git while
its version and date are the same.

The documents would go on saying «Vedtatt» (or «Til behandling») with the decisions listed,
over a text no council adopted. The version and date the text is adopted under are all that
tells two texts apart, so the change is an error once a council has adopted a sub-agreement
(set a new date and version, and take it to the councils again, or undo the change), and a
warning while it is only sent. The framework gets a warning only: its tables list every area,
and they change with the sub-agreements (an area added, a host agreed); the reader is pointed to
`samarbeid endringer` to tell those from a change in its own text. `samarbeid endringer` says the same for any document; this is
the check `sjekk` and `bygg` run, for the agreements past the draft only, so a project with
drafts only pays nothing. Comparing composes the earlier version (about 1 s for 27
documents); the answer is kept in .mellomlager/ for that version and these sources.
"""

from __future__ import annotations

from pathlib import Path

from .. import norsk
from ..bygging import manifest
from ..bygging.laas import CACHE
from ..feil import InputError, Problem, error, warning
from ..kilder import git
from ..kilder.prosjekt import AREAS, Project
from ..kilder.rot import FRAMEWORK
from ..tekst.livslop import stage
from ..tekst.sammenstill import version_of

RECORD = f"{CACHE}/vedtatt.json"


def _past_draft(project: Project) -> dict[str, tuple[str, list[str]]]:
    """slug → (its source file, the councils that have adopted it) for each agreement sent to
    the councils or adopted by any of them."""
    fw = project.rammeavtale
    found = {}
    for slug, file, behandling, participants in (
            [("samarbeidsavtale", FRAMEWORK, fw.behandling, list(fw.parter))]
            + [(slug, f"{AREAS}/{slug}.yaml", a.behandling, a.deltakere)
               for slug, a in project.omrader.items() if a.is_host_model and a.status != "avviklet"]):
        where = stage(behandling, participants)
        if where.code != "utkast":
            found[slug] = (file, [project.kommuner[k].navn for k in participants if k in where.adopted])
    return found


def changed_after_sending(root: Path, project: Project) -> list[Problem]:
    """The agreements past the draft whose text changed since the previous version of the
    sources (`git.previous_version`) under the same version and date."""
    sent = _past_draft(project)
    if not sent:
        return []
    previous = git.previous_version(root)  # None without git, or with no earlier version
    if previous is None:
        return []
    key = {"fra": previous, "kilder": manifest.fingerprint(root)}
    kept = manifest.load_file(root / RECORD)
    if kept.get("key") == key:
        titles = kept.get("titler", [])
    else:
        from .endringer import changes_between
        try:
            report, _before, after = changes_between(root, previous, None)
        except (InputError, OSError):
            return []  # the earlier version cannot be read by this tool: `endringer` says so
        titles = {doc.meta.title: slug for slug, doc in after.documents.items()}
        titles = [[title, titles[title]] for title in report.unversioned if title in titles]
        try:
            manifest.save_file(root / RECORD, {"key": key, "titler": titles})
        except OSError:
            pass
    problems = []
    for title, slug in titles:
        if slug not in sent:
            continue
        file, adopted = sent[slug]
        line, column = project.where(file, "behandling")
        shown = previous[:7]
        if adopted and slug != "samarbeidsavtale":
            version = version_of(project, project.omrader.get(slug))  # a new area's is 1.0
            day = norsk.date_text(project.rammeavtale.dato)
            problems.append(error(file, norsk.say(
                f"«{title}» er vedtatt av kommunestyrene i {norsk.join_names(adopted)} (versjon "
                f"{version}, {day}), men teksten er endret siden forrige versjon av kildene "
                f"({shown}) uten ny versjon og dato, så dokumentene ville vise vedtakene over en "
                "tekst ingen har vedtatt («samarbeid endringer» viser hva som er endret). Gjør endringen om, eller lag en ny versjon: sett ny dato, "
                f"og ny versjon der det passer, i {FRAMEWORK} (de gjelder alle avtalene), og før "
                f"vedtakene av versjon {version} inn under historikk i {file}; den versjonen gjelder "
                "til den nye er vedtatt. Avtalens bestemmelse om endringer sier om den nye må "
                "vedtas av kommunestyrene.",
                f"«{title}» er vedteken av kommunestyra i {norsk.join_names(adopted)} (versjon "
                f"{version}, {day}), men teksten er endra sidan førre versjon av kjeldene "
                f"({shown}) utan ny versjon og dato, så dokumenta ville vise vedtaka over ein "
                "tekst ingen har vedteke («samarbeid endringer» viser kva som er endra). Gjer endringa om, eller lag ein ny versjon: set ny dato, "
                f"og ny versjon der det passar, i {FRAMEWORK} (dei gjeld alle avtalane), og før "
                f"vedtaka av versjon {version} inn under historikk i {file}; den versjonen gjeld "
                "til den nye er vedteken. Føresegna i avtalen om endringar seier om den nye må "
                "vedtakast av kommunestyra."),
                line=line, column=column))
        elif adopted:  # its tables list every area: they change as the areas do
            problems.append(warning(file, norsk.say(
                f"«{title}» er vedtatt av kommunestyrene i {norsk.join_names(adopted)}, men teksten "
                f"er endret siden forrige versjon av kildene ({shown}) med samme versjon og dato. "
                "Se med «samarbeid endringer» hva som er endret: tabellene over områdene endres med "
                "delavtalene (et nytt område, en vertskommune som er avtalt), men er selve teksten "
                "endret, må den få ny dato og versjon og vedtas på nytt",
                f"«{title}» er vedteken av kommunestyra i {norsk.join_names(adopted)}, men teksten "
                f"er endra sidan førre versjon av kjeldene ({shown}) med same versjon og dato. "
                "Sjå med «samarbeid endringer» kva som er endra: tabellane over områda blir endra med "
                "delavtalane (eit nytt område, ein vertskommune som er avtalt), men er sjølve teksten "
                "endra, må han få ny dato og versjon og vedtakast på nytt"),
                line=line, column=column))
        else:
            problems.append(warning(file, norsk.say(
                f"«{title}» er sendt til kommunestyrene, men teksten er endret siden forrige versjon "
                f"av kildene ({shown}) med samme versjon og dato; sett ny dato og versjon i "
                f"{FRAMEWORK} og send den nye teksten, så kommunestyrene vet hvilken de vedtar",
                f"«{title}» er send til kommunestyra, men teksten er endra sidan førre versjon "
                f"av kjeldene ({shown}) med same versjon og dato; set ny dato og versjon i "
                f"{FRAMEWORK} og send den nye teksten, så kommunestyra veit kva for ein dei vedtek"),
                line=line, column=column))
    return problems
