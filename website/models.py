from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from website.richtext import RichTextField


class SiteSettingsQuerySet(models.QuerySet):
    def current(self) -> "SiteSettings":
        """The one row of site settings, created empty if a database has none yet."""
        # A plain read first: it may go to a read replica; only a missing row needs the primary.
        settings = self.filter(pk=SiteSettings.SINGLETON_PK).first()
        if settings is None:
            settings, _created = self.get_or_create(pk=SiteSettings.SINGLETON_PK)
        return settings


class SiteSettings(models.Model):
    """Texts of the site itself that editors maintain, such as its introduction.

    There is exactly one row (created by a data migration); the admin offers no add or delete.
    """

    SINGLETON_PK = 1

    introduction = RichTextField(
        _("site introduction"),
        blank=True,
        help_text=_(
            "What Het geheugen van BZK offers; shown on the home page and above every programme."
        ),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = SiteSettingsQuerySet.as_manager()

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="site_settings_is_a_single_row"),
        ]

    def __str__(self) -> str:
        return str(_("Site settings"))


class SitePageQuerySet(models.QuerySet):
    def get_by_natural_key(self, key: str) -> "SitePage":
        return self.get(key=key)


class SitePage(models.Model):
    """A page about the site itself, such as the accessibility statement.

    The set of pages is fixed (each has its own address and a footer link); editors maintain
    their text in both languages. A data migration creates them.
    """

    class Key(models.TextChoices):
        ABOUT = "about", _("About The memory of BZK")
        PRIVACY = "privacy", _("Privacy and cookies")
        ACCESSIBILITY = "accessibility", _("Accessibility statement")

    key = models.CharField(_("page"), max_length=30, choices=Key.choices, unique=True)
    title = models.CharField(_("title"), max_length=200)
    body = RichTextField(_("text"))
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = SitePageQuerySet.as_manager()

    class Meta:
        verbose_name = _("site page")
        verbose_name_plural = _("site pages")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(f"pages:{self.key}")

    def natural_key(self) -> tuple[str]:
        return (self.key,)


class AuditEvent(models.Model):
    """Who did what, and when: kept for administrators from day one.

    Written by website.audit, from the admin's own log, the publishing services, archive
    imports and exports, and sign-in events. Never changed or deleted through the admin.
    """

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        CHANGED = "changed", _("changed")
        DELETED = "deleted", _("deleted")
        PUBLISHED = "published", _("published")
        UNPUBLISHED = "unpublished", _("unpublished")
        WITHDRAWN = "withdrawn", _("withdrawn")
        RESTORED = "restored", _("restored an earlier version")
        IMPORTED = "imported", _("imported an archive bundle")
        EXPORTED = "exported", _("exported an archive bundle")
        LOGGED_IN = "logged_in", _("signed in")
        LOGGED_OUT = "logged_out", _("signed out")
        LOGIN_FAILED = "login_failed", _("sign-in failed")
        LOCKED_OUT = "locked_out", _("locked out after failed sign-ins")
        DEVICE_ADDED = "device_added", _("added a device for two-factor sign-in")
        RECOVERY_CODES = "recovery_codes", _("made new recovery codes")
        DEVICE_REMOVED = "device_removed", _("removed a device for two-factor sign-in")
        SUBMITTED = "submitted", _("submitted for review")
        RETURNED = "returned", _("sent back with a comment")
        DISCARDED = "discarded", _("discarded a draft")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    username = models.CharField(_("user name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices, db_index=True)
    object_type = models.CharField(_("kind of object"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=100, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    detail = models.TextField(_("detail"), blank=True)
    ip_address = models.CharField(_("IP address (anonymised)"), max_length=45, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        who = self.username or "-"
        return f"{self.at:%Y-%m-%d %H:%M} {who} {self.get_action_display()} {self.object_repr}"
