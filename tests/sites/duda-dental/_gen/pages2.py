from pages1 import *


def page_hero(title, lead, img_name, alt):
    return row(col(para(hx(1, title, size=44) + p(lead, size=19))
                   + button("Book a consultation", "/contact", align="left"), l=7)
               + col(image(img_name, alt, w=560, h=420), l=5), extra=" u_pageHero fullBleedChanged fullBleedMode")


def price_box(lines):
    return para(hx(3, "Fees", size=22) + "".join(p(l, size=16) for l in lines))


# ------------------------------------------------------------------ TREATMENTS (index + 2 sections)
@page("/treatments", "treatments", "Dental Treatments | Wrenfold Dental, Chorlton",
      "General, restorative and cosmetic dental treatments at Wrenfold Dental in Chorlton: check-ups, white "
      "fillings, root canal treatment, implants, dentures, Invisalign and whitening.")
def treatments():
    intro = row(col(para(
        hx(1, "Our treatments", size=44)
        + p("Most of what we do is everyday dentistry &ndash; keeping teeth and gums healthy and putting things "
            "right when they go wrong. Alongside that we offer cosmetic and restorative treatments for "
            "patients who want to change the way their smile looks or replace teeth they&rsquo;ve lost. "
            "Choose a treatment below, or scroll down for fillings and dentures."))))
    cards = [
        ("Wrenfold+check-up", "Hygienist with patient", "Check-ups &amp; Hygiene",
         "Examinations, x-rays, hygienist visits and advice for the whole family.", "/check-ups-hygiene"),
        ("Wrenfold+root+canal", "Dental microscope", "Root Canal Treatment",
         "Saving infected and badly damaged teeth with careful, comfortable treatment.", "/root-canal-treatment"),
        ("Wrenfold+implant+model", "Dental implant model", "Dental Implants",
         "Fixed, long-lasting replacements for missing teeth.", "/dental-implants"),
        ("Wrenfold+invisalign+aligner", "Clear aligner", "Clear Braces",
         "Invisalign clear aligners for adults and teenagers.", "/invisalign"),
        ("Wrenfold+whitening", "Whitening trays", "Teeth Whitening",
         "Dentist-led home whitening for a brighter, natural-looking smile.", "/teeth-whitening"),
        ("Wrenfold+emergency", "Reception desk", "Emergency Dentistry",
         "Same-day help when you&rsquo;re in pain or have had an accident.", "/emergency-dentist"),
    ]
    grid = ""
    for k in range(0, 6, 3):
        grid += row("".join(col(card(*c), l=4) for c in cards[k:k + 3]))

    fill_id = "white-fillings"
    fill = row(
        col(image("Wrenfold+white+filling", "A white filling on a back tooth", w=560, h=420), l=5)
        + col(para(
            hx(2, "White Fillings", size=34)
            + p("When decay has made a hole in a tooth, the sooner it&rsquo;s filled the smaller the filling "
                "needs to be. We use tooth-coloured composite fillings, which bond to the tooth and are shaded to "
                "match, so once the numbness has worn off you&rsquo;ll struggle to find them.")
            + p("Composite fillings aren&rsquo;t just for cavities. We use the same material to repair a tooth "
                "with a small crack, to rebuild a corner that&rsquo;s broken away, and to replace old silver "
                "amalgam fillings that have started to leak or fracture. If a filling has fallen out, we can "
                "usually replace it in the same visit.")
            + p("On the NHS, fillings fall under Band 2 treatment. NHS white fillings are normally limited to "
                "front teeth, so for back teeth we&rsquo;ll explain the private option and its cost before we "
                "start.")
            + p("<strong>Private white fillings from &pound;120 per tooth.</strong>")), l=7),
        anchor=fill_id)

    dent_id = "dentures"
    dent = row(
        col(para(
            hx(2, "Dentures", size=34)
            + p("Well-made dentures &ndash; &lsquo;false teeth&rsquo;, as plenty of our patients still call them "
                "&ndash; can transform how you eat, speak and smile. We make full dentures for patients who have "
                "lost all of their teeth in an arch, and partial dentures that clip around your remaining teeth "
                "to fill the gaps.")
            + p("A lot of people who come to see us have put up with a denture that rocks, rubs or drops when "
                "they talk. Often a reline (re-fitting the underside to the current shape of your gums) is all "
                "that&rsquo;s needed. If your gums have changed a lot, a new denture may be better &ndash; and "
                "if you&rsquo;d like something that doesn&rsquo;t move at all, "
                '<a href="/dental-implants" runtime_url="/dental-implants" type="page">two or four implants</a> '
                "can hold a lower denture firmly in place.")
            + p("Cracked or snapped a denture? Bring all the pieces in &ndash; most repairs can be done by our "
                "local laboratory within 24 hours.")
            + p("<strong>Acrylic partial dentures from &pound;450, full upper and lower from &pound;1,250. "
                "NHS dentures come under Band 3.</strong>")), l=7)
        + col(image("Wrenfold+dentures", "A full upper denture", w=560, h=420), l=5),
        anchor=dent_id)

    table = custom_html(
        '<table class="wrenfold-guide" style="width:100%;border-collapse:collapse">'
        '<thead><tr><th>If you&rsquo;re dealing with&hellip;</th><th>We&rsquo;ll usually suggest&hellip;</th></tr></thead>'
        '<tbody>'
        '<tr><td>A hole or dark spot in a tooth (decay)</td><td><a href="/treatments#white-fillings">White fillings</a></td></tr>'
        '<tr><td>A chipped or worn front tooth</td><td>Rebuilding the edge with <a href="/treatments#white-fillings">white filling material</a></td></tr>'
        '<tr><td>An infected nerve or a dental abscess</td><td><a href="/root-canal-treatment">Root canal treatment</a></td></tr>'
        '<tr><td>One or more missing teeth</td><td><a href="/dental-implants">Dental implants</a> or <a href="/treatments#dentures">dentures</a></td></tr>'
        '<tr><td>A denture that slips, rocks or rubs</td><td>A <a href="/treatments#dentures">denture reline</a> or implant-retained denture</td></tr>'
        '<tr><td>Crowded, gappy or crooked teeth</td><td><a href="/invisalign">Invisalign clear aligners</a></td></tr>'
        '<tr><td>Dull, yellow or stained teeth</td><td><a href="/teeth-whitening">Teeth whitening</a></td></tr>'
        '<tr><td>Gums that bleed, or breath that never seems fresh</td><td>A <a href="/check-ups-hygiene">check-up and hygienist visit</a></td></tr>'
        '<tr><td>A knocked-out or broken tooth</td><td>An <a href="/emergency-dentist">emergency appointment</a> the same day</td></tr>'
        '</tbody></table>')
    guide = row(col(para(hx(2, "Not sure where to start?", size=32, align="center")
                         + p("Here&rsquo;s a rough guide. Your dentist will always examine you and talk through "
                             "the options before recommending anything.", align="center")) + table))
    return intro + grid + fill + dent + guide + cta_row(
        "Ready to book?", "Tell us what&rsquo;s bothering you and we&rsquo;ll find the right appointment.",
        "Book an appointment", "/contact")


