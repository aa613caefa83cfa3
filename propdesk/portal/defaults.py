"""Default permissions of the portal's staff side per position (applied once by load_defaults)."""

_DESK = {
    "frontdesk_assistant",
    "butler",
    "records_assistant",
    "cs_supervisor",
    "center_director",
    "company_admin",
}

DEFAULT_PERMISSIONS: dict[str, set[str]] = {
    code: {"portal.add_portalinvitation", "portal.view_portalinvitation", "portal.add_tenantconsent"}
    for code in _DESK
}
