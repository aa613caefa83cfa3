from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("sla/clocks", views.ClockViewSet, basename="sla-clock")
router.register("sla/breaches", views.BreachViewSet, basename="sla-breach")

urlpatterns = router.urls
