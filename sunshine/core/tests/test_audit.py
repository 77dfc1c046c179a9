"""The audit chain (AUD-1): writing, linking, verifying, and catching every kind of tampering."""

from __future__ import annotations

import datetime as dt
import json
import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import Max

from sunshine.core import audit, audit_guard
from sunshine.core.audit import audit_record, audit_verify, link_pending, record_hash
from sunshine.core.models import GENESIS_HASH, AuditRecord
from sunshine.core.tests.conftest import AUDIT_TABLE, run_sql
from sunshine.org.tests.factories import DepartmentFactory, PortfolioFactory

pytestmark = pytest.mark.django_db


def verify_fails_at(seq: int) -> audit.VerifyReport:
    report = audit_verify()
    assert not report.ok, "verify should have caught the change"
    assert report.first_bad_seq == seq, report.problems
    return report


def db_time(value: dt.datetime):
    return connection.ops.adapt_datetimefield_value(value)


# --- Writing ---------------------------------------------------------------------------------------


def test_record_payload_holds_time_actor_action_object_and_change(clerk):
    record = audit_record(
        actor=clerk, action="test.update", target=clerk, before={"full_name": "旧名"}, note="改名"
    )
    data = json.loads(AuditRecord.objects.get(pk=record.pk).payload)
    assert data["action"] == "test.update"
    assert data["actor"] == {"id": clerk.pk, "name": "张承办", "username": "clerk"}
    assert data["object"] == {"caption": str(clerk), "id": str(clerk.pk), "type": "core.user"}
    assert data["before"] == {"full_name": "旧名"}
    assert data["after"]["full_name"] == "张承办"
    assert data["note"] == "改名"
    assert dt.datetime.fromisoformat(data["acted_at"]) == record.created_at


def test_snapshot_leaves_out_password_hash(clerk):
    record = audit_record(actor=clerk, action="test.update", target=clerk)
    assert "password" not in record.data["after"]
    assert clerk.password not in record.payload


def test_snapshot_gives_ids_for_relations_the_named_fields_only_and_sorted_many_to_many():
    portfolio = PortfolioFactory()
    second, first = DepartmentFactory(parent=portfolio.body), DepartmentFactory(parent=portfolio.body)
    portfolio.departments.set([second, first])
    whole = audit.audit_snapshot(portfolio)
    assert whole["body_id"] == portfolio.body_id
    assert whole["leader_id"] == portfolio.leader_id
    assert whole["departments"] == sorted([first.pk, second.pk])
    assert whole["start_date"] == portfolio.start_date
    assert audit.audit_snapshot(portfolio, fields=["area", "departments"]) == {
        "area": portfolio.area,
        "departments": sorted([first.pk, second.pk]),
    }
    assert audit.audit_snapshot(portfolio, fields=["title"]) == {"title": portfolio.title}


def test_request_context_is_recorded(clerk):
    with audit.audit_context(ip="10.0.0.8", user_agent="Firefox"):
        record = audit_record(actor=clerk, action="test.view", target=clerk)
    assert record.data["context"] == {"ip": "10.0.0.8", "user_agent": "Firefox"}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"action": "NoDot"}, "must look like"),
        ({"action": "test.ok", "object_type": "test.thing", "object_id": "a b"}, "plain identifier"),
        ({"action": "test.ok", "object_type": 'bad"type', "object_id": "1"}, "must look like"),
    ],
)
def test_malformed_records_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        audit_record(actor=None, **kwargs)


def test_unsaved_target_is_refused():
    from sunshine.core.models import User

    with pytest.raises(ValueError, match="saved first"):
        audit_record(actor=None, action="test.create", target=User(username="x"))


def test_model_refuses_change_and_delete(chain):
    record = chain[0]
    with pytest.raises(TypeError):
        record.save()
    with pytest.raises(TypeError):
        record.delete()
    with pytest.raises(TypeError):
        AuditRecord.objects.filter(pk=record.pk).update(action="test.other")
    with pytest.raises(TypeError):
        AuditRecord.objects.all().delete()


