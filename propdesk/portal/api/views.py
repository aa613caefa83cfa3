"""The owner portal's account API: activation (no login, throttled) and the owner's consent to a
tenant's account. The checks are the services' (the same as the pages')."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404  # a malformed id is a 404, not a 500
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from propdesk.core.logins import client_ip
from propdesk.registry.models import Party
from propdesk.registry.visibility import owned_units

from .. import services
from ..models import TenantConsent
from ..views.accounts import neutral_message
from . import serializers

ACTIVATION_API_RATE = (
    "10/min"  # per client address, on top of the services' per-number and per-address limits
)


class ActivationRateThrottle(SimpleRateThrottle):
    scope = "portal_activation"
    rate = ACTIVATION_API_RATE

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request) or ""}


class ActivationCodeView(APIView):
    """Ask for an activation code by SMS. The answer is the same whether or not the number is known."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [ActivationRateThrottle]

    @extend_schema(
        request=serializers.CodeRequestSerializer, responses={202: serializers.NeutralAnswerSerializer}
    )
    def post(self, request):
        data = serializers.CodeRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.request_code(phone=data.validated_data["phone"], ip_address=client_ip(request))
        return Response({"message": neutral_message()}, status=status.HTTP_202_ACCEPTED)


class ActivateView(APIView):
    """Check the code, set the password, open the account; the answer carries an API token."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [ActivationRateThrottle]

    @extend_schema(request=serializers.ActivateSerializer, responses={201: serializers.ActivatedSerializer})
    def post(self, request):
        data = serializers.ActivateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.activate(ip_address=client_ip(request), **data.validated_data)
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key, "username": user.username}, status=status.HTTP_201_CREATED)


class MyTenantConsentViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """同意租户开通: the consents given for the tenants of the units I own; grant and revoke."""

    serializer_class = serializers.TenantConsentSerializer
    permission_classes = [IsAuthenticated]
    queryset = TenantConsent.objects.none()

    def get_queryset(self):
        return (
            TenantConsent.objects.filter(unit__in=owned_units(self.request.user))
            .select_related("tenant")
            .order_by("-granted_at", "-id")
        )

    @extend_schema(
        request=serializers.ConsentGrantSerializer, responses={201: serializers.TenantConsentSerializer}
    )
    def create(self, request):
        data = serializers.ConsentGrantSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        unit = get_object_or_404(owned_units(request.user), pk=data.validated_data["unit"])
        tenant = get_object_or_404(
            Party.objects.filter(project_id=unit.project_id), pk=data.validated_data["tenant"]
        )
        consent = services.grant_tenant_consent(unit=unit, tenant=tenant, actor=request.user)
        return Response(serializers.TenantConsentSerializer(consent).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=serializers.TenantConsentSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        consent = get_object_or_404(self.get_queryset().filter(revoked_at__isnull=True), pk=pk)
        consent = services.revoke_tenant_consent(consent=consent, actor=request.user)
        return Response(serializers.TenantConsentSerializer(consent).data)
