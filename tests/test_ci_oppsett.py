"""The ready CI set-ups for GitHub and GitLab (issue 16): valid by the hosts' published schemas,
and their shell steps, run here in a pull request's clone, build, check, report and comment."""

import json
import os
import shutil
import subprocess
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import yaml

from samarbeid_docs.konverter.pdf import find_soffice

from .conftest import REPO, edit, in_ci

pytestmark = pytest.mark.slow  # left out of `make test-rask`

WORKFLOW = REPO / ".github/workflows/avtaler.yml"
GITLAB = REPO / ".gitlab-ci.yml"
CHECKER = REPO / ".venv/bin/check-jsonschema"


@pytest.mark.parametrize(("path", "schema"), [(WORKFLOW, "vendor.github-workflows"),
                                              (GITLAB, "vendor.gitlab-ci")])
def test_ci_files_match_the_hosts_published_schemas(path, schema):
    result = subprocess.run([str(CHECKER), "--builtin-schema", schema, str(path)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ci_files_are_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert ".github/workflows/avtaler.yml" in readme and ".gitlab-ci.yml" in readme
    assert "GITLAB_TOKEN" in readme


class FakeHost(BaseHTTPRequestHandler):
    """GitHub's issue comments and GitLab's merge request notes, kept in memory."""

    comments: list[dict] = []
    calls: list[tuple[str, str]] = []

    def log_message(self, *args):
        pass

    def _reply(self, data, status=200):
        body = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _body(self):
        return json.loads(self.rfile.read(int(self.headers["Content-Length"])))["body"]

    def do_GET(self):  # noqa: N802 - http.server's names
        self.calls.append(("GET", self.path))
        page = int(urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query)["page"][0])
        self._reply(self.comments if page == 1 else [])

    def do_POST(self):  # noqa: N802
        self.calls.append(("POST", self.path))
        self.comments.append({"id": len(self.comments) + 1, "body": self._body()})
        self._reply(self.comments[-1], 201)

    def _update(self):
        self.calls.append((self.command, self.path))
        comment = next(c for c in self.comments if self.path.endswith(f"/{c['id']}"))
        comment["body"] = self._body()
        self._reply(comment)

    do_PATCH = do_PUT = _update  # noqa: N815


@pytest.fixture
def host():
    FakeHost.comments, FakeHost.calls = [{"id": 1, "body": "Ser bra ut!"}], []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeHost)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _git(cwd, *args):
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "t@example.org"}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


@pytest.fixture
def pull_request(real_copy, tmp_path):
    """A clone on a pull request's branch that moves the agricultural office to Holtålen."""
    for name in ("Makefile", "pyproject.toml", ".gitignore"):
        shutil.copy(REPO / name, real_copy / name)
    shutil.copytree(REPO / ".ci", real_copy / ".ci")
    (real_copy / ".venv").symlink_to(REPO / ".venv")
    _git(real_copy, "init", "-q", "-b", "main")
    _git(real_copy, "add", "-A")
    _git(real_copy, "commit", "-qm", "første versjon")
    _git(tmp_path, "clone", "-q", "--bare", str(real_copy), "origin.git")
    _git(real_copy, "remote", "add", "origin", str(tmp_path / "origin.git"))
    _git(real_copy, "fetch", "-q", "origin")
    _git(real_copy, "checkout", "-q", "-b", "landbruk-til-holtalen")
    edit(real_copy / "avtaler/omrader/landbruk.yaml", "vertskommune: os", "vertskommune: holtalen")
    _git(real_copy, "commit", "-qam", "Landbrukskontoret til Holtålen")
    return real_copy


