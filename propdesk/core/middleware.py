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


class LanguageMiddleware:
    """Chinese unless the person chose otherwise with the language switch.

    Django's LocaleMiddleware follows the browser's Accept-Language, which would show an
    English page to staff whose phone happens to be set to English. Here the choice is the
    language cookie written by the switch (set_language), else LANGUAGE_CODE.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
