"""The rules: one module per rule under audits/<category>/, found by walking the packages.

A module declares `META` (RuleMeta) and `check(page)` (page rules) or `check_site(site)` (site rules); its
docstring is the rule's user documentation. The module's name must be the rule id with `-` → `_`, and the package
its category; a duplicate id is an error.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from audits.rule import CATEGORIES, SEVERITIES, Rule, RuleMeta

PACKAGES = {"images": "images", "headings": "headings", "structured_data": "structured-data", "meta": "meta",
            "links": "links"}


class RegistryError(Exception):
    pass


@lru_cache(maxsize=1)
def rules() -> dict[str, Rule]:
    found: dict[str, Rule] = {}
    for package, category in PACKAGES.items():
        pkg = importlib.import_module(f"audits.{package}")
        for info in pkgutil.iter_modules(pkg.__path__):
            if info.name.startswith("_"):
                continue
            module = importlib.import_module(f"audits.{package}.{info.name}")
            meta = getattr(module, "META", None)
            if not isinstance(meta, RuleMeta):
                raise RegistryError(f"audits/{package}/{info.name}.py declares no META")
            if meta.id.replace("-", "_") != info.name:
                raise RegistryError(f"audits/{package}/{info.name}.py declares id {meta.id!r}; the file must be "
                                    f"{meta.id.replace('-', '_')}.py")
            if meta.category != category or meta.category not in CATEGORIES:
                raise RegistryError(f"{meta.id}: category {meta.category!r} does not match its package {package}")
            if meta.severity not in SEVERITIES:
                raise RegistryError(f"{meta.id}: severity must be one of {SEVERITIES}")
            if meta.id in found:
                raise RegistryError(f"duplicate rule id {meta.id}")
            check, check_site = getattr(module, "check", None), getattr(module, "check_site", None)
            if (meta.scope == "page" and check is None) or (meta.scope == "site" and check_site is None):
                raise RegistryError(f"{meta.id}: a {meta.scope} rule must define "
                                    f"{'check' if meta.scope == 'page' else 'check_site'}")
            found[meta.id] = Rule(meta=meta, doc=(module.__doc__ or "").strip(), check=check, check_site=check_site)
    return dict(sorted(found.items()))
