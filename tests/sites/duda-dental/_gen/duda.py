# Helpers that emit Duda-style published markup (temporary build helper; removed after build)
import random, base64, json, hashlib

random.seed(20250311)

ORIGIN = "https://www.wrenfolddental.co.uk"
SITE_ALIAS = "b7c41e2a"
LIRP = f"https://lirp.cdn-website.com/{SITE_ALIAS}/dms3rep/multi/opt/"
IRP = f"https://irp.cdn-website.com/{SITE_ALIAS}/dms3rep/multi/"
PHONE_DISPLAY = "0161 496 0418"
PHONE_TEL = "tel:+441614960418"
EMAIL = "hello@wrenfolddental.co.uk"


def nid():
    return str(random.randint(1000000000, 1999999999))


def stable(s, n=6):
    return str(int(hashlib.md5(s.encode()).hexdigest(), 16))[:n]


# ---------- widgets ----------

def image(name, alt, w=640, h=427, link=None, ext="jpg", extra_cls=""):
    i, j = nid(), nid()
    tag = (f'<img src="{LIRP}{name}-1920w.{ext}" alt="{alt}" id="{j}" class="" '
           f'data-dm-image-path="{IRP}{name}.{ext}" width="{w}" height="{h}" '
           f'onerror="handleImageLoadError(this)"/>')
    if link:
        tag = f'<a href="{link}" id="{nid()}" file="false">{tag}</a>'
    return (f'<div class="u_{i} imageWidget align-center{extra_cls}" data-element-type="image" '
            f'data-widget-type="image" id="{i}">{tag} \n</div> \n')


def para(inner, style="transition: opacity 1s ease-in-out 0s;", extra=""):
    """Duda v5 rich-text paragraph widget."""
    i = nid()
    return (f'<div class="u_{i} dmNewParagraph" data-element-type="paragraph" data-version="5" '
            f'id="{i}" style="{style}"{extra}>{inner}</div> \n')


def old_heading(level, text, align="left"):
    """Older-style Duda heading where the hN itself carries dmNewParagraph."""
    i = nid()
    return (f'<h{level} class="u_{i} dmNewParagraph" id="{i}" data-element-type="paragraph" '
            f'data-uialign="{align}"><span style="display: initial;">{text}</span></h{level}> \n')


def p(text, size=17, align=None):
    cls = f"m-size-16 size-{size}" + (f" text-align-{align}" if align else "")
    return (f'<p class="{cls}"><span style="display: unset;" class="m-font-size-16 '
            f'font-size-{size}">{text}</span></p>')


def hx(level, text, size=None, align=None):
    sz = size or {1: 44, 2: 32, 3: 22, 4: 18}[level]
    cls = f"m-size-{max(18, sz - 12)} size-{sz}" + (f" text-align-{align}" if align else "")
    return (f'<h{level} class="{cls}"><span style="display: unset;" class="m-font-size-{max(18, sz - 12)} '
            f'font-size-{sz}" m-font-size-set="true">{text}</span></h{level}>')


def ul(items, numbered=False):
    tag = "ol" if numbered else "ul"
    cls = "defaultList decimal" if numbered else "defaultList bullet"
    lis = "".join(f'<li><span style="display: unset;">{it}</span></li>' for it in items)
    return f'<{tag} class="{cls}">{lis}</{tag}>'


def button(text, href, align="center", target=None):
    i = nid()
    t = f' target="{target}"' if target else ""
    return (f'<a data-display-type="block" class="u_{i} align-{align} dmButtonLink dmWidget dmWwr '
            f'default dmOnlyButton dmDefaultGradient" file="false" href="{href}" '
            f'data-element-type="dButtonLinkId" id="{i}"{t}> <span class="iconBg" aria-hidden="true" '
            f'id="{nid()}"> <span class="icon hasFontIcon icon-star" id="{nid()}"></span> \n</span> \n'
            f' <span class="text" id="{nid()}">{text}</span> \n</a> \n')


def divider():
    i = nid()
    return (f'<div class="dmDividerWrapper clearfix" data-element-type="dDividerId" data-layout="divider-style-1" '
            f'data-widget-version="2" id="{i}"><hr class="dmDivider" style="min-height: 2px; border:none; '
            f'background:grey" id="{nid()}"/></div> \n')


