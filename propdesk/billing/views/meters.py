"""Staff pages of meters (抄表): the reading entry page (by building, on a phone), the readings workbook
(template and import), the meter list with registration, and one meter's page (readings,
corrections, meter change, what was billed)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from propdesk.core.access import get_object_for_user, has_project_perm
from propdesk.core.decorators import object_view, project_view
from propdesk.core.downloads import disposition, stamp
from propdesk.core.errors import AccessDenied, ServiceError
from propdesk.registry.models import Building

from .. import permissions, selectors
from ..choices import MeterKind, ReadingSource
from ..exports.meters import readings_template
from ..models import Meter, MeterReading
from ..selectors import meters as meter_selectors
from ..services import meters as meter_services

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE = {"widget": forms.DateInput(attrs={"type": "date"})}


def _day(text: str | None) -> dt.date:
    try:
        return dt.date.fromisoformat(text or "")
    except ValueError:
        return timezone.localdate()


def _form_error(form, exc: ServiceError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))


# ---------------------------------------------------------------- reading entry (抄表录入)


def _entry_choice(request):
    """The building, kind and day the entry page shows (defaults: the first building, electricity, today)."""
    buildings = list(Building.objects.for_user(request.user).filter(project=request.project))
    wanted = request.GET.get("building") or request.POST.get("building") or ""
    building = next((b for b in buildings if str(b.pk) == wanted), buildings[0] if buildings else None)
    kind = request.GET.get("kind") or request.POST.get("kind") or MeterKind.ELECTRICITY
    if kind not in MeterKind.values:
        kind = MeterKind.ELECTRICITY
    return buildings, building, kind, _day(request.GET.get("read_on") or request.POST.get("read_on"))


@project_view("billing.add_meterreading")
def meter_readings(request):
    """抄表录入: a building's meters of one kind, each with its previous reading; type the new ones.
    All or nothing: a refused row keeps every typed value on the page, with the reason beside it."""
    buildings, building, kind, read_on = _entry_choice(request)
    rows = (
        meter_selectors.entry_rows(request.user, request.project, building=building, kind=kind)
        if building
        else []
    )
    typed: dict[int, str] = {}
    errors: dict[int, str] = {}
    problems = []
    if request.method == "POST":
        by_pk = {row.meter.pk: row.meter for row in rows}
        # A meter taken out since the page was shown is still reported, not silently dropped.
        posted = {int(k[6:]) for k in request.POST if k.startswith("value_") and k[6:].isdigit()}
        if posted - set(by_pk):
            by_pk.update(
                Meter.objects.for_user(request.user)
                .filter(project=request.project, pk__in=posted - set(by_pk))
                .select_related("unit__building")
                .in_bulk()
            )
        entries = []
        for pk, meter in by_pk.items():
            value = request.POST.get(f"value_{pk}", "").strip()
            if value:
                typed[pk] = value
                entries.append(meter_services.ReadingInput(meter, value, read_on))
        if not entries:
            messages.error(request, _("Enter at least one reading."))
        else:
            try:
                recorded = meter_services.record_readings(
                    entries=entries, source=ReadingSource.PAGE, actor=request.user
                )
            except meter_services.ReadingProblems as exc:
                problems = exc.problems
                errors = {
                    p.meter_id: _("%(field)s: %(reason)s") % {"field": p.field_label, "reason": p.reason}
                    for p in problems
                    if p.meter_id
                }
            except AccessDenied:
                raise PermissionDenied from None
            else:
                messages.success(
                    request,
                    _("%(count)s readings recorded.") % {"count": len(recorded.readings)}
                    + (
                        " " + _("%(count)s were already recorded.") % {"count": recorded.unchanged}
                        if recorded.unchanged
                        else ""
                    ),
                )
                query = f"?building={building.pk}&kind={kind}&read_on={read_on:%Y-%m-%d}"
                return redirect(reverse("billing:meter_readings") + query)
    return render(
        request,
        "billing/meter_readings.html",
        {
            "buildings": buildings,
            "building": building,
            "kind": kind,
            "kinds": MeterKind.choices,
            "read_on": read_on,
            "rows": [(row, typed.get(row.meter.pk, ""), errors.get(row.meter.pk, "")) for row in rows],
            "problems": problems,
        },
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_lazy("Readings workbook (.xlsx)"))
    read_on = forms.DateField(label=_lazy("Read on"), help_text=_lazy("For rows whose day is empty."), **DATE)


@project_view("billing.add_meterreading")
def meter_template(request):
    """The readings workbook, filled in with the rooms' meters and previous readings (one building and
    kind, or all)."""
    building = None
    if request.GET.get("building", "").isdigit():
        building = (
            Building.objects.for_user(request.user)
            .filter(project=request.project, pk=request.GET["building"])
            .first()
        )
    kind = request.GET.get("kind") if request.GET.get("kind") in MeterKind.values else None
    rows = meter_selectors.entry_rows(request.user, request.project, building=building, kind=kind)
    content = readings_template(
        rows, read_on=_day(request.GET["read_on"]) if request.GET.get("read_on") else None
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = disposition(f"meter-readings-{stamp(request.project)}.xlsx")
    return response


@project_view("billing.add_meterreading")
def meter_import(request):
    """Import the readers' workbook: all rows or none; every problem listed with its row and field."""
    form = ImportForm(request.POST or None, request.FILES or None, initial={"read_on": timezone.localdate()})
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            recorded = meter_services.import_readings(
                project=request.project,
                user=request.user,
                data=form.cleaned_data["file"].read(),
                read_on=form.cleaned_data["read_on"],
                actor=request.user,
            )
        except meter_services.ReadingProblems as exc:
            problems = exc.problems
        except AccessDenied:
            raise PermissionDenied from None
        except ServiceError as exc:
            _form_error(form, exc)
        else:
            messages.success(
                request,
                _("%(count)s readings imported, %(unchanged)s already recorded.")
                % {"count": len(recorded.readings), "unchanged": recorded.unchanged},
            )
            return redirect("billing:meter_import")
    buildings = Building.objects.for_user(request.user).filter(project=request.project)
    return render(
        request,
        "billing/meter_import.html",
        {"form": form, "problems": problems, "buildings": buildings, "kinds": MeterKind.choices},
    )


