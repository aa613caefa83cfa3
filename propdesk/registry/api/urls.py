from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("buildings", views.BuildingViewSet, basename="building")
router.register("units", views.UnitViewSet, basename="unit")
urlpatterns = router.urls
