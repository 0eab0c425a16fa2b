"""An exhibition's addresses. The project's urls.py mounts them under the "exhibitions"
namespace, with the MDTO record (openmetadata/urls.py) beside them."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from exhibitions import views

urlpatterns = [
    path("", views.exhibition_index, name="index"),
    path("<slug:slug>/", views.exhibition_detail, name="detail"),
    path(_("<slug:slug>/introduction/"), views.curator_introduction, name="introduction"),
    path(_("<slug:slug>/timeline/<slug:item>/"), views.timeline_item, name="item"),
    path(_("<slug:slug>/timeline/<slug:item>/video/"), views.video, name="video"),
    path(_("<slug:slug>/timeline/<slug:item>/image/"), views.image, name="image"),
    path(
        _("<slug:slug>/timeline/<slug:item>/captions/<str:language>.vtt"),
        views.captions,
        name="captions",
    ),
]
