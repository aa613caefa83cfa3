"""The registry's models, split by topic (SPEC §1)."""

from .archives import ArchiveDocument, ArchiveFile, ArchiveLoan, ArchiveLoanEvent
from .core import Building, Ownership, Party, Unit
from .imports import ImportJob
from .people import CareNote, EmergencyContact, PersonalDataAccess, Residency, UnitEvent, Vehicle

__all__ = [
    "ArchiveDocument",
    "ArchiveFile",
    "ArchiveLoan",
    "ArchiveLoanEvent",
    "Building",
    "CareNote",
    "EmergencyContact",
    "ImportJob",
    "Ownership",
    "Party",
    "PersonalDataAccess",
    "Residency",
    "Unit",
    "UnitEvent",
    "Vehicle",
]
