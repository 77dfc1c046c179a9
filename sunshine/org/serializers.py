"""Input and output serializers of the org API. Inputs only parse; the services decide."""

from __future__ import annotations

from rest_framework import serializers

from sunshine.org import selectors
from sunshine.org.choices import DataScope, Gender, PortfolioArea, PostKind, RoleKind, UnitKind
from sunshine.org.models import Person, Portfolio, Post, PostHolding, Role, RoleAssignment, Unit

MAX_ID = 2**63 - 1
SORT_LIMIT = 1_000_000


def Id(**kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


def SortOrder(**kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=-SORT_LIMIT, max_value=SORT_LIMIT, **kwargs)


class VersionInput(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text="the version you read; a stale one is refused with 409"
    )


class RemoveInput(VersionInput):
    reason = serializers.CharField(max_length=500, help_text="why the record is removed (作废原因)")


# --- Units ----------------------------------------------------------------------------------------


class UnitOutput(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = [
            "id",
            "name",
            "short_name",
            "code",
            "kind",
            "parent",
            "body",
            "path",
            "depth",
            "sort_order",
            "description",
            "version",
            "created_at",
            "updated_at",
        ]


class UnitCreateInput(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=UnitKind.choices)
    code = serializers.CharField(max_length=50)
    parent = Id(required=False, allow_null=True, help_text="the parent unit; none for a root body")
    short_name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    sort_order = SortOrder(required=False, default=0)


class UnitUpdateInput(VersionInput):
    name = serializers.CharField(max_length=100, required=False)
    code = serializers.CharField(max_length=50, required=False)
    short_name = serializers.CharField(max_length=50, required=False, allow_blank=True)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    sort_order = SortOrder(required=False)


class UnitMoveInput(VersionInput):
    parent = Id(allow_null=True, help_text="the new parent unit; null makes a body a root")


# --- Posts and holdings ---------------------------------------------------------------------------


class HolderOutput(serializers.Serializer):
    holding = serializers.IntegerField(source="pk")
    person = serializers.IntegerField(source="person_id")
    name = serializers.CharField(source="person.name")
    start_date = serializers.DateField()


class PostOutput(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name")
    holders = HolderOutput(many=True, source="current_holdings", default=list)

    class Meta:
        model = Post
        fields = ["id", "unit", "unit_name", "name", "kind", "duties", "sort_order", "holders", "version"]


class PostCreateInput(serializers.Serializer):
    unit = Id()
    name = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=PostKind.choices)
    duties = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    sort_order = SortOrder(required=False, default=0)


class PostUpdateInput(VersionInput):
    name = serializers.CharField(max_length=100, required=False)
    kind = serializers.ChoiceField(choices=PostKind.choices, required=False)
    duties = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    sort_order = SortOrder(required=False)


class HoldingOutput(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name")
    post_name = serializers.CharField(source="post.name")
    post_kind = serializers.ChoiceField(source="post.kind", choices=PostKind.choices)
    unit = serializers.IntegerField(source="post.unit_id")
    unit_name = serializers.CharField(source="post.unit.name")

    class Meta:
        model = PostHolding
        fields = [
            "id",
            "person",
            "person_name",
            "post",
            "post_name",
            "post_kind",
            "unit",
            "unit_name",
            "start_date",
            "end_date",
            "version",
        ]


class HoldingCreateInput(serializers.Serializer):
    person = Id()
    post = Id()
    start_date = serializers.DateField(required=False, allow_null=True, help_text="default: today")


class HoldingEndInput(VersionInput):
    end_date = serializers.DateField(required=False, allow_null=True, help_text="default: today")
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


# --- People ---------------------------------------------------------------------------------------


class PersonPostOutput(serializers.Serializer):
    holding = serializers.IntegerField(source="pk")
    post = serializers.IntegerField(source="post_id")
    name = serializers.CharField(source="post.name")
    kind = serializers.ChoiceField(source="post.kind", choices=PostKind.choices)
    unit_name = serializers.CharField(source="post.unit.name")


class PersonOutput(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name")
    body = serializers.IntegerField(source="unit.body_id")
    is_principal = serializers.BooleanField(
        default=False, help_text="holds a principal post (主要负责人) in their body"
    )
    posts = PersonPostOutput(many=True, source="current_holdings", default=list)
    user = serializers.IntegerField(source="user_id", allow_null=True, help_text="the linked account")

    class Meta:
        model = Person
        fields = [
            "id",
            "name",
            "gender",
            "unit",
            "unit_name",
            "body",
            "title",
            "phone",
            "email",
            "sort_order",
            "is_principal",
            "posts",
            "user",
            "version",
        ]


class PersonCreateInput(serializers.Serializer):
    unit = Id()
    name = serializers.CharField(max_length=50)
    gender = serializers.ChoiceField(choices=Gender.choices, required=False, allow_blank=True, default="")
    title = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    email = serializers.CharField(max_length=254, required=False, allow_blank=True, default="")
    sort_order = SortOrder(required=False, default=0)


class PersonUpdateInput(VersionInput):
    name = serializers.CharField(max_length=50, required=False)
    gender = serializers.ChoiceField(choices=Gender.choices, required=False, allow_blank=True)
    title = serializers.CharField(max_length=100, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    email = serializers.CharField(max_length=254, required=False, allow_blank=True)
    sort_order = SortOrder(required=False)


class PersonMoveInput(VersionInput):
    unit = Id()


# --- Portfolios -----------------------------------------------------------------------------------


class PortfolioOutput(serializers.ModelSerializer):
    body_name = serializers.CharField(source="body.name")
    leader_name = serializers.CharField(source="leader.name")
    leader_is_principal = serializers.BooleanField(default=False)
    departments = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Portfolio
        fields = [
            "id",
            "body",
            "body_name",
            "leader",
            "leader_name",
            "leader_is_principal",
            "area",
            "title",
            "departments",
            "start_date",
            "end_date",
            "version",
        ]


class PortfolioCreateInput(serializers.Serializer):
    body = Id()
    leader = Id()
    area = serializers.ChoiceField(choices=PortfolioArea.choices)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    departments = serializers.ListField(child=Id(), required=False, default=list, max_length=200)
    start_date = serializers.DateField(required=False, allow_null=True, help_text="default: today")


class PortfolioUpdateInput(VersionInput):
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    departments = serializers.ListField(child=Id(), required=False, max_length=200)


class PortfolioEndInput(HoldingEndInput):
    pass


# --- Roles and assignments ------------------------------------------------------------------------


class RoleOutput(serializers.ModelSerializer):
    class Meta:
        model = Role
        fields = ["id", "code", "name", "kind", "description", "permissions", "is_builtin", "version"]


class RoleCreateInput(serializers.Serializer):
    code = serializers.SlugField(max_length=50)
    name = serializers.CharField(max_length=50)
    kind = serializers.ChoiceField(choices=RoleKind.choices, default=RoleKind.BUSINESS)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    permissions = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, default=list, max_length=500
    )


class RoleUpdateInput(VersionInput):
    name = serializers.CharField(max_length=50, required=False)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    permissions = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, max_length=500
    )


class AssignmentOutput(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username")
    role_code = serializers.CharField(source="role.code")
    role_name = serializers.CharField(source="role.name")
    unit_name = serializers.CharField(source="unit.name")

    class Meta:
        model = RoleAssignment
        fields = [
            "id",
            "user",
            "username",
            "role",
            "role_code",
            "role_name",
            "unit",
            "unit_name",
            "data_scope",
            "admin_kind",
            "note",
            "created_at",
            "version",
        ]


class AssignmentCreateInput(serializers.Serializer):
    user = Id()
    role = Id()
    unit = Id()
    data_scope = serializers.ChoiceField(choices=DataScope.choices)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class RevokeInput(RemoveInput):
    pass


# --- Accounts -------------------------------------------------------------------------------------


class AccountRoleOutput(serializers.Serializer):
    assignment = serializers.IntegerField(source="pk")
    role = serializers.CharField(source="role.code")
    role_name = serializers.CharField(source="role.name")
    unit = serializers.IntegerField(source="unit_id")
    unit_name = serializers.CharField(source="unit.name")
    data_scope = serializers.ChoiceField(choices=DataScope.choices)


class AccountOutput(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    full_name = serializers.CharField()
    email = serializers.CharField()
    phone = serializers.CharField()
    is_active = serializers.BooleanField()
    is_locked = serializers.BooleanField()
    locked_until = serializers.DateTimeField(allow_null=True)
    must_change_password = serializers.BooleanField()
    status = serializers.SerializerMethodField()
    person = serializers.SerializerMethodField()
    roles = AccountRoleOutput(many=True, source="live_assignments", default=list)
    date_joined = serializers.DateTimeField()
    last_login = serializers.DateTimeField(allow_null=True)
    version = serializers.IntegerField()

    def get_status(self, user) -> str:
        return selectors.account_status(user)

    def get_person(self, user) -> int | None:
        person = getattr(user, "person", None)
        return person.pk if person is not None else None


class AccountCreateInput(serializers.Serializer):
    username = serializers.CharField(max_length=64)
    full_name = serializers.CharField(max_length=100)
    password = serializers.CharField(
        max_length=256, trim_whitespace=False, help_text="the first password (SEC-4)"
    )
    email = serializers.CharField(max_length=254, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    person = Id(required=False, allow_null=True)


class AccountUpdateInput(VersionInput):
    full_name = serializers.CharField(max_length=100, required=False)
    email = serializers.CharField(max_length=254, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)


class AccountReasonInput(VersionInput):
    reason = serializers.CharField(max_length=500)


class AccountResetPasswordInput(VersionInput):
    new_password = serializers.CharField(max_length=256, trim_whitespace=False)


class AccountLinkPersonInput(VersionInput):
    person = Id(allow_null=True)