# ------------------------------------------------------------------ CHECK-UPS & HYGIENE
@page("/check-ups-hygiene", "check-ups-hygiene", "Dental Check-ups &amp; Hygienist in Chorlton | Wrenfold Dental",
      "Regular dental check-ups and hygienist appointments in Chorlton, Manchester. NHS check-ups for children "
      "and private examinations for adults.")
def checkups():
    hero = page_hero("Check-ups &amp; Hygiene",
                     "Regular check-ups and hygiene visits are the simplest way to keep your teeth for life "
                     "&ndash; and to catch small problems while they&rsquo;re still small, quick and cheap to fix.",
                     "Wrenfold+check-up", "Dr Marsh carrying out a check-up")
    exam = row(
        col(para(
            hx(2, "Your check-up", size=32)
            + p("A check-up &ndash; listed as a &lsquo;dental examination&rsquo; on your treatment plan &ndash; "
                "takes about twenty minutes. We&rsquo;ll look at every tooth, check your gums, tongue, cheeks and "
                "throat, and take x-rays if it&rsquo;s been a while since your last set. We also screen for "
                "mouth cancer at every visit; it only takes a minute and could make a real difference.")
            + p("For children registered with us on the NHS, check-ups are free. For NHS adult patients an "
                "examination is a Band 1 course of treatment. Private examinations are &pound;58, or included in "
                "the Wrenfold Care Plan.")), l=6)
        + col(para(
            hx(3, "What happens at your check-up", size=24)
            + ul(["A quick chat about any worries and any changes to your health or medicines",
                  "A full examination of your teeth, gums and the soft tissues of your mouth",
                  "X-rays, if they&rsquo;re due (usually every one to two years)",
                  "A clear explanation of what we&rsquo;ve found, with a written plan and estimate"],
                 numbered=True)), l=6))
    hyg = row(col(para(
        hx(2, "Seeing the hygienist", size=32)
        + p("A hygiene appointment &ndash; sometimes called a scale and polish &ndash; removes the hard tartar "
            "that brushing can&rsquo;t shift, especially around the gumline and between the teeth. Laura, our "
            "hygienist, will also show you the brushing and interdental cleaning that works for your mouth, "
            "without the lecture.")
        + p("Many people first book in with Laura because their gums bleed when they brush, or because of bad "
            "breath that doesn&rsquo;t go away however much mouthwash they use. Both are usually early signs of "
            "gum disease. Caught at the gingivitis stage, it&rsquo;s completely reversible; left alone, it can "
            "become periodontitis, which loosens teeth and is the most common reason adults lose them. Regular "
            "hygiene visits keep it under control and help stop gums from receding further.")
        + p("If you suffer from a dry mouth &ndash; a common side effect of many medicines, and something that "
            "becomes more common as we get older &ndash; we&rsquo;ll suggest saliva substitutes and a "
            "high-fluoride toothpaste to protect your teeth. And if cold drinks make you wince, Laura can apply "
            "a desensitising varnish to sensitive teeth during the same appointment.")
        + p("Grinding your teeth at night? We&rsquo;ll often spot the wear before you notice anything. A custom "
            "night guard, made from a quick scan at your check-up, protects your teeth while you sleep.")
        + p("<strong>Hygienist appointments from &pound;68 (30 minutes).</strong>"))))
    kids = row(
        col(image("Wrenfold+kids+corner", "Child in the dental chair with a toy", w=560, h=420), l=5)
        + col(para(hx(2, "Children&rsquo;s check-ups", size=32)
                   + p("We love seeing children, and we see them on the NHS until their 18th birthday. Bring "
                       "them along to your own appointment from when their first tooth appears so the sights and "
                       "sounds become familiar. We&rsquo;ll apply fluoride varnish from age three and fissure "
                       "sealants on adult back teeth where they&rsquo;re needed.")), l=7))
    return hero + exam + hyg + kids + cta_row(
        "Due a check-up?", "Book yourself and the family in together &ndash; we&rsquo;ll try to line the "
        "appointments up back to back.", "Book a check-up", "/contact")


