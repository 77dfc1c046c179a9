"""Factories for org records: the smallest valid objects (STYLE §6)."""

from __future__ import annotations

import factory

from sunshine.core.models import User
from sunshine.org import tree
from sunshine.org.choices import DataScope, PortfolioArea, PostKind, RoleKind, UnitKind
from sunshine.org.models import Person, Portfolio, Post, PostHolding, Role, RoleAssignment, Unit

TEST_PASSWORD = "Sunshine#2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"测试用户{n}")
    must_change_password = False
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"测试单位{n}")
    code = factory.Sequence(lambda n: f"U{n:05d}")
    kind = UnitKind.BODY
    parent = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        unit = super()._create(model_class, *args, **kwargs)
        return tree.place(unit)


class DepartmentFactory(UnitFactory):
    name = factory.Sequence(lambda n: f"测试科室{n}")
    kind = UnitKind.DEPARTMENT
    parent = factory.SubFactory(UnitFactory)


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    unit = factory.SubFactory(DepartmentFactory)
    name = factory.Sequence(lambda n: f"岗位{n}")
    kind = PostKind.CLERK


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"人员{n}")
    unit = factory.SubFactory(DepartmentFactory)


class PostHoldingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PostHolding

    person = factory.SubFactory(PersonFactory)
    post = factory.SubFactory(PostFactory)
    start_date = factory.Faker("date_object")


def builtin_role(code: str) -> Role:
    return Role.objects.get(code=code)


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = factory.LazyFunction(lambda: builtin_role("clerk"))
    unit = factory.SubFactory(UnitFactory)
    data_scope = DataScope.OWN_BODY
    admin_kind = factory.LazyAttribute(lambda o: "" if o.role.kind == RoleKind.BUSINESS else o.role.kind)


def account_with_role(role_code: str, *, unit: Unit, scope: str = DataScope.OWN_BODY, **user_fields) -> User:
    """An account holding one built-in role over ``unit``: the personas of conftest use this."""
    user = UserFactory(**user_fields)
    RoleAssignmentFactory(user=user, role=builtin_role(role_code), unit=unit, data_scope=scope)
    return user


class PortfolioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Portfolio

    body = factory.SubFactory(UnitFactory)
    leader = factory.SubFactory(PersonFactory, unit=factory.SelfAttribute("..body"))
    area = PortfolioArea.OTHER


def principal(body: Unit, person: Person | None = None, name: str = "主要负责人") -> Person:
    """A person holding a principal post (主要负责人) of ``body``."""
    post = PostFactory(unit=body, name=name, kind=PostKind.PRINCIPAL)
    person = person or PersonFactory(unit=body, name="一把手")
    PostHoldingFactory(person=person, post=post, start_date="2024-01-01")
    return person
