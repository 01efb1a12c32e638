from duda import *

PAGES = {}


def page(path, alias, title, description, **kw):
    def deco(fn):
        PAGES[path] = dict(path=path, alias=alias, title=title, description=description, build=fn, **kw)
        return fn
    return deco


def card(img_name, alt, title, text, href, btn="Find out more", level=3):
    return (image(img_name, alt, w=480, h=320, link=href)
            + para(hx(level, title, size=22) + p(text, size=16))
            + button(btn, href))


def cta_row(title, text, btn_text, href):
    return row(col(para(hx(2, title, size=30, align="center") + p(text, align="center")))
               + "", extra=" dmSectionNoParallax u_ctaRow") + row(
        col("", l=3) + col(button(btn_text, href) , l=3) + col(button(f"Call {PHONE_DISPLAY}", PHONE_TEL), l=3)
        + col("", l=3))


# ------------------------------------------------------------------ HOME
@page("/", "home", "Family &amp; Cosmetic Dentist in Chorlton, Manchester | Wrenfold Dental",
      "Wrenfold Dental is an independent family and cosmetic dental practice in Chorlton, Manchester. "
      "Check-ups, white fillings, implants, Invisalign, whitening and same-day emergency appointments.")
def home():
    hero = row(
        col(para(hx(1, "Friendly, unhurried dentistry in the heart of Chorlton", size=48)
                 + p("From your little one&rsquo;s first check-up to a complete smile makeover, Wrenfold Dental "
                     "is the independent practice on Kingsbrook Parade that south Manchester families have "
                     "trusted since 2009.", size=20))
            + row(col(button("Book an appointment", "/contact"), l=6) + col(button(f"Call {PHONE_DISPLAY}", PHONE_TEL), l=6)),
            l=6)
        + col(image("Wrenfold+Dental+smiling+patient", "Patient smiling in the Wrenfold Dental surgery", w=720, h=540), l=6),
        extra=" dmHomeSection1 fullBleedChanged fullBleedMode")
    welcome = row(col(para(
        hx(2, "Welcome to Wrenfold", size=34, align="center")
        + p("We&rsquo;re a small team &ndash; three dentists, a hygienist and a front desk who actually pick up the "
            "phone &ndash; and we like it that way. Appointments run to time, nobody is rushed out of the chair, "
            "and you&rsquo;ll see the same familiar faces visit after visit. We see children on the NHS and adults "
            "privately or through our Wrenfold Care Plan, and we&rsquo;re always happy to talk through costs "
            "before anything is done.", align="center"))), extra=" u_welcomeRow")
    svc = [
        ("Wrenfold+check-up", "Dentist examining a patient", "Check-ups &amp; Hygiene",
         "Thorough examinations and hygienist visits that keep small problems small.", "/check-ups-hygiene"),
        ("Wrenfold+white+filling", "Close-up of a tooth-coloured filling", "White Fillings",
         "Natural-looking, mercury-free fillings that blend in with the rest of your smile.", "/treatments#white-fillings"),
        ("Wrenfold+root+canal", "Dr Okafor using a dental microscope", "Root Canal Treatment",
         "Gentle, modern treatment to save a tooth that would otherwise have to come out.", "/root-canal-treatment"),
        ("Wrenfold+implant+model", "Model of a dental implant", "Dental Implants",
         "A permanent, natural-feeling way to replace one tooth, several teeth or a full arch.", "/dental-implants"),
        ("Wrenfold+invisalign+aligner", "Clear aligner held between fingers", "Invisalign",
         "Straighten your teeth discreetly with clear aligners that most people won&rsquo;t notice.", "/invisalign"),
        ("Wrenfold+whitening", "Before and after teeth whitening", "Teeth Whitening",
         "Professional whitening that&rsquo;s safe, gentle and noticeably brighter.", "/teeth-whitening"),
        ("Wrenfold+dentures", "Partial denture on a tray", "Dentures",
         "Comfortable full and partial dentures made to fit well and look natural.", "/treatments#dentures"),
        ("Wrenfold+emergency", "Reception team answering the phone", "Emergency Dentistry",
         "Same-day appointments held back every weekday for anyone in pain.", "/emergency-dentist"),
    ]
    svc_head = row(col(para(hx(2, "How we can help", size=34, align="center")
                            + p("Everything you&rsquo;d expect from a modern family practice, under one roof.",
                                align="center"))))
    grid = ""
    for k in range(0, 8, 4):
        grid += row("".join(col(card(*s), l=3, m=6) for s in svc[k:k + 4]), extra=" u_svcGrid")
    why = row(
        col(image("Wrenfold+Dental+reception", "The Wrenfold Dental reception on Kingsbrook Parade", w=640, h=480), l=6)
        + col(para(hx(2, "Why local families choose us", size=32)
                   + ul(["Evening appointments until 7pm on Tuesdays and Thursdays",
                         "Nervous patients welcome &ndash; we&rsquo;ll go at your pace",
                         "NHS dentistry for under-18s, private and plan options for adults",
                         "Step-free access and free on-street parking outside",
                         "Interest-free finance on treatment over &pound;1,000"])
                   + p('Want to know more about us? <a href="/about" runtime_url="/about" type="page">Meet the team</a>.')),
              l=6))
    reviews = row(
        col(para(hx(2, "What our patients say", size=32, align="center")))
        + "",
        extra=" u_reviewsHead") + row(
        col(para(p("&ldquo;I&rsquo;d put off sorting my chipped front tooth for years. Dr Okafor fixed it in one "
                   "visit and you honestly can&rsquo;t tell.&rdquo;", align="center")
                 + p("<strong>Hannah, Chorlton</strong>", size=15, align="center")), l=4)
        + col(para(p("&ldquo;Laura the hygienist is brilliant. My gums used to bleed every time I brushed and "
                     "six months later they&rsquo;re completely fine.&rdquo;", align="center")
                   + p("<strong>Marcus, Whalley Range</strong>", size=15, align="center")), l=4)
        + col(para(p("&ldquo;Rang at 8.15 in agony, was seen by 10. Can&rsquo;t thank the team enough.&rdquo;",
                     align="center")
                   + p("<strong>Siobhan, Stretford</strong>", size=15, align="center")), l=4))
    emer = row(col(para(
        hx(2, "In pain right now?", size=32, align="center")
        + p("We keep emergency slots free every weekday morning for registered and non-registered patients. "
            "Call us from 8:15am and we&rsquo;ll do our best to see you the same day.", align="center"))
        + button("Emergency appointments", "/emergency-dentist")), extra=" u_emergencyBand fullBleedChanged fullBleedMode")
    return hero + welcome + svc_head + grid + why + reviews + emer


