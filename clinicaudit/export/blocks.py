"""The body of a service's or a condition's page as a list of blocks, shared by the Markdown and WordPress formats so
that both say the same thing in their own syntax. Text in a block is plain text as extracted (never markup): each
format escapes it.

A service's page: the summary (when the intro does not already start with it), the intro's lines as paragraphs (the
benefit items among them as a list), the images, a "Benefits" list for benefit items that no intro or section line
holds, each section as a level-2 heading and its lines, then the conditions the service treats with their examples.
A condition's page: its examples and the services that treat it.

The extraction keeps each paragraph and list item as one line of `intro` / section `text`, but not which lines were
list items: apart from benefit items, lines become paragraphs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_TRAILING = re.compile(r"(?:,?\s+and|;|\.|,)\s*$", re.IGNORECASE)


@dataclass
class Item:
    """A list item: `text`, or a `name` in bold followed by `text` (a condition and its examples)."""

    text: str
    name: str | None = None


@dataclass
class Block:
    kind: str  # "p", "h2", "ul", "img"
    text: str = ""
    items: list[Item] = field(default_factory=list)
    src: str = ""
    alt: str | None = None


def _lines(text: Any) -> list[str]:
    if not isinstance(text, str):
        return []
    return [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n") if line.strip()]


def _same(line: str, item: str) -> bool:
    return _TRAILING.sub("", line).strip().casefold() == item.strip().casefold()


def _with_benefits(lines: list[str], benefits: list[str], used: set[int]) -> list[Block]:
    """Lines as paragraphs; runs of lines that are benefit items as one list."""
    blocks: list[Block] = []
    for line in lines:
        match = next((i for i, b in enumerate(benefits) if _same(line, b)), None)
        if match is None:
            blocks.append(Block("p", text=line))
            continue
        used.add(match)
        if blocks and blocks[-1].kind == "ul":
            blocks[-1].items.append(Item(benefits[match]))
        else:
            blocks.append(Block("ul", items=[Item(benefits[match])]))
    return blocks


def condition_item(condition: dict[str, Any] | None, fallback: str) -> Item:
    if condition is None:
        return Item(fallback)
    examples = [e for e in condition.get("examples") or [] if isinstance(e, str)]
    return Item(", ".join(examples), name=condition.get("name") or fallback)


def service_blocks(service: dict[str, Any], conditions: dict[str, dict[str, Any]]) -> list[Block]:
    intro = _lines(service.get("intro"))
    benefits = [b for b in service.get("benefits") or [] if isinstance(b, str) and b.strip()]
    used: set[int] = set()
    blocks: list[Block] = []
    summary = service.get("summary")
    if isinstance(summary, str) and summary.strip() and not (intro and intro[0] == summary.strip()):
        blocks.append(Block("p", text=summary.strip()))
    blocks += _with_benefits(intro, benefits, used)
    for image in service.get("images") or []:
        blocks.append(Block("img", src=image.get("src") or "", alt=image.get("alt")))
    sections: list[Block] = []
    for section in service.get("sections") or []:
        sections.append(Block("h2", text=section.get("heading") or ""))
        sections += _with_benefits(_lines(section.get("text")), benefits, used)
    left = [b for i, b in enumerate(benefits) if i not in used]
    if left:
        blocks += [Block("h2", text="Benefits"), Block("ul", items=[Item(b) for b in left])]
    blocks += sections
    ids = [c for c in service.get("conditions") or [] if isinstance(c, str)]
    if ids:
        blocks.append(Block("h2", text="Conditions treated"))
        blocks.append(Block("ul", items=[condition_item(conditions.get(c), c) for c in ids]))
    return blocks


def condition_blocks(condition: dict[str, Any], services: dict[str, dict[str, Any]]) -> list[Block]:
    blocks: list[Block] = []
    examples = [e for e in condition.get("examples") or [] if isinstance(e, str)]
    if examples:
        blocks += [Block("h2", text="Common examples"), Block("ul", items=[Item(e) for e in examples])]
    treated = [s for s in condition.get("treated_by") or [] if isinstance(s, str)]
    if treated:
        blocks += [Block("h2", text="Treated with"),
                   Block("ul", items=[Item((services.get(s) or {}).get("name") or s) for s in treated])]
    return blocks


def excerpt(service: dict[str, Any], meta_description: str | None) -> str:
    """The page's meta description, else the service's summary, else ""."""
    if meta_description:
        return meta_description.strip()
    summary = service.get("summary")
    return summary.strip() if isinstance(summary, str) else ""
