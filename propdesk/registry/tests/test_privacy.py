"""Personal data: encrypted at rest, masked on every screen, revealed only with a reason and a log row."""

import json

import pytest
from django.core.management import call_command
from django.db import connection

from propdesk.registry.models import Party, PersonalDataAccess

pytestmark = pytest.mark.django_db

ID = "11010519491231002X"


def test_no_id_number_in_plain_text_in_a_database_dump(world, tmp_path):
    out = tmp_path / "dump.json"
    call_command("dumpdata", "registry", output=str(out), verbosity=0)
    dump = out.read_text()
    assert world.owner_party.name in dump  # the dump did include the party
    assert ID not in dump and ID.lower() not in dump
    with connection.cursor() as cursor:
        for table in (Party._meta.db_table, Party.history.model._meta.db_table):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608
            raw = json.dumps([list(map(str, row)) for row in cursor.fetchall()], ensure_ascii=False)
            assert ID not in raw, table


def test_unit_page_masks_id_numbers_and_phones(world, login):
    html = login(world.director).get(f"/registry/units/{world.unit.pk}/").content.decode()
    assert "110***********002X" in html
    assert "138****5678" in html
    assert ID not in html and "13812345678" not in html


def test_reveal_needs_a_reason_and_writes_the_log(world, login):
    client = login(world.cs_supervisor)
    url = f"/registry/parties/{world.owner_party.pk}/reveal/"
    refused = client.post(url, {"reason": ""})
    assert ID not in refused.content.decode()
    assert PersonalDataAccess.objects.count() == 0
    html = client.post(url, {"reason": "业主来前台办理过户"}).content.decode()
    assert ID in html and "13812345678" in html
    log = PersonalDataAccess.objects.get()
    assert (log.user, log.party, log.reason, log.purpose) == (
        world.cs_supervisor,
        world.owner_party,
        "业主来前台办理过户",
        "reveal",
    )
    assert log.at is not None
    assert "业主来前台办理过户" in client.get("/registry/access-log/").content.decode()


def test_reveal_is_a_permission(world, login):
    response = login(world.frontdesk).post(
        f"/registry/parties/{world.owner_party.pk}/reveal/", {"reason": "想看"}
    )
    assert response.status_code == 403
    assert PersonalDataAccess.objects.count() == 0


def test_owner_export_is_masked_unless_revealed_with_a_reason(world, login):
    import io

    from openpyxl import load_workbook

    client = login(world.director)
    masked = client.post("/registry/export/owners/", {})
    ws = load_workbook(io.BytesIO(masked.content)).active
    cells = [str(c) for row in ws.iter_rows(values_only=True) for c in row]
    assert "110***********002X" in cells and ID not in cells
    assert PersonalDataAccess.objects.count() == 0
    full = client.post("/registry/export/owners/", {"unmasked": "on", "reason": "移交开发商核对"})
    ws = load_workbook(io.BytesIO(full.content)).active
    assert ID in [str(c) for row in ws.iter_rows(values_only=True) for c in row]
    log = PersonalDataAccess.objects.get()
    assert (log.purpose, log.records) == ("export", 1)


def test_export_in_full_is_refused_without_the_permission(world, login, django_user_model):
    from propdesk.core.models import Membership

    # The records assistant may export but, here, not reveal.
    membership = Membership.objects.get(user=world.records)
    membership.position.permissions.remove(
        *membership.position.permissions.filter(codename="reveal_personal_data")
    )
    from propdesk.core.access import clear_access_cache

    clear_access_cache(world.records)
    response = login(world.records).post("/registry/export/owners/", {"unmasked": "on", "reason": "核对"})
    assert response.status_code == 200
    assert "无权" in response.content.decode()
