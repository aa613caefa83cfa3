"""Hash chains over the rows nobody may change: money rows and the personal-data access log
(issue 17 item 11).

The database refuses to change or delete those rows (`core.triggers`), but a superuser can switch
triggers off. The chains make such an edit visible afterwards: `link` appends, per project and
table, one link for each new row (the SHA-256 of its columns, chained to the link before), and one
more when a row's one transition has set its set-once columns (a receipt's void); `verify`
recomputes every row and every link and names what no longer matches — a row changed, a row
deleted, a link altered or removed, a row added behind the chain's back. `manage.py link_chains`
runs every ten minutes, `manage.py verify_chains` every night (it links first); a broken chain
fails the job and alerts the company's administrators (the hooks of `on_broken`, which the
notices app fills). The heads it prints are what an auditor can keep outside the database.

Apps register their tables in `ready()`: `chains.register(Model, once=(mark, …))`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone

from .models import ChainLink, Project

ROW, ONCE = "row", "once"
SETTLE = dt.timedelta(hours=1)
"""Rows older than this whose id is below the chain's highest are expected to be linked: a
transaction open longer than this is not one of ours."""
BATCH = 2000


@dataclass(frozen=True)
class Chained:
    model: type[models.Model]
    once: tuple[str, ...]

    @property
    def table(self) -> str:
        return self.model._meta.db_table

    def fields(self, part: str) -> list[models.Field]:
        fields = sorted(self.model._meta.concrete_fields, key=lambda f: f.column)
        return fields if part == ONCE else [f for f in fields if f.column not in self.once]

    def mark(self) -> str | None:
        """The set-once transition's mark field (its first column), e.g. voided_at."""
        if not self.once:
            return None
        return next(f.name for f in self.model._meta.concrete_fields if f.column == self.once[0])


_chained: dict[str, Chained] = {}
on_broken: list[Callable[[Project, list[Problem]], None]] = []


def register(model: type[models.Model], *, once: tuple[str, ...] = ()) -> None:
    _chained[model._meta.db_table] = Chained(model, once)


def chained() -> list[Chained]:
    return [_chained[t] for t in sorted(_chained)]


def _text(value) -> str:
    if value is None:
        return "\x00"
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def row_hash(obj, fields: list[models.Field]) -> str:
    text = "\x1f".join(f"{f.column}={_text(f.value_from_object(obj))}" for f in fields)
    return hashlib.sha256(text.encode()).hexdigest()


def chain_hash(previous: str, table: str, row_id: int, part: str, digest: str) -> str:
    return hashlib.sha256(f"{previous}|{table}|{row_id}|{part}|{digest}".encode()).hexdigest()


# ---------------------------------------------------------------- linking


def link(project: Project | None = None) -> int:
    """Append the links of rows (and set-once transitions) not yet in their chain; the number added."""
    added = 0
    for project_id in _project_ids(project):
        for entry in chained():
            added += _link_table(project_id, entry)
    return added


def _project_ids(project: Project | None) -> list[int]:
    return [project.pk] if project else list(Project.objects.order_by("pk").values_list("pk", flat=True))


def _link_table(project_id: int, entry: Chained) -> int:
    links = ChainLink.objects.filter(project_id=project_id, table_name=entry.table)
    settled = (
        links.filter(part=ROW, linked_at__lt=timezone.now() - SETTLE).aggregate(m=Max("row_id"))["m"] or 0
    )
    rows = entry.model._base_manager.filter(project_id=project_id, pk__gt=settled).exclude(
        pk__in=links.filter(part=ROW, row_id__gt=settled).values("row_id")
    )
    todo: list[tuple[int, str, str]] = [
        (obj.pk, ROW, row_hash(obj, entry.fields(ROW))) for obj in rows.order_by("pk").iterator(BATCH)
    ]
    mark = entry.mark()
    if mark:
        done = entry.model._base_manager.filter(project_id=project_id).exclude(**{f"{mark}__isnull": True})
        done = done.exclude(pk__in=links.filter(part=ONCE).values("row_id"))
        todo += [  # after the rows' own links: a row is in its chain before its transition is
            (obj.pk, ONCE, row_hash(obj, entry.fields(ONCE)))
            for obj in done.order_by("pk").iterator(BATCH)
            if getattr(obj, mark) != ""
        ]
    if not todo:
        return 0
    with transaction.atomic():
        head = links.order_by("-seq").values_list("seq", "chain_hash").first() or (0, "")
        seq, previous = head
        new = []
        for row_id, part, digest in todo:
            seq += 1
            previous = chain_hash(previous, entry.table, row_id, part, digest)
            new.append(
                ChainLink(
                    project_id=project_id,
                    table_name=entry.table,
                    seq=seq,
                    row_id=row_id,
                    part=part,
                    row_hash=digest,
                    chain_hash=previous,
                )
            )
        ChainLink.objects.bulk_create(new, batch_size=BATCH)
    return len(new)


# ---------------------------------------------------------------- verifying


@dataclass(frozen=True)
class Problem:
    table: str
    row_id: int | None
    what: str  # changed | deleted | unlinked | link

    def __str__(self) -> str:
        return f"{self.table} {self.row_id or ''}: {self.what}".replace("  ", " ")


@dataclass(frozen=True)
class Head:
    table: str
    links: int
    chain_hash: str


def verify(project: Project) -> tuple[list[Problem], list[Head]]:
    """Recompute the project's chains against the rows; what does not match, and each chain's head."""
    problems: list[Problem] = []
    heads: list[Head] = []
    for entry in chained():
        found, head = _verify_table(project.pk, entry)
        problems += found
        heads.append(head)
    return problems, heads


def _batches(iterable, size: int) -> Iterator[list]:
    batch = []
    for item in iterable:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _verify_table(project_id: int, entry: Chained) -> tuple[list[Problem], Head]:
    problems: list[Problem] = []
    links = ChainLink.objects.filter(project_id=project_id, table_name=entry.table).order_by("seq")
    previous, expected_seq, highest = "", 1, 0
    for batch in _batches(
        links.values_list("seq", "row_id", "part", "row_hash", "chain_hash").iterator(BATCH), BATCH
    ):
        rows = entry.model._base_manager.in_bulk([row_id for _s, row_id, _p, _h, _c in batch])
        for seq, row_id, part, digest, kept in batch:
            if seq != expected_seq or chain_hash(previous, entry.table, row_id, part, digest) != kept:
                problems.append(Problem(entry.table, row_id, "link"))
            expected_seq, previous = seq + 1, kept
            obj = rows.get(row_id)
            if obj is None:
                problems.append(Problem(entry.table, row_id, "deleted"))
            elif row_hash(obj, entry.fields(part)) != digest:
                problems.append(Problem(entry.table, row_id, "changed"))
            if part == ROW:
                highest = max(highest, row_id)
    old = timezone.now() - SETTLE
    behind = entry.model._base_manager.filter(project_id=project_id, pk__lte=highest).exclude(
        pk__in=links.filter(part=ROW).values("row_id")
    )
    if any(f.name == "created_at" for f in entry.model._meta.concrete_fields):
        behind = behind.filter(created_at__lt=old)
    problems += [Problem(entry.table, pk, "unlinked") for pk in behind.values_list("pk", flat=True)[:100]]
    return problems, Head(entry.table, expected_seq - 1, previous)


def alert(project: Project, problems: list[Problem]) -> None:
    for hook in on_broken:
        hook(project, problems)
