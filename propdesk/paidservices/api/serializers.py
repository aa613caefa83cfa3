"""Serializers of paid services' API (特约服务): the price list, orders and the workflow inputs."""

from __future__ import annotations

from rest_framework import serializers

from propdesk.billing.money import amount_in_words
from propdesk.core.choices import DepartmentKind

from ..choices import SpecialState
from ..models import ServiceItem, ServiceItemPrice, SpecialServiceLine, SpecialServiceOrder


class ServiceItemSerializer(serializers.ModelSerializer):
    labour_price = serializers.SerializerMethodField()
    materials_price = serializers.SerializerMethodField()
    effective_from = serializers.SerializerMethodField()

    class Meta:
        model = ServiceItem
        fields = [
            "id",
            "project",
            "code",
            "name",
            "unit_label",
            "department_kind",
            "materials_note",
            "is_active",
            "labour_price",
            "materials_price",
            "effective_from",
        ]

    def _price(self, obj) -> ServiceItemPrice | None:
        prices = getattr(obj, "current_prices", None)
        return prices[0] if prices else None

    def get_labour_price(self, obj) -> str | None:
        price = self._price(obj)
        return str(price.labour_price) if price else None

    def get_materials_price(self, obj) -> str | None:
        price = self._price(obj)
        return str(price.materials_price) if price else None

    def get_effective_from(self, obj) -> str | None:
        price = self._price(obj)
        return price.effective_from.isoformat() if price else None


class ServiceItemPriceSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceItemPrice
        fields = ["id", "item", "labour_price", "materials_price", "effective_from", "created_by"]


def _price_field(**kwargs):
    return serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, **kwargs)


class ServiceItemPriceInput(serializers.Serializer):
    labour_price = _price_field()
    materials_price = _price_field(required=False, default=0)
    effective_from = serializers.DateField(required=False, help_text="Absent: today.")


class ServiceItemInput(serializers.Serializer):
    """An item's fields (`is_active` false retires it from the published list); its price changes
    through `price`, from a date."""

    name = serializers.CharField(max_length=80)
    unit_label = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    department_kind = serializers.ChoiceField(
        choices=DepartmentKind.choices, default=DepartmentKind.ENGINEERING
    )
    materials_note = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    sort_order = serializers.IntegerField(min_value=0, max_value=32767, required=False, default=100)
    is_active = serializers.BooleanField(required=False, default=True)


class ServiceItemCreateInput(ServiceItemPriceInput, ServiceItemInput):
    project = serializers.IntegerField(min_value=1)
    code = serializers.SlugField(max_length=30)
    is_active = None  # a new item is on the list


class LineSerializer(serializers.ModelSerializer):
    custom = serializers.BooleanField(source="is_custom", read_only=True)

    class Meta:
        model = SpecialServiceLine
        fields = [
            "id",
            "item",
            "name",
            "unit_label",
            "quantity",
            "labour_price",
            "materials_price",
            "amount",
            "custom",
        ]


class SpecialOrderSerializer(serializers.ModelSerializer):
    lines = LineSerializer(many=True, read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    total = serializers.SerializerMethodField()
    total_in_words = serializers.SerializerMethodField()
    awaiting_agreement = serializers.SerializerMethodField()

    class Meta:
        model = SpecialServiceOrder
        fields = [
            "id",
            "project",
            "number",
            "unit",
            "request",
            "state",
            "state_display",
            "content",
            "customer_name",
            "appointment",
            "lines",
            "total",
            "total_in_words",
            "awaiting_agreement",
            "confirmed_at",
            "approved_at",
            "agreed_at",
            "agreement_method",
            "signer_name",
            "completed_at",
            "bill",
        ]

    def get_total(self, obj) -> str:
        return str(obj.total)

    def get_total_in_words(self, obj) -> str:
        return amount_in_words(obj.total)

    def get_awaiting_agreement(self, obj) -> bool:
        return obj.state == SpecialState.CONFIRMED


class ItemLineInput(serializers.Serializer):
    item = serializers.IntegerField()
    quantity = serializers.DecimalField(max_digits=10, decimal_places=2)


class SpecialOrderCreateSerializer(serializers.Serializer):
    request = serializers.IntegerField(required=False)
    unit = serializers.IntegerField(required=False)
    content = serializers.CharField(required=False, allow_blank=True, default="")
    customer_name = serializers.CharField(required=False, allow_blank=True, default="")
    appointment = serializers.CharField(required=False, allow_blank=True, default="")
    department_kind = serializers.CharField(required=False, allow_blank=True, default="")
    items = ItemLineInput(many=True, required=False, default=list)


class CustomLineInput(serializers.Serializer):
    name = serializers.CharField()
    unit_label = serializers.CharField(required=False, allow_blank=True, default="")
    quantity = serializers.DecimalField(max_digits=10, decimal_places=2)
    labour_price = serializers.DecimalField(max_digits=14, decimal_places=2)
    materials_price = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, default=0)


class AgreementInput(serializers.Serializer):
    method = serializers.ChoiceField(choices=[("signature", "signature"), ("paper", "paper")])
    signer_name = serializers.CharField()
    signature = serializers.CharField(required=False, allow_blank=True, default="")


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")
