from django.utils.functional import SimpleLazyObject

SESSION_KEY = "propdesk_project_id"


def _current_project(request):
    from .access import staff_projects

    user = request.user
    if not user.is_authenticated:
        return None
    projects = staff_projects(user)
    wanted = request.session.get(SESSION_KEY)
    if wanted is not None:
        project = projects.filter(pk=wanted).first()
        if project is not None:
            return project
    # A stale or foreign id in the session falls back to the first visible project.
    project = projects.first()
    if project is not None:
        request.session[SESSION_KEY] = project.pk
    return project


class CurrentProjectMiddleware:
    """Puts the project chosen in the project switcher on `request.project`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.project = SimpleLazyObject(lambda: _current_project(request))
        return self.get_response(request)
