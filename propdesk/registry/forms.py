"""Forms only parse input; the services decide. A ServiceError lands next to the field it names."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import (
    CareKind,
    DocumentType,
    IdType,
    ImportKind,
    LoanKind,
    PartyKind,
    ResidencyKind,
    UnitStatus,
)


def add_service_error(form: forms.Form, error) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


class DateInput(forms.DateInput):
    input_type = "date"


class Form(forms.Form):
    """Bootstrap classes on every widget, so templates can render `{{ field }}`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class StatusForm(Form):
    status = forms.ChoiceField(label=_("New status"), choices=UnitStatus.choices)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class UnitAreasForm(Form):
    building_area = forms.DecimalField(label=_("Building area (m²)"), max_digits=8, decimal_places=2)
    inner_area = forms.DecimalField(
        label=_("Inner area (m²)"), max_digits=8, decimal_places=2, required=False
    )


class PartyContactForm(Form):
    """Only the numbers filled in change; the current ones are not shown in full here."""

    phone = forms.CharField(label=_("New mobile phone"), max_length=20, required=False)
    landline = forms.CharField(label=_("New landline"), max_length=30, required=False)


class PartyFields(Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=PartyKind.choices, initial=PartyKind.PERSON)
    phone = forms.CharField(label=_("Mobile phone"), max_length=20, required=False)
    id_type = forms.ChoiceField(label=_("ID type"), choices=[("", "—"), *IdType.choices], required=False)
    id_number = forms.CharField(label=_("ID number"), max_length=30, required=False)


class ResidentForm(PartyFields):
    residency_kind = forms.ChoiceField(label=_("Lives here as"), choices=ResidencyKind.choices)
    relation = forms.CharField(label=_("Relation"), max_length=30, required=False)
    started_on = forms.DateField(label=_("Moved in on"), widget=DateInput, initial=timezone.localdate)


class TransferForm(PartyFields):
    on = forms.DateField(label=_("Date of transfer"), widget=DateInput, initial=timezone.localdate)


class EndForm(Form):
    ended_on = forms.DateField(label=_("End date"), widget=DateInput, initial=timezone.localdate)


class ContactForm(Form):
    name = forms.CharField(label=_("Name"), max_length=50)
    relation = forms.CharField(label=_("Relation"), max_length=30, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class VehicleForm(Form):
    plate = forms.CharField(label=_("Plate number"), max_length=12)
    description = forms.CharField(label=_("Make and colour"), max_length=50, required=False)
    parking_space = forms.CharField(label=_("Parking space"), max_length=30, required=False)
    started_on = forms.DateField(label=_("From"), widget=DateInput, initial=timezone.localdate)


class CareNoteForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CareKind.choices)
    preferred_contact_time = forms.CharField(label=_("Preferred contact time"), max_length=50, required=False)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    started_on = forms.DateField(label=_("From"), widget=DateInput, initial=timezone.localdate)


class RevealForm(Form):
    reason = forms.CharField(
        label=_("Why do you need the full data?"),
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. owner at the counter to change the contract")}),
    )


class ImportForm(Form):
    kind = forms.ChoiceField(label=_("What the file contains"), choices=ImportKind.choices)
    file = forms.FileField(label=_("Excel file (.xlsx)"))


class ExportForm(Form):
    unmasked = forms.BooleanField(label=_("Full ID numbers and phones (logged)"), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class ArchiveFileForm(Form):
    title = forms.CharField(label=_("Title"), max_length=100, required=False)
    location = forms.CharField(label=_("Shelf location"), max_length=50, required=False)
    catalogue_number = forms.CharField(
        label=_("Catalogue number"),
        max_length=30,
        required=False,
        help_text=_("Leave empty to number it automatically."),
    )


class DocumentForm(Form):
    doc_type = forms.ChoiceField(label=_("Document type"), choices=DocumentType.choices)
    title = forms.CharField(label=_("Title"), max_length=100, required=False)
    file = forms.FileField(label=_("File"))


class LoanForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=LoanKind.choices)
    requester = forms.CharField(label=_("Requester"), max_length=50)
    requester_department = forms.CharField(label=_("Department"), max_length=50, required=False)
    reason = forms.CharField(label=_("Reason"), max_length=200)
    due_on = forms.DateField(label=_("Due back"), widget=DateInput, required=False)


class LoanActionForm(Form):
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)
