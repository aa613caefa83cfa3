"""The owner portal's pages (业主端), under /portal/."""

from django.urls import path

from . import views
from .views import notices as notice_views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("notices/", notice_views.notices, name="notices"),
    path("notices/<int:pk>/", notice_views.notice, name="notice"),
]
