"""Creates the single row of site settings with the site's introduction as the seed page has it.

The Dutch text is the original site's, word for word (including its spelling); editors change
it in the admin afterwards. Reversing leaves an edited text alone.
"""

from django.db import migrations

INTRODUCTION_NL = (
    "<p>Het geheugen van BZK biedt informatie over afgeronde beleidsprogramma's van het "
    "ministerie van Binnenlandse Zaken en Koninkrijksrelaties. Ook vindt u hier "
    "‘tentoonstelllingen’ waarin de historie van belangrijke BZK-onderwerpen wordt belicht.</p>"
)
INTRODUCTION_EN = (
    "<p>The memory of BZK offers information about completed policy programmes of the "
    "Ministry of the Interior and Kingdom Relations. You will also find ‘exhibitions’ here "
    "that shed light on the history of important BZK subjects.</p>"
)


def create_site_settings(apps, schema_editor):
    SiteSettings = apps.get_model("bzkmemory", "SiteSettings")
    SiteSettings.objects.get_or_create(
        pk=1,
        defaults={
            "introduction": INTRODUCTION_NL,
            "introduction_nl": INTRODUCTION_NL,
            "introduction_en": INTRODUCTION_EN,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("bzkmemory", "0001_initial")]

    operations = [migrations.RunPython(create_site_settings, migrations.RunPython.noop)]