# ------------------------------------------------------------------ IMPLANTS
@page("/dental-implants", "dental-implants", "Dental Implants Manchester | Wrenfold Dental, Chorlton",
      "Replace missing teeth with dental implants at Wrenfold Dental in Chorlton, Manchester. Single implants, "
      "implant bridges and implant-retained dentures with Dr Priya Natarajan.")
def implants():
    hero = page_hero("Dental Implants",
                     "A dental implant is the closest thing to growing a new tooth. It&rsquo;s fixed, it "
                     "doesn&rsquo;t rely on the teeth next to it, and with good care it can last for decades.",
                     "Wrenfold+implant+model", "Model showing an implant, abutment and crown")
    what = row(col(para(
        hx(2, "Is an implant right for me?", size=32)
        + p("Losing a tooth &ndash; whether through an accident, decay or gum disease &ndash; affects more than "
            "your smile. Chewing becomes one-sided, neighbouring teeth start to tip into the gap and, over time, "
            "the bone that used to hold the tooth gradually shrinks away.")
        + p("Dental implants (you may also hear them called tooth implants) replace the root of the missing "
            "tooth with a small titanium post. Once it has fused with the bone, we attach a crown that&rsquo;s "
            "made to match your other teeth. One implant can replace a single tooth; two or more can support a "
            "bridge; and as few as two can hold a loose lower denture firmly in place so it no longer lifts when "
            "you eat.")
        + p("If a tooth has been missing for several years, there may not be enough bone left to hold an "
            "implant. That doesn&rsquo;t necessarily rule you out: Dr Natarajan can often rebuild the jawbone "
            "with a bone graft, either before or at the same time as placing the implant."))))
    steps = row(
        col(para(hx(3, "Your implant journey", size=24)
                 + ul(["<strong>Consultation and 3D scan.</strong> We check your gums and bone with a CBCT scan "
                       "and talk through every option, including alternatives to implants.",
                       "<strong>Placing the implant.</strong> A straightforward procedure under local "
                       "anaesthetic &ndash; most people are surprised how comfortable it is.",
                       "<strong>Healing.</strong> Eight to twelve weeks while the implant bonds with the bone. "
                       "You won&rsquo;t be left with a gap in the meantime.",
                       "<strong>Your new tooth.</strong> We scan, design and fit a crown, bridge or denture that "
                       "clips securely onto the implants."], numbered=True)), l=6)
        + col(para(hx(3, "Why patients choose implants", size=24)
                   + ul(["Look, feel and work like your own teeth",
                         "No need to file down healthy neighbouring teeth, as with a bridge",
                         "Help preserve the jawbone and the shape of your face",
                         "Eat what you like, without worrying about a denture moving",
                         "Can last for decades with good home care and regular check-ups"])), l=6))
    fees = row(col(price_box(["Implant consultation and CBCT scan: &pound;150 (refunded against treatment)",
                              "Single implant with crown: from &pound;2,450",
                              "Two implants to stabilise a lower denture: from &pound;3,900",
                              "Bone grafting, where needed: from &pound;450",
                              "Interest-free finance available over 12 months."]), l=8) + col("", l=4))
    return hero + what + steps + fees + cta_row(
        "Find out if implants are for you", "Book a consultation with Dr Natarajan &ndash; no obligation, and "
        "the fee comes off your treatment if you go ahead.", "Book an implant consultation", "/contact")


