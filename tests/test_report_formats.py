"""The machine and CI report formats (report.json, findings.csv, summary.md, junit.xml, report.sarif), on a real demo
run and on a hand-written run folder full of hostile site content.

Expected values are written by hand from docs/demo-site.md (the planted flaws and the findings that follow from
the markup) and docs/rules.md (each rule's category and severity), not copied from the reports' output."""

from __future__ import annotations

import dataclasses

import csv
import html
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from markdown_it import MarkdownIt

from audits.registry import rules
from clinicaudit import __version__, validation
from clinicaudit.gate import judge
from clinicaudit.output import OutputDir
from clinicaudit.reports import csv_report, json_report, junit, markdown, sarif
from clinicaudit.reports.model import RunData
from tests.conftest import run_cli

ORIGIN = "https://strathconaphysicaltherapy.com"
SERVICE_PAGES = ["/dryneedling", "/physiotherapy", "/massage-therapy", "/shockwave-therapy",
                 "/vestibular-rehabilitation"]

# docs/demo-site.md: "Deliberate flaws" and "Findings that follow from the markup": (rule, page path).
DEMO_FINDINGS = sorted([
    ("image-alt", "/about"),
    ("image-alt-filename", "/massage-therapy"),
    ("image-alt-generic", "/physiotherapy"),
    ("image-alt-redundant-prefix", "/shockwave-therapy"),
    ("link-name", "/contact"),
    ("heading-order", "/vestibular-rehabilitation"),
    ("empty-heading", "/vestibular-rehabilitation"),
    ("multiple-h1", "/about"),
    ("duplicate-title", "/conditions"),
    ("duplicate-title", "/contact"),
    ("meta-description", "/massage-therapy"),
    ("jsonld-syntax", "/shockwave-therapy"),
    ("link-text", "/physiotherapy"),
    ("broken-link", "/conditions"),
    ("redirected-link", "/about"),
    ("redirect-chain", "/about"),
    ("canonical", "/physiotherapy"),
    ("title-too-long", "/"),
    *[("service-markup-missing", p) for p in SERVICE_PAGES if p != "/shockwave-therapy"],
    *[("condition-markup-missing", p) for p in SERVICE_PAGES],
])
# docs/rules.md: the default severity and category of each rule the demo triggers.
DEMO_RULES = {
    "image-alt": ("images", "error"),
    "image-alt-filename": ("images", "warning"),
    "image-alt-generic": ("images", "warning"),
    "image-alt-redundant-prefix": ("images", "notice"),
    "link-name": ("images", "error"),
    "heading-order": ("headings", "notice"),
    "empty-heading": ("headings", "warning"),
    "multiple-h1": ("headings", "notice"),
    "duplicate-title": ("meta", "warning"),
    "meta-description": ("meta", "warning"),
    "jsonld-syntax": ("structured-data", "error"),
    "link-text": ("links", "warning"),
    "broken-link": ("links", "error"),
    "redirected-link": ("links", "notice"),
    "redirect-chain": ("links", "warning"),
    "canonical": ("meta", "warning"),
    "title-too-long": ("meta", "notice"),
    "service-markup-missing": ("structured-data", "warning"),
    "condition-markup-missing": ("structured-data", "notice"),
}
DEMO_ERRORS = {"image-alt", "link-name", "jsonld-syntax", "broken-link"}
DEMO_WARNINGS = {"image-alt-filename", "image-alt-generic", "empty-heading", "duplicate-title", "meta-description",
                 "link-text", "redirect-chain", "canonical", "service-markup-missing"}
ZWSP = "\u200b"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def path_of(url: str) -> str:
    return url[len(ORIGIN):] or "/"


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> RunData:
    out = tmp_path_factory.mktemp("formats-demo")
    run = run_cli("demo", "--out", str(out), cwd=tmp_path_factory.mktemp("cwd"))
    assert run.returncode == 0, run.stderr
    return RunData.load(out)


# -- a hand-written run folder of hostile content ----------------------------------------------------------------

EVIL = "https://evil.example"
HOSTILE_NAME = ("Evil </script><script>alert(1)</script> | [pwn](javascript:alert(1)) "
                "<img src=x onerror=alert(1)> @octocat #1 `t` *b* _i_ ~~s~~ $x$ &lt; www.evil.example \\")
ODD_PATH = "/p|a<t>h_[x](javascript:alert(1))`y`*z*"
MESSAGES = {
    "image-alt": '=HYPERLINK("http://evil.example","click me")',
    "duplicate-title": "The title 'A | B ](javascript:alert(1)) [x](javascript:alert(1))' is also </script><b>bold</b>",
    "link-text": 'Line one,\n"quoted, with commas", line two\r\n| not | a | row |',
    "multiple-h1": "-2+3 \x00\x01\x07\x08\x0b\x0c\x1b[31m \u2028 \u202e reversed \x7f end",
    "retired-rule": "\t=1+1 @channel #12 ~~strike~~ $\\sqrt{x}$ <!-- x --> &amp;",
}


