import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from propdesk.billing.models import ProviderAccount
from propdesk.billing.tests.conftest import add_units, billing, run_month  # noqa: F401  (the billing fixture)
from propdesk.servicedesk.services import load_default_categories


@pytest.fixture
def portal(billing, settings, tmp_path):  # noqa: F811  (billing is the imported fixture)
    """Project A billed for March 2026, a sandbox WeChat Pay and Alipay account, request categories,
    and a neighbour unit (not the owner's) billed too."""
    settings.MEDIA_ROOT = tmp_path
    for method, merchant in (("wechat", "1900000109"), ("alipay", "2088000000000001")):
        ProviderAccount.objects.create(
            project=billing.project, method=method, merchant_id=merchant, signing_key="k" * 32
        )
    (billing.neighbour,) = add_units(billing, 1)
    run_month(billing, dt.date(2026, 3, 1))
    load_default_categories(project=billing.project)
    return billing


def jpeg(name="leak.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 40, 40)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")
