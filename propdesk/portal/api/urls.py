from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("consents", views.MyTenantConsentViewSet, basename="portal-consent")

urlpatterns = [
    path("activation/code/", views.ActivationCodeView.as_view(), name="portal_activation_code"),
    path("activation/verify/", views.ActivateView.as_view(), name="portal_activation_verify"),
    *router.urls,
]
