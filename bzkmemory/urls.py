from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from bzkmemory import views

admin.site.site_header = _("The memory of BZK: management")
admin.site.site_title = _("The memory of BZK")
admin.site.index_title = _("Management")

urlpatterns = [
    path("admin/", admin.site.urls),
]

# Dutch pages have no language prefix; English ones live under /en/ with English paths.
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path(_("programmes/"), include("programmes.urls")),
    path(_("documents/"), include("toolbox.urls")),
    prefix_default_language=False,
)