def custom_html(inner):
    i = nid()
    return (f'<div class="u_{i} dmCustomHtml" id="{i}" dmle_extension="custom_html" '
            f'data-element-type="custom_html" data-lazy-load="" icon="false" surround="false">{inner}</div> \n')


def spacer(h=30):
    i = nid()
    return f'<div class="u_{i} dmSpacer" id="{i}" style="height: {h}px;"></div> \n'


def col(content, l=12, m=None, s=12, extra=""):
    i = nid()
    m = m or l
    empty = " empty-column" if not content.strip() else ""
    return (f' <div class="u_{i} dmRespCol small-{s} large-{l} medium-{m}{empty}{extra}" id="{i}"> '
            f'{content}</div> \n')


def row(cols, extra="", anchor=None, style="text-align: center;"):
    i = anchor or nid()
    anc = f' data-anchor="{anchor}"' if anchor else ""
    return (f' <div class="u_{i} dmRespRow{extra}" style="{style}" id="{i}"{anc}> '
            f'<div class="dmRespColsWrapper" id="{nid()}">{cols}</div> \n</div> \n')


def photo_gallery(items):
    """Duda photo gallery (album) widget."""
    i = nid()
    lis = ""
    for name, alt in items:
        lis += (f' <li class="photoGalleryThumbs" id="{nid()}"> <div class="image-container" id="{nid()}"> '
                f'<a data-dm-multisize-attr="href" data-image-url="{IRP}{name}.jpg" id="{nid()}">'
                f'<img irh="" irw="" alt="{alt}" data-src="{LIRP}{name}-640w.jpg" id="{nid()}" class="" '
                f'onerror="handleImageLoadError(this)"/></a> \n</div> \n <div class="caption-container" '
                f'style="display:none" id="{nid()}"> <span class="caption-inner" id="{nid()}"> '
                f'<h3 class="caption-title" id="{nid()}">{alt}</h3> \n</span> \n</div> \n</li> \n')
    return (f'<div class="u_{i} dmPhotoGallery newPhotoGallery dmPhotoGalleryResp dmAlbum" '
            f'galleryoptionsparams="{{thumbnailsPerRow: 3, rowsToShow: 2, imageScaleMethod: true}}" '
            f'data-desktop-layout="square" data-desktop-columns="3" data-element-type="dPhotoGalleryId" '
            f'data-desktop-text-layout="fixed" id="{i}" data-desktop-caption-alignment="center_center" '
            f'data-placeholder="false" data-rows-to-show="100" data-link-gallery="true"> '
            f'<ul class="dmPhotoGalleryHolder clearfix gallery shadowEffectToChildren gallery3inArow" '
            f'id="{nid()}">{lis}</ul> \n</div> \n')


def social_hub():
    i = nid()
    return (f'<div class="u_{i} align-center text-align-center dmSocialHub" id="{i}" dmle_extension="social_hub" '
            f'data-element-type="social_hub" wr="true" networks="" icon="true" surround="true" adwords=""> '
            f'<div class="socialHubWrapper"> <div class="socialHubInnerDiv "> '
            f'<a href="https://www.facebook.com/wrenfolddentalchorlton" target="_blank" dm_dont_rewrite_url="true" '
            f'aria-label="facebook" onclick="dm_gaq_push_event &amp;&amp; dm_gaq_push_event(&apos;socialLink&apos;, '
            f'&apos;click&apos;, &apos;Facebook&apos;)"> <span class="dmSocialFacebook dm-social-icons-facebook '
            f'oneIcon socialHubIcon style8" aria-hidden="true" data-hover-effect=""></span> \n</a> \n'
            f' <a href="https://www.instagram.com/wrenfolddental/" target="_blank" dm_dont_rewrite_url="true" '
            f'aria-label="instagram" onclick="dm_gaq_push_event &amp;&amp; dm_gaq_push_event(&apos;socialLink&apos;, '
            f'&apos;click&apos;, &apos;Instagram&apos;)"> <span class="dmSocialInstagram dm-social-icons-instagram '
            f'oneIcon socialHubIcon style8" aria-hidden="true" data-hover-effect=""></span> \n</a> \n'
            f'</div> \n</div> \n</div> \n')


