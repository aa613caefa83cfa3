from django.urls import path
from rest_framework.routers import SimpleRouter

from . import imports, views

router = SimpleRouter()
router.register("buildings", views.BuildingViewSet, basename="building")
router.register("units", views.UnitViewSet, basename="unit")
router.register("parties", views.PartyViewSet, basename="party")
router.register("ownerships", views.OwnershipViewSet, basename="ownership")
router.register("residencies", views.ResidencyViewSet, basename="residency")
router.register("emergency-contacts", views.EmergencyContactViewSet, basename="emergencycontact")
router.register("vehicles", views.VehicleViewSet, basename="vehicle")
router.register("care-notes", views.CareNoteViewSet, basename="carenote")
router.register("archive-files", views.ArchiveFileViewSet, basename="archivefile")
router.register("archive-documents", views.ArchiveDocumentViewSet, basename="archivedocument")
router.register("archive-loans", views.ArchiveLoanViewSet, basename="archiveloan")
router.register("imports", imports.ImportJobViewSet, basename="importjob")
urlpatterns = [
    path("search/", views.SearchView.as_view(), name="registry-search"),
    path("my/units/", views.MyUnitsView.as_view(), name="my-units"),
    *router.urls,
]
