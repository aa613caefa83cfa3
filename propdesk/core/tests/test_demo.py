import pytest
from django.core.management import call_command

from propdesk.core.models import Company, Membership, Position, Project, User
from propdesk.registry.choices import IdType
from propdesk.registry.models import Building, Party, Unit
from propdesk.registry.validators import credit_code_problem, id_number_problem


@pytest.mark.django_db
def test_load_demo_builds_the_company_and_is_idempotent(capsys):
    call_command("load_demo")
    company = Company.objects.get(code="qingneng")
    assert company.name == "清能物业"
    community = Project.objects.get(code="jiangnan")
    tower = Project.objects.get(code="tower")
    assert Building.objects.filter(project=community).count() >= 20
    assert Unit.objects.filter(project=community).count() >= 2000
    assert Unit.objects.filter(project=tower).count() > 0
    assert community.departments.count() == 8

    # One user per position, and the director works in both projects.
    project_positions = Position.objects.filter(scope="project")
    held = set(Membership.objects.filter(project=community).values_list("position__code", flat=True))
    assert held == set(project_positions.values_list("code", flat=True))
    director = User.objects.get(username="director")
    assert set(Membership.objects.filter(user=director).values_list("project__code", flat=True)) == {
        "jiangnan",
        "tower",
    }
    assert User.objects.get(username="owner").parties.exists()

    # Owners have real-looking Chinese names, valid phones and valid ID numbers.
    sample = list(Party.objects.filter(project=community)[:200])
    for party in sample:
        assert party.id_type == IdType.RESIDENT_ID
        assert id_number_problem(party.id_number) is None, party.id_number
        assert len(party.phone) == 11 and party.phone.startswith("1")
        assert 2 <= len(party.name) <= 4
        assert party.name_initials.isalpha()
    for party in Party.objects.filter(project=tower)[:50]:
        assert credit_code_problem(party.id_number) is None

    # Billing's other screens have something to show: dunning with contacts, a waiver, a deposit.
    from propdesk.billing.models import Deposit, DunningCase, DunningContact, WaiverApplication

    assert DunningCase.objects.filter(project=community).count() > 10
    assert DunningContact.objects.filter(case__project=community, outcome="promised").count() == 2
    assert WaiverApplication.objects.filter(project=community, status="pending").count() == 1
    assert Deposit.objects.filter(project=community, kind="renovation").count() == 1

    units_before = Unit.objects.count()
    call_command("load_demo")
    assert Unit.objects.count() == units_before
    assert "already loaded" in capsys.readouterr().out


@pytest.mark.django_db
def test_load_demo_if_empty_leaves_an_existing_database_alone(world, capsys):
    call_command("load_demo", "--if-empty")
    assert not Company.objects.filter(code="qingneng").exists()


@pytest.mark.django_db
def test_generate_data_builds_units_with_owners_through_bulk_paths(capsys):
    call_command("generate_data", "--units", "450")
    project = Project.objects.get(code="bench-450")
    assert Unit.objects.filter(project=project).count() == 450
    assert Building.objects.filter(project=project).count() == 3
    party = Party.objects.filter(project=project).first()
    assert id_number_problem(party.id_number) is None
    assert party.ownerships.get().unit.project == project
    from propdesk.registry.services import id_number_index

    assert Party.objects.filter(id_number_index=id_number_index(party.id_number)).exists()