def _hostile_findings() -> list[dict[str, Any]]:
    return [
        {"rule": "image-alt", "category": "images", "severity": "error", "url": f"{EVIL}/",
         "selector": "main > img", "snippet": '<img src="x.jpg"></script><script>alert(1)</script>',
         "message": MESSAGES["image-alt"], "data": {"src": "=1+2"}},
        {"rule": "duplicate-title", "category": "meta", "severity": "warning", "url": EVIL + ODD_PATH,
         "selector": "html > head > title", "snippet": "<title>A | B</title>",
         "message": MESSAGES["duplicate-title"], "data": {"title": "=cmd|' /C calc'!A0", "type": 'x,"y"\n'}},
        {"rule": "link-text", "category": "links", "severity": "warning", "url": f"{EVIL}/",
         "selector": 'a[href="x,y"]', "snippet": "+SUM(1,2)", "message": MESSAGES["link-text"], "data": {}},
        {"rule": "multiple-h1", "category": "headings", "severity": "notice", "url": EVIL + ODD_PATH,
         "selector": "-h1", "snippet": "@SUM(A1)", "message": MESSAGES["multiple-h1"], "data": {}},
        {"rule": "retired-rule", "category": "meta", "severity": "notice", "url": f"{EVIL}/",
         "selector": "html", "snippet": "\r=2", "message": MESSAGES["retired-rule"], "data": {}},
    ]


def _page(url: str, title: str) -> dict[str, Any]:
    return {"url": url, "public_url": url, "status": 200, "error": None, "is_html": True, "redirect_to": None,
            "content_type": "text/html", "depth": 0, "response_time_ms": 5,
            "html": {"title": title, "headings": [{"level": 1, "text": title}], "meta_description": None,
                     "word_count": 3}}


@pytest.fixture
def hostile(tmp_path) -> RunData:
    folder = tmp_path / "hostile-run"
    folder.mkdir()
    run = {"site": f"{EVIL}/", "crawled_url": "http://127.0.0.1:9/", "started": "2026-01-02T03:04:05+00:00",
           "finished": "2026-01-02T03:04:09.500000+00:00", "complete": False, "finish_reason": "closespider_pagecount",
           "tool": {"name": "clinicaudit", "version": "9.9.9"}, "config_digest": "0123456789abcdef", "pages": 2,
           "counts": {}}
    (folder / "run.json").write_text(json.dumps(run), encoding="utf-8")
    site = {"site": {"url": f"{EVIL}/"}, "clinic": {"name": HOSTILE_NAME}, "services": [], "conditions": []}
    (folder / "site.json").write_text(json.dumps(site), encoding="utf-8")
    pages = [_page(f"{EVIL}/", HOSTILE_NAME), _page(EVIL + ODD_PATH, MESSAGES["duplicate-title"])]
    (folder / "pages.jsonl").write_text("".join(json.dumps(p) + "\n" for p in pages), encoding="utf-8")
    (folder / "findings.jsonl").write_text("".join(json.dumps(f) + "\n" for f in _hostile_findings()),
                                           encoding="utf-8")
    data = RunData.load(folder)
    fixed = {"rule": "link-name", "category": "images", "severity": "error", "url": f"{EVIL}/@octocat",
             "selector": "a", "snippet": "<a href=x></a>", "message": "[gone](javascript:alert(1)) ![i](x) | fixed <i>",
             "data": {}, "fingerprint": "0123456789abcdef"}
    data.changes = {"new": data.findings[:3], "fixed": [fixed]}
    return data


def gated(data: RunData, fail_on: str) -> RunData:
    """The run as if audited with --fail-on: its one verdict, as clinicaudit.runs computes it for run.json."""
    return dataclasses.replace(data, gate=judge(data.findings, data.changes, fail_on, [])[0])


def test_a_gate_at_an_unknown_level_is_refused(demo):
    with pytest.raises(ValueError):
        judge(demo.findings, None, "fatal", [])


# -- report.json -------------------------------------------------------------------------------------------------

