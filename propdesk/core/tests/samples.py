"""One object of project A per model, for the route authorization test.

Models with a `project` field need nothing here when the world fixture creates rows of
them. Otherwise an app adds `SAMPLES = {"app.Model": lambda world: <object of project A>}`
in its own `propdesk/<app>/tests/samples.py`; this module merges them.
"""

from __future__ import annotations

import importlib

from django.apps import apps


def app_samples() -> dict:
    merged = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("propdesk."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.samples")
        except ModuleNotFoundError:
            continue
        merged.update(getattr(module, "SAMPLES", {}))
    return merged


def sample_object(model, world):
    label = model._meta.label
    from_apps = app_samples()
    if label in from_apps:
        return from_apps[label](world)
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
