"""Whether a cached theme page is still current: the theme's own part of the page's stamp.

A theme page shows the theme (its name and description) and the public programmes and
exhibitions filed under it. What those items say, and which are public, is in the stamp of
listings (``publishing.freshness.listings``: any write to a programme or exhibition, or a
scheduled publication whose time has come). That stamp cannot know themes (publishing is below
this app), so the theme pages combine it with these small reads of the themes' own changes.
"""

from datetime import datetime

from django.db.models import Count, Max

from themes.models import Theme


def theme_page(slug: str) -> tuple[int, datetime] | None:
    """The id of the theme with this slug and when it last changed; None if there is none."""
    return Theme.objects.filter(slug=slug).values_list("pk", "updated_at").first()


def themes_changed() -> tuple[str, datetime | None]:
    """For the index of themes: a stamp that changes when any theme is added, changed or
    deleted, and when the newest change was."""
    found = Theme.objects.order_by().aggregate(number=Count("pk"), changed=Max("updated_at"))
    changed = found["changed"]
    stamp = f"{found['number']}:{changed.timestamp():.6f}" if changed else "0:-"
    return stamp, changed
