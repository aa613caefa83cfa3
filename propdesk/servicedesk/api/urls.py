from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("requests", views.ServiceRequestViewSet, basename="servicerequest")
router.register("handoffs", views.HandOffViewSet, basename="handoff")
urlpatterns = router.urls
