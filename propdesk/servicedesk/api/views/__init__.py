"""The service desk's API views, by topic."""

from .kpis import KpiViewSet
from .plans import CallbackPlanViewSet, CallbackTaskViewSet
from .requests import HandOffViewSet, MyRequestViewSet, ServiceRequestViewSet
from .steps import CallbackViewSet, ComplaintViewSet, ImprovementViewSet, WorkOrderViewSet
from .surveys import MySurveyViewSet, SurveyCampaignViewSet

__all__ = [
    "CallbackViewSet",
    "ComplaintViewSet",
    "ImprovementViewSet",
    "WorkOrderViewSet",
    "CallbackPlanViewSet",
    "CallbackTaskViewSet",
    "HandOffViewSet",
    "KpiViewSet",
    "MyRequestViewSet",
    "MySurveyViewSet",
    "ServiceRequestViewSet",
    "SurveyCampaignViewSet",
]
