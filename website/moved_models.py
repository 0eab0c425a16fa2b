"""A migration step for models that moved from one app to another with their tables.

The tables are renamed by the migrations themselves (state first, then AlterModelTable); what
also names the app has to follow: the content type (and with it the permissions, groups'
rights, the admin's log and django-reversion's versions that point at it) keeps its row and
changes its app label, and each stored version's serialized data names the new app, so that
an old version can still be restored.
"""

import json
from collections.abc import Iterable

from django.db import migrations


def follow_moved_models(old_app: str, new_app: str, models: Iterable[str]) -> migrations.RunPython:
    """A reversible step: ``models`` (lower-case names) moved from ``old_app`` to ``new_app``."""
    models = list(models)

    def forwards(apps, schema_editor) -> None:
        _relabel(apps, old_app, new_app, models)

    def backwards(apps, schema_editor) -> None:
        _relabel(apps, new_app, old_app, models)

    return migrations.RunPython(forwards, backwards, elidable=False)


def _relabel(apps, source: str, target: str, models: list[str]) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Version = apps.get_model("reversion", "Version")
    for model in models:
        old = ContentType.objects.filter(app_label=source, model=model).first()
        if old is None:
            continue  # a database that never had the model: nothing points at it
        # The new label may exist already if post_migrate ran between two steps of an upgrade:
        # that row is newer and empty of history, so the old one, with everything pointing at
        # it, takes its place.
        ContentType.objects.filter(app_label=target, model=model).delete()
        old.app_label = target
        old.save(update_fields=["app_label"])
        before, after = f'"model": "{source}.{model}"', f'"model": "{target}.{model}"'
        for version in Version.objects.filter(content_type=old, format="json").iterator():
            if before in version.serialized_data and _names(version.serialized_data, source):
                version.serialized_data = version.serialized_data.replace(before, after)
                version.save(update_fields=["serialized_data"])


def _names(serialized: str, app: str) -> bool:
    """Whether serialized objects name a model of ``app`` (and not merely hold the text)."""
    try:
        objects = json.loads(serialized)
    except ValueError:
        return False
    return any(str(item.get("model", "")).startswith(f"{app}.") for item in objects)