def test_rolled_back_transaction_leaves_no_record(clerk):
    def failing_change():
        with transaction.atomic():
            audit_record(actor=clerk, action="test.doomed", target=clerk)
            raise RuntimeError("the business change failed")

    with pytest.raises(RuntimeError):
        failing_change()
    assert not AuditRecord.objects.filter(action="test.doomed").exists()
    audit_record(actor=clerk, action="test.kept", target=clerk)
    link_pending()
    report = audit_verify()
    assert report.ok, report.problems
    assert report.count == AuditRecord.objects.count()


# --- Linking --------------------------------------------------------------------------------------


def test_inline_mode_links_the_record_inside_the_transaction(settings, clerk):
    settings.AUDIT_LINK_MODE = "inline"
    with transaction.atomic():
        record = audit_record(actor=clerk, action="test.inline", target=clerk)
        assert record.seq is not None
        assert AuditRecord.objects.filter(pk=record.pk, seq__isnull=False).exists()


def test_deferred_mode_leaves_the_record_for_the_linker(settings, clerk):
    settings.AUDIT_LINK_MODE = "deferred"
    record = audit_record(actor=clerk, action="test.deferred", target=clerk)
    assert record.seq is None
    assert link_pending() >= 1
    assert AuditRecord.objects.get(pk=record.pk).seq is not None


def test_unknown_link_mode_is_refused(settings, clerk):
    settings.AUDIT_LINK_MODE = "sometimes"
    with pytest.raises(ValueError, match="AUDIT_LINK_MODE"):
        audit_record(actor=clerk, action="test.x", target=clerk)


def test_linking_chains_each_hash_to_the_previous(settings, chain):
    prev = GENESIS_HASH
    for expected_seq, record in enumerate(chain, start=1):
        assert record.seq == expected_seq
        assert record.prev_hash == prev
        assert record.hash == record_hash(
            seq=record.seq, record_id=record.pk, prev_hash=prev, payload=record.payload
        )
        prev = record.hash


def test_link_pending_in_small_batches_links_everything_in_id_order(settings, clerk):
    settings.AUDIT_LINK_MODE = "deferred"
    ids = [audit_record(actor=clerk, action="test.batch", target=clerk).pk for _ in range(7)]
    assert link_pending(batch=3) == 7
    assert list(AuditRecord.objects.filter(pk__in=ids).order_by("seq").values_list("pk", flat=True)) == ids
    assert audit_verify().ok


@pytest.mark.parametrize("mode", ["deferred", "inline"])
def test_several_records_of_one_change_are_written_in_their_order(settings, clerk, mode):
    """audit_records (a case step's three records: one statement on PostgreSQL in deferred mode)."""
    settings.AUDIT_LINK_MODE = mode
    with transaction.atomic():
        audit.audit_records(
            [
                {"actor": clerk, "action": "test.first", "target": clerk, "note": "一"},
                {"actor": None, "action": "test.second", "object_type": "test.thing", "object_id": 7},
                {"actor": clerk, "action": "test.third", "target": clerk, "extra": {"n": 3}},
            ]
        )
    link_pending()
    rows = list(AuditRecord.objects.filter(action__startswith="test.").order_by("seq"))
    assert [r.action for r in rows] == ["test.first", "test.second", "test.third"]
    assert [r.pk for r in rows] == sorted(r.pk for r in rows)
    assert json.loads(rows[0].payload)["note"] == "一"
    assert (rows[1].actor_id, rows[1].object_type, rows[1].object_id) == (None, "test.thing", "7")
    assert json.loads(rows[2].payload)["extra"] == {"n": 3}
    assert audit_verify().ok
    with pytest.raises(ValueError, match=r"app\.verb"):
        audit.audit_records([{"actor": clerk, "action": "Bad", "target": clerk}])


def test_link_pending_with_nothing_pending_links_nothing(chain):
    assert link_pending() == 0
    assert link_pending(wait=False) == 0


# --- Verifying ------------------------------------------------------------------------------------


