"""The first texts of the site's own pages; editors maintain them in the admin afterwards.

The privacy text starts from the original site's cookie notice, word for word. Reversing leaves
edited pages alone.
"""

from django.db import migrations

PAGES = {
    "about": {
        "title_nl": "Over het geheugen van BZK",
        "title_en": "About The memory of BZK",
        "body_nl": (
            "<p>Het geheugen van BZK biedt informatie over afgeronde beleidsprogramma's van het "
            "ministerie van Binnenlandse Zaken en Koninkrijksrelaties (BZK).</p>"
            "<p>Per programma leest u waarom het er kwam, wat de doelen waren, welke resultaten "
            "gepland en behaald zijn en welke documenten erbij horen. Documenten waarvan het "
            "archief geen digitale versie heeft, staan vermeld als niet digitaal beschikbaar.</p>"
            "<p>De teksten zijn in het Nederlands en in het Engels te lezen. Het geheugen van BZK "
            "is een uitgave van het ministerie van Binnenlandse Zaken en "
            "Koninkrijksrelaties.</p>"
        ),
        "body_en": (
            "<p>The memory of BZK offers information about completed policy programmes of the "
            "Ministry of the Interior and Kingdom Relations (BZK).</p>"
            "<p>For each programme you can read why it was started, what its objectives were, "
            "which results were planned and achieved, and which documents belong to it. "
            "Documents of which the archive holds no digital copy are listed as not digitally "
            "available.</p>"
            "<p>The texts can be read in Dutch and in English. The memory of BZK is published by "
            "the Ministry of the Interior and Kingdom Relations.</p>"
        ),
    },
    "privacy": {
        "title_nl": "Privacy en Cookies",
        "title_en": "Privacy and cookies",
        "body_nl": (
            "<p>Voor een optimale werking plaatst deze website cookies op uw computer. Daarnaast "
            "worden cookies geplaatst voor het bijhouden van bezoekersgedrag met behulp van "
            "Matomo Software. Deze informatie helpt ons bij het verbeteren van onze website. De "
            "cookies bevatten anonieme informatie (uw IP-adres wordt geanonimiseerd) en de "
            "logfiles worden maximaal een half jaar bewaard.</p>"
        ),
        "body_en": (
            "<p>To work as well as possible, this website places cookies on your computer. In "
            "addition, cookies are placed to keep track of visitor behaviour with Matomo "
            "software. This information helps us to improve our website. The cookies contain "
            "anonymous information (your IP address is anonymised) and the log files are kept "
            "for no longer than six months.</p>"
        ),
    },
    "accessibility": {
        "title_nl": "Toegankelijkheid",
        "title_en": "Accessibility",
        "body_nl": (
            "<p>Het ministerie van Binnenlandse Zaken en Koninkrijksrelaties wil dat iedereen "
            "Het geheugen van BZK kan gebruiken, ook mensen met een beperking. Websites van de "
            "overheid moeten voldoen aan de Europese norm EN 301 549, die verwijst naar de Web "
            "Content Accessibility Guidelines (WCAG) 2.1 op niveau AA.</p>"
            "<h2>Wat wij doen</h2>"
            "<ul>"
            "<li>Elke pagina begint met een link naar de inhoud, heeft koppen in een logische "
            "volgorde en geeft aan in welke taal de tekst is.</li>"
            "<li>Alles op de website werkt met alleen een toetsenbord.</li>"
            "<li>Tekst heeft genoeg contrast met de achtergrond. De website is te gebruiken op "
            "een scherm van 320 pixels breed en met tekst die 200% is vergroot.</li>"
            "<li>Afbeeldingen hebben een beschrijving voor wie ze niet kan zien.</li>"
            "<li>Bij elke wijziging van de website controleren we alle soorten pagina's, in "
            "beide talen, automatisch op de succescriteria van WCAG 2.1 niveau A en AA, met "
            "het programma axe-core in een echte browser.</li>"
            "</ul>"
            "<h2>Wat nog niet is gebeurd</h2>"
            "<p>Een onderzoek door een onafhankelijke deskundige is nog niet uitgevoerd. "
            "Automatische controles vinden niet alle problemen; daarom is deze verklaring nog "
            "geen officiële toegankelijkheidsverklaring met een nalevingsstatus.</p>"
            "<h2>Een probleem melden</h2>"
            "<p>Kunt u iets op deze website niet lezen of gebruiken? Laat het ons weten via "
            '<a href="https://www.rijksoverheid.nl/contact">de contactpagina van de '
            "Rijksoverheid</a>. Vermeld om welke pagina het gaat.</p>"
        ),
        "body_en": (
            "<p>The Ministry of the Interior and Kingdom Relations wants everyone to be able to "
            "use The memory of BZK, including people with disabilities. Government websites "
            "must meet the European standard EN 301 549, which refers to the Web Content "
            "Accessibility Guidelines (WCAG) 2.1 at level AA.</p>"
            "<h2>What we do</h2>"
            "<ul>"
            "<li>Every page starts with a link to its content, has headings in a logical order "
            "and states the language of its text.</li>"
            "<li>Everything on the website works with a keyboard alone.</li>"
            "<li>Text has enough contrast with its background. The website can be used on a "
            "screen 320 pixels wide and with text enlarged to 200%.</li>"
            "<li>Images have a description for those who cannot see them.</li>"
            "<li>With every change to the website we check every kind of page, in both "
            "languages, automatically against the WCAG 2.1 level A and AA success criteria, "
            "with the axe-core program in a real browser.</li>"
            "</ul>"
            "<h2>Not yet done</h2>"
            "<p>An evaluation by an independent expert has not yet been carried out. Automatic "
            "checks do not find every problem; this is therefore not yet an official "
            "accessibility statement with a compliance status.</p>"
            "<h2>Reporting a problem</h2>"
            "<p>Is there something on this website you cannot read or use? Let us know through "
            '<a href="https://www.rijksoverheid.nl/contact">the central government\'s contact '
            "page</a>, and mention the page concerned.</p>"
        ),
    },
}


def create_pages(apps, schema_editor):
    SitePage = apps.get_model("bzkmemory", "SitePage")
    for key, texts in PAGES.items():
        SitePage.objects.get_or_create(
            key=key, defaults={**texts, "title": texts["title_nl"], "body": texts["body_nl"]}
        )


class Migration(migrations.Migration):
    dependencies = [("bzkmemory", "0003_site_pages")]

    operations = [migrations.RunPython(create_pages, migrations.RunPython.noop)]
