"""The documents' addresses, under /documenten/ (/en/documents/).

``urlpatterns`` (namespace "toolbox") holds the download address of a document's file; it is
published in OAI-PMH, MDTO and open data and stays as it is. ``document_patterns`` (namespace
"documents", mounted beside it by the project's urls.py) holds the index and each document's own
page, one level below its download address so that the two never collide."""

from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from toolbox import document_views, views

app_name = "toolbox"

urlpatterns = [
    path("<slug:programme_slug>/<slug:key>/", views.download, name="download"),
]

document_patterns = [
    path("", document_views.documents_index, name="index"),
    path(
        format_lazy("<slug:programme_slug>/<slug:key>/{}", _("about/")),
        document_views.document_detail,
        name="detail",
    ),
]