# ------------------------------------------------------------------ ABOUT
@page("/about", "about", "About Us | Meet the Team at Wrenfold Dental, Chorlton",
      "Meet the dentists, hygienist and practice team at Wrenfold Dental, an independent family practice in "
      "Chorlton, Manchester since 2009.")
def about():
    intro = row(col(para(
        hx(1, "About Wrenfold Dental", size=44)
        + p("Wrenfold Dental opened its doors on Kingsbrook Parade in the spring of 2009. Dr Helen Marsh had spent "
            "ten years working in busy city-centre practices and wanted something different: a surgery where "
            "appointments weren&rsquo;t squeezed into ten-minute slots, where children grew up knowing their "
            "dentist by name, and where adults could ask questions without feeling silly.")
        + p("Sixteen years on, the practice has grown to three surgeries and a hygiene room, but the idea "
            "hasn&rsquo;t changed. We&rsquo;re still independent &ndash; not part of a corporate group &ndash; "
            "which means the people who treat you are the people who make the decisions.")), l=7)
        + col(image("Dr+Helen+Marsh", "Dr Helen Marsh, principal dentist", w=480, h=600), l=5))
    team_head = row(col(para(hx(2, "Meet the team", size=34, align="center"))))
    team = [
        ("Dr+Helen+Marsh+portrait", "Dr Helen Marsh", "Principal Dentist &middot; BDS (Leeds) &middot; GDC 75519",
         "Helen looks after many of our longest-standing families and leads our Invisalign clear aligner "
         "service. Outside the practice she&rsquo;s usually on a bike somewhere in the Peak District."),
        ("Dr+Daniel+Okafor+portrait", "Dr Daniel Okafor", "Associate Dentist &middot; BDS MJDF RCS (Eng) &middot; GDC 261048",
         "Daniel has a special interest in endodontics (root canal treatment) and cosmetic bonding, and "
         "works with a surgical microscope for the fiddliest teeth."),
        ("Dr+Priya+Natarajan+portrait", "Dr Priya Natarajan", "Implant Dentist &middot; BDS MSc (Implant Dent) &middot; GDC 198377",
         "Priya places and restores all of our dental implants and has completed postgraduate training in "
         "bone grafting. She also makes our implant-retained dentures."),
        ("Laura+Finch+portrait", "Laura Finch", "Dental Hygienist &middot; Dip DH &middot; GDC 204815",
         "Laura is the reason so many of our patients actually look forward to a scale and polish. She "
         "also writes most of the articles on our blog."),
    ]
    team_row = row("".join(col(image(n, a, w=360, h=420) + para(hx(3, a, size=22, align="center")
                                                             + p(f"<em>{r}</em>", size=14, align="center")
                                                             + p(t, size=15, align="center")), l=3, m=6)
                           for n, a, r, t in team))
    values = row(
        col(para(hx(2, "What we believe", size=32)
                 + p("<strong>Prevention first.</strong> The best filling is the one you never need, so we spend "
                     "time on advice that genuinely helps.")
                 + p("<strong>No surprises.</strong> You&rsquo;ll get a written plan and estimate before any "
                     "treatment starts.")
                 + p("<strong>Gentle, honest care.</strong> If you&rsquo;re anxious, tell us. We&rsquo;ll explain "
                     "each step, agree a stop signal and never rush you.")), l=6)
        + col(para(hx(2, "Our practice", size=32)
                   + p("Three modern surgeries, a dedicated hygiene room, digital x-rays and an intraoral scanner "
                       "(so no more gooey impressions). We&rsquo;re on the ground floor with step-free access, and "
                       "there&rsquo;s a baby-change and accessible toilet.")
                   + p("Wrenfold Dental is registered with the Care Quality Commission and holds an NHS contract for "
                       "children&rsquo;s dentistry.")), l=6))
    gallery = row(col(para(hx(2, "Take a look around", size=32, align="center"))
                      + photo_gallery([("Wrenfold+Dental+reception", "Reception"),
                                       ("Wrenfold+surgery+one", "Surgery one"),
                                       ("Wrenfold+hygiene+room", "Hygiene room"),
                                       ("Wrenfold+waiting+area", "Waiting area"),
                                       ("Wrenfold+kids+corner", "Kids&rsquo; corner"),
                                       ("Wrenfold+shopfront", "Our shopfront on Kingsbrook Parade")])))
    return intro + team_head + team_row + values + gallery + cta_row(
        "Come and say hello", "New patients are always welcome. Book online or give us a ring.",
        "Book an appointment", "/contact")


