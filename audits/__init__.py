"""Audit rules: one module per rule under audits/<category>/ (see registry.py), run on each parsed page and, for
site rules, once on the summaries of all pages."""

from __future__ import annotations

import dataclasses
import logging
from typing import Any, Iterator

from audits.config import AuditConfig
from audits.context import PageContext, SiteContext
from audits.registry import rules
from audits.rule import Finding

logger = logging.getLogger(__name__)


def run_page(ctx: PageContext, config: AuditConfig, errors: list[str] | None = None) -> list[Finding]:
    """Every enabled page rule on one page. A rule that fails on a hostile page is reported in `errors` and the
    others still run."""
    found: list[Finding] = []
    for rule in rules().values():
        if rule.meta.scope != "page" or not config.applies(rule.id, ctx.url):
            continue
        try:
            found.extend(_apply(rule.run(ctx), config))
        except Exception as exc:  # noqa: BLE001 - one rule's failure on odd markup must not lose the page
            logger.warning("rule %s failed on %s: %s", rule.id, ctx.url, exc)
            if errors is not None:
                errors.append(rule.id)
    return found


def run_site(ctx: SiteContext, config: AuditConfig, errors: list[str] | None = None) -> list[Finding]:
    found: list[Finding] = []
    for rule in rules().values():
        if rule.meta.scope != "site" or not config.settings(rule.id).enabled:
            continue
        try:
            found.extend(f for f in _apply(rule.run(ctx), config) if config.applies(rule.id, f.url))
        except Exception as exc:  # noqa: BLE001
            logger.warning("site rule %s failed: %s", rule.id, exc)
            if errors is not None:
                errors.append(rule.id)
    return found


def _apply(findings: Any, config: AuditConfig) -> Iterator[Finding]:
    for finding in findings:
        severity = config.settings(finding.rule).severity
        yield dataclasses.replace(finding, severity=severity) if severity else finding
