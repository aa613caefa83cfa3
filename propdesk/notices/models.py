"""Notifications to staff (the bell) and what the SMS and WeCom sandboxes would have sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from propdesk.core.crypto import EncryptedPhoneField, PhoneIndexField, mask_phone
from propdesk.core.models import Project, ProjectScopedQuerySet


class NotificationQuerySet(ProjectScopedQuerySet):
    def for_user(self, user):
        # A notification is personal: only its recipient sees it, whatever their projects.
        if not user or not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """站内通知: one message to one person, shown under the bell until read."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    channels = models.CharField(_("channels"), max_length=50, default="in_app")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notice_recipient_unread")]

    def __str__(self) -> str:
        return self.title


class SmsOutbox(models.Model):
    """The SMS sandbox: what would have been sent, for tests and for a demo without an SMS contract."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    notification = models.ForeignKey(Notification, on_delete=models.SET_NULL, null=True, related_name="+")
    phone = EncryptedPhoneField(_("phone"))
    phone_index = PhoneIndexField(source="phone", db_index=True)
    text = models.CharField(_("text"), max_length=500)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("SMS (sandbox)")
        verbose_name_plural = _("SMS (sandbox)")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{mask_phone(self.phone)}: {self.text[:20]}"


class WeComOutbox(models.Model):
    """The Enterprise WeChat (企业微信) sandbox: what would have been posted to message/send."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    notification = models.ForeignKey(Notification, on_delete=models.SET_NULL, null=True, related_name="+")
    userid = models.CharField(_("Enterprise WeChat user ID"), max_length=64)
    title = models.CharField(_("title"), max_length=128)
    text = models.CharField(_("text"), max_length=512, blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("Enterprise WeChat message (sandbox)")
        verbose_name_plural = _("Enterprise WeChat messages (sandbox)")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.userid}: {self.title[:20]}"
