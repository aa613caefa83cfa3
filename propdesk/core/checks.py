import shutil
import subprocess

from django.core.checks import Error, Warning, register
from django.db import connections

from . import fastsql


def cjk_font_available() -> bool:
    if shutil.which("fc-list") is None:
        return False
    try:
        out = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return bool(out.strip())


@register()
def check_cjk_font(app_configs, **kwargs):
    """PDFs print Chinese: without a CJK font they would show empty boxes."""
    if cjk_font_available():
        return []
    return [
        Warning(
            "No Chinese (CJK) font found: printed forms would show empty boxes.",
            hint="Install one: apt-get install fonts-noto-cjk",
            id="propdesk.W001",
        )
    ]


@register()
def check_fastsql_models(app_configs, **kwargs):
    """core.fastsql writes its declared models without the ORM: refuse what it cannot write alike."""
    errors = [
        Error(f"core.fastsql cannot write {model._meta.label}: {problem}.", obj=model, id="propdesk.E010")
        for model in fastsql.declared()
        for problem in fastsql.unsupported(model)
    ]
    for alias in connections:
        if fastsql.server_side_binding(alias):
            errors.append(
                Error(
                    f"Database {alias!r} uses server-side binding, which core.fastsql does not support.",
                    hint="Remove server_side_binding from DATABASE_URL / OPTIONS.",
                    id="propdesk.E011",
                )
            )
    return errors
