"""On PostgreSQL: a NOTIFY on every change of the site's texts (publishing/notifications.py).

Cached pages carry the site settings' last change in their stamp (publishing/freshness.py);
workers that remember freshness answers must hear of these writes as of the archive's.
"""

from django.db import migrations

CHANNEL = "bzkmemory_changes"
MODELS = ("SiteSettings", "SitePage")


def create_triggers(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE OR REPLACE FUNCTION website_notify_change() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN "
        f"PERFORM pg_notify('{CHANNEL}', TG_TABLE_NAME); RETURN NULL; END $$"
    )
    for name in MODELS:
        table = apps.get_model("website", name)._meta.db_table
        schema_editor.execute(
            f"CREATE TRIGGER {table}_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
            f"ON {schema_editor.quote_name(table)} "
            "FOR EACH STATEMENT EXECUTE FUNCTION website_notify_change()"
        )


def drop_triggers(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in MODELS:
        table = apps.get_model("website", name)._meta.db_table
        schema_editor.execute(
            f"DROP TRIGGER IF EXISTS {table}_notify ON {schema_editor.quote_name(table)}"
        )
    schema_editor.execute("DROP FUNCTION IF EXISTS website_notify_change()")


class Migration(migrations.Migration):
    dependencies = [("website", "0004_two_factor_device_removed")]

    operations = [migrations.RunPython(create_triggers, drop_triggers, elidable=False)]