def test_json_report_of_the_demo(demo, tmp_path):
    path = json_report.write(demo, OutputDir(tmp_path))
    assert path == tmp_path.resolve() / "report.json"
    report = json.loads(path.read_text(encoding="utf-8"))
    assert validation.errors(report, "report") == []

    assert report["run"]["site"] == f"{ORIGIN}/"
    assert report["run"]["complete"] is True
    assert report["run"]["tool"] == {"name": "clinicaudit", "version": __version__}
    # Nine pages, robots.txt and two sitemap files answer 200; three redirects; /hip-pain and /physio are 404s.
    assert report["status_counts"] == {"200": 12, "301": 3, "404": 2}
    assert report["run"]["audited_pages"] == 9

    assert sorted((f["rule"], path_of(f["url"])) for f in report["findings"]) == DEMO_FINDINGS
    assert report["counts"]["severity"] == {"error": 4, "warning": 13, "notice": 10}
    assert report["counts"]["total"] == 27
    for f in report["findings"]:
        assert (f["category"], f["severity"]) == DEMO_RULES[f["rule"]]
        assert re.fullmatch(r"[0-9a-f]{16}", f["fingerprint"])
    assert len({f["fingerprint"] for f in report["findings"]}) == 27
    assert report["changes"] is None
    assert report["gate"] is None  # the demo ran without --fail-on: no gate, no verdict
    assert set(report["scores"]) == {"images", "headings", "structured-data", "meta", "links", "overall"}

    summary = {r["id"]: r for r in report["rules"]}
    assert set(summary) == set(rules())
    assert summary["duplicate-title"]["count"] == 2
    assert summary["condition-markup-missing"]["count"] == 5
    assert summary["clinic-entity-missing"]["count"] == 0
    alt = summary["image-alt"]
    assert (alt["category"], alt["severity"], alt["title"], alt["registered"], alt["count"]) == (
        "images", "error", "Images have alternative text", True, 1)
    assert alt["help_url"] == "https://dequeuniversity.com/rules/axe/4.10/image-alt"
    assert {r for r, s in summary.items() if s["failed"]} == set()


def test_json_report_gate_follows_fail_on(demo):
    report = json_report.build(gated(demo, "notice"))
    assert report["gate"] == {"fail_on": "notice", "passed": False, "counts": "all", "baseline": None,
                              "blocking": 27, "suppressed": 0, "min_scores": {}, "below": []}
    assert {r["id"] for r in report["rules"] if r["failed"]} == set(DEMO_RULES)
    assert json_report.build(gated(demo, "warning"))["gate"]["blocking"] == 17
    errors = json_report.build(gated(demo, "error"))
    assert errors["gate"]["blocking"] == 4 and {r["id"] for r in errors["rules"] if r["failed"]} == DEMO_ERRORS


def test_json_report_of_hostile_content_is_exact_and_valid(hostile, tmp_path):
    report = json.loads(json_report.write(hostile, OutputDir(tmp_path)).read_text(encoding="utf-8"))
    assert validation.errors(report, "report") == []
    assert [f["message"] for f in report["findings"]] == [f["message"] for f in _hostile_findings()]
    assert report["findings"][1]["data"] == {"title": "=cmd|' /C calc'!A0", "type": 'x,"y"\n'}
    assert report["changes"]["new"]["fingerprints"] == [f["fingerprint"] for f in hostile.findings[:3]]
    assert report["changes"]["fixed"]["fingerprints"] == ["0123456789abcdef"]
    assert report["changes"]["fixed"]["findings"][0]["url"] == f"{EVIL}/@octocat"
    assert report["run"]["complete"] is False
    retired = next(r for r in report["rules"] if r["id"] == "retired-rule")
    assert retired == {"id": "retired-rule", "category": "meta", "severity": "notice", "title": "retired-rule",
                       "help_url": None, "registered": False, "enabled": True, "count": 1,
                       "severities": {"error": 0, "warning": 0, "notice": 1}, "failed": False}


def test_report_schema_rejects_what_it_should(demo):
    report = json_report.build(gated(demo, "error"))
    report["findings"][0]["extra"] = 1
    report["findings"][1]["fingerprint"] = "not-a-fingerprint"
    report["gate"]["fail_on"] = "fatal"
    pointers = {e["pointer"] for e in validation.errors(report, "report")}
    assert pointers == {"/findings/0", "/findings/1/fingerprint", "/gate/fail_on"}


# -- findings.csv ------------------------------------------------------------------------------------------------

def _read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "no BOM"
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _uncell(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_START) else value


def test_csv_of_the_demo(demo, tmp_path):
    rows = _read_csv(csv_report.write(demo, OutputDir(tmp_path)))
    header, body = rows[0], rows[1:]
    assert header == ["severity", "rule", "category", "url", "selector", "message", "snippet", "fingerprint", "data"]
    assert len(body) == 27
    records = [dict(zip(header, r)) for r in body]
    assert sorted((r["rule"], path_of(r["url"])) for r in records) == DEMO_FINDINGS
    assert [r["severity"] for r in records] == ["error"] * 4 + ["warning"] * 13 + ["notice"] * 10
    by_fp = {f["fingerprint"]: f for f in demo.findings}
    for r in records:
        f = by_fp[r["fingerprint"]]
        for col in ("severity", "rule", "category", "url", "selector", "message", "snippet"):
            assert _uncell(r[col]) == f[col]
        assert json.loads(r["data"]) == f["data"]
    alt = next(r for r in records if r["rule"] == "image-alt")
    assert alt["url"] == f"{ORIGIN}/about" and "team-3.jpg" in alt["data"]
    assert {path_of(r["url"]) for r in records if r["rule"] == "duplicate-title"} == {"/conditions", "/contact"}


