"""Paid services' staff pages, under /billing/special/ as before the app was split out of billing."""

from django.urls import path

from . import views

app_name = "paidservices"

urlpatterns = [
    path("prices/", views.service_items, name="service_items"),
    path("prices/<int:pk>/", views.service_item, name="service_item"),
    path("prices/print/", views.service_price_list, name="service_price_list"),
    path("", views.special_orders, name="special_orders"),
    path("new/", views.special_order_new, name="special_order_new"),
    path("<int:pk>/", views.special_order, name="special_order"),
    path("<int:pk>/pdf/", views.special_order_pdf, name="special_order_pdf"),
    path("summary/", views.special_summary, name="special_summary"),
    path("summary/export/", views.special_summary_export, name="special_summary_export"),
]
