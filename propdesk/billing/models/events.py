"""Status events (状态变更记录) of the billing aggregates that have a lifecycle.

One append-only row per status change: who (actor), from, to, why (reason), when (at), and the
project. Rows are written only by `core.lifecycle.move` inside the same transaction that changes
the status, with the aggregate row locked (select_for_update). The timeline on each detail
page is these rows.

Why one table per aggregate rather than one generic table with (kind, object id): each event
then has a real foreign key to its aggregate (PROTECT: an aggregate with a history cannot be
deleted, and an event can never point at a missing row), joins stay co-located by `project_id`
(Citus), and a timeline is a plain `obj.events` query on an indexed column. The shape is shared
through core's abstract `StatusEvent`, so the tables stay identical.

Payment notifications (`PaymentNotification`) are not reused either: every notification is
logged, refused and duplicate ones included, and none has a from/to; the order's status events
record the one change (open → paid) by the notification that was applied.

Waiver decisions (`WaiverDecision`) are not reused: an intermediate approval step changes no
status and the decision row has no from/to; it stays the record of each step, and the status
events record what the application as a whole went through.

Append-only in the database (migration `0016_status_events`, `triggers.immutable`): any
UPDATE and any DELETE is refused, on PostgreSQL and on SQLite. A later migration that makes SQLite
rebuild one of these tables (a new column, a changed constraint) drops its triggers: re-create
them in that migration, as 0015 does for `billing_drawerentry`. Payment orders' events came later,
with their own triggers (migration `0020_paymentorderevent`).

Paid services' orders keep their own record, `SpecialServiceStep`, in `propdesk/paidservices`.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from propdesk.core.models import StatusEvent

from .cash import DrawerSession
from .debit import DebitBatch
from .deposit import Deposit
from .dunning import DunningCase
from .heating import HeatingStopApplication
from .payments import PaymentOrder
from .waiver import WaiverApplication


class DrawerSessionEvent(StatusEvent):
    session = models.ForeignKey(
        DrawerSession, on_delete=models.PROTECT, related_name="events", verbose_name=_("drawer session")
    )

    class Meta(StatusEvent.Meta):
        verbose_name = _("drawer status event")
        verbose_name_plural = _("drawer status events")
        indexes = [models.Index(fields=["session", "at"])]


class DebitBatchEvent(StatusEvent):
    batch = models.ForeignKey(
        DebitBatch, on_delete=models.PROTECT, related_name="events", verbose_name=_("debit batch")
    )

    class Meta(StatusEvent.Meta):
        verbose_name = _("debit batch status event")
        verbose_name_plural = _("debit batch status events")
        indexes = [models.Index(fields=["batch", "at"])]


class DepositEvent(StatusEvent):
    deposit = models.ForeignKey(
        Deposit, on_delete=models.PROTECT, related_name="events", verbose_name=_("deposit")
    )

    class Meta(StatusEvent.Meta):
        verbose_name = _("deposit status event")
        verbose_name_plural = _("deposit status events")
        indexes = [models.Index(fields=["deposit", "at"])]


class DunningCaseEvent(StatusEvent):
    case = models.ForeignKey(
        DunningCase, on_delete=models.PROTECT, related_name="events", verbose_name=_("dunning case")
    )

    class Meta(StatusEvent.Meta):
        verbose_name = _("dunning case status event")
        verbose_name_plural = _("dunning case status events")
        indexes = [models.Index(fields=["case", "at"])]


class HeatingStopEvent(StatusEvent):
    application = models.ForeignKey(
        HeatingStopApplication,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("heating stop application"),
    )

    class Meta(StatusEvent.Meta):
        verbose_name = _("heating stop status event")
        verbose_name_plural = _("heating stop status events")
        indexes = [models.Index(fields=["application", "at"])]


class WaiverEvent(StatusEvent):
    application = models.ForeignKey(
        WaiverApplication,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("waiver application"),
    )

    class Meta(StatusEvent.Meta):
        verbose_name = _("waiver status event")
        verbose_name_plural = _("waiver status events")
        indexes = [models.Index(fields=["application", "at"])]


class PaymentOrderEvent(StatusEvent):
    order = models.ForeignKey(
        PaymentOrder, on_delete=models.PROTECT, related_name="events", verbose_name=_("payment order")
    )

    class Meta(StatusEvent.Meta):
        verbose_name = _("payment order status event")
        verbose_name_plural = _("payment order status events")
        indexes = [models.Index(fields=["order", "at"])]


EVENT_TABLES = [
    "billing_drawersessionevent",
    "billing_debitbatchevent",
    "billing_depositevent",
    "billing_dunningcaseevent",
    "billing_heatingstopevent",
    "billing_waiverevent",
]
