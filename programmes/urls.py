from django.urls import path
from django.utils.translation import gettext_lazy as _

from openmetadata import mdto_views
from programmes import views

app_name = "programmes"

urlpatterns = [
    path("", views.programme_index, name="index"),
    path("<slug:slug>/", views.programme_detail, name="detail"),
    path(_("<slug:slug>/image/<int:width>/"), views.programme_image, name="image"),
    path("<slug:slug>/mdto.xml", mdto_views.programme_mdto, name="mdto"),
]
