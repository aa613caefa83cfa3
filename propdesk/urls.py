from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from propdesk.core import views as core_views

api_v1 = [
    path("", include("propdesk.core.api.urls")),
    path("", include("propdesk.registry.api.urls")),
    path("", include("propdesk.sla.api.urls")),
    path("billing/", include("propdesk.billing.api.urls")),
    path("billing/", include("propdesk.paidservices.api.urls")),
    path("", include("propdesk.servicedesk.api.urls")),
    path("", include("propdesk.frontdesk.api.urls")),
    path("portal/", include("propdesk.portal.api.urls")),
]

urlpatterns = [
    path("login/", core_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", core_views.password_change, name="password_change"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("healthz", core_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("registry/", include("propdesk.registry.urls")),
    path("sla/", include("propdesk.sla.urls")),
    path("notifications/", include("propdesk.notices.urls")),
    path("billing/special/", include("propdesk.paidservices.urls")),
    path("billing/", include("propdesk.billing.urls")),
    path("servicedesk/", include("propdesk.servicedesk.urls")),
    path("frontdesk/", include("propdesk.frontdesk.urls")),
    path("portal/", include("propdesk.portal.urls")),
    path("", include("propdesk.core.urls")),
]

handler403 = "propdesk.core.views.permission_denied"
handler404 = "propdesk.core.views.page_not_found"
