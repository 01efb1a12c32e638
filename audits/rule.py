"""What a rule is (metadata + a pure function) and what it reports (a Finding)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from clinicaudit.terms import CATEGORIES, SEVERITIES  # noqa: F401 - defined once, for every part

if TYPE_CHECKING:
    from audits.context import PageContext, SiteContext


@dataclass(frozen=True)
class RuleMeta:
    """A rule's declaration. `options` are its tunable settings with their defaults (checked in configuration)."""

    id: str
    category: str
    severity: str
    title: str
    help: str
    scope: str = "page"  # "page": check(page) per page; "site": check_site(site) once after the crawl
    options: dict[str, Any] = field(default_factory=dict)
    help_url: str | None = None


@dataclass(frozen=True)
class Finding:
    """One problem at one element of one page: exactly the fields of schema/finding.schema.json."""

    rule: str
    category: str
    severity: str
    url: str
    selector: str
    snippet: str
    message: str
    data: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "category": self.category, "severity": self.severity, "url": self.url,
                "selector": self.selector, "snippet": self.snippet, "message": self.message, "data": self.data}


@dataclass(frozen=True)
class Rule:
    meta: RuleMeta
    doc: str
    check: Callable[[PageContext], Iterable[Finding]] | None = None
    check_site: Callable[[SiteContext], Iterable[Finding]] | None = None

    @property
    def id(self) -> str:
        return self.meta.id

    def run(self, ctx: Any) -> Iterator[Finding]:
        fn = self.check if self.meta.scope == "page" else self.check_site
        assert fn is not None
        yield from fn(ctx)
