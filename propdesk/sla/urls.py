from django.urls import path

from . import views

app_name = "sla"

urlpatterns = [
    path("clocks/<int:pk>/", views.clock_explain, name="clock"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("overview/", views.overview, name="overview"),
]
