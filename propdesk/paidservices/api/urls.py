"""Paid services' API, under /api/v1/billing/ as before the app was split out of billing."""

from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("special-service-items", views.ServiceItemViewSet, basename="serviceitem")
router.register("special-service-orders", views.SpecialOrderViewSet, basename="specialserviceorder")
urlpatterns = router.urls
