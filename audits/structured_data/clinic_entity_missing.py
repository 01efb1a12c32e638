"""The home page describes the clinic as a local business in its markup.

Site rule. Google connects a website to a business (its knowledge panel, map listing and Business Profile) from
a `LocalBusiness` item on the site's home page, and rich results for the clinic need one: Google's local
business documentation asks for the most specific `LocalBusiness` subtype — `MedicalClinic`, `Physiotherapy`,
`Dentist`, `Physician`, `MedicalBusiness`, … A plain `Organization` (what SEO plugins write by default) says
nothing about where and when patients can come.

Flags the home page (the page at the site's root, else the crawl's start page; a redirect is followed to the page
it lands on) when none of its JSON-LD, microdata or RDFa items is a `LocalBusiness` (any subtype) or a
`MedicalOrganization`. One warning on the home page as a whole (selector `html`), `data` `{"type",
"types"}` with the types the page does have. A home page that is not a 200 HTML page is left to other rules.

Fail: a home page whose only items are Yoast's `WebSite`, `WebPage` and `Organization`.
Pass: a home page with a `Physiotherapy` item (in `@graph` or anywhere else on the page); a `MedicalClinic` in
microdata or RDFa.

Source: https://developers.google.com/search/docs/appearance/structured-data/local-business
"""

from __future__ import annotations

from typing import Iterator

from audits.context import SiteContext
from audits.rule import Finding, RuleMeta
from audits.structured_data._google import DOCS, follow, is_live_html, summaries_by_key
from clinicaudit.urls import url_key

META = RuleMeta(
    id="clinic-entity-missing",
    category="structured-data",
    severity="warning",
    title="The home page has a LocalBusiness item for the clinic",
    help="Add a JSON-LD item of the most specific type (MedicalClinic, Physiotherapy, Dentist…) to the home page, "
         "with the clinic's name, address, telephone, opening hours and URL (SEO plugins have a local business "
         "setting for it).",
    scope="site",
    help_url=DOCS + "local-business",
)


def check_site(site: SiteContext) -> Iterator[Finding]:
    summaries = summaries_by_key(site.pages())
    home = summaries.get(url_key(site.home_url)) or next(
        (p for p in summaries.values() if p.get("discovered_via") == "start"), None)
    if home is None:
        return
    home = follow(summaries, home["url"])
    if not is_live_html(home) or home["clinic_markup"]:
        return
    types = home.get("types") or []
    listed = f" (it has {', '.join(types)})" if types else " (it has no structured data at all)"
    yield site.finding(META, home["url"], "html", "",
                       f"The home page has no LocalBusiness item (MedicalClinic, Physiotherapy, Dentist…) or "
                       f"MedicalOrganization item for the clinic{listed}", type="LocalBusiness", types=types)
