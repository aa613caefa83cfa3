"""The service desk's models, split by topic: requests and hand-offs, repairs, complaints and
callbacks, callback plans, surveys, KPI roll-ups."""

from .complaints import Callback, Complaint, Improvement
from .kpis import KpiCount, KpiDay, KpiDirty, KpiSettings, KpiState, KpiTarget
from .plans import (
    CallbackPlan,
    CallbackPlanEvent,
    CallbackTask,
    CallbackTaskEvent,
    PlanKind,
    PlanState,
    PlanTaskState,
)
from .repairs import TechnicianSkill, WorkOrder, WorkOrderMaterial
from .requests import (
    Category,
    HandOff,
    OwnerRating,
    RequestCounter,
    RequestEvent,
    RequestPhoto,
    ServiceRequest,
)
from .surveys import (
    SurveyAnswer,
    SurveyCampaign,
    SurveyCampaignEvent,
    SurveyMethod,
    SurveyQuestion,
    SurveyResponse,
    SurveyScale,
    SurveyState,
)

__all__ = [
    "Callback",
    "CallbackPlan",
    "CallbackPlanEvent",
    "CallbackTask",
    "CallbackTaskEvent",
    "Category",
    "Complaint",
    "HandOff",
    "Improvement",
    "KpiCount",
    "KpiDay",
    "KpiDirty",
    "KpiSettings",
    "KpiState",
    "KpiTarget",
    "OwnerRating",
    "PlanKind",
    "PlanState",
    "PlanTaskState",
    "RequestCounter",
    "RequestEvent",
    "RequestPhoto",
    "ServiceRequest",
    "SurveyAnswer",
    "SurveyCampaign",
    "SurveyCampaignEvent",
    "SurveyMethod",
    "SurveyQuestion",
    "SurveyResponse",
    "SurveyScale",
    "SurveyState",
    "TechnicianSkill",
    "WorkOrder",
    "WorkOrderMaterial",
]
