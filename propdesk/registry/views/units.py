"""The unit page (one screen per room), its actions, the party page and the reveal of personal data."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from propdesk.core.access import get_object_for_user, has_project_perm, project_permissions
from propdesk.core.decorators import object_view, project_view
from propdesk.core.errors import AccessDenied, ServiceError

from .. import forms, selectors, services
from ..models import Building, CareNote, Party, Residency, Unit, Vehicle
from ..panels import render_unit_panels


@project_view("registry.view_unit")
def buildings(request):
    rows = selectors.buildings_for_list(request.user, request.project)
    return render(request, "registry/buildings.html", {"buildings": rows})


@project_view("registry.view_unit")
@object_view(Building)
def building_detail(request, pk: int):
    building = get_object_for_user(Building.objects, request.user, pk, perm="registry.view_unit")
    units = selectors.units_of_building(building)
    page = Paginator(units, 108).get_page(request.GET.get("page"))
    return render(
        request,
        "registry/building_detail.html",
        {
            "building": building,
            "page": page,
            "can_view_party": has_project_perm(request.user, building.project, "registry.view_party"),
        },
    )


def _unit(request, pk, perm="registry.view_unit") -> Unit:
    return get_object_for_user(
        Unit.objects.select_related("building", "project"), request.user, pk, perm=perm
    )


@project_view("registry.view_unit")
@object_view(Unit)
def unit_detail(request, pk: int):
    unit = _unit(request, pk)
    held = project_permissions(request.user, unit.project)
    can_view_party = "registry.view_party" in held
    context = {
        "unit": unit,
        "can_view_party": can_view_party,
        "perms_held": held,
        "can_view_history": "core.view_history" in held,
        "events": selectors.unit_events(unit),
        "panels": render_unit_panels(unit, request, column="side"),
        "main_panels": render_unit_panels(unit, request, column="main"),
    }
    if can_view_party:
        context.update(selectors.unit_people(unit))
    if "registry.view_archivefile" in held:
        context["archive_files"] = selectors.unit_archive_files(unit)
    return render(request, "registry/unit_detail.html", context)


def _form_page(request, form, *, title, unit=None, multipart=False):
    return render(
        request,
        "registry/form_page.html",
        {"form": form, "title": title, "unit": unit, "multipart": multipart},
    )


def _unit_action(request, pk, perm, form_class, title, do, done_message):
    """GET shows the form, POST calls the service; a ServiceError lands next to its field."""
    unit = _unit(request, pk, perm=perm)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            do(unit, form.cleaned_data)
        except AccessDenied:
            raise PermissionDenied from None
        except ServiceError as exc:
            forms.add_service_error(form, exc)
        else:
            messages.success(request, done_message)
            return redirect("registry:unit", unit.pk)
    return _form_page(request, form, title=f"{unit.label} · {title}", unit=unit)


@project_view("registry.change_unit")
@object_view(Unit)
def unit_status(request, pk: int):
    return _unit_action(
        request,
        pk,
        "registry.change_unit",
        forms.StatusForm,
        _("Change status"),
        lambda unit, d: services.change_unit_status(
            unit=unit, to=d["status"], reason=d["reason"], actor=request.user
        ),
        _("Status changed."),
    )


@project_view("registry.change_unit")
@object_view(Unit)
def unit_areas(request, pk: int):
    """Correct a unit's areas (title deed or survey); the old values stay in its history."""
    unit = _unit(request, pk, perm="registry.change_unit")
    initial = {"building_area": unit.building_area, "inner_area": unit.inner_area}
    form = forms.UnitAreasForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_unit_areas(
                unit=unit,
                building_area=form.cleaned_data["building_area"],
                inner_area=form.cleaned_data["inner_area"],
                actor=request.user,
            )
        except ServiceError as exc:
            forms.add_service_error(form, exc)
        else:
            messages.success(request, _("Areas saved."))
            return redirect("registry:unit", unit.pk)
    return _form_page(request, form, title=f"{unit.label} · {_('Edit areas')}", unit=unit)


def _party_of(request, unit, d):
    return services.find_or_register_party(
        project=unit.project,
        name=d["name"],
        kind=d["kind"],
        phone=d["phone"],
        id_type=d["id_type"],
        id_number=d["id_number"],
        actor=request.user,
    )


@project_view("registry.add_residency")
@object_view(Unit)
def unit_add_resident(request, pk: int):
    def do(unit, d):
        services.start_residency(
            unit=unit,
            party=_party_of(request, unit, d),
            kind=d["residency_kind"],
            relation=d["relation"],
            started_on=d["started_on"],
            actor=request.user,
        )

    return _unit_action(
        request, pk, "registry.add_residency", forms.ResidentForm, _("Add resident"), do, _("Resident added.")
    )


@project_view("registry.transfer_ownership")
@object_view(Unit)
def unit_transfer(request, pk: int):
    def do(unit, d):
        services.transfer_ownership(
            unit=unit,
            new_owners=[(_party_of(request, unit, d), Decimal("100"))],
            on=d["on"],
            actor=request.user,
        )

    return _unit_action(
        request,
        pk,
        "registry.transfer_ownership",
        forms.TransferForm,
        _("Transfer ownership"),
        do,
        _("Ownership transferred; the previous owners are kept in the history."),
    )


