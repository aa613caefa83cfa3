"""The merchant's notification signing key is stored encrypted; the migration keeps existing keys."""

import importlib
from types import SimpleNamespace

import pytest
from django.db import connection

from propdesk.billing.models import ProviderAccount

pytestmark = pytest.mark.django_db


def _raw(pk):
    with connection.cursor() as cursor:
        cursor.execute("SELECT signing_key FROM billing_provideraccount WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_the_signing_key_is_encrypted_in_the_database(world):
    account = ProviderAccount.objects.create(
        project=world.project, method="wechat", merchant_id="1900000109", signing_key="secret-key-123"
    )
    assert _raw(account.pk).startswith("gAAAAA") and "secret-key-123" not in _raw(account.pk)
    assert ProviderAccount.objects.get(pk=account.pk).signing_key == "secret-key-123"


def test_the_migration_encrypts_existing_plain_keys_and_leaves_encrypted_ones(world):
    migration = importlib.import_module("propdesk.billing.migrations.0005_signing_key_encrypted")
    account = ProviderAccount.objects.create(
        project=world.project, method="wechat", merchant_id="1900000109", signing_key="x"
    )
    with connection.cursor() as cursor:  # a key stored before the migration, in plain text
        cursor.execute(
            "UPDATE billing_provideraccount SET signing_key = 'plain-old-key' WHERE id = %s", [account.pk]
        )
    editor = SimpleNamespace(connection=connection)
    migration.encrypt_keys(None, editor)
    once = _raw(account.pk)
    migration.encrypt_keys(None, editor)  # running it again does not encrypt twice
    assert once.startswith("gAAAAA") and _raw(account.pk) == once
    assert ProviderAccount.objects.get(pk=account.pk).signing_key == "plain-old-key"
    migration.decrypt_keys(None, editor)
    assert _raw(account.pk) == "plain-old-key"
