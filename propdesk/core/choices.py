from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectKind(models.TextChoices):
    RESIDENTIAL = "residential", _("Residential community")  # 住宅小区
    PARK = "park", _("Park")  # 园区
    MALL = "mall", _("Shopping mall")  # 商场
    OFFICE = "office", _("Office tower")  # 大厦


class DepartmentKind(models.TextChoices):
    CUSTOMER_SERVICE = "customer_service", _("Customer service")  # 客户服务部
    ENGINEERING = "engineering", _("Engineering")  # 工程部
    SECURITY = "security", _("Security")  # 安管部 / 秩序维护部
    ENVIRONMENT = "environment", _("Environment")  # 环境部: 保洁, 绿化
    FINANCE = "finance", _("Finance")  # 财务部
    ADMINISTRATION = "administration", _("Administration")  # 行政人事部
    LEASING = "leasing", _("Leasing")  # 招商部 (commercial projects)
    MANAGEMENT = "management", _("Center management")  # 物业服务中心主任 / 经理


class PositionScope(models.TextChoices):
    PROJECT = "project", _("Project")  # held inside one project through a Membership
    COMPANY = "company", _("Company")  # held for a whole company through a CompanyRole
    EXTERNAL = "external", _("External")  # owners and tenants: linked through the registry, never members


class JobTrigger(models.TextChoices):
    SCHEDULER = "scheduler", _("In-process scheduler")
    CELERY = "celery", _("Celery")
    COMMAND = "command", _("Command line")
    WEB = "web", _("Web")
