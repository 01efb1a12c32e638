"""Runs one rule over its fixture (tests/fixtures/rules/<rule-id>/<rule-id>.json) the way the crawl does: pages
parsed with Page.parse, page records from clinicaudit.record, summaries from audits.summary, site content from
clinicaudit.extract. docs/rules.md (Testing a rule) describes the fixture format."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml.html import HtmlElement

from audits import run_page, run_site
from audits.config import AuditConfig
from audits.context import PageContext, SiteContext
from audits.registry import rules
from audits.rule import Finding
from audits.summary import summarize
from clinicaudit.extract import assemble, read_page
from clinicaudit.page import Page
from clinicaudit.record import html_record
from clinicaudit.urls import Scope

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "rules"
ORIGIN = "https://clinic.example"


@dataclass
class Outcome:
    findings: list[Finding]
    pages: dict[str, Page]


def only(rule_id: str, config: dict[str, Any]) -> AuditConfig:
    """The configuration of a fixture: just this rule, with the fixture's options."""
    table = {rid: ("on" if rid == rule_id else "off") for rid in rules()}
    if config:
        table[rule_id] = config
    return AuditConfig.from_config({"rules": table})


def parse(folder: Path, file: str, path: str) -> Page:
    html = (folder / file).read_text(encoding="utf-8")
    return Page.parse(ORIGIN + path, html, {"Content-Type": "text/html"}, 200, scope=Scope(ORIGIN + "/"))


def run_case(rule_id: str, folder: Path, case: dict[str, Any]) -> Outcome:
    config = only(rule_id, case.get("config", {}))
    path = case.get("url", "/page")
    page = parse(folder, case["file"], path)
    render = None
    if "raw" in case:  # a rendered page: `file` is the DOM Chromium left, `raw` what the server sent
        from clinicaudit.render import compare, raw_facts

        raw = parse(folder, case["raw"], path)
        render = {"rendered": True, "reason": "requested", "error": None,
                  "rendered_only": compare(raw_facts(raw), raw_facts(page))}
    ctx = PageContext(page=page, url=page.url, options=config.options(), render=render)
    return Outcome(run_page(ctx, config), {ORIGIN + path: page})


def run_site_case(rule_id: str, folder: Path, spec: dict[str, Any]) -> Outcome:
    config = only(rule_id, spec.get("config", {}))
    summaries, candidates, pages = [], [], {}
    for path, entry in spec["site"].items():
        url = ORIGIN + path
        status = entry.get("status", 200)
        page = parse(folder, entry["file"], path) if "file" in entry else None
        record = {"url": url, "public_url": url, "status": status, "is_html": page is not None,
                  "redirect_to": ORIGIN + entry["redirect_to"] if entry.get("redirect_to") else None,
                  "error": {"kind": entry["error"], "message": ""} if entry.get("error") else None,
                  "depth": entry.get("depth", 0 if path == "/" else 1),
                  "discovered_via": entry.get("discovered_via", "start" if path == "/" else "link"),
                  "html": html_record(page) if page is not None else None}
        ctx = PageContext(page=page, url=url, options=config.options()) if page is not None else None
        content = read_page(page, url, {}).as_dict() if page is not None and status == 200 else None
        if content is not None:
            candidates.append(content)
        summaries.append(summarize(record, ctx, content))
        if page is not None:
            pages[url] = page
    site = assemble(lambda: iter(candidates), {}, ORIGIN + "/")
    traps = [{**t, "example": ORIGIN + t["example"], "referrer": ORIGIN + t["referrer"]}
             for t in spec.get("traps", [])]
    ctx = SiteContext(summaries=lambda: iter(summaries), site=site, home_url=ORIGIN + "/", options=config.options(),
                      traps=traps)
    return Outcome(run_site(ctx, config), pages)


def resolve(page: Page, selector: str) -> list[HtmlElement]:
    return [page.root] if selector == "html" else page.css(selector)
