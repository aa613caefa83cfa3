"""Paid services' tests run on billing's world (default charge items, the cashier's drawer open)."""

from propdesk.billing.tests.conftest import billing  # noqa: F401  (the fixture, shared)
