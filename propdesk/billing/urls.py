from django.urls import path

from .views import (
    cash,
    charges,
    core,
    debit,
    deposit,
    desk,
    dunning,
    heating,
    meters,
    notices,
    public,
    waiver,
)

app_name = "billing"

urlpatterns = [
    path("desk/", core.desk, name="desk"),
    path("desk/units/<int:pk>/", core.desk_unit, name="desk_unit"),
    path("desk/orders/<int:pk>/", desk.desk_order, name="desk_order"),
    path("desk/orders/<int:pk>/check/", desk.desk_order_check, name="desk_order_check"),
    path("desk/orders/<int:pk>/close/", desk.desk_order_close, name="desk_order_close"),
    path("sandbox/pay/<int:pk>/<str:token>/", desk.sandbox_pay, name="sandbox_pay"),
    path("bills/", core.bills, name="bills"),
    path("bills/export/", core.bills_export, name="bills_export"),
    path("receipts/", core.receipts, name="receipts"),
    path("receipts/<int:pk>/", core.receipt_detail, name="receipt"),
    path("receipts/<int:pk>/pdf/", core.receipt_pdf, name="receipt_pdf"),
    path("receipts/<int:pk>/void/", core.receipt_void, name="receipt_void"),
    path("runs/", core.runs, name="runs"),
    path("runs/<int:pk>/", core.run_detail, name="run"),
    path("runs/<int:pk>/progress/", core.run_progress, name="run_progress"),
    path("drawer/", cash.my_drawer, name="my_drawer"),
    path("drawer/sessions/", cash.drawer_sessions, name="drawer_sessions"),
    path("drawer/sessions/export/", cash.drawer_sessions_export, name="drawer_sessions_export"),
    path("drawer/sessions/<int:pk>/", cash.drawer_session, name="drawer_session"),
    path("drawer/sessions/<int:pk>/pdf/", cash.drawer_session_pdf, name="drawer_session_pdf"),
    path("drawer/sessions/<int:pk>/approve/", cash.drawer_approve, name="drawer_approve"),
    path("drawer/sessions/<int:pk>/deposit/", cash.drawer_deposit, name="drawer_deposit"),
    path("desk/units/<int:pk>/refund/", cash.refund, name="refund"),
    path("desk/units/<int:pk>/waiver/", waiver.apply, name="waiver_apply"),
    path("waivers/", waiver.waivers, name="waivers"),
    path("waivers/stats/", waiver.waiver_stats, name="waiver_stats"),
    path("waivers/stats/export/", waiver.waiver_stats_export, name="waiver_stats_export"),
    path("waivers/<int:pk>/", waiver.waiver_detail, name="waiver"),
    path("desk/units/<int:pk>/deposit/", deposit.take, name="deposit_take"),
    path("deposits/", deposit.deposits, name="deposits"),
    path("deposits/<int:pk>/", deposit.deposit_detail, name="deposit"),
    path("debit/", debit.debit, name="debit"),
    path("debit/mandates/", debit.mandates, name="debit_mandates"),
    path("debit/<int:pk>/", debit.debit_batch, name="debit_batch"),
    path("debit/<int:pk>/file/", debit.debit_file, name="debit_file"),
    path("heating-stops/", heating.heating_stops, name="heating_stops"),
    path("heating-stops/<int:pk>/decide/", heating.heating_stop_decide, name="heating_stop_decide"),
]


urlpatterns += [
    path("dunning/", dunning.dunning, name="dunning"),
    path("dunning/open-all/", dunning.dunning_open_all, name="dunning_open_all"),
    path("dunning/units/<int:pk>/open/", dunning.dunning_open, name="dunning_open"),
    path("dunning/<int:pk>/", dunning.dunning_case, name="dunning_case"),
    path("dunning/<int:pk>/close/", dunning.dunning_close, name="dunning_close"),
    path("reports/arrears/", dunning.arrears_report, name="arrears_report"),
    path("reports/arrears/export/", dunning.arrears_report_export, name="arrears_report_export"),
]


urlpatterns += [
    path("notices/", notices.notices, name="notices"),
    path("notices/batches/<int:pk>/", notices.notice_batch_download, name="notice_batch"),
    path("notices/units/<int:pk>/<str:kind>/", notices.notice_pdf, name="notice_pdf"),
]


urlpatterns += [path("public/projects/<int:pk>/fees/", public.public_fees, name="public_fees")]


urlpatterns += [
    path("meters/", meters.meters, name="meters"),
    path("meters/<int:pk>/", meters.meter_detail, name="meter"),
    path("meters/readings/", meters.meter_readings, name="meter_readings"),
    path("meters/readings/template/", meters.meter_template, name="meter_template"),
    path("meters/readings/import/", meters.meter_import, name="meter_import"),
    path("one-off/", charges.one_off_charges, name="one_off_charges"),
]
