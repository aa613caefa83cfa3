from rest_framework.routers import SimpleRouter

from . import views, views_surveys

router = SimpleRouter()
router.register("requests", views.ServiceRequestViewSet, basename="servicerequest")
router.register("handoffs", views.HandOffViewSet, basename="handoff")
router.register("my/requests", views.MyRequestViewSet, basename="my-request")
router.register("my/surveys", views_surveys.MySurveyViewSet, basename="my-survey")
urlpatterns = router.urls
