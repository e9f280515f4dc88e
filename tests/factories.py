"""Factories for tests: realistic Czech data (Faker cs_CZ)."""

from __future__ import annotations

import factory
from django.conf import settings
from factory.django import DjangoModelFactory

from kmb.accounts.models import ContactPoint, Membership, ServiceArea, User
from kmb.cases.models import Client, Consultation, Task
from kmb.core.models import District, Municipality, Region
from kmb.core.text import digits, fold

factory.Faker._DEFAULT_LOCALE = "cs_CZ"

PLACES = {
    # municipality code: (name, district code, district name, region code, region name)
    "554782": ("Praha", "3100", "Hlavní město Praha", "19", "Hlavní město Praha"),
    "582786": ("Brno", "3702", "Brno-město", "116", "Jihomoravský"),
    "563889": ("Liberec", "3505", "Liberec", "78", "Liberecký"),
    "554791": ("Plzeň", "3405", "Plzeň-město", "43", "Plzeňský"),
}


def municipality(code: str = "554782") -> Municipality:
    name, dcode, dname, rcode, rname = PLACES[code]
    region, _ = Region.objects.get_or_create(code=rcode, defaults={"name": rname})
    district, _ = District.objects.get_or_create(code=dcode,
                                                 defaults={"name": dname, "region": region})
    found, _ = Municipality.objects.get_or_create(code=code,
                                                  defaults={"name": name, "district": district})
    return found


class ContactPointFactory(DjangoModelFactory):
    class Meta:
        model = ContactPoint
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"KMB {n}")
    municipality = factory.LazyFunction(municipality)
    address = factory.Faker("street_address")
    opening_hours = "Po, St 8:00–17:00"
    phone = "+420 220 144 111"
    email = factory.Sequence(lambda n: f"kmb{n}@example.cz")

    @factory.post_generation
    def serves(self, create, extracted, **kwargs):
        if create:
            ServiceArea.objects.create(contact_point=self, municipality=self.municipality)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.cz")
    password = factory.django.Password(settings.KMB_DEMO_PASSWORD)


def staff(username: str, role: str, contact_point: ContactPoint | None) -> User:
    user = UserFactory(username=username)
    Membership.objects.get_or_create(user=user, contact_point=contact_point, role=role)
    return user


class ClientFactory(DjangoModelFactory):
    class Meta:
        model = Client

    contact_point = factory.SubFactory(ContactPointFactory)
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    nickname = ""
    birth_date = factory.Faker("date_of_birth", minimum_age=18, maximum_age=90)
    birth_date_quality = "known"
    phone = factory.Sequence(lambda n: f"+420 777 {n // 1000 % 1000:03d} {n % 1000:03d}")
    street = factory.Faker("street_address")
    name_search = factory.LazyAttribute(
        lambda c: fold(" ".join(filter(None, [c.first_name, c.last_name, c.nickname]))))
    address_search = factory.LazyAttribute(lambda c: fold(c.street))
    phone_digits = factory.LazyAttribute(lambda c: digits(c.phone)[-9:])


class ConsultationFactory(DjangoModelFactory):
    class Meta:
        model = Consultation

    contact_point = factory.LazyAttribute(lambda c: c.client.contact_point)
    client = factory.SubFactory(ClientFactory)
    adviser = factory.SubFactory(UserFactory)
    advice = factory.Faker("sentence", nb_words=10)


class TaskFactory(DjangoModelFactory):
    class Meta:
        model = Task

    contact_point = factory.LazyAttribute(lambda t: t.client.contact_point)
    client = factory.SubFactory(ClientFactory)
    title = factory.Faker("sentence", nb_words=5)
    created_by = factory.SubFactory(UserFactory)
