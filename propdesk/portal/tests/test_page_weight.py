"""Usable on a slow phone network: each portal page, with the CSS, scripts and images it loads,
stays under 200 KB transferred (compressed as whitenoise serves them; fonts excluded), and loads no
chart library."""

from __future__ import annotations

import gzip
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from propdesk.billing.models import Bill, PaymentOrder
from propdesk.servicedesk.models import ServiceRequest

from .conftest import jpeg

pytestmark = pytest.mark.django_db

BUDGET = 200 * 1024
ASSET = re.compile(
    r'<(?:link[^>]+rel="(?:stylesheet|apple-touch-icon)"[^>]+href|script[^>]+src|img[^>]+src)="([^"]+)"'
)


def transferred(html: str) -> tuple[int, list[str]]:
    """The page's bytes plus each static asset it loads, gzipped (what whitenoise sends)."""
    total = len(gzip.compress(html.encode()))
    assets = []
    for url in set(ASSET.findall(html)):
        if not url.startswith("/static/"):
            continue  # the request's own photos: the owner's pictures, not the page's weight
        path = finders.find(url.removeprefix("/static/"))
        assert path, url
        data = open(path, "rb").read()  # noqa: SIM115, PTH123  (a test reading a static file)
        total += len(gzip.compress(data)) if not url.endswith(".png") else len(data)
        assets.append(url)
    return total, assets


def test_every_portal_page_is_light(client, portal):
    client.force_login(portal.owner)
    client.post(
        reverse("portal:request_new"),
        {"kind": "repair", "unit": portal.unit.pk, "content": "漏水", "photos": [jpeg()]},
    )
    request = ServiceRequest.objects.get()
    bill_ids = list(Bill.objects.filter(unit=portal.unit).values_list("pk", flat=True))
    client.post(reverse("portal:pay"), {"bills": bill_ids, "method": "wechat"})
    order = PaymentOrder.objects.get()
    pages = [
        reverse("portal:home"),
        reverse("portal:bills"),
        reverse("portal:payment", kwargs={"pk": order.pk}),
        reverse("portal:receipts"),
        reverse("portal:requests"),
        reverse("portal:request_new"),
        reverse("portal:request", kwargs={"pk": request.pk}),
        reverse("portal:surveys"),
        reverse("portal:services"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        size, assets = transferred(html)
        assert size < BUDGET, f"{url}: {size} bytes with {assets}"
        assert not any("echarts" in a for a in assets), f"{url} loads a chart library"
        assert any("htmx" in a for a in assets), f"{url}: the asset scan found nothing"