# ---------- navigation ----------

NAV = [
    ("Home", "/", []),
    ("Treatments", "/treatments", [
        ("Check-ups &amp; Hygiene", "/check-ups-hygiene"),
        ("White Fillings", "/treatments#white-fillings"),
        ("Root Canal Treatment", "/root-canal-treatment"),
        ("Dental Implants", "/dental-implants"),
        ("Dentures", "/treatments#dentures"),
        ("Clear Braces", "/invisalign"),
        ("Teeth Whitening", "/teeth-whitening"),
    ]),
    ("Smile Concerns", "/smile-concerns", []),
    ("Emergencies", "/emergency-dentist", []),
    ("About", "/about", []),
    ("FAQs", "/faqs", []),
    ("Blog", "/blog", []),
    ("Contact", "/contact", []),
]


def _nav_item(label, href, current, depth, has_sub=False):
    sel = href == current
    cls = "unifiednav__item " + (" dmNavItemSelected " if sel else " ") + \
          ("dmUDNavigationItem_00" if href == "/" else f"dmUDNavigationItem_010101{stable(href)}") + \
          (" unifiednav__item_has-sub-nav" if has_sub else "") + "  "
    auto = ' data-auto="selected-page"' if sel else ""
    icon = "icon-angle-down" if depth == 0 else "icon-angle-right"
    return (f'<a href="{href}" class="{cls}" target="" data-target-page-alias=""{auto}> '
            f'<span class="nav-item-text " data-link-text="\n         {label}\n        " '
            f'data-auto="page-text-style">{label}<span class="icon {icon}"></span> \n</span> \n</a> \n')


def unifiednav(current, layout="horizontal", with_sub=True, items=None, extra_cls=""):
    items = items if items is not None else NAV
    i = nid()
    lis = ""
    for label, href, subs in items:
        has_sub = bool(subs) and with_sub
        hp = ' aria-haspopup="true"' if has_sub else ""
        lis += (f' <li role="menuitem"{hp} class=" unifiednav__item-wrap " data-auto="more-pages" data-depth="0"> '
                + _nav_item(label, href, current, 0, has_sub))
        if has_sub:
            lis += (' <ul role="menu" aria-expanded="false" class="unifiednav__container unifiednav__container_sub-nav" '
                    'data-depth="0" data-auto="sub-pages"> ')
            for sl, sh in subs:
                lis += (' <li role="menuitem" class=" unifiednav__item-wrap " data-auto="more-pages" data-depth="1"> '
                        + _nav_item(sl, sh, current, 1) + '</li> \n')
            lis += '</ul> \n'
        lis += '</li> \n'
    if layout == "horizontal":
        attrs = ('layout-main="horizontal_nav_layout_2" layout-sub="submenu_horizontal_2" '
                 'data-show-vertical-sub-items="HOVER" data-nav-structure="HORIZONTAL"')
    else:
        attrs = ('layout-main="vertical_nav_layout_2" layout-sub="" data-show-vertical-sub-items="HIDE" '
                 'data-nav-structure="VERTICAL"')
    return (f'<nav class="u_{i} effect-bottom2 main-navigation unifiednav dmLinksMenu{extra_cls}" role="navigation" '
            f'{attrs} id="{i}" dmle_extension="onelinksmenu" data-element-type="onelinksmenu" data-logo-src="" '
            f'alt="" wr="true" icon="true" surround="true" adwords="" navigation-id="unifiedNav"> '
            f'<ul role="menubar" class="unifiednav__container  " data-auto="navigation-pages">{lis}</ul> \n</nav> \n')


# ---------- page shell ----------

HOURS_SPEC = [
    ("Monday", "08:30", "17:30"), ("Tuesday", "08:30", "19:00"), ("Wednesday", "08:30", "17:30"),
    ("Thursday", "08:30", "19:00"), ("Friday", "08:30", "16:00"), ("Saturday", "09:00", "13:00"),
]


