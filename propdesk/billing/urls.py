from django.urls import path

from . import views, views_special  # noqa

app_name = "billing"

urlpatterns = [
    path("desk/", views.desk, name="desk"),
    path("desk/units/<int:pk>/", views.desk_unit, name="desk_unit"),
    path("bills/", views.bills, name="bills"),
    path("bills/export/", views.bills_export, name="bills_export"),
    path("receipts/", views.receipts, name="receipts"),
    path("receipts/<int:pk>/", views.receipt_detail, name="receipt"),
    path("receipts/<int:pk>/pdf/", views.receipt_pdf, name="receipt_pdf"),
    path("receipts/<int:pk>/void/", views.receipt_void, name="receipt_void"),
    path("runs/", views.runs, name="runs"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("runs/<int:pk>/progress/", views.run_progress, name="run_progress"),
    path("special/prices/", views_special.service_items, name="service_items"),
    path("special/prices/<int:pk>/", views_special.service_item, name="service_item"),
    path("special/prices/print/", views_special.service_price_list, name="service_price_list"),
    path("special/", views_special.special_orders, name="special_orders"),
    path("special/new/", views_special.special_order_new, name="special_order_new"),
    path("special/<int:pk>/", views_special.special_order, name="special_order"),
    path("special/<int:pk>/pdf/", views_special.special_order_pdf, name="special_order_pdf"),
    path("special/summary/", views_special.special_summary, name="special_summary"),
    path("special/summary/export/", views_special.special_summary_export, name="special_summary_export"),
]
