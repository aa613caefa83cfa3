from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("requests", views.ServiceRequestViewSet, basename="servicerequest")
router.register("handoffs", views.HandOffViewSet, basename="handoff")
router.register("work-orders", views.WorkOrderViewSet, basename="workorder")
router.register("complaints", views.ComplaintViewSet, basename="complaint")
router.register("callbacks", views.CallbackViewSet, basename="callback")
router.register("improvements", views.ImprovementViewSet, basename="improvement")
router.register("my/requests", views.MyRequestViewSet, basename="my-request")
router.register("callback-plans", views.CallbackPlanViewSet, basename="callbackplan")
router.register("callback-tasks", views.CallbackTaskViewSet, basename="callbacktask")
router.register("surveys", views.SurveyCampaignViewSet, basename="surveycampaign")
router.register("kpis", views.KpiViewSet, basename="kpis")
router.register("my/surveys", views.MySurveyViewSet, basename="my-survey")
urlpatterns = router.urls
