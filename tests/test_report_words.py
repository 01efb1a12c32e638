"""Words a marketer reads: the report's "What it means" and "How to fix" use no markup or SEO jargon that the report
does not explain beside it ("Words used here", from clinicaudit/data/glossary.json), and the report links to no file
that only clinicaudit's source has. The jargon is found here independently of the glossary: every HTML tag, every
attribute written out, and a list of the trade's words."""

from __future__ import annotations

import json
import re
from pathlib import Path

from audits.registry import rules
from clinicaudit.output import OutputDir
from clinicaudit.reports import html
from clinicaudit.reports.html import _rule_meta, words_used
from clinicaudit.reports.model import RunData

TRADE_WORDS = ["JSON-LD", "JSON", "schema.org", "structured data", "markup", "rich result", "h1", "h2", "h3",
               "aria-label", "aria-labelledby", "noindex", "nofollow", "robots.txt", "X-Robots-Tag", "meta robots",
               "BCP 47", "ISO 8601", "CSS", "canonical", "viewport", "sitemap", "301", "404", "URL", "SVG",
               "accessible name", "crawl", "redirect", "MedicalClinic", "MedicalTherapy", "MedicalCondition",
               "PostalAddress", "LocalBusiness", "breadcrumb", "lang", "alt"]
_CHUNKS = re.compile(r"<[^>]*>|[\w:-]+=\"[^\"]*\"|[\w:-]+=\S+")


def _jargon(text: str) -> list[str]:
    """The technical pieces of a text: whole tags and attribute assignments, then the trade's words."""
    found = _CHUNKS.findall(text)
    rest = _CHUNKS.sub(" ", text)
    found += [w for w in TRADE_WORDS if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", rest)]
    return found


def test_every_rules_words_for_people_explain_their_jargon():
    unexplained = {}
    for rule_id, rule in rules().items():
        meta = _rule_meta(rule_id, [{"severity": rule.meta.severity, "category": rule.meta.category}], rules())
        shown = re.sub(r"<[^>]+>", "", str(meta["lead"]) + "\n" + str(meta["more"]))  # the report's own markup
        shown = shown.replace("&lt;", "<").replace("&gt;", ">").replace("&#34;", '"').replace("&#39;", "'")
        shown = shown.replace("&quot;", '"').replace("&amp;", "&") + "\n" + (meta["help"] or "")
        explained = [term for term, _ in meta["words"]]
        missing = [piece for piece in _jargon(shown) if not words_used(piece) or
                   not {t for t, _ in words_used(piece)} & set(explained)]
        if missing:
            unexplained[rule_id] = missing
    assert not unexplained, "\n".join(f"{k}: {v}" for k, v in unexplained.items())


def test_the_report_links_to_no_file_of_the_source(tmp_path):
    out = tmp_path / "run"
    out.mkdir()
    findings = [{"rule": rid, "category": r.meta.category, "severity": r.meta.severity, "url": "https://clinic.example/",
                 "selector": "html", "snippet": "", "message": rid, "data": {}} for rid, r in rules().items()]
    (out / "run.json").write_text(json.dumps({"site": "https://clinic.example/", "complete": True}), encoding="utf-8")
    page = {"url": "https://clinic.example/", "public_url": "https://clinic.example/", "status": 200, "is_html": True,
            "error": None, "redirect_to": None, "content_type": "text/html", "depth": 0, "response_time_ms": 5.0,
            "html": {"title": "Clinic", "headings": [], "meta_description": None, "word_count": 10}}
    (out / "pages.jsonl").write_text(json.dumps(page) + "\n", encoding="utf-8")
    (out / "findings.jsonl").write_text("".join(json.dumps(f) + "\n" for f in findings), encoding="utf-8")
    text = html.write(RunData.load(out), OutputDir(out)).read_text(encoding="utf-8")
    links = re.findall(r'href="([^"]*)"', text)
    assert links and all(link.startswith(("#", "https://", "http://")) for link in links), \
        sorted({link for link in links if not link.startswith(("#", "https://", "http://"))})
    assert not re.search(r"\bdocs/[\w-]+\.md\b|\.md#", re.sub(r"<[^>]+>", "", text))  # not even as text
