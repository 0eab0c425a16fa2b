"""Texts of Django's admin and of django-reversion that our catalogue (bzkmemory/locale)
translates anew, because their own Dutch is missing (new in Django 6) or puts an article before
the model's name ("De programma ... is met succes gewijzigd"). Ours names the model without an
article, which reads right for het- and de-words alike ("Opgeslagen: programma “...”.").

Nothing calls this module: it lists the texts so that ``makemessages`` keeps their entries in the
catalogue. tests/bzkmemory/test_admin_dutch.py fails when an admin page shows one untranslated.
The admin's scripts have theirs in the JavaScript catalogue (djangojs.po, which makemessages
for the "django" domain leaves alone).
"""

from django.utils.translation import gettext_noop, ngettext_lazy

# django.contrib.admin: after saving, adding and deleting.
gettext_noop("The {name} “{obj}” was added successfully.")
gettext_noop("The {name} “{obj}” was added successfully. You may edit it again below.")
gettext_noop("The {name} “{obj}” was added successfully. You may add another {name} below.")
gettext_noop("The {name} “{obj}” was changed successfully.")
gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again below.")
gettext_noop("The {name} “{obj}” was changed successfully. You may add another {name} below.")
gettext_noop("The %(name)s “%(obj)s” was deleted successfully.")
gettext_noop(
    "Are you sure you want to delete the %(object_name)s “%(escaped_object)s”? All of the "
    "following related items will be deleted:"
)
gettext_noop(
    "Deleting the %(object_name)s “%(escaped_object)s” would result in deleting related "
    "objects, but your account doesn't have permission to delete the following types of "
    "objects:"
)
gettext_noop(
    "Deleting the %(object_name)s “%(escaped_object)s” would require deleting the following "
    "protected related objects:"
)

# django.contrib.admin: texts Django 6 added without a Dutch translation.
gettext_noop('The app "%s" could not be found.')
ngettext_lazy("…and %(count)d more object.", "…and %(count)d more objects.", "count")
gettext_noop("Filter by %(field_name)s")
gettext_noop("Forgotten your login credentials?")
gettext_noop("Pagination %(name)s entries")
gettext_noop("Pagination %(name)s")
gettext_noop("Search %(name)s")
gettext_noop("Logout")

# django.db.models: the empty choice of a select.
gettext_noop("- Select an option -")

# django-reversion: restoring a version.
gettext_noop('The %(model)s "%(name)s" was reverted successfully. You may edit it again below.')
gettext_noop("Reverted to previous version, saved on %(datetime)s")
gettext_noop("Revert %(name)s")

# The admin's menu: names that django-cookie-consent and django-axes give their apps and models
# without a Dutch translation.
gettext_noop("cookie consent")
gettext_noop("Cookie Groups")
gettext_noop("Cookies")
gettext_noop("Log items")
gettext_noop("access attempts")
gettext_noop("access failures")
gettext_noop("access logs")
