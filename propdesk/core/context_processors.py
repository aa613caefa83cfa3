from .access import staff_projects
from .nav import banners_for, menu_for


def shell(request):
    """The page shell: current project, the switcher's choices and the menu."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    project = getattr(request, "project", None)
    project = project if project else None
    return {
        "current_project": project,
        "switchable_projects": staff_projects(user),
        "menu": menu_for(user, project) if project is not None else [],
        "banners": banners_for(request),
    }
