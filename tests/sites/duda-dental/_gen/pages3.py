from pages2 import *


# ------------------------------------------------------------------ EMERGENCY
@page("/emergency-dentist", "emergency-dentist",
      "Emergency Dentist in Chorlton, South Manchester | Wrenfold Dental",
      "Same-day emergency dental appointments in Chorlton, Manchester for registered and non-registered "
      "patients. Call 0161 496 0418 from 8:15am.")
def emergency():
    hero = row(col(para(
        hx(1, "Emergency dental appointments", size=44)
        + p("Dental pain has a habit of arriving at the worst possible moment. We keep appointments free every "
            "weekday morning for urgent dental care, and we see non-registered patients as well as our own.",
            size=19)
        + p(f'<strong>Call <a href="{PHONE_TEL}" runtime_url="{PHONE_TEL}" type="call">{PHONE_DISPLAY}</a> from '
            f'8:15am</strong> &ndash; emergency slots are given out on the phone, first come, first served.',
            size=19))
        + button(f"Call {PHONE_DISPLAY}", PHONE_TEL, align="left"), l=7)
        + col(image("Wrenfold+emergency", "Reception team taking an emergency call", w=560, h=420), l=5),
        extra=" u_pageHero fullBleedChanged fullBleedMode")
    when = row(
        col(para(hx(2, "When to call us straight away", size=30)
                 + ul(["Toothache that&rsquo;s keeping you awake or isn&rsquo;t easing with painkillers",
                       "Swelling in your gum, face or jaw",
                       "A tooth that has been knocked out, or pushed out of position after a knock",
                       "A broken or cracked tooth, especially if it&rsquo;s sharp or painful",
                       "A filling or crown that&rsquo;s come out",
                       "Pain and a nasty taste a few days after having a tooth out (dry socket)",
                       "A sore, swollen gum around a wisdom tooth that&rsquo;s coming through",
                       "A broken denture you rely on to eat or go to work"])), l=6)
        + col(para(hx(3, "What happens when you come in", size=24)
                   + p("We&rsquo;ll find out what&rsquo;s wrong, get you out of pain and explain your options. "
                       "Sometimes that means finishing the job there and then &ndash; re-cementing a crown, "
                       "placing a temporary or permanent filling, smoothing a broken edge or dressing a dry socket. "
                       "Sometimes it means starting treatment and booking you back to complete it.", size=16)
                   + p("Throbbing pain with swelling is often a dental abscess. Antibiotics alone won&rsquo;t "
                       "cure it; we&rsquo;ll drain the infection and then either begin "
                       '<a href="/root-canal-treatment" runtime_url="/root-canal-treatment" type="page">root canal '
                       "treatment</a> to save the tooth or, if it can&rsquo;t be saved, take it out.", size=16)
                   + p("<strong>Emergency assessment: &pound;95 for non-registered patients, &pound;65 for "
                       "registered patients.</strong> Treatment is quoted before we start.", size=16)), l=6))
    kot = row(col(para(
        hx(2, "Knocked out an adult tooth? Act fast", size=30)
        + p("A permanent tooth put back within the hour has the best chance of surviving. Here&rsquo;s what to do:")
        + ul(["Pick the tooth up by the white crown, never by the root",
              "If it&rsquo;s dirty, rinse it for a few seconds in milk or cold water &ndash; don&rsquo;t scrub it",
              "Push it gently back into the socket and bite on a clean handkerchief",
              "If you can&rsquo;t put it back, keep it in milk or inside your cheek",
              "Call us immediately and come straight in"], numbered=True)
        + p("Baby teeth should not be put back. Call us anyway so we can check for damage to the adult tooth "
            "underneath.", size=15))))
    urgent = row(col(para(
        hx(3, "Out of hours", size=24)
        + p("If you need help when we&rsquo;re closed, call NHS 111, who can arrange an urgent appointment. If you "
            "have swelling that is affecting your breathing, swallowing or vision, go to A&amp;E or call 999."))),
        extra=" u_noticeRow")
    return hero + when + kot + urgent


