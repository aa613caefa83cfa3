from django.urls import path

from . import views, views_repairs

app_name = "servicedesk"

urlpatterns = [
    path("", views.request_list, name="list"),
    path("new/", views.new_request, name="new"),
    path("new/unit-hint/", views.unit_hint, name="unit_hint"),
    path("handoffs/", views.my_handoffs, name="handoffs"),
    path("handoffs/<int:pk>/decide/", views.decide_handoff, name="decide_handoff"),
    path("<int:pk>/", views.request_detail, name="detail"),
    path("<int:pk>/handoff/", views.handoff, name="handoff"),
    path("<int:pk>/status/", views.change_status, name="status"),
    path("<int:pk>/dispatch/", views_repairs.dispatch, name="dispatch"),
    path("dispatch/", views_repairs.dispatch_board, name="dispatch_board"),
    path("my-orders/", views_repairs.my_orders, name="my_orders"),
    path("orders/<int:pk>/step/", views_repairs.order_step, name="order_step"),
    path("orders/<int:pk>/return/", views_repairs.return_slip, name="return_slip"),
]
