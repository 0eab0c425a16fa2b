from django.urls import path

from toolbox import views

app_name = "toolbox"

urlpatterns = [
    path("<slug:programme_slug>/<slug:key>/", views.download, name="download"),
]