def test_intact_chain_verifies_with_count_and_head(chain):
    report = audit_verify()
    assert report.ok, report.problems
    assert report.count == 5
    assert report.head_hash == chain[-1].hash
    assert report.summary() == f"OK 5 {chain[-1].hash}"
    assert report.pending == 0


def test_empty_chain_verifies():
    report = audit_verify()
    assert report.ok
    assert report.summary() == f"OK 0 {GENESIS_HASH}"


def test_unlinked_records_are_reported_as_pending(settings, chain, clerk):
    settings.AUDIT_LINK_MODE = "deferred"
    audit_record(actor=clerk, action="test.later", target=clerk)
    report = audit_verify()
    assert report.ok
    assert report.count == 5
    assert report.pending == 1
    assert report.oldest_pending_at is not None


TAMPERING = {
    "payload": (
        f'UPDATE {AUDIT_TABLE} SET payload = replace(payload, \'"caption":"\', \'"caption":"改\') '
        "WHERE seq = 3",
        "does not match its hash",
    ),
    "action": (f"UPDATE {AUDIT_TABLE} SET action = 'test.delete' WHERE seq = 3", "columns differ"),
    "object_type": (f"UPDATE {AUDIT_TABLE} SET object_type = 'test.other' WHERE seq = 3", "columns differ"),
    "object_id": (f"UPDATE {AUDIT_TABLE} SET object_id = 'weekly' WHERE seq = 3", "columns differ"),
    "actor_id to someone": (f"UPDATE {AUDIT_TABLE} SET actor_id = %(clerk)s WHERE seq = 3", "columns differ"),
    "actor_id to nobody": (f"UPDATE {AUDIT_TABLE} SET actor_id = NULL WHERE seq = 2", "columns differ"),
    "prev_hash": (f"UPDATE {AUDIT_TABLE} SET prev_hash = %(fake)s WHERE seq = 3", "does not link"),
    "hash": (f"UPDATE {AUDIT_TABLE} SET hash = %(fake)s WHERE seq = 3", "does not match its hash"),
    "id": (f"UPDATE {AUDIT_TABLE} SET id = id + 1000 WHERE seq = 3", "does not match its hash"),
    "seq": (f"UPDATE {AUDIT_TABLE} SET seq = 99 WHERE seq = 3", "sequence gap"),
    "deleted record": (f"DELETE FROM {AUDIT_TABLE} WHERE seq = 3", "sequence gap"),
    "unlinked record": (
        f"UPDATE {AUDIT_TABLE} SET seq = NULL, prev_hash = NULL, hash = NULL WHERE seq = 3",
        "sequence gap",
    ),
}


@pytest.mark.parametrize("column", TAMPERING)
def test_tampering_is_caught_at_the_record(column, chain, clerk):
    sql, problem = TAMPERING[column]
    expected_seq = 2 if column == "actor_id to nobody" else 3
    run_sql(sql, {"clerk": clerk.pk, "fake": "f" * 64} if "%(" in sql else None)
    report = verify_fails_at(expected_seq)
    assert problem in report.problems[0]
    assert "BROKEN at record" in report.summary()


@pytest.mark.parametrize(
    "change",
    [dt.timedelta(microseconds=1), dt.timedelta(seconds=-1), dt.timedelta(hours=8)],
    ids=["one microsecond", "one second", "eight hours"],
)
def test_changed_time_is_caught(change, chain):
    record = chain[2]
    run_sql(
        f"UPDATE {AUDIT_TABLE} SET created_at = %s WHERE id = %s",
        [db_time(record.created_at + change), record.pk],
    )
    report = verify_fails_at(3)
    assert "columns differ" in report.problems[0]


def test_record_written_at_a_whole_second_verifies(monkeypatch, clerk):
    """SQLite keeps such a time without '.000000'; the column check must still match it."""
    monkeypatch.setattr(audit.clock, "now", lambda: dt.datetime(2026, 5, 4, 1, 2, 3, tzinfo=dt.UTC))
    audit_record(actor=clerk, action="test.whole_second", target=clerk)
    link_pending()
    assert audit_verify().ok


