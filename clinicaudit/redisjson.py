"""The serializer of requests in Redis (scrapy-redis's SCHEDULER_SERIALIZER: a module with `loads` and `dumps`).

scrapy-redis pickles requests by default; unpickling what a shared Redis holds would run whatever code anyone who
can write to it put there. Requests are stored as JSON instead (bytes as latin-1 text under a marker), and what is
read back is checked: a plain `Request`, a callback and errback among the spider's own, plain data in `meta`.
"""

from __future__ import annotations

import json
from typing import Any

# The spider's methods a queued request may name (clinicaudit.spiders.site.SiteSpider).
CALLBACKS = frozenset({"parse", "parse_robots", "parse_sitemap", None})
ERRBACKS = frozenset({"on_error", None})
_BYTES = "__bytes__"


class UntrustedRequest(ValueError):
    """A queued request that is not one this tool wrote."""


def _encode(value: Any) -> Any:
    if isinstance(value, bytes):
        return {_BYTES: value.decode("latin-1")}
    if isinstance(value, dict):
        return {str(_encode_key(k)): _encode(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    return value


def _encode_key(key: Any) -> str:
    return key.decode("latin-1") if isinstance(key, bytes) else str(key)


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {_BYTES}:
            return str(value[_BYTES]).encode("latin-1")
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def dumps(obj: dict[str, Any]) -> str:
    return json.dumps(_encode(obj), separators=(",", ":"), sort_keys=True)


def loads(data: str | bytes) -> dict[str, Any]:
    obj = _decode(json.loads(data))
    if not isinstance(obj, dict) or not isinstance(obj.get("url"), str):
        raise UntrustedRequest("not a request")
    obj.pop("_class", None)  # Scrapy would import the class it names: only plain Requests are queued
    if obj.get("callback") not in CALLBACKS or obj.get("errback") not in ERRBACKS:
        raise UntrustedRequest(f"a callback the spider does not offer: {obj.get('callback')!r}")
    if obj.get("method") not in ("GET", "HEAD"):
        raise UntrustedRequest(f"method {obj.get('method')!r}")
    return obj
