from django.apps import AppConfig


class BzkMemoryConfig(AppConfig):
    """The project package as an app: it holds the translation catalogues and the migrations
    that created the site's own tables before those models moved to ``website``."""

    name = "bzkmemory"
    verbose_name = "Het geheugen van BZK"
