"""Corrupt input is reported, not skipped: export, report and validate name each unreadable line of a run's JSONL
files and exit 2, unless --skip-bad-lines."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import run_cli


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("bad-lines") / "run"
    run = run_cli("demo", "--out", str(out), cwd=tmp_path_factory.mktemp("cwd"))
    assert run.returncode == 0, run.stderr
    return out


@pytest.fixture
def torn(demo_run, tmp_path):
    """The demo's run with its fourth pages.jsonl line cut in half, and a line of something else in findings."""
    out = tmp_path / "run"
    shutil.copytree(demo_run, out)
    lines = (out / "pages.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = lines[3][: len(lines[3]) // 2] + "\n"
    (out / "pages.jsonl").write_text("".join(lines), encoding="utf-8")
    with open(out / "findings.jsonl", "a", encoding="utf-8") as fh:
        fh.write("[1, 2, 3]\n")
    return out


def test_export_names_each_bad_line_and_stops(torn, tmp_path):
    run = run_cli("export", str(torn), "--format", "csv", "--to", str(tmp_path / "export"))
    assert run.returncode == 2, run.stderr
    assert f"{torn / 'pages.jsonl'}:4: not JSON" in run.stderr
    assert f"{torn / 'findings.jsonl'}:" in run.stderr and "a JSON list, not a record" in run.stderr
    assert not (tmp_path / "export").exists() or not any((tmp_path / "export").iterdir())
    skipped = run_cli("export", str(torn), "--format", "csv", "--to", str(tmp_path / "export"), "--skip-bad-lines")
    assert skipped.returncode == 0 and "skipping 2 unreadable lines" in skipped.stderr, skipped.stderr


def test_report_names_each_bad_line_and_stops(torn):
    run = run_cli("report", str(torn))
    assert run.returncode == 2 and f"{torn / 'pages.jsonl'}:4: not JSON" in run.stderr, run.stderr
    assert run_cli("report", str(torn), "--skip-bad-lines").returncode == 0


def test_validate_does_not_call_a_torn_file_valid(torn):
    run = run_cli("validate", str(torn / "pages.jsonl"))
    assert run.returncode == 2 and ":4: not JSON" in run.stdout and "schema.json" not in run.stdout, run.stdout
    skipped = run_cli("validate", str(torn / "pages.jsonl"), "--skip-bad-lines")
    assert "skipping 1 unreadable line" in skipped.stdout
