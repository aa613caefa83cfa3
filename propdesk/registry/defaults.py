"""Default permissions of the registry per position (applied once by load_defaults)."""

_PEOPLE_VIEWERS = {
    "frontdesk_assistant",
    "butler",
    "records_assistant",
    "cs_supervisor",
    "center_director",
    "dispatcher",
    "engineering_supervisor",
    "security_supervisor",
    "fire_safety_officer",
    "cleaning_lead",
    "cashier",
    "general_manager",
    "company_admin",
}
_PEOPLE_EDITORS = {
    "frontdesk_assistant",
    "butler",
    "records_assistant",
    "cs_supervisor",
    "center_director",
    "company_admin",
}
_ARCHIVE_CLERKS = {"frontdesk_assistant", "records_assistant", "cs_supervisor", "center_director"}
_ARCHIVE_READERS = _ARCHIVE_CLERKS | {"butler", "general_manager", "company_admin"}
_IMPORTERS = {"records_assistant", "cs_supervisor", "center_director", "company_admin"}
_EXPORTERS = _IMPORTERS | {"general_manager"}
_AUDITORS = {"cs_supervisor", "center_director", "general_manager", "company_admin"}


def _build() -> dict[str, set[str]]:
    perms: dict[str, set[str]] = {}

    def give(codes, *labels):
        for code in codes:
            perms.setdefault(code, set()).update(labels)

    people = ("residency", "emergencycontact", "vehicle", "carenote")
    give(_PEOPLE_VIEWERS, *(f"registry.view_{m}" for m in people))
    give(_PEOPLE_EDITORS, *(f"registry.add_{m}" for m in people), *(f"registry.change_{m}" for m in people))
    give(
        {"records_assistant", "cs_supervisor", "center_director", "company_admin"},
        "registry.transfer_ownership",
    )
    give(
        _ARCHIVE_READERS,
        "registry.view_archivefile",
        "registry.view_archivedocument",
        "registry.view_archiveloan",
    )
    give(
        _ARCHIVE_CLERKS,
        "registry.add_archivefile",
        "registry.add_archivedocument",
        "registry.add_archiveloan",
        "registry.change_archiveloan",
    )
    give({"cs_supervisor", "center_director"}, "registry.approve_archiveloan")
    give(_IMPORTERS, "registry.add_importjob", "registry.view_importjob")
    give(_EXPORTERS, "registry.export_registry")
    give(_AUDITORS, "registry.view_personaldataaccess")
    return perms


DEFAULT_PERMISSIONS = _build()