# ------------------------------------------------------------------ ROOT CANAL
@page("/root-canal-treatment", "root-canal-treatment", "Root Canal Treatment (RCT) | Wrenfold Dental, Manchester",
      "Gentle root canal treatment in Chorlton, Manchester with Dr Daniel Okafor. Save an infected or damaged "
      "tooth with modern, microscope-guided care.")
def root_canal():
    hero = page_hero("Root Canal Treatment",
                     "Root canal treatment has an unfair reputation. With modern anaesthetics and equipment "
                     "it&rsquo;s usually no more uncomfortable than having a filling &ndash; and it can save a "
                     "tooth that would otherwise have to come out.",
                     "Wrenfold+root+canal", "Dr Okafor working with a dental microscope")
    what = row(col(para(
        hx(2, "What is root canal treatment?", size=32)
        + p("Inside every tooth is a soft core of nerves and blood vessels called the pulp. If bacteria get in "
            "&ndash; through deep decay, a crack, a leaking filling or after an old knock &ndash; the pulp becomes "
            "inflamed and then infected. At first that shows up as toothache; left untreated, the infection can "
            "spread to the tip of the root and form an abscess.")
        + p("Root canal treatment (endodontics) removes the infected pulp, cleans and disinfects the tiny canals "
            "inside the root, and seals them so bacteria can&rsquo;t get back in. Our associate dentist, "
            "Dr Daniel Okafor, has a special interest in endodontics and carries out most of our root canal "
            "work using a surgical microscope, which lets him find and treat canals that would otherwise be "
            "missed.")
        + p("On the NHS, root canal treatment is a Band 2 treatment. Privately, treatment with Dr Okafor starts "
            "from &pound;450 for a front tooth and &pound;650 for a molar."))))
    signs = row(
        col(para(hx(3, "Signs you might need root canal treatment", size=24)
                 + ul(["A lingering ache after hot or cold food and drinks",
                       "Pain when you bite down or press on the tooth",
                       "A tooth that has gradually darkened in colour",
                       "A small spot or &lsquo;gumboil&rsquo; on the gum near the tooth"])
                 + p("Sometimes there are no symptoms at all and we only spot the problem on an x-ray, which is "
                     "one more reason to keep up with your check-ups.", size=15)), l=6)
        + col(para(hx(3, "What to expect", size=24)
                   + ul(["We numb the tooth thoroughly and place a thin rubber sheet to keep it clean and dry",
                         "The infected pulp is removed and the canals are cleaned and shaped",
                         "The canals are filled and sealed",
                         "The tooth is rebuilt with a filling, and back teeth usually need a crown to protect them"],
                        numbered=True)
                   + hx(3, "The benefits", size=24)
                   + ul(["Keeps your natural tooth, so there&rsquo;s no gap to fill",
                         "Stops the pain of an inflamed or infected nerve",
                         "Over 85% of treated teeth last ten years or more"])), l=6))
    return hero + what + signs + cta_row(
        "Worried about a painful tooth?", "Don&rsquo;t wait for it to get worse &ndash; book an assessment with "
        "Dr Okafor.", "Book an appointment", "/contact")


# ------------------------------------------------------------------ SMILE CONCERNS
@page("/smile-concerns", "smile-concerns", "Smile Concerns &ndash; Problems We Fix | Wrenfold Dental",
      "Chipped, crooked, stained or missing teeth? Toothache, bleeding gums or a loose denture? See how Wrenfold "
      "Dental in Chorlton can help.")
