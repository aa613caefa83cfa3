"""Serializers of billing's API: the staff API (`views.py`), the desk processes (`ops.py`) and the
owners' own bills, payments and receipts (`owner.py`)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from propdesk.billing.choices import DepositKind, OrderStatus, RefundMethod
from propdesk.billing.models import (
    Bill,
    DebitBatch,
    DebitMandate,
    Deposit,
    DrawerSession,
    HeatingStopApplication,
    Payment,
    PaymentOrder,
    Receipt,
    Refund,
    WaiverApplication,
    WaiverDecision,
    WaiverLine,
)
from propdesk.billing.money import MAX_AMOUNT, MONEY


class BillSerializer(serializers.ModelSerializer):
    unit_label = serializers.CharField(source="unit.label", read_only=True)
    item_name = serializers.CharField(source="item.name", read_only=True)
    paid = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    credited = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    outstanding = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)

    class Meta:
        model = Bill
        fields = [
            "id",
            "project",
            "unit",
            "unit_label",
            "item",
            "item_name",
            "period",
            "reference",
            "starts_on",
            "ends_on",
            "quantity",
            "unit_price",
            "amount",
            "paid",
            "credited",
            "outstanding",
            "due_on",
            "created_at",
        ]


class PaymentSerializer(serializers.ModelSerializer):
    receipt_number = serializers.CharField(source="receipt.display_number", read_only=True)

    class Meta:
        model = Payment
        fields = [
            "id",
            "project",
            "unit",
            "method",
            "amount",
            "payer_name",
            "trade_no",
            "receipt_number",
            "received_at",
        ]


class ReceiptSerializer(serializers.ModelSerializer):
    display_number = serializers.CharField(read_only=True)
    amount = serializers.DecimalField(
        source="payment.amount", max_digits=14, decimal_places=2, read_only=True
    )
    unit = serializers.IntegerField(source="payment.unit_id", read_only=True)
    is_void = serializers.BooleanField(read_only=True)

    class Meta:
        model = Receipt
        fields = [
            "id",
            "project",
            "number",
            "display_number",
            "payment",
            "unit",
            "amount",
            "issued_at",
            "is_void",
            "voided_at",
            "void_reason",
        ]


class NotificationSerializer(serializers.Serializer):
    merchant_id = serializers.CharField()
    out_trade_no = serializers.CharField()
    transaction_id = serializers.CharField()
    total_fee = serializers.CharField()
    trade_state = serializers.CharField()
    sign = serializers.CharField()


# ---------------------------------------------------------------- desk processes (ops.py)


class DrawerSessionSerializer(serializers.ModelSerializer):
    cashier_name = serializers.CharField(source="cashier.__str__", read_only=True)
    difference = serializers.DecimalField(read_only=True, **MONEY)

    class Meta:
        model = DrawerSession
        fields = [
            "id",
            "project",
            "cashier",
            "cashier_name",
            "status",
            "opening_float",
            "opened_at",
            "closed_at",
            "expected_amount",
            "counted_amount",
            "difference",
            "close_note",
        ]


class DrawerOpenSerializer(serializers.Serializer):
    project = serializers.IntegerField()
    opening_float = serializers.DecimalField(min_value=0, **MONEY)


class DrawerCloseSerializer(serializers.Serializer):
    counted = serializers.DecimalField(min_value=0, **MONEY)
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ApprovalSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class BankDepositSerializer(serializers.Serializer):
    slip_number = serializers.CharField(max_length=40)
    amount = serializers.DecimalField(min_value=0, max_value=MAX_AMOUNT, **MONEY)
    deposited_on = serializers.DateField()


class RefundSerializer(serializers.ModelSerializer):
    class Meta:
        model = Refund
        fields = [
            "id",
            "project",
            "unit",
            "method",
            "amount",
            "payment",
            "payee_name",
            "trade_no",
            "reason",
            "refunded_by",
            "created_at",
        ]


class RefundCreateSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    method = serializers.ChoiceField(choices=RefundMethod.choices)
    amount = serializers.DecimalField(required=False, allow_null=True, max_value=MAX_AMOUNT, **MONEY)
    payment = serializers.IntegerField(required=False, allow_null=True)
    reason = serializers.CharField(max_length=200)
    trade_no = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    payee_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class WaiverDecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = WaiverDecision
        fields = ["step", "level", "decision", "comment", "decided_by", "decided_at"]


class WaiverLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = WaiverLine
        fields = ["bill", "amount", "credit_note"]


class WaiverApplicationSerializer(serializers.ModelSerializer):
    reason_name = serializers.CharField(source="reason.name", read_only=True)
    lines = WaiverLineSerializer(many=True, read_only=True)
    decisions = WaiverDecisionSerializer(many=True, read_only=True)
    current_level = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = WaiverApplication
        fields = [
            "id",
            "project",
            "number",
            "unit",
            "amount",
            "reason",
            "reason_name",
            "details",
            "chain",
            "current_level",
            "status",
            "applied_by",
            "applied_at",
            "decided_at",
            "lines",
            "decisions",
        ]


class WaiverLineInput(serializers.Serializer):
    bill = serializers.IntegerField()
    amount = serializers.DecimalField(max_value=MAX_AMOUNT, **MONEY)


class WaiverCreateSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    reason = serializers.IntegerField()
    details = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    lines = WaiverLineInput(many=True)


class WaiverDecideSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["approve", "reject"])
    comment = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class DepositSerializer(serializers.ModelSerializer):
    balance = serializers.DecimalField(read_only=True, **MONEY)
    receipt_number = serializers.CharField(source="payment.receipt.display_number", read_only=True)

    class Meta:
        model = Deposit
        fields = [
            "id",
            "project",
            "number",
            "unit",
            "kind",
            "amount",
            "balance",
            "status",
            "payer_name",
            "reference",
            "payment",
            "receipt_number",
            "taken_by",
            "taken_at",
        ]


class DepositCreateSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=DepositKind.choices)
    amount = serializers.DecimalField(max_value=MAX_AMOUNT, **MONEY)
    method = serializers.ChoiceField(choices=["cash", "bank_transfer", "pos"])
    trade_no = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    payer_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    reference = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")


class DepositMoveSerializer(serializers.Serializer):
    amount = serializers.DecimalField(required=False, allow_null=True, max_value=MAX_AMOUNT, **MONEY)
    method = serializers.ChoiceField(choices=RefundMethod.choices, required=False)
    trade_no = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    reason = serializers.CharField(max_length=200)


class DebitBatchSerializer(serializers.ModelSerializer):
    class Meta:
        model = DebitBatch
        fields = [
            "id",
            "project",
            "number",
            "period",
            "status",
            "line_count",
            "total_amount",
            "created_at",
            "imported_at",
        ]


class DebitBatchCreateSerializer(serializers.Serializer):
    project = serializers.IntegerField()
    period = serializers.DateField(input_formats=["%Y-%m", "%Y-%m-%d"], help_text="The month: 2026-03.")


class DebitMandateSerializer(serializers.ModelSerializer):
    """A mandate as the page lists it: the account number only masked."""

    unit_label = serializers.CharField(source="unit.label", read_only=True)

    class Meta:
        model = DebitMandate
        fields = [
            "id",
            "project",
            "unit",
            "unit_label",
            "bank_name",
            "account_name",
            "account_masked",
            "signed_on",
            "is_active",
            "created_by",
            "created_at",
        ]


class DebitMandateCreateSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    bank_name = serializers.CharField(max_length=50)
    account_name = serializers.CharField(max_length=100, help_text="The account holder.")
    account_number = serializers.CharField(max_length=40, help_text="8 to 30 digits; spaces are ignored.")
    signed_on = serializers.DateField()


class DebitImportSerializer(serializers.Serializer):
    text = serializers.CharField(
        help_text="The bank's result file (see docs/billing.md).", trim_whitespace=False
    )


class HeatingStopSerializer(serializers.ModelSerializer):
    class Meta:
        model = HeatingStopApplication
        fields = [
            "id",
            "project",
            "unit",
            "season",
            "applicant_name",
            "status",
            "applied_by",
            "applied_at",
            "decided_by",
            "decided_at",
            "comment",
        ]


class HeatingStopCreateSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    season = serializers.IntegerField(min_value=2000, max_value=2100)
    applicant_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


# ---------------------------------------------------------------- owners (owner.py)


class OwnerBillSerializer(serializers.ModelSerializer):
    unit_label = serializers.CharField(source="unit.label", read_only=True)
    item_name = serializers.CharField(source="item.name", read_only=True)
    paid = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    credited = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    outstanding = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)

    class Meta:
        model = Bill
        fields = [
            "id",
            "unit",
            "unit_label",
            "item_name",
            "period",
            "starts_on",
            "ends_on",
            "quantity",
            "unit_price",
            "amount",
            "paid",
            "credited",
            "outstanding",
            "due_on",
        ]


class OrderSerializer(serializers.ModelSerializer):
    unit_label = serializers.CharField(source="unit.label", read_only=True)
    receipt = serializers.SerializerMethodField()

    class Meta:
        model = PaymentOrder
        fields = [
            "id",
            "unit",
            "unit_label",
            "method",
            "out_trade_no",
            "amount",
            "status",
            "created_at",
            "receipt",
        ]

    def get_receipt(self, order) -> int | None:
        if order.status != OrderStatus.PAID:
            return None  # only a credited order has a payment, and so a receipt
        return Receipt.objects.filter(payment__order=order).values_list("pk", flat=True).first()


class PayRequestSerializer(serializers.Serializer):
    """Either `bills` (the chosen bills of one unit, each paid in full) or `unit` (with `amount`)."""

    bills = serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text="The chosen bills, all of one unit."
    )
    unit = serializers.IntegerField(required=False)
    method = serializers.ChoiceField(choices=["wechat", "alipay"])
    amount = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        required=False,
        help_text="With `unit` only. Default: everything the unit owes.",
    )
    scene = serializers.ChoiceField(
        choices=["native", "jsapi", "h5", "wap"],
        default="native",
        help_text="Live accounts: native (a QR code's code_url), jsapi (WeChat in-app, needs openid), "
        "h5 (WeChat in a phone browser), wap (Alipay in a phone browser).",
    )
    openid = serializers.CharField(required=False, default="", max_length=128)
    return_url = serializers.URLField(required=False, default="", help_text="Alipay wap: where to come back.")

    def validate(self, attrs):
        if attrs.get("bills"):
            if "amount" in attrs:
                raise serializers.ValidationError(
                    {"amount": _("Chosen bills are paid in full: leave the amount out.")}
                )
        elif attrs.get("unit") is None:
            raise serializers.ValidationError({"unit": _("Choose the bills to pay, or the unit.")})
        return attrs


class PayStartSerializer(OrderSerializer):
    """The order and what the payer's device needs to pay it (empty for a sandbox account)."""

    pay = serializers.DictField(read_only=True)

    class Meta(OrderSerializer.Meta):
        fields = [*OrderSerializer.Meta.fields, "pay"]


class OwnerReceiptSerializer(serializers.ModelSerializer):
    display_number = serializers.CharField(read_only=True)
    amount = serializers.DecimalField(
        source="payment.amount", max_digits=14, decimal_places=2, read_only=True
    )
    method = serializers.CharField(source="payment.method", read_only=True)
    unit = serializers.IntegerField(source="payment.unit_id", read_only=True)
    is_void = serializers.BooleanField(read_only=True)

    class Meta:
        model = Receipt
        fields = ["id", "display_number", "unit", "amount", "method", "issued_at", "is_void"]