# ------------------------------------------------------------------ CONTACT
@page("/contact", "contact", "Contact &amp; Book | Wrenfold Dental, Chorlton, Manchester",
      "Book an appointment at Wrenfold Dental, 31 Kingsbrook Parade, Chorlton, Manchester M21 8TJ. "
      "Call 0161 496 0418 or send us a message.")
def contact():
    fid = nid()
    form = f'''<div class="u_{fid} dmform default native-inputs" data-element-type="dContactUsRespId" id="{fid}" captcha-lang="en"> <h3 class="dmform-title dmwidget-title" id="{nid()}" hide="true">Send us a message</h3> 
 <div class="dmform-wrapper" id="{nid()}" captcha-lang="en"> <form method="post" class="dmRespDesignRow" locale="ENGLISH" id="{nid()}"> <div class="dmforminput required  small-12 dmRespDesignCol medium-6 large-6" id="{nid()}"> <label for="dmform-0" id="{nid()}" data-dm-for="dmform-0">Name</label> 
<input type="text" class="" name="dmform-0" id="{nid()}"/><input type="hidden" name="label-dmform-0" value="Name" id="{nid()}"/></div> 
 <div class="dmforminput required  small-12 dmRespDesignCol medium-6 large-6" id="{nid()}"> <label for="dmform-1" id="{nid()}" data-dm-for="dmform-1">Email</label> 
<input type="email" class="" name="dmform-1" id="{nid()}"/><input type="hidden" name="label-dmform-1" value="Email" id="{nid()}"/></div> 
 <div class="dmforminput small-12 dmRespDesignCol medium-6 large-6" id="{nid()}"> <label for="dmform-2" id="{nid()}" data-dm-for="dmform-2">Phone</label> 
<input type="tel" class="" name="dmform-2" id="{nid()}"/><input type="hidden" name="label-dmform-2" value="Phone" id="{nid()}"/></div> 
 <div class="dmforminput small-12 dmRespDesignCol medium-6 large-6" id="{nid()}"> <label for="dmform-3" id="{nid()}" data-dm-for="dmform-3">Are you an existing patient?</label> 
<select name="dmform-3" id="{nid()}"><option value="Yes">Yes</option><option value="No - I'd like to register">No &ndash; I&rsquo;d like to register</option></select><input type="hidden" name="label-dmform-3" value="Are you an existing patient?" id="{nid()}"/></div> 
 <div class="dmforminput large-12 medium-12 dmRespDesignCol" id="{nid()}"> <label for="dmform-4" id="{nid()}" data-dm-for="dmform-4">How can we help?</label> 
<textarea name="dmform-4" id="{nid()}"></textarea><input type="hidden" name="label-dmform-4" value="How can we help?" id="{nid()}"/></div> 
 <div class="dmformsubmit dmWidget R" id="{nid()}"><input class="" name="submit" type="submit" value="Send message" id="{nid()}"/></div> 
<input name="dmformsendto" type="hidden" value="QUFBQUFBQkJCQkJCQ0NDQ0NERERERA==" id="{nid()}" class="" data-dec="true"/><input class="dmActionInput" type="hidden" name="action" value="/_dm/s/rt/widgets/dmform.submit.jsp" id="{nid()}"/><input name="dmformsubject" type="hidden" value="Website enquiry" id="{nid()}"/></form> 
</div> 
 <div class="dmform-success" style="display:none" id="{nid()}">Thank you &ndash; we&rsquo;ll get back to you within one working day. If you&rsquo;re in pain, please call us instead.</div> 
 <div class="dmform-error" style="display:none" id="{nid()}">Uh oh, there was an error sending your message. Please try again later.</div> 
</div> 
'''
    mid = nid()
    mapw = (f'<div class="u_{mid} inlineMap" data-type="inlineMap" data-lat="53.44196" data-lng="-2.27581" '
            f'data-address="31 Kingsbrook Parade, Chorlton, Manchester M21 8TJ" data-height="360" data-zoom="16" '
            f'data-layout="layout1" data-element-type="inlineMap" id="{mid}"><div class="mapContainer" '
            f'id="{nid()}"></div></div> \n')
    top = row(col(para(hx(1, "Get in touch", size=44)
                       + p("Whether you&rsquo;d like to register, book a check-up or ask a quick question, "
                           "we&rsquo;re happy to help. The quickest way to reach us is by phone; messages sent "
                           "through the form are answered within one working day."))))
    details = row(
        col(para(hx(3, "Find us", size=24)
                 + p("Wrenfold Dental<br/>31 Kingsbrook Parade<br/>Chorlton<br/>Manchester<br/>M21 8TJ")
                 + hx(3, "Call or email", size=24)
                 + p(f'<a href="{PHONE_TEL}" runtime_url="{PHONE_TEL}" type="call">{PHONE_DISPLAY}</a><br/>'
                     f'<a href="mailto:{EMAIL}" runtime_url="mailto:{EMAIL}" type="mail">{EMAIL}</a>')
                 + hx(3, "Opening hours", size=24)
                 + p("Monday 8:30am &ndash; 5:30pm<br/>Tuesday 8:30am &ndash; 7:00pm<br/>Wednesday 8:30am &ndash; "
                     "5:30pm<br/>Thursday 8:30am &ndash; 7:00pm<br/>Friday 8:30am &ndash; 4:00pm<br/>Saturday "
                     "9:00am &ndash; 1:00pm (pre-booked appointments only)<br/>Sunday closed")
                 + p("Outside these hours, if you need urgent advice please call NHS 111.")), l=5)
        + col(form, l=7))
    getting = row(col(mapw + para(
        hx(3, "Getting here", size=24)
        + p("We&rsquo;re a two-minute walk from Chorlton Metrolink stop and the buses on Barlow Moor Road. "
            "There&rsquo;s free on-street parking on Kingsbrook Parade (two hours, no return within one hour) "
            "and a pay-and-display car park behind the library.")
        + p("The practice is on the ground floor with level access throughout. If you need any help getting "
            "into the building, just let reception know when you book."))))
    return top + details + getting


