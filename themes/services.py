"""Writes of themes: saving and deleting one, with what follows on the pages that show it.

A theme's name shows on every programme and exhibition filed under it (their pages, JSON-LD,
OAI-PMH records, open data, search). Those pages are cached under their own last-change time
(publishing/freshness.py), so a renamed or deleted theme *touches* the items that carry it:
their "last changed" time moves (and with it the archive's revision, their cached pages and
their harvesters' datestamps) and their search columns follow. The items are found through the
theme's reverse relations, so this app needs to know nothing of programmes or exhibitions.
"""

from django.db import transaction
from django.db.models import Model

from publishing import changes
from themes.models import Theme


def carriers(theme: Theme) -> dict[type[Model], list[int]]:
    """The published items (of every kind) that carry ``theme``, by model: their ids."""
    found: dict[type[Model], list[int]] = {}
    for relation in Theme._meta.related_objects:
        if not relation.many_to_many:
            continue
        model = relation.related_model
        carrying = model.objects.filter(**{relation.field.name: theme})
        ids = list(carrying.values_list("pk", flat=True))
        if ids:
            found[model] = ids
    return found


def touch_carriers(found: dict[type[Model], list[int]]) -> None:
    """These items show a theme that changed: they changed too."""
    tracked = set(changes.tracked_models())
    for model, ids in found.items():
        changes.touch(model, ids)
        if model in tracked:
            changes.refresh_search(model, ids)


@transaction.atomic
def theme_save(*, theme: Theme) -> Theme:
    """Validate and save a theme (new or changed); the items that carry it show the change."""
    theme.full_clean()
    theme.save()
    touch_carriers(carriers(theme))
    return theme


@transaction.atomic
def theme_delete(*, theme: Theme) -> None:
    """Delete a theme; the items that carried it no longer show it, at once."""
    found = carriers(theme)
    theme.delete()
    touch_carriers(found)
