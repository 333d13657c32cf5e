"""The import workflow: plan, apply, re-import, atomicity, review decisions, the command."""

from __future__ import annotations

import json
from collections.abc import Callable
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models.query import QuerySet
from django.utils.translation import override

from hangouts.network.models import Member, Network
from hangouts.participation.actions import (
    AttendanceNotOpen,
    record_attendance,
    record_check_in,
)
from hangouts.participation.attendance_import import (
    AttendanceImportError,
    Decision,
    apply_attendance_import,
    decide_person,
    plan_import,
    store_report,
)
from hangouts.participation.models import Attendance, AttendanceImport, MemberAlias
from hangouts.participation.tests.fakes import fake_reader, report
from hangouts.participation.tests.test_attendance import make_hangout, recorded
from hangouts.programme.models import Hangout

__all__ = ["fake_reader"]
pytestmark = pytest.mark.usefixtures("fake_reader")

FILE = report(
    "015_Noy Phommachanh;;58",
    "Kham;kham@hpa.la;40",
    "020 5999 8888;;30",  # an unknown phone
    "Network Secretariat;secretariat@sun.la;60;host",
    "iPhone;;12",
)


@pytest.fixture
def held(network: Network) -> Hangout:
    return make_hangout(network)


@pytest.fixture
def people(make_member: Callable[..., Member]) -> dict[str, Member]:
    return {
        "noy": make_member(name="ນ້ອຍ ພົມມະຈັນ", name_latin="Noy Phommachanh"),
        "kham": make_member(name="ຄຳ ວົງສາ", name_latin="Kham Vongsa", email="kham@hpa.la"),
    }


def imported(hangout: Hangout, content: bytes, organiser=None) -> AttendanceImport:
    record = store_report(hangout, content=content, file_name="report.csv", by=organiser)
    apply_attendance_import(record, by=organiser)
    return record


# --- the plan ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_plan_import_counts_people_matches_guests_and_review(held, people):
    MemberAlias.objects.create(network=held.network, key="+8562059998888", is_guest=True)

    plan = plan_import(held, FILE)

    assert plan.summary() == {
        "format": "plain",
        "rows": 5,
        "people": 5,
        "matched": 2,
        "needs_review": 1,  # iPhone; the host's account on no member is left out
        "guests": 1,
        "minutes": 200,
    }
    assert [p.participant.name for p in plan.hosts] == ["Network Secretariat"]
    assert [p.member for p in plan.matched] == [people["noy"], people["kham"]]


@pytest.mark.django_db
def test_plan_import_of_a_bad_file_gives_the_reason(held):
    with override("en"):
        assert plan_import(held, b"").file_error == "The file is empty."
        assert plan_import(held, b"\x00\x01binary").file_error
        too_big = plan_import(held, b"x" * (10 * 1024 * 1024 + 1))
    assert too_big.file_error.startswith("The file is larger than 10 MB")


@pytest.mark.django_db
def test_plan_import_writes_nothing(held, people):
    plan_import(held, FILE)

    assert not Attendance.objects.exists()


# --- apply ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_apply_records_matched_members_and_decided_guests(held, people, organiser):
    MemberAlias.objects.create(network=held.network, key="+8562059998888", is_guest=True)

    record = imported(held, FILE, organiser)

    assert recorded(held) == [
        ("020 5999 8888", 30, "import"),
        ("ຄຳ ວົງສາ", 40, "import"),
        ("ນ້ອຍ ພົມມະຈັນ", 58, "import"),
    ]
    record.refresh_from_db()
    assert record.applied_at is not None and record.format == "plain"
    assert record.summary["matched"] == 2
    assert set(Attendance.objects.values_list("attendance_import", flat=True)) == {record.pk}


@pytest.mark.django_db
def test_reimport_of_the_same_file_never_doubles(held, people):
    imported(held, FILE)
    first = recorded(held)

    imported(held, FILE)

    assert recorded(held) == first
    assert Attendance.objects.count() == 2


@pytest.mark.django_db
def test_reimport_of_a_corrected_file_replaces_the_imported_rows(held, people):
    imported(held, FILE)

    imported(held, report("Kham;kham@hpa.la;55"))

    assert recorded(held) == [("ຄຳ ວົງສາ", 55, "import")]


