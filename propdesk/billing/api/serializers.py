from rest_framework import serializers

from propdesk.billing.models import Bill, Payment, Receipt


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
