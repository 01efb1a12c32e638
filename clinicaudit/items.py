"""The one item the spider yields: the raw facts of one fetched URL."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from clinicaudit.page import Page


@dataclass
class PageItem:
    """One fetched (or failed) URL. Pipelines add the derived `record`, `content` and `findings`."""

    url: str
    requested_url: str
    status: int | None
    headers: dict[str, str]
    content_type: str | None
    depth: int
    referrer: str | None
    discovered_via: str
    fetched_at: str
    response_time_ms: float | None = None
    size: int = 0
    redirects: list[dict[str, Any]] = field(default_factory=list)
    redirect_to: str | None = None
    error: dict[str, str] | None = None
    html: str | None = None
    is_html: bool = False
    sitemap_entries: list[str] | None = None  # for a sitemap file: the page URLs it lists
    render: dict[str, Any] | None = None  # how the page was rendered (clinicaudit.render), None: read as served
    raw_html: str | None = None  # a rendered page's HTML as the server sent it
    page: Page | None = field(default=None, repr=False)
    lease: str | None = None  # --redis: the lease under which a worker holds this URL (clinicaudit.distributed)
    # Set by the pipelines.
    record: dict[str, Any] | None = field(default=None, repr=False)
    content: dict[str, Any] | None = field(default=None, repr=False)
    record_errors: list[dict[str, str]] = field(default_factory=list, repr=False)
    findings: list[Any] = field(default_factory=list, repr=False)
    summary: dict[str, Any] | None = field(default=None, repr=False)

    @classmethod
    def failed(cls, url: str, meta: dict[str, Any], kind: str, message: str, fetched_at: str,
               status: int | None = None) -> PageItem:
        """The record of a URL that could not be fetched or read, from its request's meta (how it was found, the
        redirects before it, the lease a worker holds it under): error `{kind, message}`."""
        return cls(url=url, requested_url=meta.get("requested_url", url), status=status, headers={},
                   content_type=None, depth=meta.get("depth", 0), referrer=meta.get("referrer"),
                   discovered_via=meta.get("via", "link"), fetched_at=fetched_at,
                   redirects=list(meta.get("chain", [])), error={"kind": kind, "message": message[:500]},
                   lease=meta.get("clinicaudit_lease"))