def _run(root, script, env):
    # the project's set-up is already made (.venv is the repository's): make must not redo it
    env = {**os.environ, "MAKEFLAGS": "STAMP=", **env}
    result = subprocess.run(["bash", "-eo", "pipefail", "-c", script], cwd=root, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, script + "\n" + result.stdout + result.stderr
    return result.stdout


def _substitute(text, values):
    for expression, value in values.items():
        text = text.replace("${{ " + expression + " }}", value)
    assert "${{" not in text, text
    return text


@pytest.mark.skipif(find_soffice() is None and not in_ci(), reason="LibreOffice is not installed")
def test_the_pull_request_steps_build_check_report_and_comment(pull_request, host, tmp_path):
    root = pull_request
    event = tmp_path / "hendelse.json"
    event.write_text(json.dumps({"pull_request": {"number": 7}}), encoding="utf-8")
    summary = tmp_path / "sammendrag.md"
    values = {"github.base_ref": "main", "secrets.GITHUB_TOKEN": "hemmelig"}
    env = {"GITHUB_API_URL": host, "GITHUB_REPOSITORY": "kommune/avtaler", "GITHUB_EVENT_PATH": str(event),
           "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_EVENT_NAME": "pull_request"}
    steps = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["bygg"]["steps"]
    run_steps = [s for s in steps if "run" in s and ("if" not in s or "pull_request" in s["if"])]
    assert [s["name"] for s in run_steps] == ["Sett opp og bygg alle avtalene", "Sjekk kildene",
                                              "Endringer mot målgrenen", "Kommentar med endringene"]
    for step in run_steps:
        step_env = {k: _substitute(str(v), values) for k, v in step.get("env", {}).items()}
        _run(root, _substitute(step["run"], values), {**env, **step_env})
    report = summary.read_text(encoding="utf-8")
    assert "### Felles landbrukskontor (endret)\n- Vertskommune: Os → Holtålen" in report
    assert "<del>Os</del><ins>Holtålen</ins> kommune er vertskommune" in report
    assert (root / "build/endringer/landbruk.docx").is_file()  # the artifact step's path
    assert (root / "build/index.html").is_file() and (root / "build/samlet.pdf").is_file()
    assert [c["body"] for c in FakeHost.comments][0] == "Ser bra ut!"
    assert len(FakeHost.comments) == 2 and FakeHost.comments[1]["body"].startswith(
        "<!-- samarbeid-docs: endringer -->\n## Endringer fra ")
    assert ("POST", "/repos/kommune/avtaler/issues/7/comments") in FakeHost.calls
    # a new push to the pull request updates the one comment
    comment = next(s for s in run_steps if s["name"] == "Kommentar med endringene")
    _run(root, comment["run"], {**env, "GITHUB_TOKEN": "hemmelig"})
    assert len(FakeHost.comments) == 2 and ("PATCH", "/repos/kommune/avtaler/issues/comments/2") in FakeHost.calls

    # GitLab: the same project, a merge request pipeline; the target branch is fetched
    _git(root, "update-ref", "-d", "refs/remotes/origin/main")
    FakeHost.comments, FakeHost.calls = [], []
    job = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))["avtaler"]
    gitlab = {"CI_PIPELINE_SOURCE": "merge_request_event", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main",
              "CI_API_V4_URL": f"{host}/api/v4", "CI_PROJECT_ID": "kommune/avtaler",
              "CI_MERGE_REQUEST_IID": "3", "GITLAB_TOKEN": "hemmelig"}
    for _ in range(2):
        out = _run(root, "\n".join(job["script"]), gitlab)
    assert "Oppdaterte kommentaren med endringene." in out
    assert len(FakeHost.comments) == 1 and "Vertskommune: Os → Holtålen" in FakeHost.comments[0]["body"]
    assert ("POST", "/api/v4/projects/kommune%2Favtaler/merge_requests/3/notes") in FakeHost.calls
    assert ("PUT", "/api/v4/projects/kommune%2Favtaler/merge_requests/3/notes/1") in FakeHost.calls
    # the default branch publishes build/ as GitLab Pages, without the review files
    pages = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))["pages"]
    _run(root, "\n".join(pages["script"]), {})
    assert (root / "public/index.html").is_file() and not (root / "public/endringer").exists()


def test_comment_without_a_token_says_so(tmp_path):
    report = tmp_path / "r.md"
    report.write_text("## Endringer\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_TOKEN", "GITLAB_TOKEN")}
    result = subprocess.run(["python3", str(REPO / ".ci/kommentar.py"), str(report)], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "Ingen kommentar" in result.stdout
    result = subprocess.run(["python3", str(REPO / ".ci/kommentar.py"), str(tmp_path / "borte.md")],
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "Kunne ikke lese rapporten" in result.stderr
