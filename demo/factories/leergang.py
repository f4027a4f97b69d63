"""Factories for people and cohorts, shared by the tests, the bench and seed_demo."""

import datetime

import factory
from django.contrib.auth.models import Group
from wagtail_factories import PageFactory

from leergang import roles
from leergang.models import Cohort, CohortSession, Enrolment, HomePage, User

DEMO_PASSWORD = "leergang-demo"  # noqa: S105


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    email = factory.Sequence(lambda n: f"persoon{n}@example.org")
    password = factory.django.Password(DEMO_PASSWORD)

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*[Group.objects.get(name=name) for name in extracted])


class ParticipantFactory(UserFactory):
    groups = factory.PostGeneration(
        lambda obj, create, extracted, **kw: (
            create and obj.groups.add(Group.objects.get(name=roles.PARTICIPANTS))
        )
    )


class TrainerFactory(UserFactory):
    groups = factory.PostGeneration(
        lambda obj, create, extracted, **kw: (
            create and obj.groups.add(Group.objects.get(name=roles.TRAINERS))
        )
    )


class GuildMemberFactory(UserFactory):
    groups = factory.PostGeneration(
        lambda obj, create, extracted, **kw: (
            create and obj.groups.add(Group.objects.get(name=roles.GUILD_MEMBERS))
        )
    )


class AdministratorFactory(UserFactory):
    is_staff = True
    is_superuser = True
    groups = factory.PostGeneration(
        lambda obj, create, extracted, **kw: (
            create and obj.groups.add(Group.objects.get(name=roles.ADMINISTRATORS))
        )
    )


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort
        django_get_or_create = ("name",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Groep {n}")
    start_date = datetime.date(2017, 2, 16)
    end_date = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=120))
    location = "Leeuwarden"

    @factory.post_generation
    def trainers(self, create, extracted, **kwargs):
        if create and extracted:
            # A ParentalManyToManyField is written on save(), not on add().
            self.trainers.add(*extracted)
            self.save()


class CohortSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CohortSession

    cohort = factory.SubFactory(CohortFactory)
    date = factory.LazyAttribute(lambda o: o.cohort.start_date)
    start_time = datetime.time(13, 30)
    end_time = datetime.time(17, 0)
    place = "Leeuwarden"
    topic = factory.Sequence(lambda n: f"Bijeenkomst {n}")


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment
        django_get_or_create = ("cohort", "user")

    cohort = factory.SubFactory(CohortFactory)
    user = factory.SubFactory(ParticipantFactory)


class HomePageFactory(PageFactory):
    class Meta:
        model = HomePage

    title = "Leergang Creative Communities"
    lead = "Leer het ambacht van de community werker."
    intro = "<p>Een post-hbo leergang over community werk.</p>"
