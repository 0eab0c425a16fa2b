"""A programme's own addresses. The project's urls.py mounts them under the "programmes"
namespace, with the index of programmes (bzkmemory/views.py) and the MDTO record
(openmetadata/urls.py) beside them."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from programmes import views

urlpatterns = [
    path("<slug:slug>/", views.programme_detail, name="detail"),
    path(_("<slug:slug>/image/<int:width>/"), views.programme_image, name="image"),
]
