from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExhibitionsConfig(AppConfig):
    name = "exhibitions"
    verbose_name = _("Exhibitions")

    def ready(self) -> None:
        from exhibitions import rendering, search
        from exhibitions.models import Curator, Exhibition, TimelineItem
        from publishing import changes

        changes.track(
            Exhibition,
            refresh_search=search.refresh_search_index,
            # Its page, rendered once per change (exhibitions/rendering.py).
            refresh_rendering=rendering.refresh,
            forget_rendering=rendering.forget,
            parts={TimelineItem: "exhibition"},
            shows={Curator: "exhibitions"},
            # Its record names the programmes it relates to (openmetadata); its page and record
            # name its themes, however they are attached.
            relations=["related_programmes", "themes"],
        )
