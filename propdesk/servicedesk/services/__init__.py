"""Every write of the service desk: requests and hand-offs (requests.py), repairs (repairs.py)."""

from .complaints import (  # noqa: F401
    archive_complaint,
    assign_improvement,
    complete_improvement,
    decide_complaint,
    door_visit_required,
    give_feedback,
    record_callback,
    record_department_action,
    sign_off_complaint,
)
from .handoff_escalation import redirect_handoff, take_over_handoff  # noqa: F401
from .repairs import (  # noqa: F401
    accept_order,
    arrive,
    complete_order,
    dispatch,
    reclassify_repair,
    return_slip,
    sign_order,
    suggest_technicians,
)
from .requests import (  # noqa: F401
    DIRECTOR_POSITION,
    HANDLE_PERM,
    Proposal,
    accept_handoff,
    day_number,
    decline_handoff,
    department_head,
    director_of,
    link_to_incident,
    load_default_categories,
    next_number,
    propose_handoff_target,
    receive_request,
    request_handoff,
    transition_request,
    withdraw_handoff,
)
