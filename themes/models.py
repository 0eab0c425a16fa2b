"""Themes: the subjects editors file programmes and exhibitions under (e.g. "Lokale democratie").

A theme is the archive's own vocabulary, not a publication: it has no draft or review of its
own. Which themes a programme or exhibition has is part of that item, so attaching one goes
through the item's draft and review like any other change.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from publishing.models import public_q


class ThemeQuerySet(models.QuerySet):
    def in_use(self) -> "ThemeQuerySet":
        """Themes that at least one item visitors may see is filed under."""
        return self.filter(public_q("programmes__") | public_q("exhibitions__")).distinct()

    def with_public_counts(self) -> "ThemeQuerySet":
        """Themes in use, each with how many public programmes (``programme_count``) and
        exhibitions (``exhibition_count``) are filed under it, in one query."""
        return (
            self.annotate(
                programme_count=models.Count(
                    "programmes", filter=public_q("programmes__"), distinct=True
                ),
                exhibition_count=models.Count(
                    "exhibitions", filter=public_q("exhibitions__"), distinct=True
                ),
            )
            .filter(models.Q(programme_count__gt=0) | models.Q(exhibition_count__gt=0))
            .order_by("name")
        )

    def get_by_natural_key(self, slug: str) -> "Theme":
        return self.get(slug=slug)


class Theme(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("The last part of the theme page's web address. Keep it stable."),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("One or two sentences on what the theme covers, shown on its page."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    objects = ThemeQuerySet.as_manager()

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(slug=""), name="theme_slug_is_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("themes:detail", kwargs={"slug": self.slug})

    def natural_key(self) -> tuple[str]:
        return (self.slug,)
