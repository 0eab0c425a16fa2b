"""Rich text is no longer sanitised when a page is shown, only when it is written
(website/richtext.py): sanitise what the site's texts already hold."""

from django.db import migrations

from website.richtext import sanitise_stored


def sanitise(apps, schema_editor) -> None:
    for name in ("SiteSettings", "SitePage"):
        sanitise_stored(apps.get_model("website", name))


class Migration(migrations.Migration):
    dependencies = [("website", "0005_notify_site_text_changes")]

    operations = [migrations.RunPython(sanitise, migrations.RunPython.noop, elidable=True)]
