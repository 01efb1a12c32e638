"""The score (docs/outputs.md, "Scores"): it weighs how widespread and how severe the problems are. A site where every
page has an error is not "good"; one new error on one page moves the score; an error costs more than a warning,
which costs more than a notice."""

from __future__ import annotations

from pathlib import Path

from clinicaudit.reports.model import CATEGORIES, RunData


def _site(pages: int, findings: list[tuple[int, str, str]]) -> RunData:
    """`pages` audited pages; findings as (page number, category, severity)."""
    urls = [f"https://clinic.example/p{i}" for i in range(pages)]
    records = [{"url": u, "public_url": u, "is_html": True, "status": 200} for u in urls]
    found = [{"rule": f"{category}-rule", "category": category, "severity": severity, "url": urls[i],
              "selector": "img", "snippet": "", "message": ""} for i, category, severity in findings]
    return RunData(out=Path("."), run={}, pages=records, findings=found, site={})


def test_no_finding_is_a_full_score():
    assert _site(10, []).scores() == {**{c: 100 for c in CATEGORIES}, "overall": 100}


def test_an_error_on_every_page_is_not_good():
    scores = _site(40, [(i, "images", "error") for i in range(40)]).scores()
    assert scores["images"] == 50  # half
    assert scores["headings"] == scores["meta"] == 100
    assert 80 < scores["overall"] < 90  # the geometric mean of 50, 100, 100, 100, 100: 87.06, never "good" (90+)


def test_errors_everywhere_bring_every_score_to_half():
    scores = _site(10, [(i, c, "error") for i in range(10) for c in CATEGORIES]).scores()
    assert all(scores[c] == 50 for c in CATEGORIES) and scores["overall"] == 50


def test_the_overall_score_lies_between_the_categories():
    scores = _site(8, [(0, "images", "error"), (1, "meta", "warning"), (2, "links", "notice")]).scores()
    assert min(scores[c] for c in CATEGORIES) < scores["overall"] < max(scores[c] for c in CATEGORIES)


def test_one_new_error_on_one_page_of_a_large_site_moves_the_score():
    clean = _site(500, []).scores()
    one = _site(500, [(123, "links", "error")]).scores()
    two = _site(500, [(123, "links", "error"), (7, "links", "error")]).scores()
    assert clean["links"] > one["links"] > two["links"] and clean["overall"] > one["overall"] > two["overall"]


def test_an_error_costs_more_than_a_warning_and_a_warning_more_than_a_notice():
    def images(severity: str) -> float:
        return _site(4, [(0, "images", severity)]).scores()["images"]

    assert images("error") < images("warning") < images("notice") < 100


def test_widespread_problems_cost_more_than_one_page_with_one():
    one_page = _site(20, [(0, "headings", "warning")]).scores()["headings"]
    every_page = _site(20, [(i, "headings", "warning") for i in range(20)]).scores()["headings"]
    assert every_page < one_page


def test_a_run_that_audited_nothing_scores_zero():
    assert _site(0, []).scores()["overall"] == 0


def test_a_small_change_is_still_a_change():
    from clinicaudit.reports.model import show_change

    before = _site(500, []).scores()
    after = _site(500, [(9, "links", "error")])
    after.previous_scores = before
    moved = after.score_changes()
    # 100 × 0.5^(25 / 500 / 125) = 99.972…: the overall score falls by 0.03, which must not read "no change"
    assert moved["overall"] == -0.03 and show_change(moved["overall"]) == "▼ 0.03"
    assert moved["links"] < -0.1 and moved["images"] == 0
