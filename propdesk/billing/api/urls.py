from django.urls import path
from rest_framework.routers import SimpleRouter

from propdesk.core.decorators import route_kwargs

from . import desk, dunning, meters, ops, owner, runs, views

router = SimpleRouter()
router.register("bills", views.BillViewSet, basename="bill")
router.register("payments", views.PaymentViewSet, basename="payment")
router.register("receipts", views.ReceiptViewSet, basename="receipt")
router.register("desk-orders", desk.DeskOrderViewSet, basename="desk-order")
router.register("drawer-sessions", ops.DrawerSessionViewSet, basename="drawer-session")
router.register("refunds", ops.RefundViewSet, basename="refund")
router.register("waivers", ops.WaiverApplicationViewSet, basename="waiver")
router.register("deposits", ops.DepositViewSet, basename="deposit")
router.register("runs", runs.BillingRunViewSet, basename="billing-run")
router.register("waiver-reasons", runs.WaiverReasonViewSet, basename="waiver-reason")
router.register("my/bills", owner.MyBillViewSet, basename="my-bill")
router.register("my/payments", owner.MyPaymentViewSet, basename="my-payment")
router.register("my/receipts", owner.MyReceiptViewSet, basename="my-receipt")
router.register("debit-batches", ops.DebitBatchViewSet, basename="debit-batch")
router.register("debit-mandates", ops.DebitMandateViewSet, basename="debit-mandate")
router.register("dunning-cases", dunning.DunningCaseViewSet, basename="dunning-case")
router.register("notice-batches", dunning.NoticeBatchViewSet, basename="notice-batch")
router.register("heating-stops", ops.HeatingStopViewSet, basename="heating-stop")
router.register("meters", meters.MeterViewSet, basename="meter")
router.register("meter-readings", meters.MeterReadingViewSet, basename="meter-reading")
router.register("one-off-charges", meters.OneOffChargeViewSet, basename="one-off-charge")
urlpatterns = router.urls + [
    path("reports/arrears/", runs.ArrearsReportView.as_view(), name="arrears-report"),
    path("notifications/sandbox/", views.SandboxNotificationView.as_view(), name="sandbox-notification"),
    path(
        "notifications/<str:kind>/<str:merchant_id>/",
        # The provider proves who it is by its signature, not a login: every caller is refused (403)
        # unless the merchant is known and the signature verifies.
        route_kwargs(lambda: {"kind": "wechatpay_v3", "merchant_id": "1900000000"})(
            views.ProviderNotificationView.as_view()
        ),
        name="provider-notification",
    ),
]
