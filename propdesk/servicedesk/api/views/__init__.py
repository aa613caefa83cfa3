"""The service desk's API views, by topic."""

from .kpis import KpiViewSet
from .plans import CallbackPlanViewSet, CallbackTaskViewSet
from .requests import HandOffViewSet, MyRequestViewSet, ServiceRequestViewSet
from .surveys import MySurveyViewSet, SurveyCampaignViewSet

__all__ = [
    "CallbackPlanViewSet",
    "CallbackTaskViewSet",
    "HandOffViewSet",
    "KpiViewSet",
    "MyRequestViewSet",
    "MySurveyViewSet",
    "ServiceRequestViewSet",
    "SurveyCampaignViewSet",
]
