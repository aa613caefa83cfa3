from rest_framework.routers import SimpleRouter

from . import views, views_plans, views_surveys

router = SimpleRouter()
router.register("requests", views.ServiceRequestViewSet, basename="servicerequest")
router.register("handoffs", views.HandOffViewSet, basename="handoff")
router.register("my/requests", views.MyRequestViewSet, basename="my-request")
router.register("callback-plans", views_plans.CallbackPlanViewSet, basename="callbackplan")
router.register("callback-tasks", views_plans.CallbackTaskViewSet, basename="callbacktask")
router.register("surveys", views_plans.SurveyCampaignViewSet, basename="surveycampaign")
router.register("kpis", views_plans.KpiViewSet, basename="kpis")
router.register("my/surveys", views_surveys.MySurveyViewSet, basename="my-survey")
urlpatterns = router.urls
