from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("projects", views.ProjectViewSet, basename="project")
router.register("departments", views.DepartmentViewSet, basename="department")
router.register("memberships", views.MembershipViewSet, basename="membership")
router.register("positions", views.PositionViewSet, basename="position")

urlpatterns = [
    path("me/", views.MeView.as_view(), name="me"),
    path("me/password/", views.PasswordChangeView.as_view(), name="password"),
    path("auth/token/", views.TokenView.as_view(), name="token"),
    *router.urls,
]
