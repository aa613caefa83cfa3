import shutil
import subprocess

from django.core.checks import Warning, register


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
