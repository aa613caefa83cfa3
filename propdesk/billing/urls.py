from django.urls import path

from . import views, views_cash, views_debit, views_deposit, views_heating, views_special, views_waiver  # noqa

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

from . import views_dunning  # noqa: E402

urlpatterns += [
    path("dunning/", views_dunning.dunning, name="dunning"),
    path("dunning/open-all/", views_dunning.dunning_open_all, name="dunning_open_all"),
    path("dunning/units/<int:pk>/open/", views_dunning.dunning_open, name="dunning_open"),
    path("dunning/<int:pk>/", views_dunning.dunning_case, name="dunning_case"),
    path("dunning/<int:pk>/close/", views_dunning.dunning_close, name="dunning_close"),
    path("reports/arrears/", views_dunning.arrears_report, name="arrears_report"),
    path("reports/arrears/export/", views_dunning.arrears_report_export, name="arrears_report_export"),
]

from . import views_notices  # noqa: E402

urlpatterns += [
    path("notices/", views_notices.notices, name="notices"),
    path("notices/batches/<int:pk>/", views_notices.notice_batch_download, name="notice_batch"),
    path("notices/units/<int:pk>/<str:kind>/", views_notices.notice_pdf, name="notice_pdf"),
]

from . import views_public  # noqa: E402

urlpatterns += [path("public/projects/<int:pk>/fees/", views_public.public_fees, name="public_fees")]
