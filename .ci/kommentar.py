#!/usr/bin/env python3
"""Post the change report as one comment on the pull/merge request, updated on every push.

GitHub: GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_EVENT_PATH (the pull request's number),
GITHUB_API_URL. GitLab: GITLAB_TOKEN (a project access token with the api scope; the job token
cannot write comments), CI_API_V4_URL, CI_PROJECT_ID, CI_MERGE_REQUEST_IID. Standard library
only, so it runs before any set-up. The comment is found again by a hidden marker.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request

MARKER = "<!-- samarbeid-docs: endringer -->"
LIMIT = 60000  # GitHub takes 65 536 characters, GitLab 1 000 000
TOO_LONG = ("\n\n*Rapporten er for lang for en kommentar og er kortet ned. Hele rapporten og "
            "Word-filene med sporede endringer ligger i byggets artefakter.*\n")


def _call(method: str, url: str, headers: dict, body: dict | None = None):
    data = json.dumps(body).encode("utf-8") if body is not None else None
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={**headers, "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read().decode("utf-8") or "null")


def _pages(url: str, headers: dict):
    page = 1
    while True:
        items = _call("GET", f"{url}{'&' if '?' in url else '?'}per_page=100&page={page}", headers)
        if not items:
            return
        yield from items
        page += 1


def _github(env: dict) -> tuple[str, dict, str, str]:
    api = env.get("GITHUB_API_URL", "https://api.github.com").rstrip("/")
    with open(env["GITHUB_EVENT_PATH"], encoding="utf-8") as handle:
        number = json.load(handle)["pull_request"]["number"]
    repo = env["GITHUB_REPOSITORY"]
    headers = {"Authorization": f"Bearer {env['GITHUB_TOKEN']}", "Accept": "application/vnd.github+json"}
    return (f"{api}/repos/{repo}/issues/{number}/comments", headers,
            f"{api}/repos/{repo}/issues/comments/{{id}}", "PATCH")


def _gitlab(env: dict) -> tuple[str, dict, str, str]:
    api = env["CI_API_V4_URL"].rstrip("/")
    project = urllib.parse.quote(env["CI_PROJECT_ID"], safe="")
    notes = f"{api}/projects/{project}/merge_requests/{env['CI_MERGE_REQUEST_IID']}/notes"
    return notes, {"PRIVATE-TOKEN": env["GITLAB_TOKEN"]}, f"{notes}/{{id}}", "PUT"


def post(report: str, env: dict) -> str:
    """Create or update the comment; return what was done, in Norwegian."""
    if env.get("GITHUB_TOKEN") and env.get("GITHUB_EVENT_PATH"):
        listing, headers, one, update = _github(env)
    elif env.get("GITLAB_TOKEN") and env.get("CI_MERGE_REQUEST_IID"):
        listing, headers, one, update = _gitlab(env)
    else:
        return ("Ingen kommentar: fant verken GITHUB_TOKEN (GitHub) eller GITLAB_TOKEN med "
                "CI_MERGE_REQUEST_IID (GitLab). Rapporten står i jobbloggen.")
    if len(report) > LIMIT:
        report = report[:LIMIT].rsplit("\n", 1)[0] + TOO_LONG
    body = {"body": f"{MARKER}\n{report}"}
    existing = next((c for c in _pages(listing, headers) if MARKER in (c.get("body") or "")), None)
    if existing is None:
        _call("POST", listing, headers, body)
        return "La inn kommentaren med endringene."
    _call(update, one.format(id=existing["id"]), headers, body)
    return "Oppdaterte kommentaren med endringene."


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("Bruk: python3 .ci/kommentar.py RAPPORT.md", file=sys.stderr)
        return 2
    try:
        with open(argv[1], encoding="utf-8") as handle:
            report = handle.read()
        print(post(report, dict(os.environ)))
    except OSError as exc:
        print(f"Kunne ikke lese rapporten {argv[1]}: {exc.strerror}", file=sys.stderr)
        return 2
    except urllib.error.HTTPError as exc:
        print(f"Kunne ikke skrive kommentaren: {exc.code} {exc.reason} fra {exc.url}. Sjekk at "
              "nøkkelen har rett til å skrive kommentarer.", file=sys.stderr)
        return 1
    except (urllib.error.URLError, KeyError, ValueError) as exc:
        print(f"Kunne ikke skrive kommentaren: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