def local_business_jsonld():
    ohs = ",\n".join(
        '    {\n      "@type" : "OpeningHoursSpecification",\n'
        f'      "dayOfWeek" : "https://schema.org/{d}",\n      "opens" : "{o}",\n      "closes" : "{c}"\n    }}'
        for d, o, c in HOURS_SPEC)
    return f'''<script type="application/ld+json">
{{
  "@context" : "https://schema.org",
  "@type" : "LocalBusiness",
  "name" : "Wrenfold Dental",
  "address" : {{
    "@type" : "PostalAddress",
    "streetAddress" : "31 Kingsbrook Parade",
    "addressLocality" : "Manchester",
    "addressRegion" : "Greater Manchester",
    "postalCode" : "M21 8TJ",
    "addressCountry" : "GB"
  }},
  "geo" : {{
    "@type" : "GeoCoordinates",
    "latitude" : "53.44196",
    "longitude" : "-2.27581"
  }},
  "url" : "{ORIGIN}",
  "telephone" : "+441614960418",
  "email" : "{EMAIL}",
  "image" : "{IRP}Wrenfold+Dental+logo.png",
  "priceRange" : "££",
  "openingHoursSpecification" : [
{ohs}
  ]
}}
</script>
'''


def head(page):
    alias = page["alias"]
    canonical = ORIGIN + ("/" if page["path"] == "/" else page["path"])
    is_home = page["path"] == "/"
    extra_ld = page.get("extra_jsonld", "")
    og_img = page.get("og_image", "Wrenfold+Dental+reception")
    return f'''<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" lang="en-GB"
      class="">
<head>

<script type="text/javascript">
    window._currentDevice = 'desktop';
    window.Parameters = window.Parameters || {{
        AjaxContainer: 'div.dmBody',
        WrappingContainer: 'div.dmOuter',
        HomeUrl: '{ORIGIN}/',
        AccountUUID: '5f0e2b71c9d44a6f8e3b2d4a9c17e6b0',
        SystemID: 'EU_PRODUCTION',
        SiteAlias: '{SITE_ALIAS}',
        SiteType: atob('RFVEQU9ORQ=='),
        PublicationDate: 'Tue Mar 11 10:14:52 UTC 2025',
        ExternalUid: null,
        IsSiteMultilingual: false,
        InitialPostAlias: '{page.get("post_alias", "")}',
        InitialDynamicItem: '',
        DynamicPageInfo: {{
            isDynamicPage: false,
            base64JsonRowData: 'null',
        }},
        InitialPageAlias: '{alias}',
        InitialPageUuid: '{hashlib.md5(alias.encode()).hexdigest()}',
        InitialPageId: '{stable(alias, 10)}',
        InitialEncodedPageAlias: '{base64.b64encode(alias.encode()).decode()}',
        CurrentPageUrl: '',
        IsCurrentHomePage: {"true" if is_home else "false"},
        AllowAjax: false,
        AfterAjaxCommand: null,
        HomeLinkText: 'Back To Home',
        UseGalleryModule: false,
        CurrentThemeName: 'Layout Theme',
        ThemeVersion: '412870',
        DefaultPageAlias: '',
        RemoveDID: true,
        WidgetStyleID: null,
        IsHeaderFixed: false,
        IsHeaderSkinny: false,
        IsBfs: true,
        StorePageAlias: 'null',
        StorePagesUrls: 'e30=',
        IsNewStore: 'false',
        StorePath: '',
        StoreId: 'null',
        StoreVersion: 0,
        StoreBaseUrl: '',
        StoreCleanUrl: true,
        StoreDisableScrolling: true,
        IsStoreSuspended: false,
        NotificationSubDomain: 'wrenfolddental',
        HasCustomDomain: true,
        showCookieNotification: true,
        cookiesNotificationMarkup: 'null',
        translatedPageUrl: '',
        isFastMigrationSite: false,
        sidebarPosition: 'NA',
        currentLanguage: 'en',
        currentLocale: 'en',
        NavItems: '{{}}',
        errors: {{
            general: 'There was an error connecting to the page.<br/> Make sure you are not offline.',
            password: 'Incorrect name/password combination',
            tryAgain: 'Try again'
        }},
        NavigationAreaParams: {{
            ShowBackToHomeOnInnerPages: true,
            NavbarSize: -1,
            NavbarLiveHomePage: '{ORIGIN}/',
            BlockContainerSelector: '.dmBody',
            NavbarSelector: '#dmNav:has(a)',
            SubNavbarSelector: '#subnav_main'
        }},
        hasCustomCode: true,
        planID: '7',
        customTemplateId: 'null',
        siteTemplateId: 'null',
        productId: 'DM_DIRECT',
        disableTracking: false,
        pageType: '{page.get("page_type", "FROM_SCRATCH")}',
        isRuntimeServer: true,
        isInEditor: false,
    }};

    window.Parameters.LayoutID = {{}};
    window.Parameters.LayoutID[window._currentDevice] = 6;
    window.Parameters.LayoutVariationID = {{}};
    window.Parameters.LayoutVariationID[window._currentDevice] = 5;
</script>

<!-- Injecting site-wide to the head -->
<!-- End Injecting site-wide to the head -->

<!-- Inject secured cdn script -->

<!-- ========= Meta Tags ========= -->
<!-- PWA settings -->
<!-- End PWA settings -->

<meta http-equiv="Content-type" content="text/html;charset=utf-8">
<meta charset="utf-8">

<link rel="canonical" href="{canonical}">

<meta id="view" name="viewport" content="initial-scale=1, minimum-scale=1, maximum-scale=5, viewport-fit=cover">
<meta name="apple-mobile-web-app-capable" content="yes">

<!--Add favorites icons-->
<link rel="apple-touch-icon" href="{IRP}Wrenfold+favicon+57.png"/>
<link rel="icon" type="image/x-icon" href="https://irp.cdn-website.com/{SITE_ALIAS}/site_favicon_16_1708610342211.ico"/>
<!-- End favorite icons -->

<link rel="preconnect" href="https://lirp.cdn-website.com/" crossorigin />

<!-- render the required CSS and JS in the head section -->
<script>
    window.SystemID = 'EU_PRODUCTION';
    if(!window.dmAPI) {{
        window.dmAPI = {{
            registerExternalRuntimeComponent: function() {{}},
            getCurrentDeviceType: function() {{ return window._currentDevice; }}
        }};
    }}
    if (!window.requestIdleCallback) {{
        window.requestIdleCallback = function (fn) {{ setTimeout(fn, 0); }}
    }}
</script>

<style id="forceCssIncludes">
.videobgwrapper{{overflow:hidden;position:absolute;z-index:0;width:100%;height:100%;top:0;left:0;pointer-events:none;border-radius:inherit}}.videobgframe{{position:absolute;width:101%;height:100%;top:50%;left:50%;transform:translateY(-50%) translateX(-50%);object-fit:fill}}#dm video.videobgframe{{margin:0}}@media (max-width:767px){{.dmRoot .dmPhotoGallery.newPhotoGallery:not(.photo-gallery-done){{min-height:80vh}}}}#dm [data-show-on-page-only]{{display:none!important}}
</style>
<style id="cssVariables" type="text/css">
    :root {{
  --color_1: rgba(23, 61, 84, 1);
  --color_2: rgba(88, 170, 165, 1);
  --color_3: rgba(244, 247, 246, 1);
  --color_4: rgba(0, 0, 0, 1);
  --color_5: rgba(255, 255, 255, 1);
}}
</style>

<link type="text/css" rel="stylesheet" href="https://irp.cdn-website.com/fonts/css2?family=Nunito+Sans:ital,wght@0,300;0,400;0,600;0,700;1,400&family=Lora:ital,wght@0,400;0,600;1,400&amp;subset=latin-ext&amp;display=swap"  />

<!-- RT CSS Include d-css-runtime-desktop-one-package-structured-global-->
<link rel="stylesheet" type="text/css" href="https://static.cdn-website.com/mnlt/production/5411/_dm/s/rt/dist/css/d-css-runtime-desktop-one-package-structured-global.min.css" />
<!-- End of RT CSS Include -->

<link type="text/css" rel="stylesheet" href="https://irp.cdn-website.com/WIDGET_CSS/production_5411/7c3f0b9e52d14a1c8e7d6a3b2f9e4c10.css" id="widgetCSS" />

<!-- Support `img` size attributes -->
<style>img[width][height] {{
  height: auto;
}}</style>

<!-- Site CSS -->
<link type="text/css" rel="stylesheet" href="https://irp.cdn-website.com/{SITE_ALIAS}/files/{SITE_ALIAS}_withFlex_1.min.css?v=87" id="siteGlobalCss" />

<!-- Page CSS -->
<link type="text/css" rel="stylesheet" href="https://irp.cdn-website.com/{SITE_ALIAS}/files/{SITE_ALIAS}_{alias.replace("/", "_")}_withFlex_1.min.css?v=87" id="{alias.replace("/", "_")}CssLink" />

<style id="hideAnimFix">
  .dmDesktopBody:not(.editGrid) [data-anim-desktop]:not([data-anim-desktop='none']), .dmDesktopBody:not(.editGrid) [data-anim-extended] {{
    visibility: hidden;
  }}
</style>

<!-- End render the required css and JS in the head section -->

<meta property="og:type" content="{page.get("og_type", "website")}">
<meta property="og:url" content="{canonical}">
<script type="application/ld+json">
    {{
        "@context" : "https://schema.org",
        "@type" : "WebSite",
        "name" : "Wrenfold Dental",
        "url" : "{ORIGIN}/"
    }}
</script>
  <title>
    {page["title"]}
  </title>
  <meta name="description" content="{page["description"]}"/>

  <meta name="twitter:card" content="summary"/>
  <meta name="twitter:title" content="{page["title"]}"/>
  <meta name="twitter:description" content="{page["description"]}"/>
  <meta name="twitter:image" content="{LIRP}{og_img}-1920w.jpg"/>
  <meta property="og:description" content="{page["description"]}"/>
  <meta property="og:title" content="{page["title"]}"/>
  <meta property="og:image" content="{LIRP}{og_img}-1920w.jpg"/>

{local_business_jsonld()}{extra_ld}
<!-- SYS- RVVfUFJPRFVDVElPTg== -->
</head>
'''


