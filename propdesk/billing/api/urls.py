from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views, views_owner

router = SimpleRouter()
router.register("bills", views.BillViewSet, basename="bill")
router.register("payments", views.PaymentViewSet, basename="payment")
router.register("receipts", views.ReceiptViewSet, basename="receipt")
router.register("my/bills", views_owner.MyBillViewSet, basename="my-bill")
router.register("my/payments", views_owner.MyPaymentViewSet, basename="my-payment")
router.register("my/receipts", views_owner.MyReceiptViewSet, basename="my-receipt")
urlpatterns = router.urls + [
    path("notifications/sandbox/", views.SandboxNotificationView.as_view(), name="sandbox-notification"),
]
