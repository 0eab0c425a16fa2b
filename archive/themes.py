"""Themes in a bundle, in both directions: the manifest defines the themes its programmes and
exhibitions name (``themes``: slug, names and descriptions), each document names its themes by
slug. An export defines every theme it names; an import creates or updates them before the
items that name them, and refuses a bundle that names a theme it neither defines nor finds on
this site. Bundles made before themes were part of the format define none and name none: their
items keep the themes they have here (docs/ARCHIVE_FORMAT.md).
"""

from collections.abc import Iterable

from archive.format import MANIFEST
from archive.mapping import apply_bilingual, bilingual
from archive.problems import Problem, _, json_path
from archive.validation import validation_problems
from themes.models import Theme
from themes.services import theme_save

THEME_TEXTS = ("name", "description")


# From the models to a bundle ------------------------------------------------------------------


def theme_slugs(item) -> list[str]:
    """The slugs of an item's themes, as its document names them (prefetch ``themes``)."""
    return sorted(theme.slug for theme in item.themes.all())


def theme_definitions(slugs: Iterable[str]) -> list[dict]:
    """The manifest's definitions of these themes, by slug."""
    return [theme_definition(theme) for theme in Theme.objects.filter(slug__in=set(slugs))]


def theme_definition(theme: Theme) -> dict:
    definition = {"slug": theme.slug}
    for field in THEME_TEXTS:
        definition.update(bilingual(theme, field))
    return dict(sorted(definition.items()))


# From a bundle to the models ------------------------------------------------------------------


class BundleThemes:
    """The themes a bundle defines (its manifest, checked against the schema already), their
    problems, the references of its documents and, when there is no problem, their write."""

    def __init__(self, manifest: dict, problems: list[Problem]) -> None:
        self.definitions: dict[str, dict] = {}
        for index, definition in enumerate(manifest.get("themes", [])):
            slug = definition["slug"]
            if slug in self.definitions:
                problems.append(
                    Problem(
                        MANIFEST,
                        f"themes[{index}].slug",
                        _("The theme %(slug)s is defined twice.", slug=slug),
                    )
                )
                continue
            self.definitions[slug] = definition
            problems.extend(validation_problems(_instance(definition), MANIFEST, ["themes", index]))
        self._here: dict[str, bool] = {}

    def reference_problems(self, document: dict, document_path: str) -> list[Problem]:
        """A document's themes must be defined in the manifest or be on this site."""
        problems = []
        for index, slug in enumerate(document.get("themes", [])):
            if slug in self.definitions or self._on_this_site(slug):
                continue
            problems.append(
                Problem(
                    document_path,
                    json_path(["themes", index]),
                    _(
                        "The theme %(slug)s is not defined in %(manifest)s and is not on this "
                        "site.",
                        slug=slug,
                        manifest=MANIFEST,
                    ),
                )
            )
        return problems

    def write(self) -> None:
        """Create or update each theme defined (inside the import's transaction); a theme that
        changes shows the change on every item that carries it (themes/services.py)."""
        for definition in self.definitions.values():
            theme = Theme.objects.filter(slug=definition["slug"]).first()
            if theme is not None and theme_definition(theme) == definition:
                continue
            theme = theme or Theme(slug=definition["slug"])
            apply_bilingual(theme, definition, THEME_TEXTS)
            theme_save(theme=theme)

    def _on_this_site(self, slug: str) -> bool:
        if slug not in self._here:
            self._here[slug] = Theme.objects.filter(slug=slug).exists()
        return self._here[slug]


def set_themes(item, document: dict) -> None:
    """The item's themes as its document names them; left as they are when it names none (a
    bundle made before themes were part of the format)."""
    if "themes" in document:
        item.themes.set(Theme.objects.filter(slug__in=document["themes"]))


def _instance(definition: dict) -> Theme:
    existing = Theme.objects.filter(slug=definition["slug"]).values_list("pk", flat=True).first()
    theme = Theme(pk=existing, slug=definition["slug"])
    theme._state.adding = existing is None
    apply_bilingual(theme, definition, THEME_TEXTS)
    return theme
