"""Alerts to the people who answer for a company: a broken hash chain (core.chains)."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from propdesk.core.models import CompanyRole, Project

from .services import Message, notify


def alert_company_admins(project: Project, problems) -> None:
    """Tell the company's administrators (in the app and by email) that a project's money or
    personal-data records no longer match their hash chain, with the first problems found."""
    admins = CompanyRole.objects.filter(
        company_id=project.company_id, position__code="company_admin", is_active=True, user__is_active=True
    ).values_list("user_id", flat=True)
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Records of %(project)s were changed outside PropDesk") % {"project": project.name}
        body = "\n".join(
            [
                _(
                    "The nightly check found %(count)s rows that no longer match their hash chain: money "
                    "rows or personal-data access records were changed or deleted directly in the database. "
                    "Keep the database as it is and ask your operator for the verify_chains output."
                )
                % {"count": len(problems)},
                *(str(p) for p in problems[:10]),
            ]
        )
    notify(
        messages=[
            Message(
                recipient_id=user_id,
                project_id=project.pk,
                title=title,
                body=body,
                channels=("in_app", "email"),
            )
            for user_id in sorted(set(admins))
        ]
    )
