from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("bills", views.BillViewSet, basename="bill")
router.register("payments", views.PaymentViewSet, basename="payment")
router.register("receipts", views.ReceiptViewSet, basename="receipt")
urlpatterns = router.urls + [
    path("notifications/sandbox/", views.SandboxNotificationView.as_view(), name="sandbox-notification"),
]