def header(current):
    logo = image("Wrenfold+Dental+logo", "Wrenfold Dental", w=260, h=72, link="/", ext="png")
    logo_m = image("Wrenfold+Dental+logo", "Wrenfold Dental", w=180, h=50, link="/", ext="png")
    drawer = (
        '<div class="p_hfcontainer showOnMedium"> <div id="hamburger-drawer" class="hamburger-drawer layout-drawer" '
        'layout="5b1e0d6a3f7c4e2b9a8d7c6e5f4a3b2c===header" data-origin="side-reverse" data-auto-height="true"> '
        + row(col(unifiednav(current, layout="vertical")), extra=" middleDrawerRow")
        + row(col(button(f"Call {PHONE_DISPLAY}", PHONE_TEL)))
        + '</div> \n <div class="layout-drawer-overlay" id="layout-drawer-overlay"></div> \n</div> \n'
    )
    mobile_header = (
        '<div id="hamburger-header-container" class="showOnMedium hamburger-header-container p_hfcontainer"> '
        '<div id="hamburger-header" class="hamburger-header p_hfcontainer" '
        'layout="9c2d4e6f8a0b1c3d5e7f9a1b3c5d7e9f===header" data-scrollable-target="body" '
        'data-scroll-responder-id="hamburger-header"> '
        + row(col(logo_m, l=10, s=12) + col("", l=2, s=12))
        + '</div> \n</div> \n'
    )
    topbar = row(
        col(para(p("Independent family &amp; cosmetic dentistry in Chorlton &middot; NHS for children, private for all",
                   size=14)), l=7)
        + col(para(p(f'<a href="{PHONE_TEL}" runtime_url="{PHONE_TEL}" type="call">{PHONE_DISPLAY}</a> &nbsp;|&nbsp; '
                     f'<a href="mailto:{EMAIL}" runtime_url="mailto:{EMAIL}" type="mail">{EMAIL}</a>',
                     size=14, align="right")), l=5),
        extra=" fullBleedChanged fullBleedMode hide-for-small")
    main = row(
        col(logo, l=3)
        + col(unifiednav(current), l=7)
        + col(button("Book an appointment", "/contact"), l=2),
        extra=" fullBleedChanged fullBleedMode")
    desk = (
        '<div id="hcontainer" class="u_hcontainer dmHeader p_hfcontainer" freeheader="true" headerlayout="b58ba5b5703b4cd7b5f5f7951565dc87===horizontal-layout-5" '
        'data-scrollable-target="body" data-scrollable-target-threshold="1" data-scroll-responder-id="1" '
        'preserve-sticky-header="true" logo-size-target="100%" layout="78f5c343822e4eb3aac27f4ad5d13812===header" '
        'has-shadow="true" data-auto="header"> '
        f'<div dm:templateorder="85" class="dmHeaderResp dmHeaderStack noSwitch" id="{nid()}"> '
        + topbar + main + '</div> \n</div> \n'
    )
    return drawer, mobile_header, desk


