"""The owner signs the record of a door-visit callback (issue 16, item 10).

Seed 004 物業前臺回訪工作流程 4: "對業主提出的意見或建議進行收集，填寫《回訪記錄》並由業主簽字". A door visit
(上門回訪) is made in person, so the owner signs the record on the visitor's phone, as the repair is
signed off (接修流程 4.2.4 請業/戶簽字確認); a callback by phone or letter cannot be signed and takes none.
"""

import pytest
from django.template.loader import render_to_string

from propdesk.core.errors import ServiceError
from propdesk.servicedesk import pdf, services
from propdesk.servicedesk.choices import RequestStatus
from propdesk.servicedesk.models import Callback, RequestEvent

from .test_repairs import png_data_url

pytestmark = pytest.mark.django_db


def _resolved(desk, category_code="water-outage"):
    """A water-outage repair (an important item: called back by a door visit), completed."""
    from propdesk.servicedesk.models import Category

    request = services.receive_request(
        project=desk.project,
        actor=desk.frontdesk,
        kind="repair",
        channel="phone",
        content="停水",
        reporter_name="张三",
        unit=desk.unit,
        category=Category.objects.get(project=desk.project, code=category_code),
    )
    services.transition_request(request=request, to_status=RequestStatus.RESOLVED, actor=desk.frontdesk)
    return request


def _door_visit(desk, request, **kwargs):
    values = {
        "request": request,
        "method": "door_visit",
        "satisfaction": "satisfied",
        "owner_words": "水压正常了",
        "actor": desk.butler,
    }
    return services.record_callback(**(values | kwargs))


def test_a_door_visit_is_recorded_with_the_owners_signature(desk):
    request = _resolved(desk)
    callback = _door_visit(desk, request, signer_name="张三", signature_data_url=png_data_url())
    callback.refresh_from_db()
    assert callback.signer_name == "张三"
    assert callback.signature.read().startswith(b"\x89PNG")
    # The timeline's callback step names who signed.
    step = RequestEvent.objects.get(request=request, kind="callback")
    assert step.data["signer"] == "张三" and step.data["callback"] == callback.pk
    request.refresh_from_db()
    assert request.status == RequestStatus.CLOSED


def test_a_door_visit_without_the_owners_signature_is_refused_naming_it(desk):
    request = _resolved(desk)
    with pytest.raises(ServiceError) as unsigned:
        _door_visit(desk, request, signer_name="张三")
    assert unsigned.value.field == "signature"
    assert "sign" in str(unsigned.value.message) or "签" in str(unsigned.value.message)
    with pytest.raises(ServiceError) as nameless:
        _door_visit(desk, request, signature_data_url=png_data_url())
    assert nameless.value.field == "signer_name"
    with pytest.raises(ServiceError) as damaged:
        _door_visit(desk, request, signer_name="张三", signature_data_url="data:image/png;base64,!!!")
    assert damaged.value.field == "signature"
    assert not Callback.objects.filter(request=request).exists()
    request.refresh_from_db()
    assert request.status == RequestStatus.RESOLVED


def test_a_phone_callback_takes_no_signature(desk):
    request = _resolved(desk, "doors")  # not an important item: a phone call will do
    callback = services.record_callback(
        request=request, method="phone", satisfaction="satisfied", owner_words="好", actor=desk.frontdesk
    )
    assert not callback.signature and callback.signer_name == ""
    assert "signer" not in RequestEvent.objects.get(request=request, kind="callback").data

    other = _resolved(desk, "doors")
    with pytest.raises(ServiceError) as refused:
        services.record_callback(
            request=other,
            method="phone",
            satisfaction="satisfied",
            owner_words="好",
            actor=desk.frontdesk,
            signature_data_url=png_data_url(),
        )
    assert refused.value.field == "signature"


def _signed_off_repair(desk):
    """A water-outage repair carried out, signed off by the owner and its slip returned (resolved)."""
    request = _resolved(desk)
    services.transition_request(request=request, to_status=RequestStatus.IN_PROGRESS, actor=desk.frontdesk)
    order = services.dispatch(request=request, technician=desk.technician, actor=desk.dispatcher)
    services.accept_order(order=order, actor=desk.technician)
    services.arrive(order=order, actor=desk.technician)
    services.complete_order(order=order, actor=desk.technician, work_done="恢复供水", labour_minutes=30)
    services.sign_order(
        order=order, actor=desk.technician, signer_name="张三", signature_data_url=png_data_url()
    )
    services.return_slip(order=order, actor=desk.frontdesk)
    request.refresh_from_db()
    assert request.status == RequestStatus.RESOLVED
    return request


def test_the_request_page_takes_the_signature_and_shows_it(desk, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    request = _signed_off_repair(desk)  # its timeline also holds the repair's sign-off
    client = login(desk.butler)
    page = client.get(f"/servicedesk/{request.pk}/").content.decode()
    # The pad is on the callback form (shown for a door visit by callback.js), which starts at a door visit.
    assert 'data-testid="callback-signature-pad"' in page and 'data-show-for="door_visit"' in page
    assert 'value="door_visit" selected' in page
    assert "servicedesk/signature.js" in page and "servicedesk/callback.js" in page

    form = {
        "method": "door_visit",
        "satisfaction": "satisfied",
        "owner_words": "水压正常了",
        "signer_name": "张三",
    }
    refused = client.post(f"/servicedesk/{request.pk}/callback/", form, follow=True).content.decode()
    assert "签" in refused or "sign" in refused
    assert not Callback.objects.filter(request=request).exists()

    client.post(f"/servicedesk/{request.pk}/callback/", {**form, "signature": png_data_url()})
    callback = Callback.objects.get(request=request)
    page = client.get(f"/servicedesk/{request.pk}/").content.decode()
    image = f"/files/callback-signature/{callback.pk}/"
    assert 'data-testid="callback-signature"' in page and 'data-testid="timeline-signature"' in page
    assert page.count(image) == 2  # in the callbacks card and on the timeline
    served = client.get(image)
    assert served.status_code == 200 and b"".join(served.streaming_content).startswith(b"\x89PNG")
    # Served through the access check: not to someone who does not see the request.
    assert login(desk.outsider).get(image).status_code == 404

    # The printed forms carry it: the repair slip's callback record (and a complaint report's).
    rows = pdf._callbacks(request)
    assert rows[0].signature_uri.startswith("data:image/png;base64,")
    html = render_to_string(
        "servicedesk/pdf/repair_slip.html",
        {"obj": request, "project": request.project, "order": None, "callbacks": rows, "copies": ["x"]},
    )
    assert "回访记录" in html and rows[0].signature_uri in html and "张三" in html