# ------------------------------------------------------------------ INVISALIGN
@page("/invisalign", "invisalign", "Invisalign Clear Braces in Chorlton, Manchester | Wrenfold Dental",
      "Straighten your teeth discreetly with Invisalign clear aligners at Wrenfold Dental, Chorlton. Free smile "
      "consultations and 0% finance.")
def invisalign():
    hero = page_hero("Invisalign&reg; clear aligners",
                     "Straighter teeth without metal brackets or wires. Invisalign uses a series of clear, "
                     "removable aligners &ndash; often called invisible braces &ndash; that most people "
                     "won&rsquo;t even notice you&rsquo;re wearing.",
                     "Wrenfold+invisalign+aligner", "Invisalign aligner held up to the light")
    how = row(col(para(
        hx(2, "How clear braces work", size=32)
        + p("Each set of aligners is made from a smooth, thin plastic and moves your teeth a fraction of a "
            "millimetre. You change to a new set every one or two weeks, and gradually your teeth move into "
            "their planned positions. Because the aligners come out, you can eat whatever you like and brush "
            "and floss as normal.")
        + p("Dr Helen Marsh has been providing Invisalign since 2014 and plans every case herself using the "
            "iTero scanner &ndash; you&rsquo;ll see a 3D preview of your finished smile before you commit."))))
    fixes = row(
        col(para(hx(3, "What Invisalign can correct", size=24)
                 + "<p><strong>Crowding</strong> &ndash; when there isn&rsquo;t quite enough room and teeth overlap "
                   "or twist.</p>"
                 + "<p><strong>Gaps</strong> &ndash; spaces between teeth, including that gap between the two "
                   "front teeth.</p>"
                 + "<p><strong>Overbite</strong> &ndash; where the upper front teeth sit too far forward over the "
                   "lower ones.</p>"
                 + "<p><strong>Underbite</strong> &ndash; where the lower teeth sit in front of the upper teeth "
                   "(milder cases only).</p>"
                 + "<p><strong>Crossbite</strong> &ndash; where some of the upper teeth bite inside the lower "
                   "teeth.</p>"
                 + "<p><strong>Relapse</strong> &ndash; teeth that have drifted back out of line since you wore "
                   "braces as a teenager.</p>"
                 + p("Some more complex bites are better treated with fixed braces. If that&rsquo;s the case "
                     "we&rsquo;ll tell you honestly and refer you to a specialist orthodontist.", size=15)), l=6)
        + col(para(hx(3, "Why patients love it", size=24)
                   + ul(["Practically invisible &ndash; ideal for work and photos",
                         "Removable for eating, drinking and special occasions",
                         "No brackets or wires to rub your cheeks",
                         "Fewer, shorter appointments than traditional braces"])
                   + hx(3, "Your treatment, step by step", size=24)
                   + ul(["Free smile consultation and iTero 3D scan",
                         "Review your ClinCheck plan and preview your new smile",
                         "Wear your aligners 20&ndash;22 hours a day, changing every 1&ndash;2 weeks",
                         "Finish with retainers to keep your teeth where they belong"], numbered=True)), l=6))
    fees = row(col(price_box(["Free initial smile consultation",
                              "Invisalign Lite (minor crowding or gaps): from &pound;2,995",
                              "Invisalign Comprehensive: from &pound;4,200",
                              "Retainers included. 0% finance available over up to 24 months."]), l=8) + col("", l=4))
    return hero + how + fixes + fees + cta_row(
        "See your new smile before you start", "Book a free Invisalign consultation with Dr Marsh.",
        "Book a free consultation", "/contact")


