"""Every address of the site, composed from the apps' own (docs/ARCHITECTURE.md)."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from bzkmemory import link_targets, theme_views, views
from bzkmemory.sitemaps import SITEMAPS
from exhibitions import urls as exhibition_urls
from openmetadata import urls as openmetadata_urls
from programmes import urls as programme_urls
from programmes import views as programme_views
from publishing.review_admin import review_list_view
from toolbox import urls as toolbox_urls
from website import analytics, consent_views, health
from website import views as website_views

# Also what answers when the database cannot be reached: a stale page or a 503 (outage.py).
handler500 = "website.outage.server_error"

site_pages = (
    [
        path(_("about/"), website_views.site_page, {"key": "about"}, name="about"),
        path(_("privacy/"), website_views.site_page, {"key": "privacy"}, name="privacy"),
        path(
            _("accessibility/"),
            website_views.site_page,
            {"key": "accessibility"},
            name="accessibility",
        ),
    ],
    "pages",
)
# Under /programmas/: the index with its search, each programme's pages and its MDTO record.
programmes = (
    [
        path("", views.programme_index, name="index"),
        *programme_urls.urlpatterns,
        *openmetadata_urls.programme_patterns,
    ],
    "programmes",
)
exhibitions = (
    [*exhibition_urls.urlpatterns, *openmetadata_urls.exhibition_patterns],
    "exhibitions",
)
# Under /themas/: the themes in use, and each theme's programmes and exhibitions.
themes = (
    [
        path("", theme_views.theme_index, name="index"),
        path("<slug:slug>/", theme_views.theme_detail, name="detail"),
    ],
    "themes",
)

urlpatterns = [
    # Admin addresses of models that moved to other apps (docs/ARCHITECTURE.md) still lead to
    # them, so that editors' bookmarks keep working.
    re_path(
        r"^admin/bzkmemory/(?P<rest>(sitesettings|sitepage|auditevent)/.*)$",
        RedirectView.as_view(url="/admin/website/%(rest)s", query_string=True, permanent=True),
    ),
    re_path(
        r"^admin/programmes/(?P<rest>archiveimport/.*)$",
        RedirectView.as_view(url="/admin/archive/%(rest)s", query_string=True, permanent=True),
    ),
    path(
        "admin/ter-beoordeling/",
        admin.site.admin_view(review_list_view),
        name="admin-review-list",
    ),
    # The rich-text editor's link tool (website/widgets.py names it), for signed-in staff only.
    path(
        "admin/link-targets/",
        admin.site.admin_view(link_targets.link_targets),
        name="rich_text_link_targets",
    ),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", website_views.robots_txt, name="robots_txt"),
    path(".well-known/security.txt", website_views.security_txt, name="security_txt"),
    path("analytics/hit/", analytics.hit, name="analytics_hit"),
    *openmetadata_urls.oai_patterns,
    # The original site's addresses stay valid.
    path("het-geheugen-van-bzk/", programme_views.legacy_index),
    path("het-geheugen-van-bzk/<slug:slug>/", programme_views.legacy_programme),
]

# Dutch pages have no language prefix; English ones live under /en/ with English paths.
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path(_("programmes/"), include(programmes)),
    path(_("documents/"), include("toolbox.urls")),
    path(_("documents/"), include((toolbox_urls.document_patterns, "documents"))),
    path(_("exhibitions/"), include(exhibitions)),
    path(_("themes/"), include(themes)),
    path("", include(site_pages)),
    path("cookies/", consent_views.cookie_settings, name="cookie_settings"),
    *openmetadata_urls.urlpatterns,
    prefix_default_language=False,
)
