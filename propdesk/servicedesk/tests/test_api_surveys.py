"""The survey page's API twins: create a campaign, change its questionnaire, open and close it, write
the analysis (issue 16, item 13).

Each calls the page's service: who runs surveys may set them up (403 for staff who may not, 404 for
the outsider); the analysis is the CS supervisor's; bad input names its field and writes nothing.
"""

import datetime as dt

import pytest

from propdesk.conftest import logged_in_api
from propdesk.servicedesk.defaults import DEFAULT_QUESTIONS
from propdesk.servicedesk.models import SurveyCampaign, SurveyState
from propdesk.servicedesk.services import surveys

pytestmark = pytest.mark.django_db

URL = "/api/v1/surveys/"


def body(desk, **kw):
    return {
        "project": desk.project.pk,
        "title": "2026年上半年业主满意度调查",
        "starts_on": "2026-06-01",
        "ends_on": "2026-06-30",
    } | kw


@pytest.fixture
def campaign(desk):
    return surveys.create_campaign(
        project=desk.project,
        actor=desk.cs_supervisor,
        title="满意度调查",
        starts_on=dt.date(2026, 6, 1),
        ends_on=dt.date(2026, 6, 30),
        questions=["总体"],
    )


def test_the_front_desk_creates_a_survey_with_the_default_questionnaire(desk):
    made = logged_in_api(desk.frontdesk).post(URL, body(desk), format="json")
    assert made.status_code == 201, made.content
    campaign = SurveyCampaign.objects.get(pk=made.json()["id"])
    assert (campaign.title, campaign.state, campaign.scale, campaign.created_by) == (
        "2026年上半年业主满意度调查",
        SurveyState.DRAFT,
        "three",
        desk.frontdesk,
    )
    assert [q["text"] for q in made.json()["questions"]] == DEFAULT_QUESTIONS
    own = logged_in_api(desk.frontdesk).post(
        URL, body(desk, scale="five", questions=["服务态度", "维修"]), format="json"
    )
    assert [q["text"] for q in own.json()["questions"]] == ["服务态度", "维修"]
    assert own.json()["scale"] == "five"


def test_who_does_not_run_surveys_is_refused(desk):
    # The dispatcher has no survey pages (403 there); the project is visible to him, so 403 here too.
    assert logged_in_api(desk.dispatcher).post(URL, body(desk), format="json").status_code == 403
    assert logged_in_api(desk.outsider).post(URL, body(desk), format="json").status_code == 404
    assert not SurveyCampaign.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"project": "A"}, "project"),
        ({"title": ""}, "title"),
        ({"starts_on": "June"}, "starts_on"),
        ({"ends_on": "2026-05-01"}, "ends_on"),  # ends before it starts: the service's rule
        ({"scale": "ten"}, "scale"),
        ({"questions": []}, "questions"),  # the service: at least one question
        ({"questions": ["总体", ""]}, "questions"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(desk, change, field):
    answer = logged_in_api(desk.cs_supervisor).post(URL, body(desk, **change), format="json")
    assert answer.status_code == 400, answer.content
    assert field in answer.json()["fields"]
    assert not SurveyCampaign.objects.exists()


def test_the_questionnaire_changes_until_the_survey_opens_then_it_closes(desk, campaign):
    client = logged_in_api(desk.butler)
    url = f"{URL}{campaign.pk}/"
    changed = client.post(f"{url}questions/", {"questions": ["服务态度", "环境卫生"]}, format="json")
    assert changed.status_code == 200, changed.content
    assert [q.text for q in campaign.questions.order_by("position")] == ["服务态度", "环境卫生"]
    empty = client.post(f"{url}questions/", {"questions": []}, format="json")
    assert empty.status_code == 400 and "questions" in empty.json()["fields"]
    assert campaign.questions.count() == 2
    assert client.post(f"{url}close/").status_code == 400  # not open yet
    opened = client.post(f"{url}open/")
    assert opened.status_code == 200 and opened.json()["state"] == SurveyState.OPEN
    assert opened.json()["occupied_units"] == 1
    late = client.post(f"{url}questions/", {"questions": ["改"]}, format="json")
    assert late.status_code == 400 and "questions" in late.json()["fields"]
    closed = client.post(f"{url}close/")
    assert closed.status_code == 200 and closed.json()["state"] == SurveyState.CLOSED
    campaign.refresh_from_db()
    assert campaign.state == SurveyState.CLOSED and campaign.events.count() == 3


def test_who_does_not_run_surveys_cannot_open_change_or_close_one(desk, campaign):
    url = f"{URL}{campaign.pk}/"
    # The general manager sees surveys but does not run them: refused like on the page.
    for path, data in (("open/", {}), ("questions/", {"questions": ["改"]})):
        assert logged_in_api(desk.gm).post(f"{url}{path}", data, format="json").status_code == 403
        assert logged_in_api(desk.outsider).post(f"{url}{path}", data, format="json").status_code == 404
    campaign.refresh_from_db()
    assert campaign.state == SurveyState.DRAFT and campaign.questions.get().text == "总体"


def test_the_cs_supervisor_writes_the_analysis_once_the_survey_has_opened(desk, campaign):
    url = f"{URL}{campaign.pk}/analysis/"
    text = {"analysis": "覆盖率达标，维修响应仍需提高。"}
    draft = logged_in_api(desk.cs_supervisor).post(url, text, format="json")
    assert draft.status_code == 400 and "analysis" in draft.json()["fields"]  # not started yet
    surveys.open_campaign(campaign=campaign, actor=desk.cs_supervisor)
    blank = logged_in_api(desk.cs_supervisor).post(url, {"analysis": ""}, format="json")
    assert blank.status_code == 400 and "analysis" in blank.json()["fields"]
    # The front desk runs surveys but the analysis is the supervisor's: the service refuses (403).
    assert logged_in_api(desk.frontdesk).post(url, text, format="json").status_code == 403
    assert logged_in_api(desk.outsider).post(url, text, format="json").status_code == 404
    campaign.refresh_from_db()
    assert campaign.analysis == ""
    written = logged_in_api(desk.cs_supervisor).post(url, text, format="json")
    assert written.status_code == 200 and written.json()["analysis"] == text["analysis"]
    campaign.refresh_from_db()
    assert (campaign.analysis, campaign.analysis_by) == (text["analysis"], desk.cs_supervisor)
