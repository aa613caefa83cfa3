from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, mixins, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from propdesk.core.access import project_ids_with_perm
from propdesk.core.logins import change_password, check_login_allowed, client_ip, normalise_username
from propdesk.core.models import Department, Membership, Position, Project
from propdesk.core.services import update_project

from . import serializers


class ForUserViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Read-only viewset whose queryset always goes through the model's `for_user`,
    narrowed to the projects where the user holds `required_perm`."""

    required_perm: str = "core.view_project"
    project_field = "project_id"

    def get_queryset(self):
        allowed = project_ids_with_perm(self.request.user, self.required_perm)
        return self.queryset.for_user(self.request.user).filter(**{f"{self.project_field}__in": allowed})


class ProjectViewSet(ForUserViewSet):
    queryset = Project.objects.select_related("company").order_by("id")
    serializer_class = serializers.ProjectSerializer
    project_field = "id"
    filterset_fields = ["kind", "company"]
    search_fields = ["name", "code"]
    http_method_names = ["get", "patch", "head", "options"]

    @extend_schema(request=serializers.ProjectUpdateSerializer, responses=serializers.ProjectSerializer)
    def partial_update(self, request, pk=None):
        """Change a project's contact details (needs the change-project permission in it)."""
        project = self.get_object()
        data = serializers.ProjectUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        project = update_project(project=project, actor=request.user, changes=dict(data.validated_data))
        return Response(serializers.ProjectSerializer(project).data)


class DepartmentViewSet(ForUserViewSet):
    queryset = Department.objects.order_by("project_id", "kind")
    serializer_class = serializers.DepartmentSerializer
    filterset_fields = ["project", "kind"]


class MembershipViewSet(ForUserViewSet):
    queryset = (
        Membership.objects.select_related("user", "position", "department")
        .prefetch_related("buildings")
        .order_by("id")
    )
    serializer_class = serializers.MembershipSerializer
    filterset_fields = ["project", "position__code", "is_active"]


class PositionViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = Position.objects.order_by("sort_order")
    serializer_class = serializers.PositionSerializer
    pagination_class = None


class MeView(generics.RetrieveAPIView):
    serializer_class = serializers.MeSerializer

    def get_object(self):
        return self.request.user


class LoginRateThrottle(ScopedRateThrottle):
    """The token endpoint's rate limit, keyed on the same client address as the lockout: the
    X-Forwarded-For header counts only when TRUST_X_FORWARDED_FOR says a proxy sets it."""

    def get_ident(self, request):
        return client_ip(request) or ""


class TokenView(APIView):
    """Exchange a username and password for an API token (throttled like the login page)."""

    permission_classes = [AllowAny]
    throttle_classes = [LoginRateThrottle]
    throttle_scope = "login"

    @extend_schema(request=serializers.TokenRequestSerializer, responses=serializers.TokenSerializer)
    def post(self, request):
        data = request.data if isinstance(request.data, dict) else {}
        check_login_allowed(username=normalise_username(data.get("username")), ip_address=client_ip(request))
        serializer = serializers.TokenRequestSerializer(data=request.data, context={"request": request})
        if not serializer.is_valid():
            return Response(
                {"code": "invalid", "message": _("Wrong username or password."), "fields": serializer.errors},
                status=400,
            )
        user = serializer.validated_data["user"]
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class PasswordChangeView(APIView):
    """Change one's own password (staff, owners, tenants). Every earlier token is revoked; the answer
    carries the new one."""

    throttle_classes = [LoginRateThrottle]
    throttle_scope = "login"

    @extend_schema(request=serializers.PasswordChangeSerializer, responses=serializers.TokenSerializer)
    def post(self, request):
        data = serializers.PasswordChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        change_password(user=request.user, **data.validated_data)
        token = Token.objects.create(user=request.user)
        return Response({"token": token.key})
