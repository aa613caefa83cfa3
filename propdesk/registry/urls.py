from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("buildings/", views.buildings, name="buildings"),
    path("buildings/<int:pk>/", views.building_detail, name="building"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
    path("units/<int:pk>/status/", views.unit_status, name="unit_status"),
    path("units/<int:pk>/areas/", views.unit_areas, name="unit_areas"),
    path("units/<int:pk>/transfer/", views.unit_transfer, name="unit_transfer"),
    path("units/<int:pk>/residents/add/", views.unit_add_resident, name="unit_add_resident"),
    path("units/<int:pk>/contacts/add/", views.unit_add_contact, name="unit_add_contact"),
    path("units/<int:pk>/vehicles/add/", views.unit_add_vehicle, name="unit_add_vehicle"),
    path("units/<int:pk>/care-notes/add/", views.unit_add_care_note, name="unit_add_care_note"),
    path("units/<int:pk>/archive/", views.open_unit_archive, name="open_unit_archive"),
    path("residencies/<int:pk>/end/", views.residency_end, name="residency_end"),
    path("vehicles/<int:pk>/end/", views.vehicle_end, name="vehicle_end"),
    path("care-notes/<int:pk>/end/", views.care_note_end, name="care_note_end"),
    path("parties/<int:pk>/", views.party_detail, name="party"),
    path("parties/<int:pk>/contact/", views.party_contact, name="party_contact"),
    path("parties/<int:pk>/reveal/", views.party_reveal, name="party_reveal"),
    path("parties/<int:pk>/archive/", views.open_party_archive, name="open_party_archive"),
    path("access-log/", views.access_log, name="access_log"),
    path("search/", views.search_page, name="search"),
    path("search/results/", views.search_results, name="search_results"),
    path("import/", views.import_start, name="import_start"),
    path("import/template/", views.import_template, name="import_template"),
    path("import/<int:pk>/", views.import_detail, name="import"),
    path("import/<int:pk>/progress/", views.import_progress, name="import_progress"),
    path("import/<int:pk>/run/", views.import_run, name="import_run"),
    path("import/<int:pk>/report.xlsx", views.import_report, name="import_report"),
    path("export/units.xlsx", views.export_units, name="export_units"),
    path("export/owners/", views.export_parties, name="export_parties"),
    path("archives/", views.archive_files, name="archive_files"),
    path("archives/<int:pk>/", views.archive_file_detail, name="archive_file"),
    path("archives/<int:pk>/documents/add/", views.document_upload, name="document_upload"),
    path("archives/<int:pk>/loans/add/", views.loan_request, name="loan_request"),
    path("archives/documents/<int:pk>/download/", views.document_download, name="document_download"),
    path("archives/loans/<int:pk>/", views.loan_action, name="loan_action"),
    path("archives/loans/", views.loans, name="loans"),
]
