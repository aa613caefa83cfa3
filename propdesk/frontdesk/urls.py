"""The front desk's staff pages, under /frontdesk/."""

from django.urls import path

from . import views

app_name = "frontdesk"

urlpatterns = [
    path("notices/", views.notices, name="notices"),
    path("notices/new/", views.notice_new, name="notice_new"),
    path("notices/<int:pk>/", views.notice, name="notice"),
    path("notices/<int:pk>/edit/", views.notice_edit, name="notice_edit"),
    path("notices/<int:pk>/pdf/", views.notice_pdf, name="notice_pdf"),
    path("boards/", views.boards, name="boards"),
    path("boards/<int:pk>/", views.board_posting, name="board_posting"),
]
