from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from propdesk.core.models import Department, Membership, Position, Project, User


class ProjectSerializer(serializers.ModelSerializer):
    company = serializers.StringRelatedField()

    class Meta:
        model = Project
        fields = [
            "id",
            "company",
            "name",
            "code",
            "kind",
            "address",
            "timezone",
            "service_phone",
            "is_active",
        ]


class ProjectUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100, required=False)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    service_phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    service_center_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    timezone = serializers.CharField(max_length=50, required=False)


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "project", "kind", "name", "phone"]


class PositionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Position
        fields = ["id", "code", "name", "scope", "department_kind", "is_department_head", "superior"]


class MembershipSerializer(serializers.ModelSerializer):
    user = serializers.StringRelatedField()
    position_code = serializers.CharField(source="position.code", read_only=True)
    position = serializers.StringRelatedField()
    department = serializers.StringRelatedField()
    buildings = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Membership
        fields = [
            "id",
            "user",
            "project",
            "department",
            "position",
            "position_code",
            "buildings",
            "is_active",
        ]


class MeSerializer(serializers.ModelSerializer):
    memberships = MembershipSerializer(many=True, read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "display_name", "email", "memberships"]


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(label=_("username"))
    password = serializers.CharField(
        label=_("password"), style={"input_type": "password"}, trim_whitespace=False
    )

    def validate(self, attrs):
        request = self.context.get("request")
        user = authenticate(request=request, username=attrs["username"], password=attrs["password"])
        if user is None:
            raise serializers.ValidationError({"password": [_("Wrong username or password.")]})
        attrs["user"] = user
        return attrs


class PasswordChangeSerializer(serializers.Serializer):
    old_password = serializers.CharField(label=_("current password"), trim_whitespace=False, max_length=128)
    new_password = serializers.CharField(label=_("new password"), trim_whitespace=False, max_length=128)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()
