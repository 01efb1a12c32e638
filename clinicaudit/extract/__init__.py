"""Extraction: services, the conditions they treat and the clinic, from the pages of a clinic's site.

The public functions: `read_page` (one page's evidence, during the crawl), `assemble` (site.json's content, after
it), and the clinic helpers that audit rules and exporters share. docs/extraction.md describes the rules."""

from __future__ import annotations

from clinicaudit.extract.clinic import PHONE, contact_details, coordinates, map_location
from clinicaudit.extract.conditions import listed_conditions
from clinicaudit.extract.page import read_page
from clinicaudit.extract.phrases import slugify
from clinicaudit.extract.site import assemble

__all__ = ["PHONE", "assemble", "contact_details", "coordinates", "listed_conditions", "map_location", "read_page",
           "slugify"]
