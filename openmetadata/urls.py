"""Where open metadata is served. The project's urls.py mounts these:

- ``oai_patterns`` at the site's root (one address, the same in every language);
- ``urlpatterns`` (the open data files) with the language-prefixed pages;
- ``programme_patterns`` and ``exhibition_patterns`` inside the programmes' and exhibitions'
  addresses, so that a programme's MDTO record is at /programmas/<slug>/mdto.xml.
"""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from openmetadata import mdto_views, views

oai_patterns = [path("oai/", views.oai_pmh, name="oai_pmh")]

urlpatterns = [
    path(_("open-data/programmes.json"), views.open_data_json, name="open_data_json"),
    path(_("open-data/programmes.csv"), views.open_data_csv, name="open_data_csv"),
    path(
        _("open-data/exhibitions.json"),
        views.open_data_exhibitions_json,
        name="open_data_exhibitions_json",
    ),
    path(
        _("open-data/exhibitions.csv"),
        views.open_data_exhibitions_csv,
        name="open_data_exhibitions_csv",
    ),
]

programme_patterns = [path("<slug:slug>/mdto.xml", mdto_views.programme_mdto, name="mdto")]
exhibition_patterns = [path("<slug:slug>/mdto.xml", mdto_views.exhibition_mdto, name="mdto")]
