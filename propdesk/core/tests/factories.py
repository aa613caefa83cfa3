"""factory_boy factories for the organisation. Services stay the way to build real data;
factories are for tests that need many rows of one kind quickly."""

import factory

from propdesk.core.models import Company, Department, Membership, Position, Project, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"staff{n}")
    display_name = factory.Sequence(lambda n: f"员工{n}")
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    password = factory.django.Password("pw-staff")


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"测试物业{n}")
    code = factory.Sequence(lambda n: f"co{n}")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        skip_postgeneration_save = True

    company = factory.SubFactory(CompanyFactory)
    name = factory.Sequence(lambda n: f"测试小区{n}")
    code = factory.Sequence(lambda n: f"p{n}")
    kind = "residential"

    @factory.post_generation
    def departments(self, create, extracted, **kwargs):
        if create:
            from propdesk.core.services import ensure_departments

            ensure_departments(project=self)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    project = factory.SubFactory(ProjectFactory)
    position = factory.LazyFunction(lambda: Position.objects.get(code="frontdesk_assistant"))
    department = factory.LazyAttribute(
        lambda o: Department.objects.get(project=o.project, kind=o.position.department_kind)
    )
