from __future__ import annotations

from rest_framework import serializers

from propdesk.portal.models import TenantConsent


class CodeRequestSerializer(serializers.Serializer):
    phone = serializers.CharField(max_length=20, help_text="The mobile number the registry holds for you.")


class NeutralAnswerSerializer(serializers.Serializer):
    message = serializers.CharField()


class ActivateSerializer(serializers.Serializer):
    phone = serializers.CharField(max_length=20)
    code = serializers.CharField(max_length=6, help_text="The 6-digit code from the SMS.")
    username = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    password = serializers.CharField(max_length=128, write_only=True, style={"input_type": "password"})


class ActivatedSerializer(serializers.Serializer):
    token = serializers.CharField()
    username = serializers.CharField()


class TenantConsentSerializer(serializers.ModelSerializer):
    tenant_name = serializers.CharField(source="tenant.name", read_only=True)

    class Meta:
        model = TenantConsent
        fields = ["id", "unit", "tenant", "tenant_name", "reason", "granted_at", "revoked_at"]
        read_only_fields = fields


class ConsentGrantSerializer(serializers.Serializer):
    unit = serializers.IntegerField(help_text="A unit you own.")
    tenant = serializers.IntegerField(help_text="The party id of its current tenant.")