@project_view("registry.add_emergencycontact")
@object_view(Unit)
def unit_add_contact(request, pk: int):
    return _unit_action(
        request,
        pk,
        "registry.add_emergencycontact",
        forms.ContactForm,
        _("Add emergency contact"),
        lambda unit, d: services.add_emergency_contact(unit=unit, actor=request.user, **d),
        _("Emergency contact added."),
    )


@project_view("registry.add_vehicle")
@object_view(Unit)
def unit_add_vehicle(request, pk: int):
    return _unit_action(
        request,
        pk,
        "registry.add_vehicle",
        forms.VehicleForm,
        _("Add vehicle"),
        lambda unit, d: services.register_vehicle(unit=unit, actor=request.user, **d),
        _("Vehicle added."),
    )


@project_view("registry.add_carenote")
@object_view(Unit)
def unit_add_care_note(request, pk: int):
    return _unit_action(
        request,
        pk,
        "registry.add_carenote",
        forms.CareNoteForm,
        _("Add care note"),
        lambda unit, d: services.add_care_note(unit=unit, actor=request.user, **d),
        _("Care note added."),
    )


def _end_relation(request, model, pk, perm, title, end):
    obj = get_object_for_user(model.objects.select_related("unit__building"), request.user, pk, perm=perm)
    form = forms.EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            end(obj, form.cleaned_data["ended_on"])
        except ServiceError as exc:
            forms.add_service_error(form, exc)
        else:
            messages.success(request, _("Ended; kept in the history."))
            return redirect("registry:unit", obj.unit_id)
    return _form_page(request, form, title=f"{obj.unit.label} · {title}", unit=obj.unit)


@project_view("registry.change_residency")
@object_view(Residency)
def residency_end(request, pk: int):
    return _end_relation(
        request,
        Residency,
        pk,
        "registry.change_residency",
        _("Move out"),
        lambda o, d: services.end_residency(residency=o, ended_on=d, actor=request.user),
    )


@project_view("registry.change_vehicle")
@object_view(Vehicle)
def vehicle_end(request, pk: int):
    return _end_relation(
        request,
        Vehicle,
        pk,
        "registry.change_vehicle",
        _("Remove vehicle"),
        lambda o, d: services.remove_vehicle(vehicle=o, ended_on=d, actor=request.user),
    )


@project_view("registry.change_carenote")
@object_view(CareNote)
def care_note_end(request, pk: int):
    return _end_relation(
        request,
        CareNote,
        pk,
        "registry.change_carenote",
        _("End care note"),
        lambda o, d: services.end_care_note(note=o, ended_on=d, actor=request.user),
    )


@project_view("registry.view_party")
@object_view(Party)
def party_detail(request, pk: int):
    party = get_object_for_user(
        Party.objects.select_related("project"), request.user, pk, perm="registry.view_party"
    )
    held = project_permissions(request.user, party.project)
    return render(
        request,
        "registry/party_detail.html",
        {
            "party": party,
            "can_reveal": "registry.reveal_personal_data" in held,
            "can_change": "registry.change_party" in held,
            "can_view_archive": "registry.view_archivefile" in held,
            "can_add_archive": "registry.add_archivefile" in held,
            "reveal_form": forms.RevealForm(),
            **selectors.party_units(party, request.user),
        },
    )


@project_view("registry.change_party")
@object_view(Party)
def party_contact(request, pk: int):
    """New phone numbers for a party; blank fields stay as they are, the old numbers stay in the history."""
    party = get_object_for_user(
        Party.objects.select_related("project"), request.user, pk, perm="registry.change_party"
    )
    form = forms.PartyContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.update_party_contact(
                party=party,
                phone=d["phone"] or None,
                landline=d["landline"] or None,
                actor=request.user,
            )
        except ServiceError as exc:
            forms.add_service_error(form, exc)
        else:
            messages.success(request, _("Phone numbers saved."))
            return redirect("registry:party", party.pk)
    return _form_page(request, form, title=f"{party.name} · {_('Change phone numbers')}")


@project_view("registry.view_party")
@object_view(Party)
def party_reveal(request, pk: int):
    """Show one party's ID number and phones in full: needs the permission and a reason, and is logged."""
    party = get_object_for_user(
        Party.objects.select_related("project"), request.user, pk, perm="registry.view_party"
    )
    if not has_project_perm(request.user, party.project, "registry.reveal_personal_data"):
        raise PermissionDenied
    form = forms.RevealForm(request.POST or None)
    revealed = None
    if request.method == "POST" and form.is_valid():
        try:
            revealed = services.reveal_personal_data(
                party=party, reason=form.cleaned_data["reason"], actor=request.user
            )
        except ServiceError as exc:
            forms.add_service_error(form, exc)
    template = "registry/_reveal.html" if request.htmx else "registry/reveal_page.html"
    return render(request, template, {"party": party, "form": form, "revealed": revealed})


@project_view("registry.view_personaldataaccess")
def access_log(request):
    rows = selectors.access_log(request.user, request.project)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "registry/access_log.html", {"page": page})
