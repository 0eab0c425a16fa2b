"""On PostgreSQL, a programme's long texts are kept out of its row (in the table's TOAST
storage) from 128 bytes on, so that its row holds only the short columns: a search that matches
thousands of programmes through the full-text index then visits some 700 pages of rows instead
of one 8 KiB page per programme (10,000 programmes: 5 MiB of rows instead of 41). Rows written
before this keep their layout until they are written again (or ``VACUUM FULL``).
"""

from django.db import migrations


def narrow(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE programmes_programme SET (toast_tuple_target = 128)")


def widen(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE programmes_programme RESET (toast_tuple_target)")


class Migration(migrations.Migration):
    dependencies = [("programmes", "0015_facet_columns")]

    operations = [migrations.RunPython(narrow, widen)]
