from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("buildings/", views.buildings, name="buildings"),
    path("buildings/<int:pk>/", views.building_detail, name="building"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
]
