"""Personal data: encrypted at rest, masked on every screen, revealed only with a reason and a log row."""

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection

from propdesk.core.crypto import phone_index
from propdesk.notices.models import SmsOutbox
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


MOBILE, CONTACT, LANDLINE = "13966667777", "13955554444", "027-88889999"


def test_no_phone_number_in_plain_text_in_any_table(world, django_capture_on_commit_callbacks, tmp_path):
    """Issue 17, item 13: a party's mobile and landline, an emergency contact, a request's contact
    phone, an activation code's number, the SMS sent to it and the account it opened: every copy is
    encrypted, in the history tables too; the registry still finds the party by the number and by its
    last four digits, and the activation still finds the owner."""
    from propdesk.portal import services as portal
    from propdesk.portal.models import ActivationCode
    from propdesk.registry import services
    from propdesk.registry.search import search
    from propdesk.servicedesk.services import receive_request

    party = services.register_party(
        project=world.project, name="王五", phone=MOBILE, landline=LANDLINE, actor=world.records
    )
    unit = services.create_unit(
        building=world.building,
        entrance="1",
        floor=5,
        number="0501",
        building_area=Decimal("90.00"),
        status="occupied",
    )
    services.start_ownership(unit=unit, party=party, started_on=dt.date(2024, 1, 1))
    services.update_party_contact(party=party, phone=f"+86 {MOBILE}", actor=world.records)  # a history row
    services.add_emergency_contact(unit=unit, name="王小五", phone=CONTACT, actor=world.records)
    receive_request(
        project=world.project,
        actor=world.frontdesk,
        kind="repair",
        channel="phone",
        content="漏水",
        reporter_name="王五",
        reporter_phone=MOBILE,
        unit=unit,
    )
    with django_capture_on_commit_callbacks(execute=True):
        portal.request_code(phone=MOBILE, ip_address="10.0.0.1")
    code = re.search(r"(?<!\d)(\d{6})(?!\d)", SmsOutbox.objects.get().text).group(1)
    user = portal.activate(phone=MOBILE, code=code, username="wangwu", password="Lantern-Harbour-93")
    assert user.phone == MOBILE and ActivationCode.objects.get().phone == MOBILE

    hits = search(world.project, MOBILE[-4:])
    assert [h.party for h in hits if h.kind == "party"] == [party]
    assert [h.party for h in search(world.project, "139 6666 7777") if h.kind == "party"] == [party]

    out = tmp_path / "dump.json"
    call_command(
        "dumpdata", "core", "registry", "servicedesk", "notices", "portal", output=str(out), verbosity=0
    )
    dump = out.read_text()
    assert "王小五" in dump
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            raw = json.dumps([list(map(str, row)) for row in cursor.fetchall()], ensure_ascii=False)
            for number in (MOBILE, CONTACT, LANDLINE, LANDLINE.replace("-", "")):
                assert number not in raw, (table, number)
    for number in (MOBILE, CONTACT, LANDLINE):
        assert number not in dump
    assert Party.objects.get(pk=party.pk).phone_last4_index not in ("", MOBILE[-4:])


def test_an_encrypted_phone_cannot_be_compared_by_mistake(world):
    """A token differs on every encryption: a look-up by the clear number raises instead of finding nothing."""
    from django.core.exceptions import FieldError

    with pytest.raises(FieldError):
        Party.objects.filter(phone="13812345678").exists()
    with pytest.raises(FieldError):
        Party.objects.filter(phone__endswith="5678").exists()
    assert Party.objects.filter(phone="").count() == 0
    assert Party.objects.filter(phone_index=phone_index("138-1234-5678")).get() == world.owner_party
