import os, json
from pages3 import *

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "public")

POSTS = [
    dict(slug="why-are-my-teeth-suddenly-sensitive",
         title="Why are my teeth suddenly sensitive?",
         author="Laura Finch", role="Dental Hygienist", date="2025-01-14", date_h="14 January 2025",
         img="Wrenfold+blog+sensitive+teeth",
         excerpt="That sharp zing from an ice cream or a cold drink is one of the things patients mention most "
                 "at hygiene appointments. Here&rsquo;s what causes it and what actually helps."),
    dict(slug="knocked-out-tooth-what-to-do",
         title="Knocked out a tooth? What to do in the first hour",
         author="Dr Daniel Okafor", role="Associate Dentist", date="2025-03-03", date_h="3 March 2025",
         img="Wrenfold+blog+knocked+out+tooth",
         excerpt="Football, trampolines, a trip on the kerb &ndash; dental injuries happen fast. A few calm "
                 "steps in the first hour can save the tooth."),
]


def post_body_sensitive():
    return (
        p("That sharp, breath-catching zing when you bite into an ice cream or sip a cold drink is one of the "
          "things patients mention most at their hygiene appointments. The good news is that sensitivity is "
          "almost always treatable once we know what&rsquo;s causing it.")
        + hx(2, "What&rsquo;s actually going on?", size=28)
        + p("Underneath the hard enamel on the outside of your teeth is a softer layer called dentine, which is "
            "full of microscopic channels leading towards the nerve. While the dentine is covered, you feel "
            "nothing. Once it&rsquo;s exposed, hot, cold and sweet things reach the nerve much more easily "
            "&ndash; and that&rsquo;s the twinge you feel.")
        + hx(2, "The usual suspects", size=28)
        + p("In my chair, it&rsquo;s usually one of these:")
        + ul(["<strong>Receding gums.</strong> As the gums shrink back &ndash; often from brushing too hard, or "
              "as a result of gum disease &ndash; they expose the root surface, which has no enamel to protect it.",
              "<strong>Enamel erosion.</strong> Fizzy drinks, fruit juice, sports drinks and even that "
              "healthy-sounding lemon water in the morning all soften enamel a little at a time.",
              "<strong>Grinding and clenching.</strong> Night-time grinding slowly wears enamel flat, especially "
              "on the biting edges.",
              "<strong>A crack or a leaky filling.</strong> If it&rsquo;s one tooth that hurts, and it&rsquo;s "
              "worse when you bite, it&rsquo;s worth getting checked sooner rather than later.",
              "<strong>Decay.</strong> A new cavity can start off as sensitivity long before it becomes "
              "painful."])
        + hx(2, "What we can do about it", size=28)
        + p("At your hygiene appointment I can apply a fluoride varnish that calms sensitive areas and "
            "strengthens the enamel. Where a root surface or a worn patch of enamel is exposed, the dentist can "
            'bond a thin layer of <a href="/treatments#white-fillings" runtime_url="/treatments#white-fillings" '
            'type="page">tooth-coloured filling material</a> over it, which seals it off and usually stops the '
            "sensitivity straight away.")
        + p("If a crack or decay turns out to be the culprit, a white filling will normally fix it; very "
            'occasionally, if the nerve has become inflamed, <a href="/root-canal-treatment" '
            'runtime_url="/root-canal-treatment" type="page">root canal treatment</a> is needed. And if '
            "you&rsquo;re grinding, a night guard will protect your teeth from further wear.")
        + hx(2, "Five things to try at home", size=28)
        + ul(["Switch to a sensitive toothpaste and use it for at least two weeks",
              "Spit after brushing, but don&rsquo;t rinse &ndash; leave the toothpaste on your teeth",
              "Use a soft or medium brush and let an electric toothbrush do the work",
              "Wait an hour after acidic food or drinks before brushing",
              "Drink acidic drinks with a meal or through a straw, rather than sipping all day"], numbered=True)
        + p("If your sensitivity hasn&rsquo;t settled after a couple of weeks, or it&rsquo;s getting worse, "
            '<a href="/contact" runtime_url="/contact" type="page">book a check-up</a> and we&rsquo;ll get to '
            "the bottom of it.")
    )


def post_body_knocked():
    return (
        p("In the last month alone we&rsquo;ve seen a goalkeeper, a trampolining eight-year-old and a "
          "gentleman who argued with a lamp post on his way home. Dental injuries happen fast, and what you do "
          "in the first hour can make the difference between keeping a tooth and losing it.")
        + hx(2, "If an adult tooth has been knocked out", size=28)
        + ul(["Find the tooth and pick it up by the crown (the white part you can normally see)",
              "If it&rsquo;s dirty, rinse it briefly in milk or cold running water &ndash; no scrubbing",
              "Push it back into the gap, the right way round, and bite on a clean cloth to hold it",
              "If you can&rsquo;t get it back in, keep it in a small pot of milk",
              f"Ring us on {PHONE_DISPLAY} and come straight in"], numbered=True)
        + p("We&rsquo;ll check the position, splint it to the teeth either side for a couple of weeks and keep "
            "an eye on the nerve. Replanted teeth often need root canal treatment later, but many of them last "
            "for years.")
        + hx(2, "If a tooth has been loosened or pushed out of place", size=28)
        + p("Don&rsquo;t try to wiggle it. Bite gently on a cloth and call us &ndash; we can usually ease it "
            "back into position and splint it, and the sooner we do it the easier it is.")
        + hx(2, "If a tooth has chipped or broken", size=28)
        + p("Save any pieces you can find and bring them with you. Small chips can often be smoothed or "
            "rebuilt with white filling material the same day. A larger break that exposes the pink centre of "
            "the tooth needs seeing urgently.")
        + hx(2, "Baby teeth are different", size=28)
        + p("Never try to put a baby tooth back &ndash; you could damage the adult tooth developing underneath. "
            "Do bring your child in, though, so we can check everything is as it should be.")
        + p('You can read more about urgent care on our <a href="/emergency-dentist" '
            'runtime_url="/emergency-dentist" type="page">emergency appointments</a> page.')
    )


