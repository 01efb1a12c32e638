"""Image buttons have alternative text.

Flags an `<input type="image">` (a graphical submit button: "Book now" drawn as a picture) with no accessible name:
no `aria-labelledby` that resolves, no `aria-label`, no non-empty `alt`, no `<label>`, no `title`. Same meaning as
axe-core's `input-image-alt` (WCAG 1.1.1 and 4.1.2): a screen reader announces it as "button" and nothing more.
`alt=""` is no escape here: a button is never decorative. An image button given a role that needs no name, and that
cannot be focused (`role="gridcell" disabled`), is out of scope; hidden ones are not checked.

Fail: `<input type="image" src="book.png">`, `<input type="image" src="book.png" alt="">`.
Pass: `<input type="image" src="book.png" alt="Book an appointment">`.
"""

from __future__ import annotations

from typing import Iterator

from audits._aria import explicit_role, is_focusable, needs_name
from audits._common import accessible_name, out_of_reach
from audits.context import PageContext
from audits.rule import Finding, RuleMeta

META = RuleMeta(
    id="input-image-alt",
    category="images",
    severity="error",
    title="Image buttons have alternative text",
    help="Give the <input type=\"image\"> an alt text that says what the button does (\"Book an appointment\").",
    help_url="https://dequeuniversity.com/rules/axe/4.10/input-image-alt",
)


def check(ctx: PageContext) -> Iterator[Finding]:
    for el in ctx.root.iter("input"):
        if (el.get("type") or "").strip().lower() != "image":
            continue
        if explicit_role(el) is not None and not needs_name(el) and not is_focusable(el):
            continue
        if out_of_reach(el):
            continue
        if not accessible_name(el):
            src = (el.get("src") or "").strip().rsplit("/", 1)[-1][:80]
            yield ctx.finding(META, el, f"The image button {src!r} has no accessible name: give it an alt text "
                                        "that says what it does")
