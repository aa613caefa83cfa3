from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("sla/clocks", views.ClockViewSet, basename="sla-clock")

urlpatterns = router.urls
