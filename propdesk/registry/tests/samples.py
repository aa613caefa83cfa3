"""Objects of project A for the route authorization test (models the world fixture has no row of)."""

import datetime as dt

from django.core.files.base import ContentFile

from propdesk.registry import services
from propdesk.registry.choices import CareKind, DocumentType, ImportKind, LoanKind, ResidencyKind


def _residency(world):
    party = services.register_party(project=world.project, name="SENTINEL租户", phone="13900009999")
    return services.start_residency(
        unit=world.unit,
        party=party,
        kind=ResidencyKind.TENANT,
        started_on=dt.date(2025, 1, 1),
        actor=world.records,
    )


def _archive_file(world):
    return services.open_archive_file(project=world.project, unit=world.unit, actor=world.records)


def _document(world):
    upload = ContentFile(b"%PDF-1.4 SENTINEL", name="sentinel.pdf")
    return services.add_document(
        archive_file=_archive_file(world), doc_type=DocumentType.ID_COPY, upload=upload, actor=world.records
    )


def _loan(world):
    return services.request_loan(
        archive_file=_archive_file(world),
        kind=LoanKind.CONSULT,
        requester="SENTINEL",
        reason="核对",
        actor=world.records,
    )


def _import_job(world):
    from propdesk.registry.models import ImportJob

    job = ImportJob(
        project=world.project, kind=ImportKind.UNITS, filename="SENTINEL.xlsx", created_by=world.records
    )
    job.file.save("sentinel.xlsx", ContentFile(b"PK"), save=False)
    job.save()
    return job


def _vehicle(world):
    from propdesk.registry.models import Vehicle

    existing = Vehicle.objects.filter(project=world.project, plate="鄂A12345").first()
    return existing or services.register_vehicle(
        unit=world.unit, plate="鄂A12345", started_on=dt.date(2025, 1, 1), actor=world.records
    )


SAMPLES = {
    "registry.Residency": _residency,
    "registry.Vehicle": _vehicle,
    "registry.EmergencyContact": lambda world: services.add_emergency_contact(
        unit=world.unit, name="SENTINEL联系人", phone="13911112222", actor=world.records
    ),
    "registry.CareNote": lambda world: services.add_care_note(
        unit=world.unit, kind=CareKind.ELDERLY_ALONE, started_on=dt.date(2025, 1, 1), actor=world.records
    ),
    "registry.ArchiveFile": _archive_file,
    "registry.ArchiveDocument": _document,
    "registry.ArchiveLoan": _loan,
    "registry.ImportJob": _import_job,
}