def footer(current):
    addr = para(
        hx(4, "Wrenfold Dental", size=18)
        + p("31 Kingsbrook Parade<br/>Chorlton<br/>Manchester M21 8TJ", size=15)
        + p(f'Tel: <a href="{PHONE_TEL}" runtime_url="{PHONE_TEL}" type="call">{PHONE_DISPLAY}</a><br/>'
            f'Email: <a href="mailto:{EMAIL}" runtime_url="mailto:{EMAIL}" type="mail">{EMAIL}</a>', size=15))
    hours = para(
        hx(4, "Opening hours", size=18)
        + p("Mon, Wed: 8:30am &ndash; 5:30pm<br/>Tue, Thu: 8:30am &ndash; 7:00pm<br/>Fri: 8:30am &ndash; 4:00pm"
            "<br/>Sat: 9:00am &ndash; 1:00pm (pre-booked only)<br/>Sun: closed", size=15)
        + p("In pain out of hours? Call NHS 111.", size=15))
    quick = [(l, h, []) for l, h, _ in NAV if h != "/"]
    links = para(hx(4, "Quick links", size=18)) + unifiednav(current, layout="vertical", with_sub=False, items=quick)
    r1 = row(col(image("Wrenfold+Dental+logo+white", "Wrenfold Dental", w=220, h=61, link="/", ext="png") + addr, l=4)
             + col(hours, l=4) + col(links, l=4))
    legal = para(
        p("&copy; 2025 Wrenfold Dental Care Ltd. Registered in England &amp; Wales, company no. 11847302. "
          "Registered office: 31 Kingsbrook Parade, Chorlton, Manchester M21 8TJ. "
          "Our dentists and hygienist are registered with the General Dental Council. "
          "The practice is registered with the Care Quality Commission.", size=13, align="center")
        + p('<a href="/privacy-policy" runtime_url="/privacy-policy" type="page">Privacy &amp; cookies</a>',
            size=13, align="center"))
    r2 = row(col(social_hub() + legal))
    return (
        '<div class="dmFooterContainer"> <div id="fcontainer" class="u_fcontainer f_hcontainer dmFooter p_hfcontainer"> '
        f'<div dm:templateorder="250" class="dmFooterResp generalFooter" id="{nid()}"> '
        + r1 + r2 +
        '</div> \n</div> \n</div> \n'
        f' <div id="{nid()}" dmle_extension="powered_by" data-element-type="powered_by" icon="true" surround="false"></div> \n'
    )


