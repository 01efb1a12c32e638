"""Images must have alternative text.

Flags an informative `<img>` with no accessible name: no `alt` attribute, and no `aria-label`, resolvable
`aria-labelledby` or `title`. Same meaning as axe-core's `image-alt`:

- `alt=""` marks a decorative image and passes (it is correct markup, not a missing alt);
- `role="presentation"` / `role="none"` and `aria-hidden="true"` (on the image or an ancestor) pass, except that
  WAI-ARIA voids a presentational role on a focusable image (`tabindex`) or one with a global ARIA attribute
  (`aria-live`, `aria-label`, …): such an image still needs a name;
- an image given a role that needs a name (`role="button"`, `"checkbox"`, `"option"`, a focusable `"separator"`)
  needs one just the same; an image given a role that needs none (a plain `role="separator"`) is out of scope;
- an `alt` of only spaces is a finding: it is neither a name nor the empty decorative marker;
- `<noscript>` copies of lazy-loaded images are not rendered and are not checked.

Fail: `<img src="team.jpg">`. Pass: `<img src="team.jpg" alt="Our four physiotherapists">`,
`<img src="divider.png" alt="">`, `<img src="x.jpg" aria-label="Treatment room">`.
"""

from __future__ import annotations

from typing import Iterator

from audits._aria import explicit_role, needs_name
from audits._common import accessible_name, is_presentational, rendered_images
from audits.context import PageContext
from audits.rule import Finding, RuleMeta
from clinicaudit.dom import image_src

META = RuleMeta(
    id="image-alt",
    category="images",
    severity="error",
    title="Images have alternative text",
    help="Give every informative image an alt text that says what it shows; give decorative images alt=\"\".",
    help_url="https://dequeuniversity.com/rules/axe/4.10/image-alt",
)


def check(ctx: PageContext) -> Iterator[Finding]:
    for img in rendered_images(ctx.root):
        if is_presentational(img) or (explicit_role(img) not in (None, "img", "none", "presentation")
                                      and not needs_name(img)):
            continue  # an image given a role that needs no name (a plain `role="separator"`) is out of scope
        alt = img.get("alt")
        if alt is not None and alt != "" and not alt.strip():
            if not accessible_name(img):
                yield ctx.finding(META, img, "The image's alt text is only white space: use a description, or "
                                             "alt=\"\" if the image is decorative", src=image_src(img)[0])
            continue
        if alt is not None or accessible_name(img):
            continue
        src = image_src(img)[0] or ""
        yield ctx.finding(META, img, f"Image {src.rsplit('/', 1)[-1][:80]!r} has no alt attribute and no other "
                                     "accessible name", src=ctx.page.public(ctx.page.absolute(src)) if src else None)