def test_csv_neutralises_formulas_and_round_trips_hostile_cells(hostile, tmp_path):
    path = csv_report.write(hostile, OutputDir(tmp_path))
    rows = _read_csv(path)
    header, body = rows[0], rows[1:]
    for r in body:
        assert len(r) == len(header)
        for value in r:
            assert not value.startswith(FORMULA_START), value
    records = {r[header.index("rule")]: dict(zip(header, r)) for r in body}
    assert records["image-alt"]["message"] == "'" + MESSAGES["image-alt"]
    assert records["retired-rule"]["message"] == "'" + MESSAGES["retired-rule"]
    assert records["retired-rule"]["snippet"] == "'\r=2"
    assert records["link-text"]["snippet"] == "'+SUM(1,2)"
    assert records["multiple-h1"]["snippet"] == "'@SUM(A1)"
    assert records["multiple-h1"]["selector"] == "'-h1"
    assert records["multiple-h1"]["message"] == "'" + MESSAGES["multiple-h1"]
    # Commas, quotes and line breaks inside a cell survive the round trip unchanged.
    assert records["link-text"]["message"] == MESSAGES["link-text"]
    assert records["link-text"]["selector"] == 'a[href="x,y"]'
    assert records["duplicate-title"]["message"] == MESSAGES["duplicate-title"]
    assert json.loads(records["duplicate-title"]["data"]) == {"title": "=cmd|' /C calc'!A0", "type": 'x,"y"\n'}
    assert records["duplicate-title"]["url"] == EVIL + ODD_PATH
    assert len(body) == 5


def test_csv_cell_rule():
    assert csv_report.cell("=1") == "'=1"
    assert csv_report.cell("a=1") == "a=1"
    assert csv_report.cell(" -1") == " -1"
    assert csv_report.cell(None) == ""


# -- summary.md --------------------------------------------------------------------------------------------------

def _md_html(source: str) -> str:
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).render(source)


def _cells(line: str) -> list[str]:
    """A GFM table row split on its unescaped pipes."""
    cells, current, i = [], "", 0
    body = line.strip()
    assert body.startswith("|") and body.endswith("|") and not body.endswith("\\|"), line
    body = body[1:-1]
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            current += body[i:i + 2]
            i += 2
            continue
        if ch == "|":
            cells.append(current.strip())
            current = ""
        else:
            current += ch
        i += 1
    cells.append(current.strip())
    return cells


def _tables(source: str) -> list[list[list[str]]]:
    tables, current = [], []
    for line in source.splitlines():
        if line.startswith("|"):
            current.append(_cells(line))
        elif current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    return tables


def _rendered_rows(rendered: str) -> list[int]:
    return [len(re.findall(r"<t[dh][ >]", row)) for row in re.findall(r"<tr>(.*?)</tr>", rendered, re.S)]


def _visible(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).replace(ZWSP, "")


def test_markdown_summary_of_the_demo(demo, tmp_path):
    source = markdown.write(demo, OutputDir(tmp_path)).read_text(encoding="utf-8")
    lines = source.splitlines()
    assert len(lines) < 60
    assert lines[0].startswith("## ") and "Strathcona Physical Therapy" in lines[0]
    assert "strathconaphysicaltherapy" in lines[0]
    assert "4 errors · 13 warnings · 10 notices" in source
    assert "Gate" not in source  # no --fail-on: no gate line at all
    assert "Since the previous run" not in source
    with_gate = markdown.render(gated(demo, "error"))
    assert "**Gate** (fail on error; every finding counts: no baseline, no previous run): ❌ failed: 4 findings " \
           "at or above error" in with_gate

    scores, top = _tables(source)
    assert scores[0] == ["Category", "Score", "Errors", "Warnings", "Notices"]
    assert [r[0] for r in scores[2:]] == ["Images", "Headings", "Structured data", "Meta tags", "Links", "**Overall**"]
    # docs/rules.md: link-name is an images rule, so images has two errors (image-alt, link-name).
    assert scores[2][2:] == ["2", "2", "1"]
    assert scores[-1][2:] == ["**4**", "**13**", "**10**"]
    assert all(len(r) == 5 for r in scores)

    assert top[0] == ["Rule", "Severity", "Findings", "Example pages"]
    assert all(len(r) == 4 for r in top)
    assert top[2][0].startswith("`condition-markup-missing`") and top[2][1:3] == ["notice", "5"]
    assert top[3][0].startswith("`service-markup-missing`") and top[3][1:3] == ["warning", "4"]
    assert top[4][0].startswith("`duplicate-title`") and top[4][1:3] == ["warning", "2"]
    assert set(top[4][3].split(", ")) == {"/conditions", "/contact"}
    assert "(+2 more)" in top[2][3]

    rendered = _md_html(source)
    assert set(_rendered_rows(rendered)[:7]) == {5}
    assert "<a " not in rendered


