"""API of paid services (特约服务): the price list — read, and kept by its keepers: add an item, edit or
retire it, give it a new price from a date — and orders with their workflow actions.

Access is checked before the body is read: the object comes through `for_user` and the
project permission (`get_object`), the body is validated afterwards.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from propdesk.core.access import has_project_perm
from propdesk.core.api.views import ForUserViewSet
from propdesk.core.api.writes import answer, detail_write, target, valid
from propdesk.core.errors import AccessDenied
from propdesk.core.models import Project
from propdesk.registry.models import Unit
from propdesk.servicedesk.models import ServiceRequest

from .. import services as special
from ..models import ServiceItem, ServiceItemPrice, SpecialServiceOrder
from ..permissions import VIEW_ITEMS_PERM, VIEW_ORDERS_PERM
from .serializers import (
    AgreementInput,
    CustomLineInput,
    ItemLineInput,
    ReasonInput,
    ServiceItemCreateInput,
    ServiceItemInput,
    ServiceItemPriceInput,
    ServiceItemPriceSerializer,
    ServiceItemSerializer,
    SpecialOrderCreateSerializer,
    SpecialOrderSerializer,
)


def _orders():
    return (
        SpecialServiceOrder.objects.select_related("unit")
        .prefetch_related("lines")
        .order_by("-created_at", "-id")
    )


class ServiceItemViewSet(ForUserViewSet):
    """特约服务项目及收费标准: the price list with the price in force today. Its keepers
    (`change_serviceitem`) add items, edit or retire them (`is_active`) and price them from a date."""

    serializer_class = ServiceItemSerializer
    required_perm = VIEW_ITEMS_PERM
    filterset_fields = ["project", "is_active", "department_kind"]

    queryset = ServiceItem.objects.order_by("project_id", "sort_order", "code")

    def get_queryset(self):
        today = timezone.localdate()
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch(
                    "prices",
                    queryset=ServiceItemPrice.objects.filter(effective_from__lte=today).order_by(
                        "-effective_from"
                    ),
                    to_attr="current_prices",
                )
            )
        )

    def _reply(self, item, code=status.HTTP_200_OK):
        return answer(
            ServiceItemSerializer(self.get_queryset().get(pk=item.pk), context={"request": self.request}),
            created=code == status.HTTP_201_CREATED,
        )

    @extend_schema(request=ServiceItemCreateInput, responses={201: ServiceItemSerializer})
    def create(self, request):
        """A new item of the list with its first price."""
        project = target(request, "project", Project.objects, special.PRICE_LIST_PERM)
        values = valid(ServiceItemCreateInput, request)
        del values["project"]
        item = special.create_service_item(project=project, actor=request.user, **values)
        return self._reply(item, status.HTTP_201_CREATED)

    @extend_schema(request=ServiceItemInput, responses=ServiceItemSerializer)
    def partial_update(self, request, pk=None):
        """Change the fields given; `is_active: false` retires the item from the published list."""
        item = detail_write(self, special.PRICE_LIST_PERM)
        values = valid(ServiceItemInput, request, partial=True)
        special.update_service_item(item=item, actor=request.user, **values)
        return self._reply(item)

    @extend_schema(request=ServiceItemPriceInput, responses={201: ServiceItemPriceSerializer})
    @action(detail=True, methods=["post"])
    def price(self, request, pk=None):
        """A new price from a date; orders already made keep theirs."""
        item = detail_write(self, special.PRICE_LIST_PERM)
        values = valid(ServiceItemPriceInput, request)
        price = special.set_item_price(item=item, actor=request.user, **values)
        return answer(ServiceItemPriceSerializer(price, context={"request": request}), created=True)


class SpecialOrderViewSet(ForUserViewSet):
    """特约服务单: register, price, confirm, record the owner's agreement, complete (→ bill line)."""

    serializer_class = SpecialOrderSerializer
    required_perm = VIEW_ORDERS_PERM
    filterset_fields = ["project", "state", "unit", "request"]

    queryset = _orders()

    def _reply(self, order, code=status.HTTP_200_OK):
        return Response(SpecialOrderSerializer(_orders().get(pk=order.pk)).data, status=code)

    def _order_with(self, perm: str):
        order = self.get_object()
        if not has_project_perm(self.request.user, order.project, perm):
            raise AccessDenied(_("You do not have this permission."))
        return order

    @extend_schema(request=SpecialOrderCreateSerializer, responses=SpecialOrderSerializer)
    def create(self, request):
        data = SpecialOrderCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        source = unit = None
        if values.get("request"):
            source = ServiceRequest.objects.for_user(request.user).filter(pk=values["request"]).first()
            if source is None:
                raise NotFound()
        elif values.get("unit"):
            unit = Unit.objects.for_user(request.user).filter(pk=values["unit"]).first()
            if unit is None:
                raise NotFound()
        project_id = source.project_id if source else unit.project_id if unit else None
        items = []
        for row in values["items"]:
            item = ServiceItem.objects.filter(project_id=project_id, pk=row["item"]).first()
            if item is None:
                raise NotFound()
            items.append((item, row["quantity"]))
        order = special.create_order(
            actor=request.user,
            request=source,
            unit=unit,
            content=values["content"],
            customer_name=values["customer_name"],
            appointment=values["appointment"],
            department_kind=values["department_kind"],
            items=items,
        )
        return self._reply(order, status.HTTP_201_CREATED)

    @extend_schema(request=ItemLineInput, responses=SpecialOrderSerializer)
    @action(detail=True, methods=["post"], url_path="add-item")
    def add_item(self, request, pk=None):
        order = self._order_with(special.REGISTER_PERM)
        data = ItemLineInput(data=request.data)
        data.is_valid(raise_exception=True)
        item = ServiceItem.objects.filter(project_id=order.project_id, pk=data.validated_data["item"]).first()
        if item is None:
            raise NotFound()
        special.add_item_line(
            order=order, item=item, quantity=data.validated_data["quantity"], actor=request.user
        )
        return self._reply(order)

    @extend_schema(request=CustomLineInput, responses=SpecialOrderSerializer)
    @action(detail=True, methods=["post"], url_path="add-custom")
    def add_custom(self, request, pk=None):
        order = self._order_with(special.CUSTOM_PRICE_PERM)
        data = CustomLineInput(data=request.data)
        data.is_valid(raise_exception=True)
        special.add_custom_line(order=order, actor=request.user, **data.validated_data)
        return self._reply(order)

    @extend_schema(request=None, responses=SpecialOrderSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        order = self._order_with(special.CONFIRM_PERM)
        special.confirm_order(order=order, actor=request.user)
        return self._reply(order)

    @extend_schema(request=AgreementInput, responses=SpecialOrderSerializer)
    @action(detail=True, methods=["post"])
    def agree(self, request, pk=None):
        order = self._order_with(special.REGISTER_PERM)
        data = AgreementInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        special.record_agreement(
            order=order,
            actor=request.user,
            method=values["method"],
            signer_name=values["signer_name"],
            signature_data_url=values["signature"],
        )
        return self._reply(order)

    @extend_schema(request=None, responses=SpecialOrderSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        order = self._order_with(special.REGISTER_PERM)
        special.complete_order(order=order, actor=request.user)
        return self._reply(order)

    @extend_schema(request=None, responses=SpecialOrderSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """The property manager approves content and price of work off the price list."""
        order = self._order_with(special.APPROVE_PERM)
        special.approve_order(order=order, actor=request.user)
        return self._reply(order)

    @extend_schema(request=ReasonInput, responses=SpecialOrderSerializer)
    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request, pk=None):
        """The property manager sends content and price back to the draft, with the reason."""
        order = self._order_with(special.APPROVE_PERM)
        data = ReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        special.send_back_order(order=order, actor=request.user, reason=data.validated_data["reason"])
        return self._reply(order)

    @extend_schema(request=ReasonInput, responses=SpecialOrderSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        order = self._order_with(special.REGISTER_PERM)
        data = ReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        special.cancel_order(order=order, actor=request.user, reason=data.validated_data["reason"])
        return self._reply(order)