BODIES = {"why-are-my-teeth-suddenly-sensitive": post_body_sensitive,
          "knocked-out-tooth-what-to-do": post_body_knocked}


def make_post_page(post):
    path = f"/blog/{post['slug']}"
    ld = f'''<script type="application/ld+json">
{{
  "@context" : "https://schema.org",
  "@type" : "BlogPosting",
  "headline" : "{post['title']}",
  "datePublished" : "{post['date']}T09:00:00Z",
  "dateModified" : "{post['date']}T09:00:00Z",
  "author" : {{
    "@type" : "Person",
    "name" : "{post['author']}"
  }},
  "image" : "{IRP}{post['img']}.jpg",
  "mainEntityOfPage" : "{ORIGIN}{path}",
  "publisher" : {{
    "@type" : "Organization",
    "name" : "Wrenfold Dental"
  }}
}}
</script>
'''

    def build():
        head_row = row(col(para(
            p('<a href="/blog" runtime_url="/blog" type="page">&larr; Back to the blog</a>', size=14)
            + hx(1, post["title"], size=40)
            + p(f"By {post['author']}, {post['role']} &middot; {post['date_h']}", size=14)),
            extra=' data-binding="post-header"'), extra=" dmBlogPostHeader")
        img_row = row(col(image(post["img"], post["title"], w=960, h=540)))
        body_row = row(col(para(BODIES[post["slug"]](), extra=' data-binding="post-body"'), l=9) + col("", l=3),
                       extra=" dmBlogPostBody")
        return head_row + img_row + body_row + cta_row(
            "Need to see a dentist?", "Call us or book online &ndash; we&rsquo;re here to help.",
            "Book an appointment", "/contact")

    PAGES[path] = dict(path=path, alias=f"blog/{post['slug']}", post_alias=post["slug"],
                       title=f"{post['title']} | Wrenfold Dental Blog",
                       description=post["excerpt"].replace("&rsquo;", "'").replace("&ndash;", "-"),
                       og_type="article", extra_jsonld=ld, og_image=post["img"], page_type="BLOG", build=build)


for post in POSTS:
    make_post_page(post)


@page("/blog", "blog", "Blog | Dental Advice from Wrenfold Dental, Chorlton",
      "Practical dental advice from the team at Wrenfold Dental in Chorlton, Manchester.")
def blog():
    out = row(col(para(hx(1, "From the chair", size=44)
                       + p("Practical advice and news from the Wrenfold Dental team."))))
    cols = ""
    for post in reversed(POSTS):
        href = f"/blog/{post['slug']}"
        cols += col(image(post["img"], post["title"], w=560, h=315, link=href)
                    + para(p(post["date_h"], size=14) + hx(3, post["title"], size=24)
                           + p(post["excerpt"], size=16))
                    + button("Read more", href), l=6)
    out += row(cols, extra=" dmBlogPostsList")
    return out


def write(path, html):
    if path == "/":
        fp = os.path.join(OUT, "index.html")
    else:
        fp = os.path.join(OUT, path.strip("/"), "index.html")
    os.makedirs(os.path.dirname(fp), exist_ok=True)
    with open(fp, "w", encoding="utf-8") as f:
        f.write(html)
    return fp


ORDER = ["/", "/treatments", "/check-ups-hygiene", "/root-canal-treatment", "/dental-implants", "/invisalign",
         "/teeth-whitening", "/emergency-dentist", "/smile-concerns", "/about", "/faqs", "/blog",
         "/blog/why-are-my-teeth-suddenly-sensitive", "/blog/knocked-out-tooth-what-to-do", "/contact",
         "/privacy-policy"]
assert set(ORDER) == set(PAGES), set(PAGES) ^ set(ORDER)

for path in ORDER:
    pg = PAGES[path]
    html = render(pg, pg["build"]())
    fp = write(path, html)
    print(f"{len(html)//1024:3d} KB  {path}")

# robots + sitemap
with open(os.path.join(OUT, "robots.txt"), "w") as f:
    f.write("User-agent: *\nDisallow: /_dm/s/rt/actions/\nDisallow: /_dm/s/rt/widgets/\n\n"
            f"Sitemap: {ORIGIN}/sitemap.xml\n")

lastmod = {"/blog/why-are-my-teeth-suddenly-sensitive": "2025-01-14",
           "/blog/knocked-out-tooth-what-to-do": "2025-03-03"}
sm = ['<?xml version="1.0" encoding="UTF-8"?>',
      '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
      'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">']
for path in ORDER:
    loc = ORIGIN if path == "/" else ORIGIN + path
    pg = PAGES[path]
    img = pg.get("og_image", "Wrenfold+Dental+reception")
    sm.append(f"  <url>\n    <loc>{loc}</loc>\n    <lastmod>{lastmod.get(path, '2025-03-11')}</lastmod>\n"
              f"    <image:image>\n      <image:loc>{IRP}{img}.jpg</image:loc>\n    </image:image>\n  </url>")
sm.append("</urlset>\n")
with open(os.path.join(OUT, "sitemap.xml"), "w") as f:
    f.write("\n".join(sm))