def test_markdown_summary_lists_changes(demo):
    demo_changes = RunData(out=demo.out, run=demo.run, pages=demo.pages, findings=demo.findings, site=demo.site,
                           changes={"new": [f for f in demo.findings if f["rule"] == "image-alt"], "fixed": []})
    source = markdown.render(gated(demo_changes, "notice"))
    assert "### Since the previous run" in source
    assert "**1 new** · **0 fixed**" in source
    assert re.search(r"^- new: \*\*error\*\* `image-alt` on /about: ", source, re.M)
    # one verdict: with a baseline the gate counts the new findings, as the command does (not all 27)
    assert "fail on notice or graver" in source and "❌ failed: 1 new finding at or above notice" in source


def test_markdown_neutralises_hostile_strings(hostile, tmp_path):
    source = markdown.write(gated(hostile, "notice"), OutputDir(tmp_path)).read_text(encoding="utf-8")
    assert len(source.splitlines()) < 60
    rendered = _md_html(source)
    # Nothing the site wrote becomes a link, an image, raw HTML, emphasis, strikethrough or a heading.
    for tag in ("<a ", "<img", "<script", "<b>", "<i>", "<em>", "<s>", "<del>", "<h1", "<h4", "<!--"):
        assert tag not in rendered, tag
    for code in re.findall(r"<code>(.*?)</code>", rendered):
        assert re.fullmatch(r"[a-z0-9-]+", code), code
    # GitHub would link these by itself: each is broken by a zero-width space.
    for pattern in ("@octocat", "@channel", "#1", "#12", "www.evil", "https://evil", "http://evil"):
        assert pattern not in source, pattern
    # Every table row keeps its columns.
    for table in _tables(source):
        assert len({len(r) for r in table}) == 1
    counts = _rendered_rows(rendered)
    assert counts[:7] == [5] * 7 and set(counts[7:]) == {4}
    # ... and what shows is exactly the site's text, on one line.
    heading = re.search(r"<h2>(.*?)</h2>", rendered, re.S).group(1)
    assert " ".join(HOSTILE_NAME.split()) in _visible(heading)
    assert "\x00" not in source and "\x1b" not in source and "\u202e" not in source and "\u2028" not in source
    assert "The crawl did not finish" in source
    assert "**3 new** · **1 fixed**" in source
    new_line = next(line for line in source.splitlines() if line.startswith("- new:") and "duplicate-title" in line)
    assert "/p\\|a\\<t\\>h\\_\\[x\\](javascript:alert(1))\\`y\\`\\*z\\*" in new_line
    text_line = next(line for line in source.splitlines() if line.startswith("- new:") and "link-text" in line)
    assert _visible(_md_html(text_line)).strip().endswith(" ".join(MESSAGES["link-text"].split()))
    fixed = next(line for line in source.splitlines() if line.startswith("- fixed:"))
    assert _visible(_md_html(fixed)).strip().endswith("[gone](javascript:alert(1)) ![i](x) | fixed <i>")


def test_markdown_text_escaping_unit():
    assert markdown.text("a|b") == "a\\|b"
    assert markdown.text("x\\") == "x\\\\"
    assert markdown.text("line\nbreak\r\nhere\u2028too") == "line break here too"
    assert markdown.rule_label("image-alt") == "`image-alt`"
    assert markdown.rule_label("x`|<b>") == "x\\`\\|\\<b\\>"
    assert markdown.text("a" * 200, 10) == "a" * 9 + "…"


# -- junit.xml ---------------------------------------------------------------------------------------------------

def _junit(data: RunData, tmp_path: Path, fail_on: str) -> ET.Element:
    out = OutputDir(tmp_path / fail_on)
    root = ET.parse(junit.write(gated(data, fail_on), out)).getroot()
    assert not list((tmp_path / fail_on).glob("*.tmp"))
    return root


def _failed(root: ET.Element) -> dict[str, ET.Element]:
    return {c.get("name"): c.find("failure") for c in root.iter("testcase") if c.find("failure") is not None}


