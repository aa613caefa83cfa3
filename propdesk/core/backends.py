from django.contrib.auth.backends import ModelBackend, UserModel
from django.core.exceptions import PermissionDenied

from . import logins
from .access import project_permissions, visible_project_ids
from .crypto import phone_index
from .errors import LoginLocked
from .models import Project


class PositionPermissionBackend(ModelBackend):
    """Django's `user.has_perm` backed by positions.

    With a Project as `obj`, the permissions the user holds in that project; with no
    object (the admin's configuration screens), the union over all their positions.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        """Check a password — the one lockout for the login page, the admin and the API token.

        The username is normalised once (`logins.normalise_username`) for the lock, the look-up and
        the record; a mobile number finds the account it belongs to (owners sign in with it) and is
        counted and recorded by its blind index; a locked username or address is refused before the password is checked
        (`PermissionDenied` stops Django trying other backends); every attempt is recorded.
        """
        if username is None:
            username = kwargs.get(UserModel.USERNAME_FIELD)
        if username is None or password is None:
            return None
        username = logins.normalise_username(username)
        ip = logins.client_ip(request)
        try:
            logins.check_login_allowed(username=username, ip_address=ip)
        except LoginLocked:
            raise PermissionDenied from None
        user = super().authenticate(request, username=username, password=password)
        number = logins.as_mobile(username)
        if user is None and number:
            user = self._by_mobile(number, password)
        logins.record_login_attempt(username=username, ip_address=ip, succeeded=user is not None)
        return user

    def _by_mobile(self, number: str, password: str):
        """The one account whose mobile is `number` (found by its blind index), when the password is
        its own; none when no account or several have that number."""
        users = list(UserModel._default_manager.filter(phone_index=phone_index(number))[:2])
        if len(users) != 1:
            UserModel().set_password(password)  # the same time as a wrong password (Django's defence)
            return None
        user = users[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous:
            return set()
        if isinstance(obj, Project):
            return set(project_permissions(user_obj, obj))
        if obj is not None:
            project = getattr(obj, "project", None)
            return set(project_permissions(user_obj, project)) if project is not None else set()
        if not hasattr(user_obj, "_position_perm_cache"):
            perms = set(super().get_all_permissions(user_obj))
            for project in Project.objects.filter(id__in=visible_project_ids(user_obj)):
                perms |= project_permissions(user_obj, project)
            user_obj._position_perm_cache = perms
        return user_obj._position_perm_cache

    def has_perm(self, user_obj, perm, obj=None):
        return user_obj.is_active and perm in self.get_all_permissions(user_obj, obj)

    def has_module_perms(self, user_obj, app_label):
        return user_obj.is_active and any(
            p.startswith(app_label + ".") for p in self.get_all_permissions(user_obj)
        )
