"""The cookie groups and cookies visitors are asked about, in Dutch and English.

django-cookie-consent's own example fixture does not load (it lacks a required description), and
groups belong in every database anyway, so they are created here. Editors can change the texts.
"""

from django.db import migrations

GROUPS = [
    {
        "varname": "necessary",
        "is_required": True,
        "is_deletable": False,
        "ordering": 0,
        "name_nl": "Noodzakelijk",
        "name_en": "Necessary",
        "description_nl": (
            "Cookies die nodig zijn om uw keuze over cookies te onthouden en om redacteuren in "
            "het beheer van de website te laten werken. Deze kunt u niet weigeren; bezoekers "
            "van de openbare pagina's krijgen alleen de cookie met hun keuze."
        ),
        "description_en": (
            "Cookies needed to remember your choice about cookies and to let editors work in "
            "the website's management pages. These cannot be declined; visitors of the public "
            "pages only get the cookie holding their choice."
        ),
        "cookies": [
            (
                "cookie_consent",
                "Onthoudt uw keuze over cookies. Bewaard: 1 jaar.",
                "Remembers your choice about cookies. Kept for: 1 year.",
            ),
            (
                "csrftoken",
                "Beschermt de formulieren in het beheer tegen misbruik; alleen voor redacteuren.",
                "Protects the forms of the management pages against misuse; editors only.",
            ),
            (
                "sessionid",
                "Houdt redacteuren aangemeld in het beheer; alleen voor redacteuren.",
                "Keeps editors signed in to the management pages; editors only.",
            ),
        ],
    },
    {
        "varname": "statistics",
        "is_required": False,
        "is_deletable": True,
        "ordering": 1,
        "name_nl": "Statistieken",
        "name_en": "Statistics",
        "description_nl": (
            "Met Matomo tellen we hoe bezoekers de website gebruiken, zodat we haar kunnen "
            "verbeteren. Uw IP-adres wordt geanonimiseerd voordat het onze server verlaat en de "
            "logfiles worden maximaal een half jaar bewaard."
        ),
        "description_en": (
            "With Matomo we count how visitors use the website, so that we can improve it. Your "
            "IP address is anonymised before it leaves our server, and the log files are kept "
            "for no longer than six months."
        ),
        "cookies": [
            (
                "bzk_stats_id",
                "Een willekeurig nummer waarmee Matomo een volgend bezoek herkent, zonder te "
                "weten wie u bent. Bewaard: een half jaar.",
                "A random number with which Matomo recognises a later visit without knowing "
                "who you are. Kept for: six months.",
            ),
        ],
    },
]


def create_groups(apps, schema_editor):
    CookieGroup = apps.get_model("cookie_consent", "CookieGroup")
    Cookie = apps.get_model("cookie_consent", "Cookie")
    for spec in GROUPS:
        spec = dict(spec)
        cookies = spec.pop("cookies")
        group, created = CookieGroup.objects.get_or_create(
            varname=spec["varname"],
            defaults={**spec, "name": spec["name_nl"], "description": spec["description_nl"]},
        )
        if not created:
            continue
        for name, description_nl, description_en in cookies:
            Cookie.objects.create(
                cookiegroup=group,
                name=name,
                description=description_nl,
                description_nl=description_nl,
                description_en=description_en,
            )


class Migration(migrations.Migration):
    dependencies = [
        ("bzkmemory", "0004_site_page_texts"),
        ("cookie_consent", "0005_translations"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
