from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("requests", views.ServiceRequestViewSet, basename="servicerequest")
router.register("handoffs", views.HandOffViewSet, basename="handoff")
router.register("my/requests", views.MyRequestViewSet, basename="my-request")
urlpatterns = router.urls
