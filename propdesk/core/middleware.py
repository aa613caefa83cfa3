from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from .access import staff_projects

SESSION_KEY = "propdesk_project_id"


def _current_project(request):
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
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class ControlCharacterMiddleware:
    """Refuse a NUL character in any query or form parameter with a 400 that names the parameter.

    PostgreSQL cannot store or even compare a text containing NUL, so `?q=%00` in a search box
    would reach the database and fail there (a 500). Django's and DRF's form fields already refuse
    NUL; this covers the parameters views read directly (search boxes, filters). JSON bodies are
    checked by the serializers' CharFields.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        params = [request.GET]
        if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
            params.append(request.POST)
        for query in params:
            for name, values in query.lists():
                if "\x00" in name or any("\x00" in value for value in values):
                    return self._refuse(request, name.replace("\x00", ""))
        return self.get_response(request)

    @staticmethod
    def _refuse(request, name):
        message = _("%(field)s: contains a NUL character, which is not allowed.") % {"field": name}
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"code": "invalid", "message": message, "fields": {name: [message]}}, status=400
            )
        return render(request, "400.html", {"message": message}, status=400)


class SecurityHeadersMiddleware:
    """The Content-Security-Policy header (settings.CONTENT_SECURITY_POLICY) on every response that
    does not set its own. HSTS, nosniff and the referrer policy come from Django's SecurityMiddleware."""

    def __init__(self, get_response):
        self.policy = settings.CONTENT_SECURITY_POLICY
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Content-Security-Policy", self.policy)
        return response