def test_gap_at_the_head_is_caught(chain):
    run_sql(f"UPDATE {AUDIT_TABLE} SET seq = 7 WHERE seq = 5")
    report = verify_fails_at(5)
    assert "expected record 5, found 7" in report.problems[0]


def test_swapped_records_are_caught(chain):
    run_sql(f"UPDATE {AUDIT_TABLE} SET seq = 100 WHERE seq = 2")
    run_sql(f"UPDATE {AUDIT_TABLE} SET seq = 2 WHERE seq = 4")
    run_sql(f"UPDATE {AUDIT_TABLE} SET seq = 4 WHERE seq = 100")
    verify_fails_at(2)


def test_removed_head_is_caught_only_against_a_published_checkpoint(chain):
    checkpoint = (5, chain[-1].hash)
    run_sql(f"DELETE FROM {AUDIT_TABLE} WHERE seq = 5")
    assert audit_verify().ok  # nothing inside the chain shows it...
    report = audit_verify(checkpoint=checkpoint)  # ...the published head does
    assert not report.ok
    assert "checkpoint 5" in report.problems[0]


def test_checkpoint_of_an_intact_chain_passes(chain):
    assert audit_verify(checkpoint=(3, chain[2].hash)).ok
    assert audit_verify(checkpoint=(0, GENESIS_HASH)).ok
    assert not audit_verify(checkpoint=(3, chain[3].hash)).ok


def test_the_earliest_problem_is_named_first(chain, clerk):
    run_sql(f"UPDATE {AUDIT_TABLE} SET action = 'test.forged' WHERE seq = 4")
    run_sql(f"UPDATE {AUDIT_TABLE} SET actor_id = %s WHERE seq = 2", [clerk.pk + 1000])
    verify_fails_at(2)


@pytest.mark.parametrize("checkpoint", ["5", "5:abc", "x:" + "0" * 64, ":" + "0" * 64])
def test_malformed_checkpoint_is_refused(checkpoint):
    with pytest.raises(ValueError, match="COUNT:HASH"):
        audit.parse_checkpoint(checkpoint)


@pytest.fixture
def longer_chain(clerk, leader):
    for n in range(7):
        audit_record(actor=clerk if n % 2 else leader, action="test.step", target=clerk, note=str(n))
    link_pending()
    return list(AuditRecord.objects.order_by("seq"))


@pytest.mark.parametrize("segments", [2, 3, 7])
def test_a_chain_walked_in_segments_gives_the_same_answer(longer_chain, segments):
    whole = audit_verify(segments=1)
    assert whole.ok
    assert audit_verify(segments=segments).summary() == whole.summary() == f"OK 7 {longer_chain[-1].hash}"


SEGMENT_BOUNDARY_TAMPERING = {  # 7 records in 2 segments: 1-4 and 5-7
    "link of a segment's first record": (
        f"UPDATE {AUDIT_TABLE} SET prev_hash = %s WHERE seq = 5",
        5,
        "does not link",
    ),
    "last record of a segment": (f"DELETE FROM {AUDIT_TABLE} WHERE seq = 4", 4, "sequence gap"),
    "first record of a segment": (f"DELETE FROM {AUDIT_TABLE} WHERE seq = 5", 5, "sequence gap"),
    "columns inside a segment": (
        f"UPDATE {AUDIT_TABLE} SET action = 'test.forged' WHERE seq = 6",
        6,
        "columns differ",
    ),
    "hash of a segment's last record": (
        f"UPDATE {AUDIT_TABLE} SET hash = %s WHERE seq = 4",
        4,
        "does not match",
    ),
}


@pytest.mark.parametrize("case", SEGMENT_BOUNDARY_TAMPERING)
def test_tampering_at_a_segment_boundary_is_caught(longer_chain, case):
    sql, seq, problem = SEGMENT_BOUNDARY_TAMPERING[case]
    run_sql(sql, ["f" * 64] if "%s" in sql else None)
    for segments in (1, 2):
        report = audit_verify(segments=segments)
        assert not report.ok
        assert report.first_bad_seq == seq, (segments, report.problems)
        assert problem in report.problems[0]
        assert report.count == seq - 1


