"""Service pages that list the conditions they treat also name them in markup.

Site rule. A service page with a "Conditions we treat" list says in words what the
treatment helps with; its markup can say the same to machines: `MedicalCondition` items whose
`possibleTreatment` is the page's `MedicalTherapy` (or a `MedicalTest`'s `usedToDiagnose` link to a condition).
Assistants and search features that answer "who treats plantar fasciitis near me" read those links.

Flags each service page of the run's `site.json` (matched to the crawl by URL, 200 HTML) whose content lists at
least one condition but whose JSON-LD, microdata and RDFa have no `MedicalCondition` item and no
`possibleTreatment`/`usedToDiagnose` link. One notice per page, at its first `h1` (the page when it has none),
saying how many conditions the page lists; `data` `{"type", "service", "conditions"}` (the count).

Fail: `/massage-therapy` listing 8 conditions under "Conditions We Treat with Massage Therapy", with a
`MedicalTherapy` item but no `MedicalCondition`. Pass: the same page with `{"@type": "MedicalCondition", "name":
"Tension headaches", "possibleTreatment": {"@id": "#massage"}}`; a service page that lists no conditions.

Source: https://schema.org/MedicalCondition, https://schema.org/possibleTreatment (no Google rich result depends
on it: a notice).
"""

from __future__ import annotations

from typing import Iterator

from audits.context import SiteContext
from audits.rule import Finding, RuleMeta
from audits.structured_data._google import follow, heading_target, is_live_html, summaries_by_key

META = RuleMeta(
    id="condition-markup-missing",
    category="structured-data",
    severity="notice",
    title="Conditions a service page lists are in its markup",
    help="Add a MedicalCondition item for each condition the page lists, linked to the page's MedicalTherapy "
         "(possibleTreatment), with the same names the page uses.",
    scope="site",
    help_url="https://schema.org/MedicalCondition",
)


def check_site(site: SiteContext) -> Iterator[Finding]:
    summaries = summaries_by_key(site.pages())
    for service in site.site.get("services") or []:
        page = follow(summaries, service.get("url"))
        if not is_live_html(page) or page["condition_markup"] or not page["conditions"]:
            continue
        count = len(page["conditions"])
        name = service.get("name") or page["url"]
        selector, snippet = heading_target(page)
        yield site.finding(META, page["url"], selector, snippet,
                           f"The {name!r} page lists {count} condition{'s' if count != 1 else ''} it treats, but its "
                           "markup names none (no MedicalCondition item or possibleTreatment link)",
                           type="MedicalCondition", service=name, conditions=count)