def concerns():
    intro = row(col(para(
        hx(1, "Problems we fix", size=44, align="center")
        + p("Not sure which treatment you need? Start with what&rsquo;s bothering you. Every smile is different, "
            "so we&rsquo;ll always examine you first &ndash; but here&rsquo;s how we usually help.",
            align="center"))))
    groups = [
        ("Cosmetic worries", [
            ("Wrenfold+chipped+tooth", "Chipped teeth",
             "A small chip off a front tooth is one of the most common things we see &ndash; a fall, a fork, a "
             "bottle top. We can usually rebuild the edge in a single visit with tooth-coloured composite, the "
             "same material we use for white fillings.", "/treatments#white-fillings"),
            ("Wrenfold+gap+teeth", "Gaps between teeth",
             "Whether it&rsquo;s a gap between your front teeth or spaces that have opened up over the years, "
             "clear aligners can gently bring teeth together.", "/invisalign"),
            ("Wrenfold+crooked+teeth", "Crooked teeth",
             "Overlapping or twisted teeth can be harder to keep clean as well as knocking your confidence. Most "
             "adult cases can be straightened with Invisalign.", "/invisalign"),
            ("Wrenfold+stained+teeth", "Stained teeth",
             "Tea, coffee, red wine and smoking all leave their mark. Professional whitening lifts deeper stains "
             "that whitening toothpastes simply can&rsquo;t reach.", "/teeth-whitening"),
            ("Wrenfold+worn+teeth", "Worn teeth",
             "Front teeth that look shorter, flatter or slightly see-through at the edges have usually been worn "
             "down over time. We can build them back up with bonded composite.", "/treatments#white-fillings"),
        ]),
        ("Missing teeth &amp; dentures", [
            ("Wrenfold+missing+tooth", "Missing teeth",
             "A gap affects how you chew and speak as well as how you look. Implants and dentures both have "
             "their place, and we&rsquo;ll explain the pros and cons of each.", "/dental-implants"),
            ("Wrenfold+loose+denture", "Loose dentures",
             "A denture that slips or clicks when you eat isn&rsquo;t something you have to put up with. A reline "
             "can tighten the fit, or two implants can hold it firmly in place.", "/treatments#dentures"),
        ]),
        ("Pain &amp; accidents", [
            ("Wrenfold+toothache", "Toothache",
             "Don&rsquo;t struggle on with painkillers. Toothache usually means decay or an inflamed nerve, and "
             "the earlier it&rsquo;s treated the simpler the fix. We keep same-day emergency slots.",
             "/emergency-dentist"),
            ("Wrenfold+abscess", "Abscess",
             "Throbbing pain with swelling or a bad taste could be an abscess &ndash; an infection at the root of "
             "a tooth. We&rsquo;ll drain it, get you comfortable and talk you through root canal treatment.",
             "/emergency-dentist"),
            ("Wrenfold+knocked+out+tooth", "Knocked-out tooth",
             "Time really matters. Keep the tooth in milk and call us straight away &ndash; an adult tooth put "
             "back within the hour has the best chance of survival.", "/emergency-dentist"),
            ("Wrenfold+lost+crown", "Lost filling or crown",
             "Keep the crown safe and bring it with you. We can often re-cement it the same day, or place a new "
             "white filling.", "/emergency-dentist"),
        ]),
        ("Gums &amp; everyday niggles", [
            ("Wrenfold+bleeding+gums", "Bleeding gums",
             "Pink in the sink when you brush? That&rsquo;s usually the earliest stage of gum disease &ndash; and "
             "at that stage it&rsquo;s completely reversible.", "/check-ups-hygiene"),
            ("Wrenfold+bad+breath", "Bad breath",
             "Persistent bad breath usually comes from bacteria around the gums or on the tongue. A hygiene visit "
             "and a few changes at home make a big difference.", "/check-ups-hygiene"),
            ("Wrenfold+dry+mouth", "Dry mouth",
             "Some medicines, health conditions and simply getting older can reduce saliva, which raises your "
             "risk of decay. We&rsquo;ll recommend products that help and keep a closer eye on your teeth.",
             "/check-ups-hygiene"),
            ("Wrenfold+sensitive+teeth", "Sensitive teeth",
             "A sharp twinge from ice cream or a cold drink can have several causes. We&rsquo;ll find out which "
             "and treat it, from fluoride varnish to sealing exposed roots.", "/check-ups-hygiene"),
            ("Wrenfold+grinding", "Grinding",
             "Waking up with a sore jaw or a headache? You may be grinding your teeth at night. We can spot the "
             "wear at your check-up and make a custom night guard.", "/check-ups-hygiene"),
        ]),
    ]
    out = intro
    for gname, items in groups:
        out += row(col(para(hx(2, gname, size=30))), extra=" u_groupHead")
        for k in range(0, len(items), 3):
            chunk = items[k:k + 3]
            cols = "".join(col(image(n, t, w=400, h=280) + para(hx(3, t, size=22) + p(x, size=16))
                               + button("How we help", h), l=4) for n, t, x, h in chunk)
            cols += col("", l=4) * (3 - len(chunk)) if len(chunk) < 3 else ""
            out += row(cols, extra=" u_concernCards")
    out += cta_row("Something else bothering you?", "If you can&rsquo;t see your concern here, just ask &ndash; "
                   "book a check-up and we&rsquo;ll take a proper look.", "Book an appointment", "/contact")
    return out


