"""The lifecycle of paid services' orders (特约服务单) on the kit (core.lifecycle).

Their status field is `state`; each move writes the order's own append-only record,
`SpecialServiceStep`, through `write_special_step` (the move's reason is the step's note), and
also notes the change on the service request's timeline (services). Who may make each move is in
`permissions.py`.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

from propdesk.core.lifecycle import Lifecycle, Move, register

from . import permissions
from .choices import SpecialState
from .models import SpecialServiceOrder, SpecialServiceStep


def write_special_step(order, *, from_status, to_status, actor, reason, at, move) -> SpecialServiceStep:
    """The kit's event writer for special-service orders: their `SpecialServiceStep` row (the note
    is the move's reason)."""
    return SpecialServiceStep.objects.create(
        project_id=order.project_id,
        order=order,
        from_state=from_status,
        to_state=to_status,
        actor=actor,
        at=at,
        note=(reason or "")[:200],
    )


# 特约服务单: draft (待审核) → confirmed by the department head (work off the price list first waits for
# the property manager's approval: pending_approval → approved, or sent back to the draft with the
# reason) → agreed by the owner → completed
# (one bill line); the owner may decline a confirmed order; a confirmed order goes back to the draft
# to be re-priced before the owner agreed; cancelled from any state before completion.
S = SpecialState
P = permissions
SPECIAL_ORDER = register(
    Lifecycle(
        model=SpecialServiceOrder,
        field="state",
        write_event=write_special_step,
        refusal=gettext_noop("The special service order is “%(from)s” and cannot become “%(to)s”."),
        tones={
            S.DRAFT: "warning",
            S.PENDING_APPROVAL: "warning",
            S.CONFIRMED: "info",
            S.AGREED: "primary",
            S.COMPLETED: "success",
        },
        moves=[
            Move(
                S.DRAFT,
                S.CONFIRMED,
                allowed=P.can_confirm_special,
                sets=("confirmed_by", "confirmed_at", "approved_by", "approved_at"),
                name="confirm",
            ),
            # Work off the list: the head's confirmation waits for the manager's approval.
            Move(
                S.DRAFT,
                S.PENDING_APPROVAL,
                allowed=P.can_confirm_special,
                sets=("confirmed_by", "confirmed_at"),
                name="confirm",
            ),
            Move(
                S.PENDING_APPROVAL,
                S.CONFIRMED,
                allowed=P.can_approve_special,
                sets=("approved_by", "approved_at"),
                name="approve",
            ),
            Move(
                S.PENDING_APPROVAL,
                S.DRAFT,
                allowed=P.can_approve_special,
                sets=("confirmed_by", "confirmed_at"),
                needs_reason=True,
                name="send_back",
            ),
            Move(
                S.CONFIRMED,
                S.AGREED,
                allowed=P.can_agree_special,
                sets=("agreed_at", "agreement_method", "signer_name", "signature"),
                name="agree",
            ),
            Move(
                S.CONFIRMED, S.DECLINED, allowed=P.can_decline_special, sets=("end_reason",), name="decline"
            ),
            Move(
                S.CONFIRMED,
                S.DRAFT,
                allowed=P.can_reopen_special,
                sets=("confirmed_by", "confirmed_at"),
                needs_reason=True,
                name="reopen",
            ),
            Move(
                S.AGREED,
                S.COMPLETED,
                allowed=P.can_complete_special,
                sets=("completed_by", "completed_at", "bill"),
                name="complete",
            ),
            Move(
                (S.DRAFT, S.PENDING_APPROVAL, S.CONFIRMED, S.AGREED),
                S.CANCELLED,
                allowed=P.can_cancel_special,
                sets=("end_reason",),
                needs_reason=True,
                name="cancel",
            ),
        ],
    )
)
