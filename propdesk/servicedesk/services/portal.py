"""What an owner or tenant does from the portal: report, follow, confirm, rate.

An owner, tenant or resident is a User linked to registry Parties (Party.user); what they see
and act on is `registry.visibility`'s one rule. Nothing here uses staff permissions.
"""

from __future__ import annotations

import io

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from propdesk.core import uploads
from propdesk.core.audit import acting_as
from propdesk.core.errors import AccessDenied, ServiceError
from propdesk.core.models import User
from propdesk.registry import visibility
from propdesk.registry.models import Unit
from propdesk.registry.visibility import unit_accesses

from ..choices import Channel, RequestKind, RequestStatus, Satisfaction, WorkOrderState
from ..models import OwnerRating, RequestPhoto, ServiceRequest, WorkOrder
from .repairs import decode_signature, move_order
from .requests import receive_request_as_owner

MAX_PHOTOS = 6
MAX_PHOTO_BYTES = 8 * 1024 * 1024
PORTAL_KINDS = {
    RequestKind.REPAIR,
    RequestKind.COMPLAINT,
    RequestKind.INQUIRY,
    RequestKind.SUGGESTION,
    RequestKind.PRAISE,
    RequestKind.PAID_SERVICE,
}


def owner_requests(user: User):
    """The requests `user` sees as owner, tenant or resident (registry.visibility: an owner all of
    the unit's, a tenant or resident those received since they moved in)."""
    return (
        ServiceRequest.objects.filter(visibility.visible(unit_accesses(user), time_field="received_at"))
        .select_related("unit__building", "category")
        .order_by("-received_at", "-id")
    )


def _check_photo(upload: UploadedFile, index: int) -> None:
    if upload.size > MAX_PHOTO_BYTES:
        raise ServiceError(_("Photo %(n)d is larger than 8 MB.") % {"n": index}, field="photos")
    data = upload.read()
    upload.seek(0)
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            if image.format not in {"JPEG", "PNG", "WEBP", "HEIF", "MPO"}:
                raise ServiceError(
                    _("Photo %(n)d is not a JPEG or PNG picture.") % {"n": index}, field="photos"
                )
    except (UnidentifiedImageError, OSError):
        raise ServiceError(_("Photo %(n)d is not a picture.") % {"n": index}, field="photos") from None


@transaction.atomic
def submit_owner_request(
    *,
    actor: User,
    unit: Unit,
    kind: str,
    content: str,
    preferred_time: str = "",
    owner_requirements: str = "",
    photos: list[UploadedFile] = (),
) -> ServiceRequest:
    """An owner reports a matter about one of their units, with up to six photos.

    The request is received by the customer-service supervisor on duty (the portal's first
    receiver, so that someone is accountable from the first second)."""
    if unit.pk not in {a.unit_id for a in unit_accesses(actor)}:
        raise AccessDenied(_("This is not your unit."))
    if kind not in PORTAL_KINDS:
        raise ServiceError(_("This kind of request cannot be made in the portal."), field="kind")
    if len(photos) > MAX_PHOTOS:
        raise ServiceError(_("At most %(n)d photos.") % {"n": MAX_PHOTOS}, field="photos")
    for index, upload in enumerate(photos, start=1):
        _check_photo(upload, index)
    party = visibility.party_of(actor, unit)
    request = receive_request_as_owner(
        project=unit.project,
        owner=actor,
        kind=kind,
        channel=Channel.PORTAL,
        content=content,
        reporter_name=party.name,
        reporter_phone=party.phone,
        unit=unit,
        party=party,
        preferred_time=preferred_time,
        owner_requirements=owner_requirements,
    )
    with acting_as(actor):
        for upload in photos:
            RequestPhoto.objects.create(
                project_id=request.project_id,
                request=request,
                image=uploads.reencoded_image(upload, field="photos"),  # pixels only: no EXIF, no payload
                uploaded_by=actor,
            )
    return request


def _own(actor: User, request: ServiceRequest) -> ServiceRequest:
    if not owner_requests(actor).filter(pk=request.pk).exists():
        raise AccessDenied(_("This is not your request."))
    return request


@transaction.atomic
def owner_confirm_completion(
    *, request: ServiceRequest, actor: User, signature_data_url: str = ""
) -> WorkOrder:
    """The owner confirms a completed repair in the portal instead of signing on the technician's phone;
    the portal's page sends the signature drawn on the owner's phone (kept with the work order)."""
    _own(actor, request)
    raw = decode_signature(signature_data_url) if signature_data_url else None
    order = (
        WorkOrder.objects.select_for_update().filter(request=request, state=WorkOrderState.COMPLETED).first()
    )
    if order is None:
        raise ServiceError(_("There is no completed repair waiting for your confirmation."), field="request")
    if not order.needs_owner_signature:
        raise ServiceError(_("Public-area repairs are not confirmed by an owner."), field="request")
    now = timezone.now()
    signed = {}
    if raw is not None:
        order.signature.save(f"{request.number}.png", ContentFile(raw), save=False)
        signed["signature"] = order.signature
    with acting_as(actor):
        # The work order's move: checked against its lifecycle, timeline step and SLA event written.
        move_order(
            order,
            WorkOrderState.SIGNED,
            actor,
            now,
            data={"via": "portal"},
            signed_at=now,
            signer_name=_("%(name)s (confirmed in the portal)") % {"name": request.reporter_name},
            **signed,
        )
    return order


@transaction.atomic
def rate_request(
    *, request: ServiceRequest, actor: User, satisfaction: str, comment: str = ""
) -> OwnerRating:
    """The owner rates a finished request once."""
    _own(actor, request)
    if request.status not in (RequestStatus.RESOLVED, RequestStatus.CLOSED):
        raise ServiceError(_("You can rate a request once it is done."), field="request")
    if satisfaction not in Satisfaction.values:
        raise ServiceError(_("Unknown satisfaction."), field="satisfaction")
    if OwnerRating.objects.filter(request=request).exists():
        raise ServiceError(_("You have already rated this request."), field="request")
    with acting_as(actor):
        return OwnerRating.objects.create(
            project_id=request.project_id,
            request=request,
            satisfaction=satisfaction,
            comment=comment.strip(),
            rated_by=actor,
            rated_at=timezone.now(),
        )
