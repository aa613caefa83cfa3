"""Every write of the owner portal's accounts: activation, invitations, consent, sessions, contacts."""

from .activation import activate, request_code
from .consent import grant_tenant_consent, revoke_tenant_consent
from .contacts import add_contact, remove_contact
from .invitations import send_invitation
from .sessions import sign_out_elsewhere

__all__ = [
    "activate",
    "add_contact",
    "grant_tenant_consent",
    "remove_contact",
    "request_code",
    "revoke_tenant_consent",
    "send_invitation",
    "sign_out_elsewhere",
]
