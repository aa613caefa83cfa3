"""Payment provider accounts (issue 17, items 5 and 14): the signing key is write-only everywhere and
its changes are recorded; sandbox accounts are refused in production and announced on every page
while one is active."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from propdesk.billing import services
from propdesk.billing.models import ProviderAccount
from propdesk.billing.providers import SandboxAdapter
from propdesk.core.errors import ServiceError

pytestmark = pytest.mark.django_db
SECRET = "s3cr3t-signing-key-0123456789abcdef"


@pytest.fixture
def account(billing):
    return ProviderAccount.objects.create(
        project=billing.project, method="wechat", merchant_id="1900000109", signing_key=SECRET
    )


@pytest.fixture
def admin_client(client, billing):
    from propdesk.core.models import User

    boss = User.objects.create_superuser(username="root", password="Hk7#qLm2-wz")
    client.force_login(boss)
    return client


def _form(account, **changes):
    data = {
        "project": account.project_id,
        "method": account.method,
        "merchant_id": account.merchant_id,
        "kind": "sandbox",
        "new_signing_key": "",
    }
    data.update(changes)
    return data


def test_the_admin_never_shows_the_key(admin_client, account):
    page = admin_client.get(f"/admin/billing/provideraccount/{account.pk}/change/").content.decode()
    assert SECRET not in page
    assert "new_signing_key" in page and 'type="password"' in page


def test_an_empty_key_field_keeps_the_key_and_a_new_one_replaces_it_with_a_record(admin_client, account):
    url = f"/admin/billing/provideraccount/{account.pk}/change/"
    assert admin_client.post(url, _form(account)).status_code == 302
    account.refresh_from_db()
    assert account.signing_key == SECRET and account.signing_key_changed_at is None
    assert admin_client.post(url, _form(account, new_signing_key="a-new-key-9876543210")).status_code == 302
    account.refresh_from_db()
    assert account.signing_key == "a-new-key-9876543210"
    assert account.signing_key_changed_at is not None
    last = account.history.order_by("-history_date").first()
    assert (
        last.history_user.username == "root" and last.signing_key_changed_at == account.signing_key_changed_at
    )
    assert not hasattr(last, "signing_key")  # the history never keeps the key itself


def test_production_refuses_sandbox_accounts_everywhere(billing, account, settings, client):
    settings.REQUIRE_SECRETS = True
    with pytest.raises(ValidationError) as err:
        account.full_clean()
    assert "kind" in err.value.message_dict
    with pytest.raises(ServiceError) as refused:
        services.create_payment_order(
            unit=billing.unit, amount=Decimal("10"), method="wechat", actor=billing.owner
        )
    assert refused.value.field == "method"

    settings.REQUIRE_SECRETS = False
    order = services.create_payment_order(
        unit=billing.unit, amount=Decimal("10"), method="wechat", actor=billing.owner
    )
    settings.REQUIRE_SECRETS = True
    payload = SandboxAdapter("wechat").notification(
        merchant_id=account.merchant_id, key=SECRET, out_trade_no=order.out_trade_no, amount=order.amount
    )
    with pytest.raises(ServiceError) as rejected:
        services.handle_notification(payload=payload)
    assert rejected.value.code == "sandbox_refused"
    client.force_login(billing.owner)
    assert client.post(f"/api/v1/billing/my/payments/{order.pk}/sandbox-pay/").status_code == 404
    order.refresh_from_db()
    assert order.status != "paid"


def test_every_page_says_so_while_a_sandbox_account_is_active(billing, client):
    client.force_login(billing.cashier)
    assert 'data-testid="banner"' not in client.get("/billing/desk/").content.decode()
    ProviderAccount.objects.create(
        project=billing.project, method="alipay", merchant_id="2088", signing_key=SECRET
    )
    from django.core.cache import cache

    cache.clear()
    page = client.get("/billing/desk/").content.decode()
    assert 'data-testid="banner"' in page and "沙箱" in page