# ---------------------------------------------------------------- meters


class MeterForm(forms.Form):
    room = forms.CharField(label=_lazy("Room"), max_length=30, help_text=_lazy("e.g. 3-2-1501"))
    kind = forms.ChoiceField(label=_lazy("Meter kind"), choices=MeterKind.choices)
    number = forms.CharField(label=_lazy("Meter number"), max_length=40)
    multiplier = forms.DecimalField(label=_lazy("Multiplier"), initial=1, max_digits=10, decimal_places=2)
    installed_on = forms.DateField(label=_lazy("Installed on"), **DATE)
    start_value = forms.CharField(label=_lazy("Start reading"), max_length=20)


@project_view("billing.view_meter")
def meters(request):
    can_add = has_project_perm(request.user, request.project, permissions.ADD_METER_PERM)
    form = MeterForm(request.POST or None, initial={"installed_on": timezone.localdate()})
    if request.method == "POST":
        if not can_add:
            raise PermissionDenied
        if form.is_valid():
            d = form.cleaned_data
            units = list(selectors.find_units(request.user, request.project, d["room"])[:2])
            if len(units) != 1:
                form.add_error("room", _("No single room matches."))
            else:
                try:
                    meter = meter_services.register_meter(
                        unit=units[0],
                        kind=d["kind"],
                        number=d["number"],
                        multiplier=d["multiplier"],
                        installed_on=d["installed_on"],
                        start_value=d["start_value"],
                        actor=request.user,
                    )
                except ServiceError as exc:
                    _form_error(form, exc)
                else:
                    messages.success(request, _("Meter registered."))
                    return redirect("billing:meter", pk=meter.pk)
    building = request.GET.get("building") if request.GET.get("building", "").isdigit() else None
    kind = request.GET.get("kind") if request.GET.get("kind") in MeterKind.values else None
    unit = request.GET.get("unit") if request.GET.get("unit", "").isdigit() else None
    rows = meter_selectors.meters_for_list(
        request.user,
        request.project,
        building=building,
        kind=kind,
        unit=unit,
        in_place=not request.GET.get("all"),
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    previous = meter_selectors.latest_readings(m.pk for m in page)
    return render(
        request,
        "billing/meters.html",
        {
            "page": page,
            "rows": [(m, previous.get(m.pk)) for m in page],
            "form": form,
            "can_add": can_add,
            "buildings": Building.objects.for_user(request.user).filter(project=request.project),
            "kinds": MeterKind.choices,
            "filters": request.GET,
        },
    )


class CorrectForm(forms.Form):
    reading = forms.IntegerField(widget=forms.HiddenInput)
    value = forms.CharField(label=_lazy("Right value"), max_length=20, required=False)
    reason = forms.CharField(label=_lazy("Reason"), max_length=200)


class ChangeForm(forms.Form):
    final_value = forms.CharField(label=_lazy("Old meter's final reading"), max_length=20)
    changed_on = forms.DateField(label=_lazy("Changed on"), **DATE)
    new_number = forms.CharField(label=_lazy("New meter number"), max_length=40)
    new_start_value = forms.CharField(label=_lazy("New meter's start reading"), max_length=20, initial="0")
    new_multiplier = forms.DecimalField(
        label=_lazy("New meter's multiplier"), max_digits=10, decimal_places=2, required=False
    )
    reason = forms.CharField(label=_lazy("Reason"), max_length=200)


def _correct(request, meter, form) -> bool:
    reading = MeterReading.objects.filter(meter=meter, pk=form.cleaned_data["reading"]).first()
    if reading is None:
        form.add_error(None, _("This reading is not the meter's."))
        return False
    try:
        if request.POST.get("action") == "void":
            meter_services.void_reading(
                reading=reading, reason=form.cleaned_data["reason"], actor=request.user
            )
        else:
            meter_services.correct_reading(
                reading=reading,
                value=form.cleaned_data["value"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
    except AccessDenied:
        raise PermissionDenied from None
    except ServiceError as exc:
        _form_error(form, exc)
        return False
    return True


@project_view("billing.view_meter")
@object_view(Meter)
def meter_detail(request, pk: int):
    """One meter: its readings (corrections and voids beside what they replace), a correction, the
    meter change, and what the billing runs charged from it."""
    meter = get_object_for_user(
        Meter.objects.select_related("unit__building", "replaces", "replaced_by", "created_by"),
        request.user,
        pk,
        perm="billing.view_meter",
    )
    can_correct = has_project_perm(request.user, meter.project, permissions.CORRECT_READING_PERM)
    can_change = permissions.can_change_meter(request.user, meter)
    correct_form = CorrectForm(request.POST if request.POST.get("action") in ("correct", "void") else None)
    change_form = ChangeForm(
        request.POST if request.POST.get("action") == "change" else None,
        initial={"changed_on": timezone.localdate(), "new_multiplier": meter.multiplier},
    )
    if request.method == "POST":
        action = request.POST.get("action")
        if (action in ("correct", "void") and not can_correct) or (action == "change" and not can_change):
            raise PermissionDenied
        if (
            action in ("correct", "void")
            and correct_form.is_valid()
            and _correct(request, meter, correct_form)
        ):
            messages.success(
                request, _("Reading corrected.") if action == "correct" else _("Reading voided.")
            )
            return redirect("billing:meter", pk=meter.pk)
        if action == "change" and change_form.is_valid():
            d = change_form.cleaned_data
            try:
                new = meter_services.change_meter(meter=meter, actor=request.user, **d)
            except AccessDenied:
                raise PermissionDenied from None
            except ServiceError as exc:
                _form_error(change_form, exc)
            else:
                messages.success(request, _("Meter change recorded."))
                return redirect("billing:meter", pk=new.pk)
    return render(
        request,
        "billing/meter.html",
        {
            "meter": meter,
            "readings": meter_selectors.meter_history(meter),
            "charges": meter_selectors.meter_charges(meter)[:24],
            "can_correct": can_correct,
            "can_change": can_change,
            "correct_form": correct_form,
            "change_form": change_form,
            "replaced_by": getattr(meter, "replaced_by", None),
        },
    )
