"""One-off charges (一次性收费): a cashier charges a room once, with the item, amount and reason; the bill
is paid at the desk like any other."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from propdesk.core.decorators import project_view
from propdesk.core.errors import AccessDenied, ServiceError
from propdesk.registry.models import Unit

from .. import selectors, services
from ..choices import ChargeKind
from ..models import ChargeItem


class OneOffForm(forms.Form):
    room = forms.CharField(label=_lazy("Room"), max_length=30, help_text=_lazy("e.g. 3-2-1501"))
    item = forms.ModelChoiceField(label=_lazy("Charge item"), queryset=ChargeItem.objects.none())
    amount = forms.DecimalField(label=_lazy("Amount"), max_digits=14, decimal_places=2)
    reason = forms.CharField(label=_lazy("Reason"), max_length=200)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = ChargeItem.objects.filter(
            project=project, kind=ChargeKind.ONE_OFF, is_active=True
        )


@project_view("billing.add_bill")
def one_off_charges(request):
    initial = {}
    if request.GET.get("unit", "").isdigit():
        unit = (
            Unit.objects.for_user(request.user)
            .select_related("building")
            .filter(pk=request.GET["unit"])
            .first()
        )
        if unit is not None:
            initial["room"] = unit.label
    form = OneOffForm(request.POST or None, project=request.project, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        units = list(selectors.find_units(request.user, request.project, d["room"])[:2])
        if len(units) != 1:
            form.add_error("room", _("No single room matches."))
        else:
            try:
                bill = services.add_one_off_charge(
                    unit=units[0], item=d["item"], amount=d["amount"], reason=d["reason"], actor=request.user
                )
            except AccessDenied:
                raise PermissionDenied from None
            except ServiceError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
            else:
                messages.success(
                    request,
                    _("%(item)s of %(amount)s charged to %(room)s (%(number)s): it can be paid at the desk.")
                    % {
                        "item": bill.item.name,
                        "amount": bill.amount,
                        "room": units[0].label,
                        "number": bill.reference,
                    },
                )
                return redirect("billing:one_off_charges")
    return render(
        request,
        "billing/one_off_charges.html",
        {"form": form, "recent": list(selectors.one_off_bills(request.user, request.project)[:50])},
    )
