from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from .errors import LoginLocked
from .logins import check_login_allowed, client_ip


class ThrottledLoginForm(AuthenticationForm):
    """Django's login form, saying so when the username or address is locked.

    The lock itself and the record of every attempt are in the authentication backend
    (`core.logins`), the same for the admin's login and the API's token endpoint.
    """

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Wrong username or password."),
    }

    def clean(self):
        username = (self.cleaned_data.get("username") or "").strip()
        ip = client_ip(self.request) if self.request else None
        if username:
            try:
                check_login_allowed(username=username, ip_address=ip)
            except LoginLocked as exc:
                raise forms.ValidationError(exc.message, code="locked") from None
        return super().clean()


class ThrottledAdminLoginForm(ThrottledLoginForm, AdminAuthenticationForm):
    """The admin's login form (staff only) with the same lock message."""


class PasswordChangeForm(forms.Form):
    """One's own password: the current one, the new one twice. The rules are in `logins.change_password`."""

    old_password = forms.CharField(label=_("Current password"), strip=False, widget=forms.PasswordInput)
    new_password = forms.CharField(label=_("New password"), strip=False, widget=forms.PasswordInput)
    new_password_again = forms.CharField(
        label=_("New password again"), strip=False, widget=forms.PasswordInput
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("new_password") and cleaned.get("new_password_again") not in (
            None,
            cleaned["new_password"],
        ):
            self.add_error("new_password_again", _("The two new passwords differ."))
        return cleaned


class ProjectContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    service_phone = forms.CharField(label=_("Service phone"), max_length=30, required=False)
    service_center_name = forms.CharField(label=_("Service center name"), max_length=100, required=False)
    timezone = forms.CharField(label=_("Time zone"), max_length=50)


def select_options(pairs, selected=None):
    """`<option>` tags for (value, label) pairs, escaped, built in Python.

    A filter bar's building list can hold hundreds of entries: a template loop over model
    objects costs tens of milliseconds a page, this costs well under one.
    """
    chosen = "" if selected is None else str(selected)
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if str(value) == chosen else "", label) for value, label in pairs),
    )
