from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = _("Programmes")

    def ready(self) -> None:
        from programmes import rendering, search
        from programmes.models import AchievedResult, Objective, PlannedResult, Programme
        from publishing import changes
        from toolbox.models import ToolboxDocument

        changes.track(
            Programme,
            refresh_search=search.refresh_search_index,
            # Its page, rendered once per change (programmes/rendering.py).
            refresh_rendering=rendering.refresh,
            forget_rendering=rendering.forget,
            parts={
                Objective: "programme",
                PlannedResult: "programme",
                AchievedResult: "programme",
                ToolboxDocument: "programme",
            },
            # The page, its record and the index's facets name its themes, however attached.
            relations=["themes"],
        )