@pytest.mark.parametrize("fail_on, failing", [("error", DEMO_ERRORS), ("warning", DEMO_ERRORS | DEMO_WARNINGS),
                                              ("notice", set(DEMO_RULES))])
def test_junit_of_the_demo(demo, tmp_path, fail_on, failing):
    root = _junit(demo, tmp_path, fail_on)
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert len(suites) == 1 and suites[0].get("name") == "clinicaudit"
    cases = suites[0].findall("testcase")
    registered = rules()
    assert sorted(c.get("name") for c in cases) == sorted(registered)
    for c in cases:
        assert c.get("classname") == f"clinicaudit.{registered[c.get('name')].meta.category}"
    assert suites[0].get("tests") == str(len(registered)) == root.get("tests")
    assert suites[0].get("failures") == str(len(failing)) == root.get("failures")

    failed = _failed(root)
    assert set(failed) == failing
    for rule_id, failure in failed.items():
        assert failure.get("type") == DEMO_RULES[rule_id][1]
    alt = failed["image-alt"]
    assert f"{ORIGIN}/about" in alt.text and "team-3.jpg" in alt.text and "selector:" in alt.text
    assert alt.get("message").startswith("1 finding at or above")

    by_name = {c.get("name"): c for c in cases}
    dup = by_name["duplicate-title"]
    if "duplicate-title" in failing:
        assert f"{ORIGIN}/conditions" in dup.find("failure").text and f"{ORIGIN}/contact" in dup.find("failure").text
    else:
        assert dup.find("failure") is None
        out = dup.find("system-out").text
        assert f"{ORIGIN}/conditions" in out and f"{ORIGIN}/contact" in out
    assert len(list(by_name["clinic-entity-missing"])) == 0  # a rule that found nothing passes, silently


def test_junit_of_hostile_content_parses_and_keeps_the_text(hostile, tmp_path):
    root = _junit(hostile, tmp_path, "error")
    failed = _failed(root)
    assert set(failed) == {"image-alt"}
    assert MESSAGES["image-alt"] in failed["image-alt"].text
    by_name = {c.get("name"): c for c in root.iter("testcase")}
    assert by_name["retired-rule"].get("classname") == "clinicaudit.meta"
    assert "</script><b>bold</b>" in by_name["duplicate-title"].find("system-out").text

    # the run has a baseline (its changes): the gate counts only the new findings, the first three
    failed = _failed(_junit(hostile, tmp_path / "new", "notice"))
    assert set(failed) == {f["rule"] for f in hostile.findings[:3]}

    root = _junit(dataclasses.replace(hostile, changes=None), tmp_path, "notice")  # no baseline: all count
    failed = _failed(root)
    assert set(failed) == {"image-alt", "duplicate-title", "link-text", "multiple-h1", "retired-rule"}
    assert root.find("testsuite").get("failures") == "5"
    h1 = failed["multiple-h1"].text
    assert "-2+3 " in h1 and "reversed" in h1
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", h1)
    assert "Line one,\n\"quoted, with commas\", line two\n| not | a | row |" in failed["link-text"].text
    assert failed["duplicate-title"].get("type") == "warning" and failed["retired-rule"].get("type") == "notice"


# -- report.sarif ------------------------------------------------------------------------------------------------

def _obj(properties: dict[str, Any], required: tuple[str, ...] = (), **extra: Any) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": False, "properties": properties, "required": list(required),
            **extra}