# ------------------------------------------------------------------ FAQS
@page("/faqs", "faqs", "Frequently Asked Questions | Wrenfold Dental, Chorlton",
      "Answers to common questions about appointments, NHS and private fees, emergencies and treatments at "
      "Wrenfold Dental in Chorlton.")
def faqs():
    qa = [
        ("Can you fix a cracked tooth the same day?",
         "Often, yes. Small cracks and chips can usually be repaired in one visit by bonding white filling "
         "material over them. If the crack runs deep enough to reach the nerve, the tooth may need root canal "
         "treatment first and a crown afterwards to hold it together. Call us and we&rsquo;ll find you an "
         "emergency slot."),
        ("My gums bleed when I brush &ndash; should I be worried?",
         "It&rsquo;s very common but it isn&rsquo;t normal. Bleeding is usually the first sign of gum "
         "inflammation, and the good news is that it&rsquo;s reversible. Book a check-up and a hygienist "
         "appointment and we&rsquo;ll get things back on track."),
        ("My son has knocked out a front tooth playing football. What should we do?",
         "If it&rsquo;s an adult tooth, put it back in the socket if you can, or keep it in milk, and ring us "
         "straight away &ndash; the first hour matters most. If it&rsquo;s a baby tooth, don&rsquo;t put it "
         "back, but do bring your child in so we can check the adult tooth underneath."),
        ("One of my front teeth has gone darker than the others. Can you do anything?",
         "Usually. A single tooth that darkens is often one that took a knock years ago and whose nerve has "
         "died. We&rsquo;ll x-ray it, treat the root if necessary and then whiten it from the inside."),
        ("Can whitening remove the grey bands on my teeth from antibiotics I took as a child?",
         "Unfortunately this type of staining responds poorly to whitening. We&rsquo;re happy to look and talk "
         "through what might help, but we won&rsquo;t sell you whitening we don&rsquo;t think will work."),
        ("My lower denture never stays put. Can implants help?",
         "Yes &ndash; this is one of the most rewarding things we do. Two implants placed in the lower jaw can "
         "hold a denture so it clicks firmly into place. Dr Natarajan can assess you at an implant "
         "consultation."),
        ("Do you treat jaw clicking and jaw joint pain?",
         "We&rsquo;ll check your jaw joints at every examination, but ongoing jaw joint problems are best looked "
         "after by a specialist. If you need one, we&rsquo;ll refer you to the oral medicine team at the dental "
         "hospital."),
        ("Is root canal treatment painful?",
         "Honestly, most patients say it felt like a long filling. We make sure the tooth is completely numb "
         "before we start, and you can ask us to stop at any time."),
        ("How long does Invisalign take?",
         "Minor crowding or small gaps can be corrected in as little as four to six months. More involved cases "
         "usually take twelve to eighteen months."),
        ("Are you taking on new NHS patients?",
         "We&rsquo;re accepting children on the NHS. Our NHS list for adults is currently full, but adults are "
         "welcome to join privately or through the Wrenfold Care Plan from &pound;16.50 a month."),
        ("Will you see me in an emergency if I&rsquo;m not registered?",
         "Yes. We keep emergency appointments every weekday morning for anyone in pain, registered or not."),
    ]
    out = row(col(para(hx(1, "Frequently asked questions", size=44)
                       + p("Can&rsquo;t find what you&rsquo;re looking for? Give us a ring on "
                           f'<a href="{PHONE_TEL}" runtime_url="{PHONE_TEL}" type="call">{PHONE_DISPLAY}</a> '
                           "&ndash; we&rsquo;re always happy to help."))))
    body = ""
    for q, a in qa:
        body += old_heading(3, q) + para(p(a, size=16))
    out += row(col(body, l=10) + col("", l=2))
    return out + cta_row("Still have a question?", "Send us a message and we&rsquo;ll reply within one working "
                         "day.", "Contact us", "/contact")
