"""fastsql gives what the ORM gives: the same instances on reads, the same rows and history on inserts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models.signals import pre_save

from propdesk.core import fastsql
from propdesk.core.audit import acting_as
from propdesk.core.models import Department, Project
from propdesk.registry.models import Ownership, Unit
from propdesk.servicedesk.models import ServiceRequest

pytestmark = pytest.mark.django_db


def _values(obj):
    return {f.attname: getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields}


def test_get_by_pk_gives_the_orm_instance(world):
    unit = world.unit
    Unit.objects.filter(pk=unit.pk).update(building_area=Decimal("88.25"), inner_area=Decimal("70.10"))
    for model, pk in ((Unit, unit.pk), (Project, world.project.pk)):
        fast, orm = fastsql.get_by_pk(model, pk), model.objects.get(pk=pk)
        assert _values(fast) == _values(orm)
        assert [type(v) for v in _values(fast).values()] == [type(v) for v in _values(orm).values()]
        assert fast._state.adding is False and fast._state.db == "default"
    assert fastsql.get_by_pk(Unit, unit.pk).building_area == Decimal("88.25")
    with_building = fastsql.get_by_pk(Unit, unit.pk, related=("building",))
    assert _values(with_building) == _values(Unit.objects.get(pk=unit.pk))
    assert Unit.building.is_cached(with_building)  # read in the same query, as select_related does
    assert _values(with_building.building) == _values(unit.building)
    assert fastsql.get_by_pk(Unit, 10**12) is None
    assert fastsql.get_by_pk(Unit, "x") is None


def test_rows_where_gives_the_filtered_ordered_queryset(world):
    project = world.project
    assert [d.pk for d in fastsql.rows_where(Department, project_id=project.pk, order_by=("-pk",))] == list(
        Department.objects.filter(project=project).order_by("-pk").values_list("pk", flat=True)
    )
    kind = Department.objects.filter(project=project).first().kind
    assert [
        _values(d) for d in fastsql.rows_where(Department, project_id=project.pk, kind=kind, limit=1)
    ] == [_values(Department.objects.filter(project=project, kind=kind).order_by("pk").first())]
    # None is IS NULL: the current ownerships of the unit
    current = fastsql.rows_where(Ownership, project_id=project.pk, unit_id=world.unit.pk, ended_on=None)
    assert [o.pk for o in current] == list(
        Ownership.objects.filter(unit=world.unit, ended_on__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    assert fastsql.rows_where(Department, project_id=10**12) == []


RECEIVED = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)


def _request(world, number):
    return ServiceRequest(
        project=world.project,
        number=number,
        kind="repair",
        channel="phone",
        unit=world.unit,
        reporter_name="张三",
        content="卫生间漏水",
        repair_location="in_unit",
        repair_class="general",
        first_receiver=world.director,
        holder=world.director,
        received_at=RECEIVED,
    )


def test_create_writes_the_row_and_the_history_that_save_writes(world):
    with acting_as(world.director):
        saved = _request(world, "BX-TEST-0001")
        saved.save()
        fast = fastsql.create(_request(world, "BX-TEST-0002"))
    assert fast.pk and fast.pk != saved.pk and fast._state.adding is False
    skip = {"id", "number", "created_at", "updated_at"}
    a = {k: v for k, v in _values(ServiceRequest.objects.get(pk=saved.pk)).items() if k not in skip}
    b = {k: v for k, v in _values(ServiceRequest.objects.get(pk=fast.pk)).items() if k not in skip}
    assert a == b
    h_saved, h_fast = saved.history.get(), fast.history.get()  # exactly one history row each
    skip |= {"history_id", "history_date"}
    assert {k: v for k, v in _values(h_saved).items() if k not in skip} == {
        k: v for k, v in _values(h_fast).items() if k not in skip
    }
    assert h_fast.history_type == "+" and h_fast.history_user_id == world.director.pk


def test_create_falls_back_to_save_when_another_receiver_listens(world):
    heard = []

    def receiver(sender, instance, **kwargs):
        heard.append(instance.number)

    pre_save.connect(receiver, sender=ServiceRequest, dispatch_uid="test-fastsql")
    try:
        with acting_as(world.director):
            fastsql.create(_request(world, "BX-TEST-0003"))
    finally:
        pre_save.disconnect(dispatch_uid="test-fastsql", sender=ServiceRequest)
    assert heard == ["BX-TEST-0003"]  # save() ran, so its receivers did
    assert ServiceRequest.objects.get(number="BX-TEST-0003").history.count() == 1


def test_create_keeps_no_history_when_history_is_switched_off(world, settings):
    settings.SIMPLE_HISTORY_ENABLED = False
    with acting_as(world.director):
        fast = fastsql.create(_request(world, "BX-TEST-0004"))
    assert fast.history.count() == 0


def test_fetch_reads_several_rows_in_one_round_trip_on_postgresql(world, django_assert_num_queries):
    from django.db import connection

    unit, project = world.unit, world.project
    queries = (
        fastsql.ByPk(Project, project.pk),
        fastsql.ByPk(Unit, unit.pk, related=("building",)),
        fastsql.ByPk(Unit, "not a key"),  # no row, and no statement
        fastsql.Where(Ownership, project_id=project.pk, unit_id=unit.pk, ended_on=None),
        fastsql.Where(Department, project_id=10**12),
    )
    with django_assert_num_queries(1 if connection.vendor == "postgresql" else 4):
        got_project, got_unit, nothing, ownerships, departments = fastsql.fetch(*queries)
    assert _values(got_project) == _values(Project.objects.get(pk=project.pk))
    assert _values(got_unit) == _values(Unit.objects.get(pk=unit.pk))
    assert Unit.building.is_cached(got_unit) and got_unit.building.pk == unit.building_id
    assert nothing is None and departments == []
    assert [o.pk for o in ownerships] == list(
        Ownership.objects.filter(unit=unit, ended_on__isnull=True).order_by("pk").values_list("pk", flat=True)
    )


def test_get_by_pk_reads_a_text_key(world):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=world.director)
    assert fastsql.get_by_pk(Token, token.key, related=("user",)).user == world.director
    assert fastsql.get_by_pk(Token, "0" * 40) is None and fastsql.get_by_pk(Token, 7) is None


def test_write_behind_sends_deferred_rows_with_the_next_statement(world, django_assert_num_queries):
    from django.db import connection, transaction

    from propdesk.servicedesk.models import RequestEvent

    pg = connection.vendor == "postgresql"
    with acting_as(world.director), transaction.atomic():
        request = fastsql.create(_request(world, "BX-TEST-0005"))
        with fastsql.write_behind():
            # request's own insert went alone; its history row, two events wait for the next statement
            with django_assert_num_queries(1 if pg else 4):
                fastsql.create(_request(world, "BX-TEST-0006"))  # its history waits too
                first = fastsql.create(
                    RequestEvent(project=world.project, request=request, kind="received", at=RECEIVED),
                    defer=True,
                )
                second = fastsql.create(
                    RequestEvent(project=world.project, request=request, kind="note", at=RECEIVED),
                    defer=True,
                )
                if pg:
                    assert first.pk is None and second.pk is None  # not sent yet
            # an ORM read sees them: they travel in front of it
            with django_assert_num_queries(1):
                kinds = list(
                    RequestEvent.objects.filter(request=request).order_by("pk").values_list("kind", flat=True)
                )
            assert kinds == ["received", "note"]
            assert first.pk and second.pk and second.pk > first.pk
            third = fastsql.create(
                RequestEvent(project=world.project, request=request, kind="closed", at=RECEIVED), defer=True
            )
        # the end of the block sent the last one
        assert third.pk and RequestEvent.objects.get(pk=third.pk).kind == "closed"
    assert ServiceRequest.objects.get(number="BX-TEST-0006").history.count() == 1


def test_write_behind_raises_a_failed_deferred_row_even_when_it_was_caught(world):
    from django.db import IntegrityError, connection, transaction

    from propdesk.servicedesk.models import RequestEvent

    if connection.vendor != "postgresql":
        pytest.skip("rows wait only on PostgreSQL")
    with acting_as(world.director):
        request = fastsql.create(_request(world, "BX-TEST-0007"))
        with pytest.raises(IntegrityError), transaction.atomic():
            with fastsql.write_behind():
                fastsql.create(
                    RequestEvent(project=world.project, request=request, kind=None, at=RECEIVED),  # NOT NULL
                    defer=True,
                )
                try:
                    with transaction.atomic():  # the savepoint carries the waiting row, which fails
                        Project.objects.count()
                except IntegrityError:
                    pass  # swallowed here …
                # … and raised again when the block ends
    assert not RequestEvent.objects.filter(request=request).exists()


def test_write_behind_sends_waiting_rows_before_statements_it_cannot_join(world):
    """executemany and a statement without parameters (its % signs are literal) go on their own, after
    the waiting rows."""
    from django.db import connection, transaction

    from propdesk.servicedesk.models import RequestEvent

    table = RequestEvent._meta.db_table
    with acting_as(world.director), transaction.atomic():
        request = fastsql.create(_request(world, "BX-TEST-0008"))
        with fastsql.write_behind():
            event = fastsql.create(
                RequestEvent(project=world.project, request=request, kind="received", at=RECEIVED), defer=True
            )
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT count(*) FROM {table} WHERE kind LIKE '%eceiv%' AND request_id = {request.pk}"
                )
                assert cursor.fetchone()[0] == 1
            assert event.pk
            note = fastsql.create(
                RequestEvent(project=world.project, request=request, kind="note", at=RECEIVED), defer=True
            )
            with connection.cursor() as cursor:
                cursor.executemany(f"UPDATE {table} SET reason = %s WHERE id = %s", [("a", event.pk)])
            assert note.pk
    assert list(
        RequestEvent.objects.filter(request=request).order_by("pk").values_list("kind", "reason")
    ) == [
        ("received", "a"),
        ("note", ""),
    ]


@pytest.mark.django_db(transaction=True)
def test_write_behind_refuses_to_run_outside_a_transaction():
    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("rows wait only on PostgreSQL")
    with pytest.raises(RuntimeError, match="inside of a transaction"):
        with fastsql.write_behind():  # autocommit: sent rows would stay if a waiting one failed
            pass
    with transaction.atomic(), fastsql.write_behind():
        pass


def test_a_deferred_row_with_history_goes_at_once_and_only_its_history_waits(world):
    from django.db import connection, transaction

    with acting_as(world.director), transaction.atomic(), fastsql.write_behind():
        request = fastsql.create(_request(world, "BX-TEST-0009"), defer=True)
        assert request.pk  # sent now: its history row needs the id
        assert ServiceRequest.objects.filter(pk=request.pk).exists()
    assert request.history.count() == 1
    assert connection.vendor != "postgresql" or getattr(connection, "_fastsql_behind", None) is None


def test_create_refuses_a_model_nobody_declared(world):
    with pytest.raises(TypeError, match="fastsql.writes"):
        fastsql.create(Department(project=world.project, name="临时部门", kind="engineering"))
    assert not Department.objects.filter(name="临时部门").exists()


def test_the_system_check_refuses_what_fastsql_cannot_write_like_the_orm(settings):
    from django.db import models
    from django.db.models.functions import Now
    from django.test.utils import isolate_apps

    from propdesk.core import checks

    assert checks.check_fastsql_models(None) == []  # the declared models of today
    assert {m._meta.label for m in fastsql.declared()} >= {"servicedesk.ServiceRequest", "sla.SlaClock"}

    with isolate_apps("propdesk.core"):

        class Saves(models.Model):  # noqa: DJ008
            def save(self, *args, **kwargs):
                super().save(*args, **kwargs)

        class Defaults(models.Model):  # noqa: DJ008
            at = models.DateTimeField(db_default=Now())
            total = models.GeneratedField(
                expression=models.F("id") + 1, output_field=models.IntegerField(), db_persist=True
            )

        assert fastsql.unsupported(Saves) == ["it overrides save(), which create() would skip"]
        assert len(fastsql.unsupported(Defaults)) == 2
        fastsql.writes(Saves)
        try:
            errors = checks.check_fastsql_models(None)
        finally:
            fastsql._WRITES.discard(Saves)
    assert [e.id for e in errors] == ["propdesk.E010"]

    settings.DATABASES["default"].setdefault("OPTIONS", {})
    settings.DATABASES["default"]["OPTIONS"]["server_side_binding"] = True
    try:
        assert "propdesk.E011" in [e.id for e in checks.check_fastsql_models(None)]
    finally:
        del settings.DATABASES["default"]["OPTIONS"]["server_side_binding"]


def test_save_new_is_the_orm_outside_the_intake_block_and_fastsql_inside(world):
    """The timeline and the SLA engine write with save() everywhere but the intake's write_behind
    block (the measured hot path)."""
    from unittest import mock

    from django.db import connection, transaction

    from propdesk.servicedesk.models import RequestEvent

    def event(request, kind):
        return RequestEvent(project=world.project, request=request, kind=kind, at=RECEIVED)

    with acting_as(world.director), transaction.atomic():
        request = fastsql.create(_request(world, "BX-TEST-0010"))
        with mock.patch.object(fastsql, "create", wraps=fastsql.create) as fast:
            assert fastsql.save_new(event(request, "note")).pk
            assert not fast.called and fastsql.in_write_behind() is False
            with fastsql.write_behind():
                fastsql.save_new(event(request, "received"), defer=True)
            assert fast.called is (connection.vendor == "postgresql")
    assert RequestEvent.objects.filter(request=request).count() == 2
