"""The owner portal's pages (业主端), under /portal/."""

from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
]
