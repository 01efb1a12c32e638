"""CI integration where users run it: the composite action's audit script, run as GitHub runs it (bash -eo pipefail,
inputs in environment variables) on a site build; report.sarif named by repository paths (--sarif-root); the
example workflow wired to the action; and the Containerfile's build context enough to install the tool."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import yaml

from tests.conftest import REPO, SITES

SITE = SITES / "wordpress"
SITE_URL = "https://harbourphysio.test"


def _action() -> dict:
    return yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))


def _step(action: dict, name: str) -> dict:
    return next(s for s in action["runs"]["steps"] if s.get("name") == name)


def _run_step(step: dict, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    bin_dir = str(Path(sys.executable).parent)  # the installed clinicaudit, as the install step leaves it
    full = {**os.environ, **env, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""), "CI": "true"}
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=cwd,
                          env=full, capture_output=True, text=True, timeout=300)


def _outputs(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text(encoding="utf-8").splitlines() if "=" in line)


def test_the_actions_audit_gates_a_build_and_links_findings_to_its_files(tmp_path):
    repo = tmp_path / "site-repo"
    shutil.copytree(SITE / "public", repo / "public")
    action = _action()
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) >= {"target", "site-url", "fail-on", "min-score", "sarif-root", "upload-sarif"}
    github_output, summary = tmp_path / "output", tmp_path / "summary.md"
    env = {"TARGET": "public", "SITE_URL": SITE_URL, "OUT": "out", "FAIL_ON": "", "MIN_SCORE": "images=0 overall=0",
           "BASELINE": "", "DB": "", "SUPPRESSIONS": "", "SARIF_ROOT": "", "EXTRA_ARGS": "--max-pages 60",
           "GITHUB_OUTPUT": str(github_output), "GITHUB_STEP_SUMMARY": str(summary)}
    audit = _run_step(_step(action, "Audit"), env, repo)
    assert audit.returncode == 0, audit.stderr  # the step itself never fails: the Gate step does
    outputs = _outputs(github_output)
    assert outputs["exit-code"] == "0"  # every score is at or above 0
    report = json.loads((repo / "out" / "report.json").read_text(encoding="utf-8"))
    assert float(outputs["score"]) == report["scores"]["overall"]
    assert summary.read_text(encoding="utf-8") == (repo / "out" / "summary.md").read_text(encoding="utf-8")
    # a folder target: the SARIF names each page by the repository file that served it
    log = json.loads((repo / "out" / "report.sarif").read_text(encoding="utf-8"))
    places = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in log["runs"][0]["results"]]
    assert places and all(p["uriBaseId"] == "%SRCROOT%" for p in places)
    assert all(p["uri"].startswith("public/") and (repo / p["uri"].split("?")[0]).is_file() for p in places)

    # the same audit with an impossible minimum: the output says 1, and the Gate step fails the job with it
    env["MIN_SCORE"], env["OUT"] = "images=100.1", "out2"
    gated = _run_step(_step(action, "Audit"), env, repo)
    assert gated.returncode == 0 and _outputs(github_output)["exit-code"] == "2"  # 100.1 is no score: usage
    env["MIN_SCORE"], env["OUT"] = "overall=100", "out3"
    _run_step(_step(action, "Audit"), env, repo)
    code = _outputs(github_output)["exit-code"]
    assert code == "1"  # the site has findings, so its overall score is under 100
    gate = _run_step(_step(action, "Gate"), {"CODE": code}, repo)
    assert gate.returncode == 1


def test_inputs_reach_the_shell_as_data_never_as_script(tmp_path):
    action = _action()
    for step in action["runs"]["steps"]:
        # an input pasted into a script could run code from a branch name or a PR title
        assert "${{ inputs." not in step.get("run", ""), step.get("name")
    github_output, summary = tmp_path / "output", tmp_path / "summary.md"
    marker = tmp_path / "pwned"
    env = {"TARGET": f"$(touch {marker})", "SITE_URL": "", "OUT": str(tmp_path / "out"), "FAIL_ON": "",
           "MIN_SCORE": "", "BASELINE": "", "DB": "", "SUPPRESSIONS": "", "SARIF_ROOT": "", "EXTRA_ARGS": "",
           "GITHUB_OUTPUT": str(github_output), "GITHUB_STEP_SUMMARY": str(summary)}
    _run_step(_step(action, "Audit"), env, tmp_path)
    assert not marker.exists() and _outputs(github_output)["exit-code"] == "2"


def test_sarif_root_names_pages_under_a_repository_folder_for_a_url_target(cli, site_server, tmp_path):
    base = site_server("wordpress")
    run = cli("audit", base, "--out", str(tmp_path / "out"), "--site-url", SITE_URL, "--db", "none",
              "--format", "sarif", "--sarif-root", "site/public")
    assert run.returncode in (0, 1), run.stderr
    log = json.loads((run.out / "report.sarif").read_text(encoding="utf-8"))
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]]
    assert uris and all(u.startswith("site/public/") for u in uris)
    assert "originalUriBaseIds" not in log["runs"][0]  # %SRCROOT% is the repository's, code scanning knows it


def test_the_example_workflow_installs_the_tool_from_a_checkout_through_the_action():
    workflow = yaml.safe_load((REPO / "examples" / "github" / "site-audit.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["audit"]["steps"]
    checkout = next(s for s in steps if s.get("with", {}).get("path") == ".clinicaudit")
    assert checkout["uses"].startswith("actions/checkout@")
    audits = [s for s in steps if s.get("uses") == "./.clinicaudit"]
    assert len(audits) == 2 and all(set(s["with"]) <= set(_action()["inputs"]) for s in audits)
    assert not any("pip install clinicaudit" in s.get("run", "") for s in steps)  # it is not on PyPI
    install = _step(_action(), "Install clinicaudit")
    assert 'pip install' in install["run"] and "$ACTION_PATH" in install["run"]


def test_the_containerfile_context_is_enough_to_install_the_tool(tmp_path):
    text = (REPO / "Containerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11-[\w.-]*bookworm", text, re.M)  # Debian 12, Python 3.11
    assert re.search(r"apt-get install[^\n]*\bchromium\b", text)
    context = tmp_path / "context"
    context.mkdir()
    for line in re.findall(r"^COPY (.+)$", text, re.M):
        *sources, _ = line.split()
        for source in sources:
            src = REPO / source
            (shutil.copytree if src.is_dir() else shutil.copy2)(src, context / source)
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "wheel"),
                            str(context)], capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    [wheel] = (tmp_path / "wheel").glob("clinicaudit-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "clinicaudit/cli.py" in names and any(n.startswith("clinicaudit/demo_site/") for n in names)
    assert any(n.startswith("clinicaudit/_schema/") for n in names) and "spiders/site.py" in names


def test_sarif_paths_never_leave_their_root():
    from clinicaudit.reports.sarif import artifact, sarif_root_of

    root = "https://clinic.example/"
    for hostile in ("https://clinic.example/../../../.github/workflows/x.yml", "https://clinic.example/%2e%2e/%2e%2e/x",
                    "https://clinic.example/a/../../b"):
        for where in (artifact(hostile, root, None, None), artifact(hostile, root, "public", None)):
            assert ".." not in where["uri"].split("/") and not where["uri"].startswith("/")
    assert artifact("https://clinic.example/services/?page=2", root, "public", None)["uri"] == \
        "public/services/index.html"  # a repository path is a file: no query
    assert sarif_root_of("./public/") == "public"
    for outside in ("/home/runner/work/site/public", "../elsewhere"):
        try:
            sarif_root_of(outside)
        except ValueError:
            continue
        raise AssertionError(f"{outside} was accepted")
