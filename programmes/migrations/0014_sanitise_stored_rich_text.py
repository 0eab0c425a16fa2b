"""Rich text is no longer sanitised when a page is shown, only when it is written
(website/richtext.py): sanitise what programmes already hold, drafts included."""

from django.db import migrations

from website.richtext import sanitise_stored


def sanitise(apps, schema_editor) -> None:
    sanitise_stored(apps.get_model("programmes", "Programme"))


class Migration(migrations.Migration):
    # After the stored renderings' table (0012): a stored page is only made from clean text.
    dependencies = [("programmes", "0013_full_text_index")]

    operations = [migrations.RunPython(sanitise, migrations.RunPython.noop, elidable=True)]
