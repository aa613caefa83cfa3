from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("project/switch/", views.switch_project_view, name="switch_project"),
    path("reports/overview/", views.overview, name="overview"),
    path("settings/organisation/", views.organisation, name="organisation"),
    path("settings/project/", views.edit_project, name="edit_project"),
    path("settings/positions/", views.positions, name="positions"),
    path("settings/jobs/", views.job_runs, name="jobs"),
    path("settings/jobs/<str:name>/run/", views.run_job_now, name="run_job"),
    path("files/<slug:name>/<int:pk>/", views.stored_file, name="file"),
    path("history/<str:app_label>/<str:model_name>/<int:pk>/", views.history, name="history"),
]
urlpatterns += [
    path(f"section/{section}/", view, name=f"section_{section}")
    for section, view in views.section_views.items()
]
