from django.urls import path

from . import views, views_cash, views_debit, views_deposit, views_heating, views_waiver  # noqa

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
    path("drawer/", views_cash.my_drawer, name="my_drawer"),
    path("drawer/sessions/", views_cash.drawer_sessions, name="drawer_sessions"),
    path("drawer/sessions/export/", views_cash.drawer_sessions_export, name="drawer_sessions_export"),
    path("drawer/sessions/<int:pk>/", views_cash.drawer_session, name="drawer_session"),
    path("drawer/sessions/<int:pk>/pdf/", views_cash.drawer_session_pdf, name="drawer_session_pdf"),
    path("drawer/sessions/<int:pk>/approve/", views_cash.drawer_approve, name="drawer_approve"),
    path("drawer/sessions/<int:pk>/deposit/", views_cash.drawer_deposit, name="drawer_deposit"),
    path("desk/units/<int:pk>/refund/", views_cash.refund, name="refund"),
    path("desk/units/<int:pk>/waiver/", views_waiver.apply, name="waiver_apply"),
    path("waivers/", views_waiver.waivers, name="waivers"),
    path("waivers/stats/", views_waiver.waiver_stats, name="waiver_stats"),
    path("waivers/stats/export/", views_waiver.waiver_stats_export, name="waiver_stats_export"),
    path("waivers/<int:pk>/", views_waiver.waiver_detail, name="waiver"),
    path("desk/units/<int:pk>/deposit/", views_deposit.take, name="deposit_take"),
    path("deposits/", views_deposit.deposits, name="deposits"),
    path("deposits/<int:pk>/", views_deposit.deposit_detail, name="deposit"),
    path("debit/", views_debit.debit, name="debit"),
    path("debit/mandates/", views_debit.mandates, name="debit_mandates"),
    path("debit/<int:pk>/", views_debit.debit_batch, name="debit_batch"),
    path("debit/<int:pk>/file/", views_debit.debit_file, name="debit_file"),
    path("heating-stops/", views_heating.heating_stops, name="heating_stops"),
    path("heating-stops/<int:pk>/decide/", views_heating.heating_stop_decide, name="heating_stop_decide"),
]