# ------------------------------------------------------------------ WHITENING
@page("/teeth-whitening", "teeth-whitening", "Teeth Whitening Manchester | Wrenfold Dental",
      "Safe, dentist-led teeth whitening at Wrenfold Dental in Chorlton, Manchester. Custom trays and "
      "professional gel for a brighter, natural-looking smile.")
def whitening():
    hero = page_hero("Teeth Whitening",
                     "A brighter smile in two to three weeks, using custom-made trays and professional "
                     "whitening gel &ndash; supervised by a dentist from start to finish.",
                     "Wrenfold+whitening", "Smiling patient after whitening")
    about = row(col(para(
        hx(2, "Professional whitening, done properly", size=32)
        + p("Professional teeth whitening &ndash; sometimes called tooth bleaching &ndash; uses a carefully "
            "controlled peroxide gel to lift stains from deep within the enamel. In the UK it&rsquo;s only legal "
            "for whitening to be carried out by a dentist or under a dentist&rsquo;s prescription, so please be "
            "wary of salons and online kits that promise instant results.")
        + p("We use a home system: we scan your teeth, make thin trays that fit you exactly, and show you how to "
            "use the gel for an hour or two a day. Most people see a real difference within a week."))))
    good = row(
        col(para(hx(3, "Whitening works well if you&rsquo;ve noticed&hellip;", size=24)
                 + ul(["Teeth that have become darker with age or from coffee, tea and red wine",
                       "A yellowish tinge that has gradually crept in over the years",
                       "Faint white marks left behind after wearing fixed braces, which whitening helps to blend in",
                       "A single tooth that has turned grey after an old knock &ndash; this usually needs internal "
                       "whitening from inside the tooth, carried out after root canal treatment"])), l=6)
        + col(para(hx(3, "Good to know", size=24)
                   + p("Whitening only changes the colour of natural teeth. Crowns, veneers and fillings "
                       "won&rsquo;t lighten, so if you have any at the front we&rsquo;ll plan around them.", size=16)
                   + p("Deep grey banding caused by certain antibiotics taken in childhood responds poorly to "
                       "whitening. We&rsquo;ll be honest with you at the consultation if that&rsquo;s the case.",
                       size=16)
                   + p("Some people notice temporary sensitivity during treatment. It settles quickly once "
                       "you stop, and we&rsquo;ll give you a desensitising gel just in case.", size=16)), l=6))
    steps = row(col(para(
        hx(3, "How it works", size=24)
        + ul(["A check-up to make sure your teeth and gums are healthy enough to whiten",
              "A quick digital scan so we can make your custom trays",
              "Two to three weeks of whitening at home, at times that suit you",
              "A review appointment to check your results and shade"], numbered=True)), l=6)
        + col(price_box(["Home whitening with custom trays and gel: &pound;395",
                         "Top-up gel: &pound;25 per syringe",
                         "Internal whitening for a single dark tooth: from &pound;195"]), l=6))
    return hero + about + good + steps + cta_row(
        "Ready for a brighter smile?", "Book a whitening consultation and we&rsquo;ll check you&rsquo;re a "
        "good candidate.", "Book a whitening consultation", "/contact")
