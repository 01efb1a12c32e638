"""Each service page describes its service in markup.

Site rule. A page about a treatment the clinic offers (a *service page*, found from the site's menus, its
addresses and its content: linked from a "Services" menu, listing the conditions it treats, or configured) tells
search engines and assistants what the treatment is with a `MedicalTherapy` (or `PhysicalTherapy`,
`TherapeuticProcedure`, `MedicalProcedure`, or the generic `Service`) item: its name, other names
(`alternateName`), description, and what it treats. Without one, the page is just text to a machine.

Flags every service page of the run's `site.json` (matched to the crawl by URL) that is a 200 HTML page with no
such item in its JSON-LD, microdata or RDFa. One warning per page, at its first `h1` (the page as a whole when it
has none), naming the service; `data` `{"type", "service"}`.

Fail: `/dryneedling`, a service page with only Yoast's `WebPage` and `BreadcrumbList`.
Pass: `/shockwave-therapy` with `{"@type": "MedicalTherapy", "name": "Shockwave Therapy", …}`; a service page with
a microdata `itemtype="https://schema.org/PhysicalTherapy"` item; pages that are not service pages.

Source: https://schema.org/MedicalTherapy, https://schema.org/Service (Google has no rich result for services;
this is about being understood, hence a warning and not an error).
"""

from __future__ import annotations

from typing import Iterator

from audits.context import SiteContext
from audits.rule import Finding, RuleMeta
from audits.structured_data._google import follow, heading_target, is_live_html, summaries_by_key

META = RuleMeta(
    id="service-markup-missing",
    category="structured-data",
    severity="warning",
    title="Service pages have a MedicalTherapy or Service item",
    help="Add a JSON-LD MedicalTherapy (or PhysicalTherapy, MedicalProcedure, Service) item to the page with the "
         "service's name, alternateName, description, url and the conditions it treats.",
    scope="site",
    help_url="https://schema.org/MedicalTherapy",
)


def check_site(site: SiteContext) -> Iterator[Finding]:
    summaries = summaries_by_key(site.pages())
    for service in site.site.get("services") or []:
        page = follow(summaries, service.get("url"))
        if not is_live_html(page) or page["service_markup"]:
            continue
        selector, snippet = heading_target(page)
        name = service.get("name") or page["url"]
        yield site.finding(META, page["url"], selector, snippet,
                           f"The page about the service {name!r} has no MedicalTherapy, PhysicalTherapy, "
                           "MedicalProcedure or Service item describing it", type="MedicalTherapy", service=name)