# ------------------------------------------------------------------ PRIVACY
@page("/privacy-policy", "privacy-policy", "Privacy &amp; Cookies | Wrenfold Dental",
      "How Wrenfold Dental Care Ltd collects, uses and protects your personal information.")
def privacy():
    return row(col(para(
        hx(1, "Privacy &amp; cookies", size=40)
        + p("This notice explains how Wrenfold Dental Care Ltd (&ldquo;we&rdquo;, &ldquo;us&rdquo;), trading as "
            "Wrenfold Dental, uses the personal information you give us. We are the data controller for the "
            "purposes of UK data protection law and are registered with the Information Commissioner&rsquo;s "
            "Office.")
        + hx(2, "What we collect", size=26)
        + p("To provide safe dental care we keep your contact details, medical history, dental records, x-rays, "
            "photographs and payment records. If you contact us through this website we keep the details you "
            "send so that we can reply.")
        + hx(2, "How we use it", size=26)
        + p("We use your information to provide and plan your care, to send appointment reminders, to claim "
            "NHS fees where applicable and to meet our legal obligations. We never sell your information.")
        + hx(2, "How long we keep it", size=26)
        + p("Dental records are kept for at least eleven years, or until a child patient turns 25, whichever is "
            "longer, in line with NHS and professional guidance.")
        + hx(2, "Cookies", size=26)
        + p("Our website uses a small number of cookies to make the site work and to understand how visitors "
            "use it. You can choose which optional cookies to allow using the banner shown on your first "
            "visit.")
        + hx(2, "Your rights", size=26)
        + p(f"You can ask for a copy of your records, ask us to correct anything that&rsquo;s wrong, or raise a "
            f"concern with us at any time. Write to the Practice Manager at 31 Kingsbrook Parade, Chorlton, "
            f"Manchester M21 8TJ, or email {EMAIL}. If you&rsquo;re unhappy with our response you can contact "
            f"the ICO.")
        + p("Last updated: January 2025", size=14))))
