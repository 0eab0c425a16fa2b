"""Rich text is no longer sanitised when a page is shown, only when it is written
(website/richtext.py): sanitise what exhibitions and their timeline items already hold."""

from django.db import migrations

from website.richtext import sanitise_stored


def sanitise(apps, schema_editor) -> None:
    for name in ("Exhibition", "TimelineItem"):
        sanitise_stored(apps.get_model("exhibitions", name))


class Migration(migrations.Migration):
    dependencies = [("exhibitions", "0008_exhibition_rendering_store")]

    operations = [migrations.RunPython(sanitise, migrations.RunPython.noop, elidable=True)]
