from django.urls import path

from . import views  # noqa

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