@pytest.mark.django_db
def test_import_keeps_attendance_entered_by_hand_and_does_not_count_it_twice(
    held, people, organiser
):
    record_attendance(held, by=organiser, member=people["noy"], minutes=45)
    record_attendance(held, by=organiser, guest_name="Visitor", minutes=20)

    imported(held, FILE)
    imported(held, FILE)

    assert recorded(held) == [
        ("Visitor", 20, "manual"),
        ("ຄຳ ວົງສາ", 40, "import"),
        ("ນ້ອຍ ພົມມະຈັນ", 45, "manual"),
    ]
    plan = plan_import(held, FILE)
    assert plan.matched[0].already == "manual"


@pytest.mark.django_db
def test_import_gives_its_minutes_to_a_check_in_row(held, people):
    with_check_in = make_hangout(held.network, days_ago=0, status=Hangout.Status.SCHEDULED)
    record_check_in(with_check_in, member=people["noy"])

    imported(with_check_in, FILE)
    imported(with_check_in, report("Kham;kham@hpa.la;55"))  # Noy is not in the corrected file

    assert recorded(with_check_in) == [
        ("ຄຳ ວົງສາ", 55, "import"),
        ("ນ້ອຍ ພົມມະຈັນ", 0, "check_in"),
    ]
    imported(with_check_in, FILE)
    assert ("ນ້ອຍ ພົມມະຈັນ", 58, "check_in") in recorded(with_check_in)


@pytest.mark.django_db
def test_import_merges_two_report_people_of_one_member_counting_overlap_once(held, people):
    imported(
        held,
        report(
            "Noy Phommachanh;;50;10:00-10:50",
            "Noy Phommachanh (CDA);;30;10:40-11:10",  # a second device, 10 minutes together
        ),
    )

    assert recorded(held) == [("ນ້ອຍ ພົມມະຈັນ", 70, "import")]


