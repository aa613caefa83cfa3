"""One object of project A per model, for the route authorization test.

Models with a `project` field need nothing here: the test takes one of project A's
rows (the world fixture creates them). Add an entry only for models whose rows the
world does not create or that hang off the company.
"""

from __future__ import annotations


def sample_object(model, world):
    label = model._meta.label
    special = {
        "core.Project": lambda: world.project,
        "core.Company": lambda: world.company,
        "core.CompanyRole": lambda: world.company.roles.first(),
        "core.User": lambda: world.users["frontdesk"],
        # Installation-wide rows (no project): any one will do; only superusers may edit them.
        "core.Position": lambda: model.objects.order_by("pk").first(),
        "core.JobRun": lambda: model.objects.get_or_create(
            job="purge_login_attempts", trigger="command", defaults={"started_at": world.project_created_at}
        )[0],
    }
    if label in special:
        return special[label]()
    if any(f.name == "project" for f in model._meta.get_fields()):
        return model.objects.filter(project=world.project).order_by("pk").first()
    return None
