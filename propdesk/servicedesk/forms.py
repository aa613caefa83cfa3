from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from propdesk.registry.models import Unit
from propdesk.registry.search import EXACT_ROOM, search

from .choices import Channel, RepairClass, RequestKind
from .models import Category


def find_unit(project, label: str) -> Unit | None:
    """3-2-1501, 3栋2单元1501 or 3-1501 → the one unit of this project, through the registry's search."""

    rooms = [
        h.unit
        for h in search(project, label, include_people=False, limit=2)
        if h.kind == "unit" and h.score == EXACT_ROOM
    ]
    return rooms[0] if len(rooms) == 1 else None


class IntakeForm(forms.Form):
    """Room first, then the matter: the order staff fill it in while the owner talks."""

    unit_label = forms.CharField(
        label=_("Room"),
        max_length=30,
        required=False,
        help_text=_("As said: 3-2-1501 or 3#2-1501. Leave empty for a public area."),
    )
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=RequestKind.choices, initial=RequestKind.REPAIR)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.PHONE)
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none(), required=False)
    repair_class = forms.ChoiceField(
        label=_("Repair class"),
        choices=[("", _("From the category"))] + list(RepairClass.choices),
        required=False,
    )
    content = forms.CharField(label=_("What is the matter"), widget=forms.Textarea(attrs={"rows": 3}))
    owner_requirements = forms.CharField(label=_("Owner's requirements"), max_length=200, required=False)
    preferred_time = forms.CharField(label=_("Preferred time"), max_length=100, required=False)
    reporter_name = forms.CharField(label=_("Reporter"), max_length=50)
    reporter_phone = forms.CharField(label=_("Contact phone"), max_length=20, required=False)
    apologized = forms.BooleanField(label=_("Apologised to the owner (complaints)"), required=False)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.fields["category"].queryset = Category.objects.filter(
            project=project, is_active=True
        ).select_related("parent")
        self.unit = None

    def clean_unit_label(self):
        label = self.cleaned_data["unit_label"].strip()
        if label:
            self.unit = find_unit(self.project, label)
            if self.unit is None:
                raise forms.ValidationError(_("No room %(label)s in this project.") % {"label": label})
        return label

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("unit_label")
            and not cleaned.get("location", "").strip()
            and "unit_label" not in self.errors
        ):
            self.add_error("location", _("Give the room or describe the location."))
        return cleaned


class HandOffForm(forms.Form):
    to_user = forms.ModelChoiceField(label=_("Hand over to"), queryset=None)
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}))
    multi_department = forms.BooleanField(
        label=_("Several departments are involved (goes to the center director)"), required=False
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_user"].queryset = candidates


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
