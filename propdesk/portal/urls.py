"""The owner portal's pages (业主端), under /portal/."""

from django.urls import path

from . import views
from .views import accounts, me
from .views import notices as notice_views

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
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("bills/", views.bills, name="bills"),
    path("bills/pay/", views.pay, name="pay"),
    path("payments/<int:pk>/", views.payment, name="payment"),
    path("receipts/", views.receipts, name="receipts"),
    path("receipts/<int:pk>/pdf/", views.receipt_pdf, name="receipt_pdf"),
    path("requests/", views.requests_list, name="requests"),
    path("requests/new/", views.request_new, name="request_new"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("requests/<int:pk>/confirm/", views.request_confirm, name="request_confirm"),
    path("requests/<int:pk>/rate/", views.request_rate, name="request_rate"),
    path("requests/<int:pk>/price/", views.request_price, name="request_price"),
    path("surveys/", views.surveys, name="surveys"),
    path("surveys/<int:pk>/", views.survey, name="survey"),
    path("services/", views.services, name="services"),
]
