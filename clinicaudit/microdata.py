"""Microdata items of a page, read as WHATWG's HTML standard says (section 5.2, "Encoding microdata"; 5.2.4, "Values";
and "Converting HTML to other formats"): top-level items are the `itemscope` elements without `itemprop`; an item's
properties are found by crawling its subtree and the elements its `itemref` names, in tree order, never through a
nested item; a property's value depends on the element (below); `itemid` and URL values are resolved against the
document's base URL (`<base href>`).

| element | value |
| --- | --- |
| `itemscope` | the nested item |
| `meta` | its `content` |
| `audio embed iframe img source track video` | `src`, resolved |
| `a area link` | `href`, resolved |
| `object` | `data`, resolved |
| `data meter` | `value` |
| `time` | `datetime`, else its text |
| any other | its text; or its `content` attribute when it has one (not in the standard, but Google reads it and schema.org's own examples rely on it: `<span itemprop="price" content="1000.00">1,000.00</span>`) |

Two more readings beyond the standard, both to keep what the author meant rather than lose it: a URL-valued element
without its URL attribute takes its `content` (`<link itemprop="url" content="…">`), and an item that has an
`itemprop` but that no item takes as a property is read as a top-level item.
Items come in extruct's shape, as `pages.jsonl` has always written them: `{"type": ..., "id": ..., "properties":
{name: value}}`, where a type or a property with several values is a list."""

from __future__ import annotations

from typing import Any, Callable

import lxml.etree
from lxml.html import HtmlElement

from clinicaudit.page import text_of

_SRC = frozenset({"audio", "embed", "iframe", "img", "source", "track", "video"})
_HREF = frozenset({"a", "area", "link"})
MAX_DEPTH = 50


def items(root: HtmlElement, resolve: Callable[[str], str | None]) -> list[dict[str, Any]]:
    """The page's top-level microdata items. `resolve` turns an attribute's URL into an absolute one."""
    order: dict[HtmlElement, int] = {}
    by_id: dict[str, HtmlElement] = {}
    scoped, referred = [], set()
    for i, el in enumerate(root.iter(lxml.etree.Element)):
        order[el] = i
        ident = el.get("id")
        if ident and ident not in by_id:
            by_id[ident] = el
        if el.get("itemscope") is not None:
            scoped.append(el)
            referred.update((el.get("itemref") or "").split())
    # Top-level items have no itemprop. An item with one that no item can take as a property — no item around it,
    # and neither it nor a wrapper of it named by an itemref — is read as a top-level item too, rather than lost.
    def claimed(el: HtmlElement) -> bool:
        return any(a.get("itemscope") is not None for a in el.iterancestors()) or any(
            node.get("id") in referred for node in (el, *el.iterancestors()) if node.get("id"))

    tops = [el for el in scoped if el.get("itemprop") is None or not claimed(el)]
    reader = _Reader(order, by_id, resolve)
    return [reader.item(el, frozenset(), 0) for el in tops]


class _Reader:
    def __init__(self, order: dict[HtmlElement, int], by_id: dict[str, HtmlElement],
                 resolve: Callable[[str], str | None]) -> None:
        self.order, self.by_id, self.resolve = order, by_id, resolve

    def item(self, el: HtmlElement, path: frozenset[HtmlElement], depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        types = (el.get("itemtype") or "").split()
        if types:
            out["type"] = list(dict.fromkeys(types))
            itemid = (el.get("itemid") or "").strip()
            if itemid:
                out["id"] = self.resolve(itemid) or itemid
        properties: dict[str, list[Any]] = {}
        inside = path | {el}
        for prop in self.properties(el):
            if prop.get("itemscope") is not None:
                if prop in inside or depth >= MAX_DEPTH:
                    continue  # an item that holds itself (through itemref): the standard's "ERROR" value
                value: Any = self.item(prop, inside, depth + 1)
            else:
                value = self.value(prop)
            for name in dict.fromkeys((prop.get("itemprop") or "").split()):
                properties.setdefault(name, []).append(value)
        if properties:
            out["properties"] = {name: values[0] if len(values) == 1 else values for name, values in properties.items()}
        if len(out.get("type", ())) == 1:
            out["type"] = out["type"][0]
        return out

    def properties(self, root: HtmlElement) -> list[HtmlElement]:
        """The standard's "crawl the properties": the root's children and the elements its itemref names, then
        their children (not through a nested item), each element once; those with `itemprop`, in tree order."""
        pending = [c for c in root if isinstance(c.tag, str)]
        pending += [self.by_id[ref] for ref in dict.fromkeys((root.get("itemref") or "").split()) if ref in self.by_id]
        seen = {root}
        found = []
        while pending:
            current = pending.pop()
            if current in seen:
                continue
            seen.add(current)
            if current.get("itemscope") is None:
                pending.extend(c for c in current if isinstance(c.tag, str))
            if (current.get("itemprop") or "").strip():
                found.append(current)
        found.sort(key=lambda e: self.order.get(e, 0))
        return found

    def value(self, el: HtmlElement) -> str:
        tag = el.tag
        if tag == "meta":
            return el.get("content") or ""
        if tag in _SRC:
            return self._url(el.get("src"), el)
        if tag in _HREF:
            return self._url(el.get("href"), el)
        if tag == "object":
            return self._url(el.get("data"), el)
        if tag in ("data", "meter"):
            return el.get("value") or ""
        if tag == "time" and el.get("datetime") is not None:
            return el.get("datetime") or ""
        if el.get("content") is not None:
            return el.get("content") or ""
        return text_of(el)

    def _url(self, value: str | None, el: HtmlElement | None = None) -> str:
        if value is None and el is not None and el.get("content") is not None:
            value = el.get("content")  # `<link itemprop="url" content="…">`: no href, but a content Google reads
        value = (value or "").strip()
        return (self.resolve(value) or "") if value else ""
