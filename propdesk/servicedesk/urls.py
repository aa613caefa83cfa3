from django.urls import path

from . import views, views_complaints, views_handoffs, views_kpis, views_plans, views_repairs

app_name = "servicedesk"

urlpatterns = [
    path("", views.request_list, name="list"),
    path("export.xlsx", views.export_list, name="export"),
    path("kpis/", views_kpis.kpi_page, name="kpis"),
    path("kpis/export.xlsx", views_kpis.kpi_export, name="kpis_export"),
    path("callback-plans/", views_plans.plan_list, name="plans"),
    path("callback-plans/new/", views_plans.plan_new, name="plan_new"),
    path("callback-plans/<int:pk>/", views_plans.plan_detail, name="plan_detail"),
    path("callback-plans/<int:pk>/generate/", views_plans.plan_generate, name="plan_generate"),
    path("callback-plans/<int:pk>/close/", views_plans.plan_close, name="plan_close"),
    path("callback-plans/tasks/<int:pk>/record/", views_plans.task_record, name="plan_task_record"),
    path("new/", views.new_request, name="new"),
    path("new/unit-hint/", views.unit_hint, name="unit_hint"),
    path("handoffs/", views.my_handoffs, name="handoffs"),
    path("handoffs/<int:pk>/decide/", views.decide_handoff, name="decide_handoff"),
    path("handoffs/<int:pk>/intervene/", views_handoffs.intervene, name="intervene_handoff"),
    path("<int:pk>/", views.request_detail, name="detail"),
    path("<int:pk>/handoff/", views.handoff, name="handoff"),
    path("<int:pk>/status/", views.change_status, name="status"),
    path("<int:pk>/slip.pdf", views.repair_slip, name="repair_slip"),
    path("<int:pk>/complaint.pdf", views.complaint_report, name="complaint_report"),
    path("<int:pk>/dispatch/", views_repairs.dispatch, name="dispatch"),
    path("dispatch/", views_repairs.dispatch_board, name="dispatch_board"),
    path("my-orders/", views_repairs.my_orders, name="my_orders"),
    path("orders/<int:pk>/step/", views_repairs.order_step, name="order_step"),
    path("orders/<int:pk>/return/", views_repairs.return_slip, name="return_slip"),
    path("callbacks/", views_complaints.callback_queue, name="callbacks"),
    path("<int:pk>/feedback/", views_complaints.feedback, name="feedback"),
    path("<int:pk>/callback/", views_complaints.callback, name="callback"),
    path("complaints/<int:pk>/decide/", views_complaints.decide, name="complaint_decide"),
    path("complaints/<int:pk>/action/", views_complaints.department_action, name="complaint_action"),
    path("complaints/<int:pk>/sign-off/", views_complaints.sign_off, name="complaint_sign_off"),
    path("complaints/<int:pk>/archive/", views_complaints.archive, name="complaint_archive"),
    path("callbacks/<int:pk>/improve/", views_complaints.improve, name="improve"),
    path("improvements/<int:pk>/done/", views_complaints.improvement_done, name="improvement_done"),
]
