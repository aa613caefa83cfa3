"""The owner portal's pages (业主端), under /portal/."""

from django.urls import path

from . import views
from .views import notices as notice_views
from .views import accounts, me

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("notices/", notice_views.notices, name="notices"),
    path("notices/<int:pk>/", notice_views.notice, name="notice"),
    path("activate/", accounts.activate, name="activate"),
    path("activate/verify/", accounts.activate_verify, name="activate_verify"),
    path("desk/units/<int:pk>/invite/", accounts.invite, name="invite"),
    path("desk/units/<int:pk>/consent/", accounts.desk_consent, name="desk_consent"),
    path("me/", me.me, name="me"),
    path("me/password/", me.me_password, name="me_password"),
    path("me/sign-out-elsewhere/", me.me_sign_out_elsewhere, name="me_sign_out_elsewhere"),
    path("me/units/<int:pk>/contacts/", me.me_contact_add, name="me_contact_add"),
    path("me/contacts/<int:pk>/remove/", me.me_contact_remove, name="me_contact_remove"),
    path("me/units/<int:pk>/consent/", me.me_consent_grant, name="me_consent_grant"),
    path("me/consents/<int:pk>/revoke/", me.me_consent_revoke, name="me_consent_revoke"),
]