# --- The guard triggers (both engines), concurrency and commit order (PostgreSQL) ---------------------


def _guard_refuses(sql, params=None):
    with pytest.raises(IntegrityError, match="AUD-1"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_trigger_refuses_delete(chain):
    _guard_refuses(f"DELETE FROM {AUDIT_TABLE} WHERE seq = 3")
    _guard_refuses(f"DELETE FROM {AUDIT_TABLE}")
    assert AuditRecord.objects.count() == 5


@pytest.mark.postgres
def test_trigger_refuses_truncate(chain):
    _guard_refuses(f"TRUNCATE {AUDIT_TABLE} CASCADE")
    assert AuditRecord.objects.count() == 5


def test_maintenance_lets_a_flush_empty_the_table_and_ends_with_the_block(chain, clerk):
    """The one way round the guard (core.audit_guard.maintenance): Django's whole-database flush
    (TRUNCATE on PostgreSQL, DELETE on SQLite)."""
    flush = (
        f"TRUNCATE {AUDIT_TABLE} CASCADE"
        if connection.vendor == "postgresql"
        else f"DELETE FROM {AUDIT_TABLE}"
    )
    with audit_guard.maintenance(), connection.cursor() as cursor:
        cursor.execute(flush)
    assert AuditRecord.objects.count() == 0
    audit_record(actor=clerk, action="test.after", target=clerk)
    _guard_refuses(flush)
    assert AuditRecord.objects.count() == 1


@pytest.mark.parametrize(
    "assignment",
    [
        "payload = payload || ' '",
        "action = 'test.other'",
        "actor_id = NULL",
        "object_id = 'x'",
        "object_type = object_type",
        "seq = seq + 100",
        "hash = prev_hash",
        "seq = NULL, prev_hash = NULL, hash = NULL",
    ],
)
def test_trigger_refuses_changes_to_a_linked_record(chain, assignment):
    _guard_refuses(f"UPDATE {AUDIT_TABLE} SET {assignment} WHERE seq = 3")
    assert audit_verify().ok


@pytest.mark.postgres
def test_trigger_refuses_moving_the_time_of_a_linked_record(chain):
    _guard_refuses(
        f"UPDATE {AUDIT_TABLE} SET created_at = created_at + interval '1 microsecond' WHERE seq = 3"
    )


def test_trigger_allows_linking_exactly_once(settings, clerk):
    settings.AUDIT_LINK_MODE = "deferred"
    record = audit_record(actor=clerk, action="test.manual", target=clerk)
    link = f"UPDATE {AUDIT_TABLE} SET seq = %s, prev_hash = %s, hash = %s WHERE id = %s"
    seq = (AuditRecord.objects.aggregate(top=Max("seq"))["top"] or 0) + 1
    with connection.cursor() as cursor:
        cursor.execute(link, [seq, GENESIS_HASH, "a" * 64, record.pk])
    _guard_refuses(link, [seq + 1, GENESIS_HASH, "b" * 64, record.pk])
    assert AuditRecord.objects.get(pk=record.pk).hash == "a" * 64


def test_trigger_refuses_changing_the_payload_while_linking(settings, clerk):
    settings.AUDIT_LINK_MODE = "deferred"
    record = audit_record(actor=clerk, action="test.manual", target=clerk)
    _guard_refuses(
        f"UPDATE {AUDIT_TABLE} SET seq = 1000, prev_hash = %s, hash = %s, payload = '{{}}' WHERE id = %s",
        [GENESIS_HASH, "a" * 64, record.pk],
    )
    _guard_refuses(f"UPDATE {AUDIT_TABLE} SET action = 'test.other' WHERE id = %s", [record.pk])


def test_sqlite_trigger_compares_every_column_of_the_table(db):
    """A column added to the audit table needs the SQLite trigger rewritten (audit_guard.sqlite_guard_sql
    in a new migration); otherwise it could be changed while linking."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's trigger compares whole rows")
    with connection.cursor() as cursor:
        columns = [c.name for c in connection.introspection.get_table_description(cursor, AUDIT_TABLE)]
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'core_auditrecord_no_update'")
        (trigger,) = cursor.fetchone()
    for column in set(columns) - set(audit_guard.LINK_COLUMNS):
        assert f'OLD."{column}" IS NEW."{column}"' in trigger, column


def _in_thread(target, *args):
    """Run ``target`` in a thread with a database connection of its own; re-raise its error."""
    errors: list[BaseException] = []

    def run():
        try:
            target(*args)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_verify_in_several_processes_reads_one_snapshot(settings, clerk):
    settings.AUDIT_LINK_MODE = "deferred"
    for n in range(9):
        audit_record(actor=clerk, action="test.step", object_type="test.item", object_id=str(n))
    link_pending()
    report = audit_verify(parallel=True, segments=3)
    assert report.summary() == audit_verify(parallel=False).summary()
    assert report.count == 9
    run_sql(f"UPDATE {AUDIT_TABLE} SET object_id = 'forged' WHERE seq = 8")
    report = audit_verify(parallel=True, segments=3)
    assert report.first_bad_seq == 8
    assert "columns differ" in report.problems[0]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_in_deferred_mode_end_with_a_gap_free_chain(settings, clerk):
    settings.AUDIT_LINK_MODE = "deferred"
    writers, per_writer = 6, 25
    stop = threading.Event()

    def linker():
        while not stop.is_set():
            link_pending(wait=False)
            stop.wait(0.005)

    def writer(n):
        for i in range(per_writer):
            try:
                with transaction.atomic():
                    audit_record(
                        actor=clerk, action="test.concurrent", object_type="test.item", object_id=f"{n}-{i}"
                    )
                    if i % 7 == 3:
                        raise RuntimeError("rolled back on purpose")
            except RuntimeError:
                pass

    linkers = [_in_thread(linker) for _ in range(2)]
    threads = [_in_thread(writer, n) for n in range(writers)]
    for thread, errors in threads:
        thread.join()
        assert not errors, errors
    stop.set()
    for thread, errors in linkers:
        thread.join()
        assert not errors, errors
    link_pending()
    kept = writers * sum(1 for i in range(per_writer) if i % 7 != 3)
    report = audit_verify()
    assert report.ok, report.problems
    assert report.count == kept == AuditRecord.objects.count()
    assert report.pending == 0
    seqs = sorted(AuditRecord.objects.values_list("seq", flat=True))
    assert seqs == list(range(1, kept + 1))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_records_are_chained_in_commit_order(settings, clerk):
    """A record written first but committed last is linked last."""
    settings.AUDIT_LINK_MODE = "deferred"
    written, release = threading.Event(), threading.Event()
    first: list[AuditRecord] = []

    def slow_transaction():
        with transaction.atomic():
            first.append(audit_record(actor=clerk, action="test.first_written", target=clerk))
            written.set()
            release.wait(10)

    thread, errors = _in_thread(slow_transaction)
    assert written.wait(10)
    second = audit_record(actor=clerk, action="test.second_written", target=clerk)
    assert link_pending() == 1  # the open transaction's record is not visible yet
    release.set()
    thread.join()
    assert not errors, errors
    assert link_pending() == 1
    first_linked = AuditRecord.objects.get(pk=first[0].pk)
    second_linked = AuditRecord.objects.get(pk=second.pk)
    assert first_linked.pk < second_linked.pk
    assert second_linked.seq < first_linked.seq
    assert audit_verify().ok


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_linker_that_finds_another_at_work_returns_at_once(settings, clerk):
    settings.AUDIT_LINK_MODE = "deferred"
    audit_record(actor=clerk, action="test.waiting", target=clerk)
    holding, release = threading.Event(), threading.Event()

    def hold_the_lock():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [audit.LINK_LOCK_KEY])
            holding.set()
            release.wait(10)

    thread, errors = _in_thread(hold_the_lock)
    assert holding.wait(10)
    try:
        assert link_pending(wait=False) == 0
    finally:
        release.set()
        thread.join()
    assert not errors
    assert link_pending(wait=False) == 1