def render(page, body_rows):
    current = page["path"]
    drawer, mobile_header, desk = header(current)
    is_home = current == "/"
    alias = page["alias"]
    body_cls = "dm-home-page" if is_home else ""
    tmpl = ('<div dm:templateorder="117" class="dmFullRowRespTmpl mainBorder dmRespRowsWrapper dmRespRowsWrapperSize1" '
            f'id="{nid()}"> ') if is_home else (
        f'<div dm:templateorder="170" class="dmDefaultRespTmpl mainBorder" id="{nid()}"> '
        f'<div class="innerPageTmplBox dmDefaultPage  dmRespRowsWrapper" id="{nid()}"> ')
    tmpl_end = '</div> \n' if is_home else '</div> \n</div> \n'
    html = head(page)
    html += f'''
<body id="dmRoot" data-page-alias="{alias}"  class="dmRoot dmDesktopBody fix-mobile-scrolling addCanvasBorder dmResellerSite dmLargeBody responsiveTablet " style="padding:0;margin:0;"
      >

<!-- ========= Site Content ========= -->
<div id="dm" class='dmwr'>
    
    <div class="dm_wrapper standard-var5 widgetStyle-3 standard">
         <div dmwrapped="true" id="{nid()}" class="{body_cls}" themewaschanged="true"> <div dmtemplateid="Hamburger" data-responsive-name="ResponsiveDesktopTopTabletHamburger" class="runtime-module-container dm-bfs dm-layout-{"home" if is_home else "sec"} hasAnimations hasStickyHeader rows-1200 inMiniHeaderMode hamburger-reverse dmPageBody d-page-{stable(alias, 10)} dmFreeHeader" id="dm-outer-wrapper" data-page-class="{stable(alias, 10)}" data-soch="true" data-background-parallax-selector=".dmHomeSection1, .dmSectionParallex"> <div id="dmStyle_outerContainer" class="dmOuter"> <div id="dmStyle_innerContainer" class="dmInner"> <div class="dmLayoutWrapper standard-var dmStandardDesktop"> <div id="site_content"> {drawer} <div class="site_content"> {mobile_header} {desk} <div class="stickyHeaderSpacer" id="stickyHeaderSpacer" data-new="true"></div> 
 <div dmwrapped="true" id="{nid()}" class="dmBody u_dmStyle_template_{alias.replace("/", "_")} {body_cls}" themewaschanged="true"> <div id="allWrapper" class="allWrapper"><!-- navigation placeholders --> <div id="navWrapper" class="navWrapper"> <div id="hiddenNavPlaceHolder" class="hiddenNavPlaceHolder navPlaceHolder dmDisplay_None" navplaceholder="true"></div> 
 <div id="newNavigationElementPlaceHolder" class="newNavigationElementPlaceHolder navPlaceHolder" navplaceholder="true"></div> 
</div> 
 <div id="dm_content" class="dmContent" role="main"> {tmpl}{body_rows}{tmpl_end}</div> 
</div> 
</div> 
 {footer(current)}</div> 
 <div class="showOnMedium layout-drawer-hamburger hamburger-on-header" id="layout-drawer-hamburger" role="button" aria-label="menu opener" tabindex="0"> <span class="hamburger__slice"></span> 
 <span class="hamburger__slice"></span> 
 <span class="hamburger__slice"></span> 
</div> 
</div> 
</div> 
</div> 
</div> 
</div> 
</div> 

    </div>
</div>
<!--  Add full CSS and Javascript before the close tag of the body if needed -->
<!-- ========= JS Section ========= -->
<script>
    var isWLR = true;
    window.customWidgetsFunctions = {{}};
    window.customWidgetsStrings = {{}};
    window.collections = {{}};
    window.currentLanguage = "ENGLISH"
    window.isSitePreview = false;
</script>
<script type="text/javascript">
    var d_version = "production_5411";
    var build = "2025-03-04T11_02_17";
    window['v' + 'ersion'] = d_version;
</script>
<!-- Load jQuery -->
<script type="text/javascript" id='d-js-jquery' src="https://static.cdn-website.com/libs/jquery/jquery-3.7.0.min.js"></script>
<!-- End Load jQuery -->
<script id='d-js-params'>
    window.INSITE = window.INSITE || {{}};
    window.INSITE.device = "desktop";
    window.rtCommonProps = {{}};
    rtCommonProps["rt.ajax.ajaxScriptsFix"] =true;
    rtCommonProps["runtimecollector.url"] = 'https://rtc.multiscreensite.com';
</script>
<script type="text/javascript" id="d-js-core" src="https://static.cdn-website.com/mnlt/production/5411/_dm/s/rt/dist/scripts/d-js-one-runtime-unified-desktop.min.js" ></script>
<script type="text/javascript">
    window.dmAPI && window.dmAPI.loadScript && void 0;
</script>
</body>
</html>
'''
    return html
