from django.contrib.auth.backends import ModelBackend

from .access import project_permissions


class PositionPermissionBackend(ModelBackend):
    """Django's `user.has_perm` backed by positions.

    With a Project as `obj`, the permissions the user holds in that project; with no
    object (the admin's configuration screens), the union over all their positions.
    """

    def get_all_permissions(self, user_obj, obj=None):
        from .models import Project

        if not user_obj.is_active or user_obj.is_anonymous:
            return set()
        if isinstance(obj, Project):
            return set(project_permissions(user_obj, obj))
        if obj is not None:
            project = getattr(obj, "project", None)
            return set(project_permissions(user_obj, project)) if project is not None else set()
        if not hasattr(user_obj, "_position_perm_cache"):
            from .access import visible_project_ids
            from .models import Project as P

            perms = set(super().get_all_permissions(user_obj))
            for project in P.objects.filter(id__in=visible_project_ids(user_obj)):
                perms |= project_permissions(user_obj, project)
            user_obj._position_perm_cache = perms
        return user_obj._position_perm_cache

    def has_perm(self, user_obj, perm, obj=None):
        return user_obj.is_active and perm in self.get_all_permissions(user_obj, obj)

    def has_module_perms(self, user_obj, app_label):
        return user_obj.is_active and any(
            p.startswith(app_label + ".") for p in self.get_all_permissions(user_obj)
        )
