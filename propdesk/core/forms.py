from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .errors import LoginLocked
from .services import check_login_allowed, record_login_attempt


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or the proxy-appended X-Forwarded-For entry when trusted."""
    import ipaddress

    from django.conf import settings

    candidates = []
    if settings.TRUST_X_FORWARDED_FOR:
        candidates.append(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip())
    candidates.append(request.META.get("REMOTE_ADDR") or "")
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue  # a misconfigured proxy header is ignored, not stored
    return None


class ThrottledLoginForm(AuthenticationForm):
    """Django's login form, refusing further attempts after repeated failures."""

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
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if username:
                record_login_attempt(username=username, ip_address=ip, succeeded=False)
            raise
        record_login_attempt(username=username, ip_address=ip, succeeded=True)
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
    from django.utils.html import format_html_join

    chosen = "" if selected is None else str(selected)
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if str(value) == chosen else "", label) for value, label in pairs),
    )