_BAG = {"type": "object", "properties": {"tags": {"type": "array", "uniqueItems": True, "items": {"type": "string"}}}}
_STR = {"type": "string"}
_MULTI = _obj({"text": _STR, "markdown": _STR, "properties": _BAG}, ("text",))
_LEVEL = {"enum": ["none", "note", "warning", "error"]}
_TIME = {"type": "string", "format": "date-time"}
# The part of SARIF 2.1.0 (OASIS) that these reports use, with its constraints: the objects, their required
# properties, enums and ranges, and no other properties.
SARIF_SUBSET = _obj({
    "$schema": {"type": "string", "format": "uri"},
    "version": {"const": "2.1.0"},
    "runs": {"type": "array", "items": _obj({
        "tool": _obj({"driver": _obj({
            "name": _STR, "version": _STR, "semanticVersion": _STR, "informationUri": _STR,
            "rules": {"type": "array", "uniqueItems": True, "items": _obj({
                "id": _STR, "name": _STR, "shortDescription": _MULTI, "fullDescription": _MULTI, "help": _MULTI,
                "helpUri": {"type": "string", "format": "uri"},
                "defaultConfiguration": _obj({"level": _LEVEL, "enabled": {"type": "boolean"}, "properties": _BAG}),
                "properties": _BAG}, ("id",))},
            "properties": _BAG}, ("name",))}, ("driver",)),
        "invocations": {"type": "array", "items": _obj({
            "executionSuccessful": {"type": "boolean"}, "startTimeUtc": _TIME, "endTimeUtc": _TIME,
            "properties": _BAG}, ("executionSuccessful",))},
        "results": {"type": "array", "items": _obj({
            "ruleId": _STR, "ruleIndex": {"type": "integer", "minimum": -1}, "level": _LEVEL,
            "kind": {"enum": ["notApplicable", "pass", "fail", "review", "open", "informational"]},
            "message": _obj({"text": _STR, "markdown": _STR, "id": _STR}, (),
                            anyOf=[{"required": ["text"]}, {"required": ["id"]}]),
            "locations": {"type": "array", "items": _obj({
                "physicalLocation": _obj({
                    "artifactLocation": _obj({"uri": _STR, "uriBaseId": _STR, "properties": _BAG}),
                    "region": _obj({"startLine": {"type": "integer", "minimum": 1},
                                    "charOffset": {"type": "integer", "minimum": -1},
                                    "byteOffset": {"type": "integer", "minimum": -1},
                                    "snippet": _obj({"text": _STR, "binary": _STR, "properties": _BAG}),
                                    "properties": _BAG}, (),
                                   anyOf=[{"required": ["startLine"]}, {"required": ["charOffset"]},
                                          {"required": ["byteOffset"]}]),
                    "properties": _BAG}, (), anyOf=[{"required": ["address"]}, {"required": ["artifactLocation"]}]),
                "logicalLocations": {"type": "array", "uniqueItems": True, "items": _obj({
                    "name": _STR, "fullyQualifiedName": _STR, "kind": _STR, "properties": _BAG})},
                "properties": _BAG})},
            "partialFingerprints": {"type": "object", "additionalProperties": _STR},
            "baselineState": {"enum": ["new", "unchanged", "updated", "absent"]},
            "properties": _BAG}, ("message",))},
        # SARIF 3.14.14: each value an artifactLocation; an absolute base URI ends with a slash (3.14.14)
        "originalUriBaseIds": {"type": "object", "additionalProperties": _obj({
            "uri": {"type": "string", "format": "uri", "pattern": "/$"}, "uriBaseId": _STR,
            "description": _obj({"text": _STR, "markdown": _STR}, ("text",)), "properties": _BAG})},
        "properties": _BAG}, ("tool",))},
}, ("version", "runs"))


def _sarif(data: RunData, tmp_path: Path) -> dict[str, Any]:
    log = json.loads(sarif.write(data, OutputDir(tmp_path)).read_text(encoding="utf-8"))
    problems = [f"{list(e.absolute_path)}: {e.message}"
                for e in Draft202012Validator(SARIF_SUBSET, format_checker=FormatChecker()).iter_errors(log)]
    assert problems == []
    return log


