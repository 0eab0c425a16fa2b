from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from bzkmemory import analytics, consent_views, health, views
from bzkmemory.sitemaps import SITEMAPS
from openmetadata import views as openmetadata_views
from programmes import views as programme_views

handler500 = "bzkmemory.views.server_error"

site_pages = (
    [
        path(_("about/"), views.site_page, {"key": "about"}, name="about"),
        path(_("privacy/"), views.site_page, {"key": "privacy"}, name="privacy"),
        path(_("accessibility/"), views.site_page, {"key": "accessibility"}, name="accessibility"),
    ],
    "pages",
)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
    path("analytics/hit/", analytics.hit, name="analytics_hit"),
    path("oai/", openmetadata_views.oai_pmh, name="oai_pmh"),
    # The original site's addresses stay valid.
    path("het-geheugen-van-bzk/", programme_views.legacy_index),
    path("het-geheugen-van-bzk/<slug:slug>/", programme_views.legacy_programme),
]

# Dutch pages have no language prefix; English ones live under /en/ with English paths.
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path(_("programmes/"), include("programmes.urls")),
    path(_("documents/"), include("toolbox.urls")),
    path(_("exhibitions/"), include("exhibitions.urls")),
    path("", include(site_pages)),
    path("cookies/", consent_views.cookie_settings, name="cookie_settings"),
    path(_("open-data/programmes.json"), openmetadata_views.open_data_json, name="open_data_json"),
    path(_("open-data/programmes.csv"), openmetadata_views.open_data_csv, name="open_data_csv"),
    path(
        _("open-data/exhibitions.json"),
        openmetadata_views.open_data_exhibitions_json,
        name="open_data_exhibitions_json",
    ),
    path(
        _("open-data/exhibitions.csv"),
        openmetadata_views.open_data_exhibitions_csv,
        name="open_data_exhibitions_csv",
    ),
    prefix_default_language=False,
)
