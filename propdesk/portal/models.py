"""Owner and tenant accounts (issue 19): activation codes, invitations, the owner's consent for a
tenant's account, and the browser sessions an account signed in with."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from propdesk.core.crypto import EncryptedPhoneField, PhoneIndexField, mask_phone
from propdesk.core.models import Project, ProjectScopedQuerySet, history
from propdesk.registry.models import Party, Unit


class ActivationCode(models.Model):
    """One request for an activation code: every request is a row (known number or not), so the
    throttles count them; a code is sent only to a number the registry holds. The code is stored as
    an HMAC of the number and the code, never in clear; the number is encrypted, the throttles and the
    activation find it by its blind index."""

    phone = EncryptedPhoneField(_("mobile phone"))
    phone_index = PhoneIndexField(source="phone", db_index=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True, db_index=True)
    code_hash = models.CharField(max_length=64, blank=True, editable=False)
    sent = models.BooleanField(_("sent"), default=False)
    created_at = models.DateTimeField(_("created at"), db_index=True)
    expires_at = models.DateTimeField(_("expires at"))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("activation code")
        verbose_name_plural = _("activation codes")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{mask_phone(self.phone)} @ {self.created_at:%Y-%m-%d %H:%M}"


class PortalInvitation(models.Model):
    """发送开通邀请: the front desk sent a person the activation link by SMS (who, when, to whom)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", verbose_name=_("unit"))
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="+", verbose_name=_("person"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    sent_at = models.DateTimeField(_("time"), db_index=True)

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("activation invitation")
        verbose_name_plural = _("activation invitations")
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.party_id} @ {self.unit_id}"


class TenantConsent(models.Model):
    """同意租户开通: the owner agreed that the tenant of their unit may have a portal account —
    given by the owner in the portal, or recorded by the front desk from the owner's written consent
    with a reason. Revoked with a date, never deleted."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", verbose_name=_("unit"))
    tenant = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="portal_consents", verbose_name=_("tenant")
    )
    owner = models.ForeignKey(
        Party, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("owner")
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    granted_at = models.DateTimeField(_("granted at"))
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("tenant consent")
        verbose_name_plural = _("tenant consents")
        ordering = ["-granted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "unit", "tenant"],
                condition=models.Q(revoked_at__isnull=True),
                name="tenant_consent_one_current",
            )
        ]

    def __str__(self) -> str:
        return f"{self.tenant_id} @ {self.unit_id}"


class PortalSession(models.Model):
    """A browser session of a portal account, recorded the first time it opens a portal page, so the
    person can see where they are signed in and sign out elsewhere."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    session_key = models.CharField(max_length=40, unique=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("signed in at"))

    class Meta:
        verbose_name = _("portal session")
        verbose_name_plural = _("portal sessions")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.created_at:%Y-%m-%d %H:%M}"