@pytest.mark.django_db
def test_import_failing_midway_leaves_the_previous_attendance(held, people, monkeypatch):
    imported(held, FILE)
    before = recorded(held)
    record = store_report(held, content=report("Kham;kham@hpa.la;5"), file_name="b.csv", by=None)

    def broken(self: QuerySet, objs: list, **kwargs: object) -> list:
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(QuerySet, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        apply_attendance_import(record, by=None)

    assert recorded(held) == before
    record.refresh_from_db()
    assert record.applied_at is None


@pytest.mark.django_db
def test_apply_a_bad_file_raises_and_writes_nothing(held, people):
    imported(held, FILE)
    before = recorded(held)
    record = store_report(held, content=b"garbage", file_name="x.csv", by=None)

    with pytest.raises(AttendanceImportError):
        apply_attendance_import(record, by=None)

    assert recorded(held) == before


@pytest.mark.django_db
def test_apply_refuses_a_hangout_not_started(network, people):
    future = make_hangout(network, days_ago=-3, status=Hangout.Status.SCHEDULED)
    record = store_report(future, content=FILE, file_name="x.csv", by=None)

    with pytest.raises(AttendanceNotOpen):
        apply_attendance_import(record, by=None)

    assert not Attendance.objects.exists()


# --- review decisions -------------------------------------------------------------------------


def review_index(hangout: Hangout, record: AttendanceImport, name: str) -> int:
    plan = plan_import(hangout, bytes(record.content))
    return next(p.index for p in plan.needs_review if p.participant.name == name)


@pytest.mark.django_db
def test_decide_member_is_remembered_for_the_next_import(held, people, organiser):
    record = store_report(held, content=FILE, file_name="a.csv", by=organiser)
    index = review_index(held, record, "iPhone")

    alias = decide_person(
        record, index=index, decision=Decision.MEMBER, member=people["kham"], by=organiser
    )

    assert (alias.key, alias.member, alias.created_by) == ("iphone", people["kham"], organiser)
    later = make_hangout(held.network, days_ago=1)
    plan = plan_import(later, report("iPhone;;33"))
    assert plan.matched[0].member == people["kham"] and plan.matched[0].match.how == "alias"


@pytest.mark.django_db
def test_decide_guest_then_apply_records_the_guest(held, people, organiser):
    record = store_report(held, content=FILE, file_name="a.csv", by=organiser)

    decide_person(
        record, index=review_index(held, record, "iPhone"), decision=Decision.GUEST, by=organiser
    )
    plan = apply_attendance_import(record, by=organiser)

    assert ("iPhone", 12, "import") in recorded(held)
    assert plan.summary()["needs_review"] == 1  # the unknown phone is still undecided


@pytest.mark.django_db
def test_decide_new_member_adds_them_to_the_roster_with_the_reports_phone(
    held, people, organiser, organisation
):
    record = store_report(held, content=FILE, file_name="a.csv", by=organiser)
    index = review_index(held, record, "020 5999 8888")

    alias = decide_person(
        record,
        index=index,
        decision=Decision.NEW,
        name="ແສງ ດາວ",
        organisation=organisation,
        by=organiser,
    )

    new = alias.member
    assert new is not None
    assert (new.name, new.phone, new.organisation, new.network) == (
        "ແສງ ດາວ",
        "+8562059998888",
        organisation,
        held.network,
    )
    apply_attendance_import(record, by=organiser)
    assert ("ແສງ ດາວ", 30, "import") in recorded(held)


@pytest.mark.django_db
def test_decide_again_replaces_the_earlier_decision(held, people, organiser):
    record = store_report(held, content=FILE, file_name="a.csv", by=organiser)
    index = review_index(held, record, "iPhone")

    decide_person(record, index=index, decision=Decision.GUEST, by=organiser)
    decide_person(record, index=index, decision=Decision.MEMBER, member=people["noy"], by=organiser)

    assert MemberAlias.objects.get().member == people["noy"]


@pytest.mark.django_db
def test_decide_refuses_unknown_people_and_other_networks_members(
    held, people, organiser, other_network
):
    record = store_report(held, content=FILE, file_name="a.csv", by=organiser)
    stranger = Member.objects.create(network=other_network, name="Stranger")

    with pytest.raises(AttendanceImportError):
        decide_person(record, index=99, decision=Decision.GUEST, by=organiser)
    with pytest.raises(ValueError, match="network"):
        decide_person(record, index=4, decision=Decision.MEMBER, member=stranger, by=organiser)
    with pytest.raises(ValueError, match="name"):
        decide_person(record, index=4, decision=Decision.NEW, name=" ", by=organiser)
    assert not MemberAlias.objects.exists()


# --- the command ------------------------------------------------------------------------------


def command(*args: object) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_attendance", *[str(a) for a in args], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def report_file(tmp_path):
    path = tmp_path / "participants.csv"
    path.write_bytes(FILE)
    return path


@pytest.mark.django_db
def test_command_json_prints_exactly_one_object(held, people, report_file):
    out, _err = command(held.pk, report_file, "--dry-run", "--json")

    assert json.loads(out) == {
        "format": "plain",
        "rows": 5,
        "people": 5,
        "matched": 2,
        "needs_review": 2,
        "guests": 0,
        "minutes": 200,
    }
    assert not Attendance.objects.exists() and not AttendanceImport.objects.exists()


@pytest.mark.django_db
def test_command_applies_what_needs_no_review_and_points_to_the_review(held, people, report_file):
    out, err = command(held.pk, report_file, "--json")

    assert json.loads(out)["matched"] == 2
    assert [name for name, _m, _s in recorded(held)] == ["ຄຳ ວົງສາ", "ນ້ອຍ ພົມມະຈັນ"]
    record = AttendanceImport.objects.get()
    assert record.applied_at is not None and record.created_by is None
    assert f"/attendance/import/{record.pk}/review/" in err


@pytest.mark.django_db
def test_command_lists_people_in_plain_text(held, people, report_file):
    out, _err = command(held.pk, report_file, "--dry-run")

    assert "iPhone\t12\t" in out
    assert "Noy Phommachanh" in out or "ນ້ອຍ ພົມມະຈັນ" in out


@pytest.mark.django_db
def test_command_bad_input_writes_nothing(held, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\xff\xfe\x00garbage")

    with pytest.raises(CommandError):
        command(held.pk, bad)
    with pytest.raises(CommandError):
        command(held.pk, tmp_path / "missing.csv")
    with pytest.raises(CommandError):
        command(987654, bad)

    assert not AttendanceImport.objects.exists() and not Attendance.objects.exists()


@pytest.mark.django_db
def test_command_refuses_a_hangout_not_started(network, people, report_file):
    future = make_hangout(network, days_ago=-2, status=Hangout.Status.SCHEDULED)

    with pytest.raises(CommandError):
        command(future.pk, report_file)

    assert not AttendanceImport.objects.exists()
