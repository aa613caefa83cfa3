"""The registry's part of the front-desk workbench: the search box first, overdue archive files flagged."""

from django import template

from propdesk.core.access import project_permissions

from ..selectors import overdue_loans

register = template.Library()


@register.inclusion_tag("registry/_workbench.html", takes_context=True)
def registry_workbench(context):
    request = context["request"]
    project = getattr(request, "project", None)
    held = project_permissions(request.user, project) if project else frozenset()
    overdue = []
    if "registry.view_archiveloan" in held:
        overdue = list(overdue_loans(project)[:10])
    return {"request": request, "can_search": "registry.view_unit" in held, "overdue": overdue}
