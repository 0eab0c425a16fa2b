"""On PostgreSQL: a NOTIFY on every change of the archive revision (publishing/notifications.py).

Every write to a published item bumps the revision in its transaction, so this one trigger
announces them all, whichever way they were written, when (and only if) they are committed.
"""

from django.db import migrations

CHANNEL = "bzkmemory_changes"


def create_trigger(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("publishing", "ArchiveRevision")._meta.db_table)
    schema_editor.execute(
        "CREATE OR REPLACE FUNCTION publishing_notify_change() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN "
        f"PERFORM pg_notify('{CHANNEL}', TG_TABLE_NAME); RETURN NULL; END $$"
    )
    schema_editor.execute(
        f"CREATE TRIGGER publishing_archiverevision_notify AFTER INSERT OR UPDATE OR DELETE "
        f"OR TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION publishing_notify_change()"
    )


def drop_trigger(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("publishing", "ArchiveRevision")._meta.db_table)
    schema_editor.execute(f"DROP TRIGGER IF EXISTS publishing_archiverevision_notify ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS publishing_notify_change()")


class Migration(migrations.Migration):
    dependencies = [("publishing", "0001_moved_from_programmes")]

    operations = [migrations.RunPython(create_trigger, drop_trigger, elidable=False)]
