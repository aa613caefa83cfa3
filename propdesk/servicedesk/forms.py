from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from propdesk.registry.models import Unit
from propdesk.registry.search import EXACT_ROOM, search

from .choices import Channel, RepairClass, RequestKind
from .models import Category


def find_unit(project, label: str, *, user=None) -> Unit | None:
    """3-2-1501, 3栋2单元1501 or 3-1501 → the one unit of this project (that `user` sees), through
    the registry's search."""

    rooms = [
        h.unit
        for h in search(project, label, user=user, include_people=False, limit=2)
        if h.kind == "unit" and h.score == EXACT_ROOM
    ]
    return rooms[0] if len(rooms) == 1 else None


@dataclass(frozen=True)
class UnitMatch:
    unit: Unit
    how: str  # what matched, in words: 房号, 尾号, 拼音, 车牌 鄂A…
    party: object = None  # the owner or resident whose name, phone or initials matched


def match_units(project, text: str, *, user=None, limit: int = 8) -> list[UnitMatch]:
    """The rooms the intake's room field means, found the way the search box finds them: a room
    (3-2-1501, 3#2-1501; an exact room wins alone), a bare room number, a name, pinyin initials, a
    phone or its last four digits, a plate. A person counts for each room they own or live in.
    With `user`, only the rooms they see (a butler: those of her buildings)."""

    hits = search(project, text, user=user, limit=20)
    exact = [h for h in hits if h.kind == "unit" and h.score == EXACT_ROOM]
    out: dict[int, UnitMatch] = {}
    for hit in exact or hits:
        for unit in [hit.unit] if hit.unit is not None else hit.units:
            if unit.pk not in out:
                out[unit.pk] = UnitMatch(unit, str(hit.matched), hit.party)
    return list(out.values())[:limit]


class IntakeForm(forms.Form):
    """Room first, then the matter: the order staff fill it in while the owner talks."""

    unit_label = forms.CharField(
        label=_("Room"),
        max_length=30,
        required=False,
        help_text=_(
            "A room as said (3-2-1501, 3#2-1501), or the owner's name, pinyin initials, phone or its"
            " last four digits, or a plate. Leave empty for a public area."
        ),
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

    def __init__(self, *args, project, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.user = user
        self.fields["category"].queryset = Category.objects.filter(
            project=project, is_active=True
        ).select_related("parent")
        self.unit = None
        self.unit_matches: list[UnitMatch] = []

    def clean_unit_label(self):
        """A unique match fills the room; several ask to choose (the page lists them); none says so."""
        label = self.cleaned_data["unit_label"].strip()
        if not label:
            return label
        self.unit_matches = match_units(self.project, label, user=self.user)
        if not self.unit_matches:
            raise forms.ValidationError(
                _("Nothing in this project matches “%(label)s”: no room, owner, phone or plate.")
                % {"label": label}
            )
        if len(self.unit_matches) > 1:
            raise forms.ValidationError(
                _("“%(label)s” matches %(count)s rooms: choose one below.")
                % {"label": label, "count": len(self.unit_matches)}
            )
        self.unit = self.unit_matches[0].unit
        return self.unit.label

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
