from sunshine.core.audit import audit_record, audit_verify


def test_records_chain_and_verify(clerk):
    for i in range(3):
        audit_record(actor=clerk, action="test.event", target=clerk, note=str(i))
    report = audit_verify()
    assert report.ok, report.problems
    assert report.count >= 3