def test_sarif_of_the_demo(demo, tmp_path):
    log = _sarif(demo, tmp_path)
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json" and log["version"] == "2.1.0"
    assert len(log["runs"]) == 1
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "clinicaudit" and driver["version"] == __version__
    descriptors = driver["rules"]
    registered = rules()
    assert [d["id"] for d in descriptors] == list(registered)
    by_id = {d["id"]: d for d in descriptors}
    alt = by_id["image-alt"]
    assert alt["name"] == "ImageAlt"
    assert alt["shortDescription"]["text"] == "Images have alternative text"
    assert alt["fullDescription"]["text"] == "Images must have alternative text."
    assert alt["helpUri"] == "https://dequeuniversity.com/rules/axe/4.10/image-alt"
    assert alt["help"]["text"] and alt["help"]["markdown"]
    assert alt["properties"]["category"] == "images"
    expected_level = {"error": "error", "warning": "warning", "notice": "note"}
    for rule_id, (category, severity) in DEMO_RULES.items():
        assert by_id[rule_id]["defaultConfiguration"]["level"] == expected_level[severity]
        assert by_id[rule_id]["properties"]["category"] == category
    assert "helpUri" not in by_id["duplicate-title"]  # docs/rules.md: no reference for this rule

    results = run["results"]
    assert sorted((r["ruleId"], path_of(r["properties"]["url"])) for r in results) == DEMO_FINDINGS
    # pages by a path relative to the site root (GitHub code scanning takes no absolute URL), which
    # originalUriBaseIds resolves to the page's URL
    root = run["originalUriBaseIds"]["SITEROOT"]["uri"]
    assert root == "https://strathconaphysicaltherapy.com/"
    by_fp = {f["fingerprint"]: f for f in demo.findings}
    for r in results:
        assert descriptors[r["ruleIndex"]]["id"] == r["ruleId"]
        assert r["level"] == expected_level[DEMO_RULES[r["ruleId"]][1]]
        f = by_fp[r["partialFingerprints"]["clinicauditFingerprint/v1"]]
        loc = r["locations"][0]
        assert r["message"]["text"] == f["message"]
        where = loc["physicalLocation"]["artifactLocation"]
        assert where["uriBaseId"] == "SITEROOT" and not where["uri"].startswith(("/", "http"))
        assert r["properties"]["url"] == f["url"]
        expected = f["url"] + ("index.html" if f["url"].endswith("/") else "")
        assert root + where["uri"] == expected
        assert loc["logicalLocations"] == [{"fullyQualifiedName": f["selector"], "kind": "element"}]
        if f["snippet"]:
            assert loc["physicalLocation"]["region"]["snippet"]["text"] == f["snippet"]
        else:
            assert "region" not in loc["physicalLocation"]
        assert "baselineState" not in r
    page_level = next(r for r in results if r["ruleId"] == "meta-description")
    assert page_level["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "html"
    assert "region" not in page_level["locations"][0]["physicalLocation"]
    assert run["invocations"][0]["executionSuccessful"] is True


def test_sarif_of_hostile_content(hostile, tmp_path):
    log = _sarif(hostile, tmp_path)
    run = log["runs"][0]
    descriptors = run["tool"]["driver"]["rules"]
    assert descriptors[-1]["id"] == "retired-rule"
    assert descriptors[-1]["defaultConfiguration"]["level"] == "note"
    results = run["results"]
    assert [r["level"] for r in results] == ["error", "warning", "warning", "note", "note"]
    assert [r["message"]["text"] for r in results] == [f["message"] for f in _hostile_findings()]
    assert [descriptors[r["ruleIndex"]]["id"] for r in results] == [f["rule"] for f in _hostile_findings()]
    assert [r["baselineState"] for r in results] == ["new", "new", "new", "unchanged", "unchanged"]
    snippet = results[0]["locations"][0]["physicalLocation"]["region"]["snippet"]["text"]
    assert snippet == '<img src="x.jpg"></script><script>alert(1)</script>'
    assert run["invocations"][0] == {"executionSuccessful": False, "startTimeUtc": "2026-01-02T03:04:05.000Z",
                                     "endTimeUtc": "2026-01-02T03:04:09.500Z"}
    assert run["tool"]["driver"]["version"] == "9.9.9"
    assert Counter(r["partialFingerprints"]["clinicauditFingerprint/v1"] for r in results).most_common(1)[0][1] == 1


def test_every_format_handles_an_empty_run_folder(tmp_path):
    """A run killed before anything was written: no run.json, no pages, no findings."""
    (tmp_path / "run").mkdir()
    data = RunData.load(tmp_path / "run")
    out = OutputDir(tmp_path / "reports")
    paths = [m.write(data, out) for m in (json_report, csv_report, markdown, junit, sarif)]
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == sorted(
        ["report.json", "findings.csv", "summary.md", "junit.xml", "report.sarif"])
    report = json.loads(paths[0].read_text(encoding="utf-8"))
    assert validation.errors(report, "report") == []
    assert report["gate"] is None and report["findings"] == [] and report["changes"] is None
    assert _read_csv(paths[1]) == [list(csv_report.COLUMNS)]
    assert "No findings." in paths[2].read_text(encoding="utf-8")
    root = ET.parse(paths[3]).getroot()
    assert root.get("failures") == "0" and root.get("tests") == str(len(rules()))
    log = _sarif(data, tmp_path / "sarif")
    assert log["runs"][0]["results"] == [] and "invocations" not in log["runs"][0]


def test_the_findings_table_stays_in_the_output_folder(tmp_path):
    """The reports keep a run's findings in a SQLite table in the output folder's work area while they are written,
    and remove it after; a work area that is a link out of the folder is not written through (the table is then kept
    in memory), and the reports are the same."""
    import os

    from clinicaudit.reports.model import Findings

    found = [{"rule": "image-alt", "category": "images", "severity": "error", "url": f"https://c.example/p{i}",
              "selector": "img", "snippet": f"<img src=p{i}.jpg>", "message": "no alt", "data": {}} for i in range(3)]
    out = tmp_path / "out"
    out.mkdir()
    table = Findings(found, out)
    assert table.path is not None and table.path.parent == out / ".clinicaudit" and table.path.is_file()
    assert [f["url"] for f in table] == [f["url"] for f in found] and len(table) == 3
    table.close()
    assert not (out / ".clinicaudit").exists()

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    linked = tmp_path / "linked"
    linked.mkdir()
    os.symlink(elsewhere, linked / ".clinicaudit")
    table = Findings(found, linked)
    assert table.path is None and list(elsewhere.iterdir()) == []
    assert [f["rule"] for f in table.by_rule()["image-alt"]] == ["image-alt"] * 3
    table.close()
