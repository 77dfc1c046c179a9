"""The system as actor (core.system): actor=None passes the permission check only when named."""

import pytest

from sunshine.core.audit import audit_record
from sunshine.core.errors import NotPermitted
from sunshine.core.permissions import require_permission
from sunshine.core.system import system_actor, system_source


def test_a_service_call_without_an_actor_is_refused_outside_system_actor(db):
    with pytest.raises(NotPermitted) as refused:
        require_permission(None, "org.manage")
    assert refused.value.code == "system_actor_required"


def test_system_actor_lets_the_system_pass_and_ends_with_its_block(db):
    with system_actor("post_migrate"):
        require_permission(None, "org.manage")
        assert system_source() == "post_migrate"
    assert system_source() is None


def test_an_unregistered_permission_is_still_a_programming_error_for_the_system(db):
    with system_actor("test"), pytest.raises(KeyError):
        require_permission(None, "no.such_permission")


def test_a_system_record_names_what_acted(db):
    with system_actor("periodic:deadline_scan"):
        record = audit_record(actor=None, action="test.scan", object_type="core.user", object_id=1)
    assert record.actor_id is None
    assert record.data["actor"] is None
    assert record.data["context"]["system"] == "periodic:deadline_scan"


def test_system_actor_refuses_an_anonymous_source():
    with pytest.raises(TypeError), system_actor(""):
        pass
